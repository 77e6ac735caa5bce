#pragma once
// The JSON of `run --json` (docs/schemas/run.schema.json): the end-of-run summary as one
// document, money as decimal strings.
#include <nlohmann/json.hpp>

#include "runner/trader.hpp"

namespace rt::app {

[[nodiscard]] nlohmann::json run_summary_json(const runner::TraderSummary& summary);

}  // namespace rt::app

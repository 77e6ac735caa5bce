#pragma once
// The JSON of `kill-switch --json` and `halts --json` (docs/schemas/kill-switch.schema.json,
// docs/schemas/halts.schema.json): the persisted risk state as the database holds it.
#include <nlohmann/json.hpp>
#include <vector>

#include "runner/risk_state_store.hpp"
#include "trading/risk/kill_switch.hpp"

namespace rt::app {

[[nodiscard]] nlohmann::json kill_switch_json(const trading::KillSwitchState& state);
[[nodiscard]] nlohmann::json halts_json(const std::vector<runner::HaltRow>& halts);

}  // namespace rt::app

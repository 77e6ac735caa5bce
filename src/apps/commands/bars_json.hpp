#pragma once
// The JSON of `bars --json` (docs/schemas/bars.schema.json): one entry per symbol with the query
// and its bars, prices and volumes as decimal strings, bar starts in exchange time.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ib/market_data/market_data_client.hpp"
#include "trading/bar.hpp"

namespace rt::app {

[[nodiscard]] nlohmann::json bar_series_json(const std::string& symbol, const ib::HistoricalQuery& query,
                                             const std::vector<trading::Bar>& bars);

}  // namespace rt::app

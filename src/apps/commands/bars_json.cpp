#include "apps/commands/bars_json.hpp"

#include "apps/commands/json_output.hpp"

namespace rt::app {

nlohmann::json bar_series_json(const std::string& symbol, const ib::HistoricalQuery& query,
                               const std::vector<trading::Bar>& bars) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& b : bars) {
    rows.push_back({{"start", json_time(b.start)},
                    {"open", json_money(b.open)},
                    {"high", json_money(b.high)},
                    {"low", json_money(b.low)},
                    {"close", json_money(b.close)},
                    {"volume", json_money(b.volume)},
                    {"wap", json_money(b.wap)},
                    {"trades", b.trade_count}});
  }
  return {{"symbol", symbol},
          {"bar_size", query.bar_size},
          {"duration", query.duration},
          {"what_to_show", query.what_to_show},
          {"regular_hours_only", query.use_rth},
          {"bars", std::move(rows)}};
}

}  // namespace rt::app

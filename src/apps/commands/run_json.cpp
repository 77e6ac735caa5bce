#include "apps/commands/run_json.hpp"

#include "apps/commands/json_output.hpp"

namespace rt::app {

nlohmann::json run_summary_json(const runner::TraderSummary& s) {
  nlohmann::json broker = nullptr;
  if (s.broker_net_liquidation || s.broker_positions_checked > 0 || !s.broker_positions_differ.empty()) {
    broker = {{"net_liquidation", json_money(s.broker_net_liquidation)},
              {"cash", json_money(s.broker_cash)},
              {"agrees", s.broker_agrees},
              {"comparison", s.broker_comparison},
              {"positions_checked", s.broker_positions_checked},
              {"positions_differ", s.broker_positions_differ}};
  }
  return {{"ended_by", s.ended_by},
          {"counts",
           {{"symbols_trading", s.symbols_trading},
            {"bars", s.bars},
            {"signals", s.signals},
            {"orders", s.orders},
            {"fills", s.fills},
            {"risk_denials", s.risk_denials},
            {"oms_denials", s.oms_denials},
            {"stops_triggered", s.stops_triggered},
            {"reconciliations", s.reconciliations}}},
          {"account",
           {{"start_equity", json_money(s.start_equity)},
            {"equity", json_money(s.equity)},
            {"pnl", json_money(s.equity - s.start_equity)},
            {"cash", json_money(s.cash)},
            {"realized_pnl", json_money(s.realized)},
            {"unrealized_pnl", json_money(s.unrealized)},
            {"commissions", json_money(s.commissions)},
            {"open_positions", s.open_positions},
            {"open_orders", s.open_orders}}},
          {"kill_switch", {{"engaged", s.kill_switch}, {"reason", s.kill_switch ? nlohmann::json(s.kill_switch_reason) : nlohmann::json()}}},
          {"broker", std::move(broker)},
          {"skipped", s.skipped},
          {"strategy_failures", s.strategy_failures}};
}

}  // namespace rt::app

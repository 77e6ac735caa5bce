#include "apps/commands/backtest_json.hpp"

#include <cmath>

#include "apps/commands/json_output.hpp"
#include "backtest/report_writer.hpp"
#include "trading/strategy/strategy.hpp"

namespace rt::app {
namespace {

using nlohmann::json;

json ratio(double v) { return std::isfinite(v) ? json(v) : json(); }

json params_json(const trading::StrategyParams& params) {
  json out = json::object();
  for (const auto& [name, value] : params) out[name] = value;
  return out;
}

// The ratios of a run; its money (equity, average win and loss) comes from the Decimals instead.
json metrics_json(const backtest::Metrics& m) {
  return {{"total_return", ratio(m.total_return)},
          {"cagr", ratio(m.cagr)},
          {"volatility", ratio(m.volatility)},
          {"sharpe", ratio(m.sharpe)},
          {"sortino", ratio(m.sortino)},
          {"max_drawdown", ratio(m.max_drawdown)},
          {"max_drawdown_bars", m.max_drawdown_periods},
          {"max_drawdown_days", ratio(m.max_drawdown_days)},
          {"calmar", ratio(m.calmar)},
          {"trades", m.trades},
          {"win_rate", ratio(m.win_rate)},
          {"profit_factor", m.profit_factor ? ratio(*m.profit_factor) : json()},
          {"exposure", ratio(m.exposure)}};
}

// Average winning and losing round trip, net of commissions, exact.
json win_loss_json(std::span<const backtest::TradeRecord> trades) {
  Decimal won, lost;
  std::int64_t wins = 0, losses = 0;
  for (const auto& t : trades) {
    if (t.pnl > Decimal{}) won += t.pnl, ++wins;
    if (t.pnl < Decimal{}) lost += t.pnl, ++losses;
  }
  return {{"average_win", wins > 0 ? json_money(won / Decimal::from_int(wins)) : json()},
          {"average_loss", losses > 0 ? json_money(lost / Decimal::from_int(losses)) : json()}};
}

}  // namespace

json backtest_run_json(const backtest::BacktestResult& r, const backtest::Metrics& m) {
  json failures = json::array();
  for (const auto& f : r.strategy_failures) failures.push_back(trading::failure_summary(f));
  json denials = json::object();
  for (const auto& [rule, n] : r.denials) denials[rule] = n;
  const auto why = backtest::no_trade_reason(r);
  const json win_loss = win_loss_json(r.trades);
  return {{"mode", "single"},
          {"strategy", r.strategy},
          {"params", params_json(r.params_in_force)},
          {"symbols", r.symbols},
          {"period",
           {{"from", r.equity.empty() ? json() : json_time(r.equity.front().time)},
            {"to", r.equity.empty() ? json() : json_time(r.equity.back().time)}}},
          {"bars", {{"read", r.bars}, {"traded", r.traded_bars}, {"quarantined", r.quarantined_bars}}},
          {"counts",
           {{"signals", r.signal_count},
            {"orders", r.order_count},
            {"fills", r.fill_count},
            {"open_trades", r.open_trades.size()},
            {"sized_to_zero", r.sized_to_zero},
            {"unfilled_at_end", r.unfilled_at_end}}},
          {"money",
           {{"starting_cash", json_money(r.starting_cash)},
            {"final_equity", json_money(r.final_equity)},
            {"final_cash", json_money(r.final_cash)},
            {"commissions", json_money(r.commissions)},
            {"average_win", win_loss.at("average_win")},
            {"average_loss", win_loss.at("average_loss")}}},
          {"metrics", metrics_json(m)},
          {"denials", std::move(denials)},
          {"no_trades_because", why.empty() ? json() : json(why)},
          {"strategy_failures", std::move(failures)}};
}

json backtest_sweep_json(std::span<const backtest::SweepRun> runs, const std::vector<std::size_t>& order,
                         const std::string& rank, double seconds) {
  json ranking = json::array();
  std::size_t rejected = 0;
  for (const auto& r : runs) rejected += r.ok ? 0 : 1;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& r = runs[order[i]];
    json row = {{"rank", i + 1}, {"params", params_json(r.params)}, {"ok", r.ok}};
    if (r.ok) {
      row["score"] = ratio(backtest::rank_value(r.metrics, rank).value_or(0.0));
      row["metrics"] = metrics_json(r.metrics);
      row["error"] = nullptr;
    } else {
      row["score"] = nullptr;
      row["metrics"] = nullptr;
      row["error"] = r.error;
    }
    ranking.push_back(std::move(row));
  }
  return {{"mode", "sweep"},
          {"rank_by", rank},
          {"runs", runs.size()},
          {"rejected", rejected},
          {"seconds", ratio(seconds)},
          {"ranking", std::move(ranking)}};
}

json backtest_walk_forward_json(const backtest::WalkForwardResult& wf, const std::string& rank, Decimal starting_cash) {
  json windows = json::array();
  for (std::size_t i = 0; i < wf.windows.size(); ++i) {
    const auto& w = wf.windows[i];
    windows.push_back({{"window", i + 1},
                       {"train_from", json_time(w.train_from)},
                       {"test_from", json_time(w.test_from)},
                       {"test_to", json_time(w.test_equity.empty() ? w.test_to : w.test_equity.back().time)},
                       {"best_params", params_json(w.best)},
                       {"train_score", ratio(w.train_score)},
                       {"test_metrics", metrics_json(w.test_metrics)}});
  }
  const Decimal final_equity = wf.stitched.empty() ? starting_cash : wf.stitched.back().equity;
  return {{"mode", "walk_forward"},
          {"rank_by", rank},
          {"windows", std::move(windows)},
          {"out_of_sample",
           {{"starting_cash", json_money(starting_cash)},
            {"final_equity", json_money(final_equity)},
            {"commissions", json_money(wf.counts.commissions)},
            {"trades", wf.trades.size()},
            {"metrics", metrics_json(wf.stitched_metrics)}}}};
}

}  // namespace rt::app

#pragma once
// Metrics: the figures a backtest is judged by, from its equity curve and its round trips.
//
// Definitions (r_i = E_i / E_{i-1} - 1 over the n periods of the curve E_0..E_n; P periods a year):
//   total_return  E_n / E_0 - 1
//   years         n / P
//   cagr          (E_n / E_0)^(1 / years) - 1
//   volatility    sample standard deviation of r (n - 1) x sqrt(P)
//   sharpe        (mean(r) - rf / P) / stdev(r) x sqrt(P)          (rf: annual risk-free rate, 0 by default)
//   sortino       (mean(r) - rf / P) / sqrt(sum(min(0, r_i - rf / P)^2) / n) x sqrt(P)
//   max_drawdown  max over i of 1 - E_i / max(E_0..E_i)
//   max_drawdown_periods  the longest stretch from a peak until the curve is back at it (or the end)
//   calmar        cagr / max_drawdown
//   trades        closed round trips; win_rate = wins / trades (a win has pnl > 0)
//   profit_factor gross wins / gross losses (infinite with no loss: reported as null)
//   avg_win, avg_loss  mean pnl of the winners, of the losers (negative)
//   exposure      fraction of the curve's periods that end with a position held
// A ratio whose denominator is zero is 0 (except profit_factor, above).
// P: 252 for daily bars; for intraday bars 252 x the mean number of bars per New York day.
// Pure functions; any thread.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "backtest/backtest_result.hpp"

namespace rt::backtest {

struct Metrics {
  double total_return = 0.0;
  double cagr = 0.0;
  double volatility = 0.0;
  double sharpe = 0.0;
  double sortino = 0.0;
  double max_drawdown = 0.0;
  std::int64_t max_drawdown_periods = 0;
  double max_drawdown_days = 0.0;  // calendar days of that stretch
  double calmar = 0.0;
  std::int64_t trades = 0;
  double win_rate = 0.0;
  std::optional<double> profit_factor;  // empty when there is no losing trade
  double avg_win = 0.0;
  double avg_loss = 0.0;
  double exposure = 0.0;
  double periods_per_year = 252.0;
  double years = 0.0;
  double final_equity = 0.0;
};

// Periods per year of a curve: 252 when its points are a day or more apart, else 252 x points
// per New York day.
double infer_periods_per_year(std::span<const EquityPoint> equity);

Metrics compute_metrics(std::span<const EquityPoint> equity, std::span<const TradeRecord> trades,
                        double periods_per_year, double risk_free_rate = 0.0);
Metrics compute_metrics(const BacktestResult& result, double risk_free_rate = 0.0);

// Drawdown (0..1, positive) at each point of the curve.
std::vector<double> drawdowns(std::span<const EquityPoint> equity);

// Ranking: the names accepted by --rank, and a metric's value by name (larger is better for every
// name: max_drawdown and volatility are given negated). nullopt for an unknown name.
inline constexpr std::string_view kRankNames[] = {"sharpe",  "sortino",  "cagr",          "calmar",
                                                  "total_return", "max_drawdown", "volatility", "win_rate",
                                                  "profit_factor", "trades", "exposure"};
std::optional<double> rank_value(const Metrics& m, std::string_view name);
bool is_rank_name(std::string_view name);
std::string rank_names_text();

}  // namespace rt::backtest

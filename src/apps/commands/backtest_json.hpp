#pragma once
// The JSON of `backtest --json` (docs/schemas/backtest.schema.json): one document per run, its
// "mode" saying which: "single" (the metrics of one run), "sweep" (every grid point ranked) or
// "walk_forward" (each window and the stitched out-of-sample metrics). Money is decimal strings
// from the run's Decimals; ratios (returns, Sharpe, drawdown) are plain numbers, null when not
// finite.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "backtest/backtest_result.hpp"
#include "backtest/metrics.hpp"
#include "backtest/sweep.hpp"

namespace rt::app {

[[nodiscard]] nlohmann::json backtest_run_json(const backtest::BacktestResult& result, const backtest::Metrics& m);
// `order` is the ranking (indices into `runs`, best first), as rank_runs() returns it.
[[nodiscard]] nlohmann::json backtest_sweep_json(std::span<const backtest::SweepRun> runs,
                                                 const std::vector<std::size_t>& order, const std::string& rank,
                                                 double seconds);
[[nodiscard]] nlohmann::json backtest_walk_forward_json(const backtest::WalkForwardResult& wf, const std::string& rank,
                                                        Decimal starting_cash);

}  // namespace rt::app

#pragma once
// Parameter sweeps and walk-forward analysis.
//
// Contract
// - A grid axis is "name=from:to:step" (inclusive; decimal steps allowed), "name=v1,v2,..." or
//   "name=v". grid_points() is the Cartesian product over the axes on top of the base parameters,
//   the first axis varying slowest.
// - run_sweep() runs one independent backtest per point on a ThreadPool: each run copies the
//   config, builds its own engine and only reads the shared bars; results land in the point's
//   slot, so the output is the same for any number of threads. A point the strategy rejects
//   (say fast >= slow) is kept with its error and ranks last, as is a run whose strategy raised.
// - A Python strategy (one interpreter per process: its runs would take turns on its lock) runs
//   in `threads` worker processes instead (run_in_worker_processes), forked once the strategy is
//   imported and the bars read, so neither is done again. Same runs, same figures bit for bit,
//   same ranking. A worker that dies fails its run (kWorkerLost) and the sweep goes on. threads 1
//   runs everything in this process.
// - rank_runs() orders by a metric (metrics.hpp rank names), best first; ties keep grid order.
// - Walk-forward over the merged timeline of bar starts, in bars: window k trains on
//   [k x test, k x test + train) and tests on the `test` bars after it (the last window may be
//   shorter). The best grid point on the train slice (by the rank metric) is run on the test
//   slice — with everything before it as warmup — and the test slices' equity is stitched:
//   each slice's returns continue from the previous slice's end. Every window's train runs go out
//   as one batch, then every test slice as another. A test slice whose strategy raised fails it.
// - progress(done, total) is called from worker threads, one call at a time.
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "backtest/backtest_config.hpp"
#include "backtest/backtest_result.hpp"
#include "backtest/csv_bars.hpp"
#include "backtest/metrics.hpp"
#include "core/result.hpp"

namespace rt::backtest {

struct GridAxis {
  std::string name;
  std::vector<std::string> values;
};

Result<GridAxis> parse_grid_axis(std::string_view spec);
std::vector<trading::StrategyParams> grid_points(const trading::StrategyParams& base, std::span<const GridAxis> axes);

// Why a run has no metrics: the strategy refused its parameters (or the run could not start), its
// strategy raised while trading (its partial figures would rank as if they meant something), or
// the worker process running it died.
enum class RunFailure { kNone, kRejected, kRaised, kWorkerLost };

struct SweepRun {
  trading::StrategyParams params;
  bool ok = false;
  RunFailure failure = RunFailure::kNone;
  std::string error;   // one line, for the table
  std::string detail;  // the whole story when there is more (a Python traceback)
  Metrics metrics;
};

using Progress = std::function<void(std::size_t done, std::size_t total)>;

std::vector<SweepRun> run_sweep(std::span<const BarSeries> series, const BacktestConfig& base,
                                std::span<const trading::StrategyParams> points, std::size_t threads,
                                const Progress& progress = {});
// Indices into runs, best first by `metric`; failed runs last.
std::vector<std::size_t> rank_runs(std::span<const SweepRun> runs, std::string_view metric);

// Sorted, distinct bar starts of all series.
std::vector<Timestamp> timeline(std::span<const BarSeries> series);

struct WalkForwardWindow {
  std::size_t train_begin = 0, train_end = 0, test_begin = 0, test_end = 0;  // timeline indices, [begin, end)
  Timestamp train_from{}, test_from{}, test_to{};
  trading::StrategyParams best;
  double train_score = 0.0;
  Metrics train_metrics;
  Metrics test_metrics;
  std::vector<EquityPoint> test_equity;
  std::vector<TradeRecord> test_trades;
  BacktestCounts test_counts;  // bars, signals, orders, fills, denials of the test slice
};

struct WalkForwardResult {
  std::vector<WalkForwardWindow> windows;
  std::vector<EquityPoint> stitched;
  std::vector<TradeRecord> trades;
  Metrics stitched_metrics;
  BacktestCounts counts;  // summed over the test slices
};

// Window bounds only (timeline indices), for a timeline of `bars` starts.
std::vector<WalkForwardWindow> walk_forward_windows(std::size_t bars, std::size_t train, std::size_t test);

Result<WalkForwardResult> run_walk_forward(std::span<const BarSeries> series, const BacktestConfig& base,
                                           std::span<const trading::StrategyParams> points, std::size_t train,
                                           std::size_t test, std::string_view rank, std::size_t threads,
                                           const Progress& progress = {});

}  // namespace rt::backtest

#pragma once
// SweepTask: one run of a sweep or a walk-forward window (the parameters, the trading window, and
// whether the equity curve and trades are wanted) and its SweepOutcome, run in this process or in
// a worker process, which gets the task and sends the outcome back as bytes (encode/decode).
// Both ends are the same binary (the worker is a fork), so plain values travel as their bytes and
// the figures arrive bit for bit: a worker's run ranks exactly as the same run here.
// Pure functions; any thread.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "backtest/backtest_config.hpp"
#include "backtest/backtest_result.hpp"
#include "backtest/csv_bars.hpp"
#include "backtest/sweep.hpp"
#include "core/result.hpp"

namespace rt::backtest {

struct SweepTask {
  trading::StrategyParams params;
  std::optional<Timestamp> trade_from, trade_to;
  bool keep_curve = false;  // the equity curve, trades and counts too (a walk-forward test slice)
};

struct SweepOutcome {
  SweepRun run;
  BacktestCounts counts;
  std::vector<EquityPoint> equity;
  std::vector<TradeRecord> trades;
};

// Runs the task on `base` with its parameters and window. A run the strategy rejects fails as
// kRejected; one whose strategy raised fails as kRaised, its traceback in `run.detail`.
SweepOutcome run_sweep_task(std::span<const BarSeries> series, const BacktestConfig& base, const SweepTask& task);

std::string encode(const SweepTask& task);
Result<SweepTask> decode_task(std::string_view bytes);
// The outcome without its parameters (the parent has them in the task).
std::string encode(const SweepOutcome& outcome);
Result<SweepOutcome> decode_outcome(std::string_view bytes);

}  // namespace rt::backtest

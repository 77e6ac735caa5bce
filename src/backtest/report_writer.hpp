#pragma once
// ReportWriter: the files of `robotrader backtest --out DIR`:
//   trades.csv   one closed round trip per row (open ones at the end, marked open)
//   fills.csv    every execution, with the bar that decided it
//   signals.csv  every Buy/Sell the strategy gave and what became of it
//   equity.csv   date, time, equity, drawdown (fraction), exposed
//   metrics.json the run (strategy, parameters, symbols, costs) and every metric
//   chart.html   the self-contained chart page (chart.hpp)
// The directory is created when missing. Errors name the file. Money is written exactly.
#include <string>

#include "backtest/backtest_config.hpp"
#include "backtest/backtest_result.hpp"
#include "backtest/metrics.hpp"
#include "core/result.hpp"

namespace rt::backtest {

Status write_report(const std::string& dir, const BacktestResult& result, const Metrics& metrics,
                    const BacktestConfig& config);
// Writes `text` to `path`, naming the path on failure.
Status write_text_file(const std::string& path, const std::string& text);
// "ORCL — sma_cross fast=10 slow=20"
std::string chart_title(const BacktestResult& result);
// Why a run placed no order, from its signal counts ("" when it did): no signal at all, or how
// many signals were sized to zero and how many each risk or OMS rule denied.
std::string no_trade_reason(const BacktestResult& result);

}  // namespace rt::backtest

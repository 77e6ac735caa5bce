#pragma once
// Continuous futures history: months of one future stitched into one back-adjusted series, for
// warm-up and backtests.
//
// Contract
// - Each month supplies its bars from the previous month's roll day (RollRule) up to its own;
//   the first month from its first bar, the last up to its last.
// - At each roll every earlier bar is shifted by the difference between the new month's close and
//   the old month's close on the last bar before the roll (difference back-adjustment): the series
//   has no jump at a roll, the latest prices are the real ones, and a price move (hence a P&L
//   times the multiplier) over any span is the one traded in the month that was front then.
// - A month with no bar on or before a roll's reference bar cannot be joined: an error naming it.
// Pure function.
#include <string>
#include <vector>

#include "backtest/csv_bars.hpp"
#include "core/result.hpp"
#include "trading/instrument/roll_rule.hpp"

namespace rt::backtest {

struct MonthSeries {
  trading::ContractMonth month;
  BarSeries series;
};

struct RollPoint {
  std::string from;  // local symbols
  std::string to;
  Timestamp at{};  // the first bar taken from `to`
  Decimal gap;     // to's close - from's close at the last bar before the roll
};

struct ContinuousSeries {
  BarSeries series;
  std::vector<RollPoint> rolls;
};

Result<ContinuousSeries> back_adjusted(std::vector<MonthSeries> months, const trading::RollRule& rule,
                                       std::string name);

}  // namespace rt::backtest

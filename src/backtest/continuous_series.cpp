#include "backtest/continuous_series.hpp"

#include <algorithm>

namespace rt::backtest {
namespace {

std::chrono::sys_days day_of(Timestamp t) {
  return std::chrono::floor<std::chrono::days>(t);
}

// The month's last bar starting at or before `t`.
const trading::Bar* at_or_before(const BarSeries& s, Timestamp t) {
  auto it = std::upper_bound(s.bars.begin(), s.bars.end(), t,
                             [](Timestamp v, const trading::Bar& b) { return v < b.start; });
  return it == s.bars.begin() ? nullptr : &*(it - 1);
}

}  // namespace

Result<ContinuousSeries> back_adjusted(std::vector<MonthSeries> months, const trading::RollRule& rule,
                                       std::string name) {
  if (months.empty()) return fail(ErrorCode::kInvalidArgument, name + ": no contract months to join");
  std::sort(months.begin(), months.end(), [](const MonthSeries& a, const MonthSeries& b) {
    return std::chrono::sys_days{a.month.last_trade} < std::chrono::sys_days{b.month.last_trade};
  });
  // Segments: month k from the previous roll day up to (not including) its own roll day.
  std::vector<std::vector<trading::Bar>> segments(months.size());
  for (std::size_t k = 0; k < months.size(); ++k) {
    const auto& bars = months[k].series.bars;
    for (const auto& b : bars) {
      const auto day = day_of(b.start);
      if (k > 0 && day < rule.roll_day(months[k - 1].month)) continue;
      if (k + 1 < months.size() && day >= rule.roll_day(months[k].month)) continue;
      segments[k].push_back(b);
    }
  }
  ContinuousSeries out;
  // Offsets, from the newest month back: month k's bars move by the gaps of every later roll.
  std::vector<Decimal> offset(months.size());
  for (std::size_t k = months.size() - 1; k > 0; --k) {
    const auto& old_seg = segments[k - 1];
    if (old_seg.empty()) {
      return fail(ErrorCode::kInvalidArgument,
                  name + ": " + months[k - 1].month.local_symbol + " has no bar before its roll day");
    }
    const trading::Bar& last_old = old_seg.back();
    const trading::Bar* same = at_or_before(months[k].series, last_old.start);
    if (same == nullptr) {
      return fail(ErrorCode::kInvalidArgument, name + ": " + months[k].month.local_symbol +
                                                   " has no bar on or before the roll from " +
                                                   months[k - 1].month.local_symbol);
    }
    const Decimal gap = same->close - last_old.close;
    offset[k - 1] = offset[k] + gap;
    const Timestamp first_new = segments[k].empty() ? last_old.end() : segments[k].front().start;
    out.rolls.push_back(
        RollPoint{months[k - 1].month.local_symbol, months[k].month.local_symbol, first_new, gap});
  }
  std::reverse(out.rolls.begin(), out.rolls.end());
  out.series.symbol = std::move(name);
  out.series.source = "continuous";
  out.series.layout = months.back().series.layout;
  out.series.bar_length = months.back().series.bar_length;
  for (std::size_t k = 0; k < months.size(); ++k) {
    for (auto b : segments[k]) {
      b.open += offset[k];
      b.high += offset[k];
      b.low += offset[k];
      b.close += offset[k];
      if (b.wap > Decimal{}) b.wap += offset[k];
      out.series.bars.push_back(b);
    }
  }
  return out;
}

}  // namespace rt::backtest

#include "backtest/continuous_series.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace rt::backtest {
namespace {

using namespace std::chrono;
using test::d;

MonthSeries month(const char* local, year_month_day last_trade, const std::vector<double>& closes) {
  // Bars on consecutive days from 2024-01-02, as the fixture makes them.
  return MonthSeries{trading::ContractMonth{local, last_trade}, test::daily_series(local, closes)};
}

TEST(RollRule, TheFrontMonthIsTheFirstOneOutsideItsRollWindow) {
  const trading::RollRule rule{5};
  const std::vector<trading::ContractMonth> months{
      {"ESH7", 2027y / March / 19}, {"ESZ6", 2026y / December / 18}, {"ESM7", 2027y / June / 18}};
  EXPECT_EQ(rule.front_month(months, 2026y / December / 7), 1u);
  EXPECT_EQ(rule.front_month(months, 2026y / December / 13), 0u);  // Z6 rolls on the 13th
  EXPECT_FALSE(rule.must_roll(months[1], 2026y / December / 12));
  EXPECT_TRUE(rule.must_roll(months[1], 2026y / December / 13));
  EXPECT_FALSE(rule.front_month(months, 2027y / June / 14).has_value());
}

TEST(ContinuousSeries, EarlierMonthsShiftByTheGapAtEachRollAndTheLatestPricesAreReal) {
  // Month A's last trade is day 8 (2024-01-10): with 3 days' notice it rolls on 2024-01-07,
  // day 5. The last A bar before the roll is day 4 (close 14); B closes 24 that day: gap +10.
  const auto a = month("ESH4", 2024y / January / 10, {10, 11, 12, 13, 14, 15, 16, 17});
  const auto b = month("ESM4", 2024y / March / 29, {20, 21, 22, 23, 24, 25, 26, 27});
  auto joined = back_adjusted({b, a}, trading::RollRule{3}, "ES.FUT.CME");
  ASSERT_TRUE(joined) << joined.error().message;
  const auto& bars = joined->series.bars;
  ASSERT_EQ(bars.size(), 8u);
  EXPECT_EQ(joined->series.symbol, "ES.FUT.CME");
  EXPECT_EQ(bars[0].close, d("20"));  // 10 + 10
  EXPECT_EQ(bars[4].close, d("24"));  // A's 14, adjusted: no jump into B's 25
  EXPECT_EQ(bars[5].close, d("25"));  // B from the roll day on, unadjusted
  EXPECT_EQ(bars[7].close, d("27"));
  ASSERT_EQ(joined->rolls.size(), 1u);
  EXPECT_EQ(joined->rolls[0].from, "ESH4");
  EXPECT_EQ(joined->rolls[0].to, "ESM4");
  EXPECT_EQ(joined->rolls[0].gap, d("10"));
  EXPECT_EQ(joined->rolls[0].at, b.series.bars[5].start);
  // A move inside A's span is A's own move.
  EXPECT_EQ(bars[3].close - bars[1].close, a.series.bars[3].close - a.series.bars[1].close);
}

TEST(ContinuousSeries, ThreeMonthsAccumulateTheirGaps) {
  const auto a = month("A", 2024y / January / 6, {10, 10, 10, 10, 10, 10, 10, 10, 10, 10});
  const auto b = month("B", 2024y / January / 9, {12, 12, 12, 12, 12, 12, 12, 12, 12, 12});
  const auto c = month("C", 2024y / March / 1, {15, 15, 15, 15, 15, 15, 15, 15, 15, 15});
  auto joined = back_adjusted({a, b, c}, trading::RollRule{2}, "X");
  ASSERT_TRUE(joined) << joined.error().message;
  for (const auto& bar : joined->series.bars) EXPECT_EQ(bar.close, d("15"));
  ASSERT_EQ(joined->rolls.size(), 2u);
  EXPECT_EQ(joined->rolls[0].gap, d("2"));
  EXPECT_EQ(joined->rolls[1].gap, d("3"));
}

TEST(ContinuousSeries, AMonthWithoutABarAtTheRollIsNamed) {
  const auto a = month("ESH4", 2024y / January / 10, {10, 11, 12, 13, 14, 15});
  auto late = test::daily_series("ESM4", {20, 21, 22}, 6);  // starts after A's last bar before the roll
  auto joined =
      back_adjusted({a, MonthSeries{{"ESM4", 2024y / March / 29}, late}}, trading::RollRule{3}, "ES");
  ASSERT_FALSE(joined);
  EXPECT_NE(joined.error().message.find("ESM4 has no bar on or before the roll from ESH4"), std::string::npos)
      << joined.error().message;
}

}  // namespace
}  // namespace rt::backtest

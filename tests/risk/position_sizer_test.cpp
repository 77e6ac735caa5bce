#include "trading/risk/position_sizer.hpp"

#include <gtest/gtest.h>

#include "risk/decimal_literal.hpp"

namespace rt::trading {
namespace {

using test::d;

// Limits that never cap, to see the raw sizing numbers.
RiskLimits uncapped() {
  RiskLimits limits;
  limits.max_position_pct = d("100");
  limits.max_order_notional = d("1000000");
  return limits;
}

TEST(PositionSizer, FixedFractionTruncatesToWholeShares) {
  const PositionSizer sizer{RiskLimits{}};
  // 1 % of $100,000 = $1,000; / $33 = 30.3 -> 30.
  EXPECT_EQ(sizer.fixed_fraction(d("100000"), d("33"), d("1")), d("30"));
}

TEST(PositionSizer, FixedFractionNeverAbovePositionSizeLimit) {
  const PositionSizer sizer{RiskLimits{}};
  // 5 % would be $5,000 / $33 = 151; the 2 % limit is $2,000 / $33 = 60.6 -> 60.
  EXPECT_EQ(sizer.fixed_fraction(d("100000"), d("33"), d("5")), d("60"));
  EXPECT_EQ(sizer.max_shares(d("100000"), d("33")), d("60"));
}

TEST(PositionSizer, SizeNeverAboveMaxOrderNotional) {
  const PositionSizer sizer{RiskLimits{}};
  // Equity $1,000,000: 2 % = $20,000, but one order is capped at $10,000 -> 100 shares at $100.
  EXPECT_EQ(sizer.fixed_fraction(d("1000000"), d("100"), d("5")), d("100"));
  EXPECT_EQ(sizer.max_shares(d("1000000"), d("100")), d("100"));
}

TEST(PositionSizer, AtrSizingRisksTheFractionOverAtrTimesMultiplier) {
  const PositionSizer sizer{RiskLimits{}};
  // Risk 0.5 % of $100,000 = $500 over a stop 2.5 x 2 = $5 away -> 100 shares; at $15 that is
  // $1,500, inside the 2 % limit.
  EXPECT_EQ(sizer.atr(d("100000"), d("15"), d("2.5"), d("2"), d("0.5")), d("100"));
  // $500 / (3 x 2) = 83.3 -> 83.
  EXPECT_EQ(sizer.atr(d("100000"), d("10"), d("3"), d("2"), d("0.5")), d("83"));
}

TEST(PositionSizer, AtrSizingCappedByPositionSizeLimit) {
  const PositionSizer sizer{RiskLimits{}};
  // 100 shares wanted, but $2,000 / $50 = 40.
  EXPECT_EQ(sizer.atr(d("100000"), d("50"), d("2.5"), d("2"), d("0.5")), d("40"));
}

TEST(PositionSizer, HalfKellyFractionFromWinRateAndPayoff) {
  // Kelly = 0.55 - 0.45 / 1.5 = 0.25; half = 0.125.
  EXPECT_EQ(PositionSizer::half_kelly_fraction(d("0.55"), d("1.5")), d("0.125"));
  // Kelly = 0.6 - 0.4 / 2 = 0.4; half = 0.2.
  EXPECT_EQ(PositionSizer::half_kelly_fraction(d("0.6"), d("2")), d("0.2"));
}

TEST(PositionSizer, HalfKellySizeBelowItsCap) {
  const PositionSizer sizer{uncapped()};
  // 12.5 % of $10,000 = $1,250; / $7 = 178.57 -> 178.
  EXPECT_EQ(sizer.half_kelly(d("10000"), d("7"), d("0.55"), d("1.5"), d("20")), d("178"));
}

TEST(PositionSizer, HalfKellyCappedAtTheMaximumFraction) {
  const PositionSizer sizer{uncapped()};
  // Capped at 10 %: $1,000 / $7 = 142.86 -> 142.
  EXPECT_EQ(sizer.half_kelly(d("10000"), d("7"), d("0.55"), d("1.5"), d("10")), d("142"));
}

TEST(PositionSizer, HalfKellyNeverAbovePositionSizeLimit) {
  const PositionSizer sizer{RiskLimits{}};
  // 2 % of $10,000 = $200; / $7 = 28.57 -> 28.
  EXPECT_EQ(sizer.half_kelly(d("10000"), d("7"), d("0.55"), d("1.5"), d("10")), d("28"));
}

TEST(PositionSizer, NegativeEdgeThenHalfKellyIsZero) {
  const PositionSizer sizer{uncapped()};
  // Kelly = 0.3 - 0.7 / 1 = -0.4.
  EXPECT_EQ(PositionSizer::half_kelly_fraction(d("0.3"), d("1")), d("0"));
  EXPECT_EQ(sizer.half_kelly(d("10000"), d("7"), d("0.3"), d("1"), d("10")), d("0"));
  EXPECT_EQ(PositionSizer::half_kelly_fraction(d("1.2"), d("1")), d("0"));
  EXPECT_EQ(PositionSizer::half_kelly_fraction(d("0.6"), d("0")), d("0"));
}

TEST(PositionSizer, MissingOrNonPositivePriceThenZero) {
  const PositionSizer sizer{RiskLimits{}};
  for (const auto& price : {std::optional<Decimal>{}, std::optional<Decimal>{d("0")}, std::optional<Decimal>{d("-5")}}) {
    EXPECT_EQ(sizer.fixed_fraction(d("100000"), price, d("1")), d("0"));
    EXPECT_EQ(sizer.atr(d("100000"), price, d("2"), d("2"), d("0.5")), d("0"));
    EXPECT_EQ(sizer.half_kelly(d("100000"), price, d("0.55"), d("1.5"), d("10")), d("0"));
    EXPECT_EQ(sizer.max_shares(d("100000"), price), d("0"));
  }
}

TEST(PositionSizer, NonPositiveEquityOrAtrThenZero) {
  const PositionSizer sizer{RiskLimits{}};
  EXPECT_EQ(sizer.fixed_fraction(d("0"), d("10"), d("1")), d("0"));
  EXPECT_EQ(sizer.fixed_fraction(d("-100"), d("10"), d("1")), d("0"));
  EXPECT_EQ(sizer.atr(d("100000"), d("10"), d("0"), d("2"), d("0.5")), d("0"));
  EXPECT_EQ(sizer.atr(d("100000"), d("10"), d("2"), d("0"), d("0.5")), d("0"));
}

TEST(PositionSizer, PriceAboveThePositionLimitThenZeroShares) {
  const PositionSizer sizer{RiskLimits{}};
  // 2 % of $10,000 = $200 buys no share at $250.
  EXPECT_EQ(sizer.fixed_fraction(d("10000"), d("250"), d("2")), d("0"));
}

}  // namespace
}  // namespace rt::trading

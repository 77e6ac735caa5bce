#include "trading/data/bad_bar_guard.hpp"

#include <gtest/gtest.h>

#include "trading/csv_bars.hpp"

namespace rt::trading {
namespace {

using testing::load_daily_bars;

void expect_no_quarantine(const char* file, std::size_t expected_rows) {
  const auto bars = load_daily_bars(file);
  ASSERT_EQ(bars.size(), expected_rows);
  BadBarGuard guard;
  for (const auto& b : bars) {
    const BarVerdict v = guard.check(b);
    const std::chrono::year_month_day d{std::chrono::floor<std::chrono::days>(b.start)};
    EXPECT_TRUE(v.accepted()) << file << " " << static_cast<int>(d.year()) << "-" << unsigned(d.month()) << "-"
                              << unsigned(d.day()) << ": " << v.reason;
  }
  EXPECT_EQ(guard.quarantined_count(), 0);
  EXPECT_EQ(guard.accepted_count(), static_cast<long long>(expected_rows));
}

TEST(BadBarGuard, RealOrclSeriesIncludingCrashesIsNeverQuarantined) {
  expect_no_quarantine("orcl-1995-2014.txt", 5036);
}
TEST(BadBarGuard, RealNvdaSeriesIncludingCrashesIsNeverQuarantined) {
  expect_no_quarantine("nvda-1999-2014.txt", 4012);
}
TEST(BadBarGuard, RealYhooSeriesIncludingCrashesIsNeverQuarantined) {
  expect_no_quarantine("yhoo-1996-2014.txt", 4713);
}

Bar scaled(const Bar& b, double f) {
  Bar o = b;
  o.open = Decimal::from_double(b.open.to_double() * f);
  o.high = Decimal::from_double(b.high.to_double() * f);
  o.low = Decimal::from_double(b.low.to_double() * f);
  o.close = Decimal::from_double(b.close.to_double() * f);
  return o;
}

// Feeds the ORCL series; at `at` replaces bar with bad(bar); returns that bar's verdict and checks
// that every other bar was accepted.
template <class F>
BarVerdict inject(std::size_t at, F bad, std::size_t restore_check = 5) {
  const auto bars = load_daily_bars("orcl-1995-2014.txt");
  BadBarGuard guard;
  BarVerdict verdict;
  for (std::size_t i = 0; i < at + restore_check && i < bars.size(); ++i) {
    if (i == at) {
      verdict = guard.check(bad(bars[i]));
    } else {
      const auto v = guard.check(bars[i]);
      EXPECT_TRUE(v.accepted()) << i << ": " << v.reason;
    }
  }
  return verdict;
}

TEST(BadBarGuard, PriceTimesTenForOneBarIsQuarantinedAndNextBarsAccepted) {
  for (std::size_t at : {1u, 10u, 1500u, 3400u}) {
    const auto v = inject(at, [](const Bar& b) { return scaled(b, 10.0); });
    EXPECT_EQ(v.fault, BarFault::kHardLimit) << at << ": " << v.reason;
    EXPECT_NE(v.reason.find("previous close"), std::string::npos) << v.reason;
  }
}

TEST(BadBarGuard, PriceDividedByTenIsQuarantined) {
  const auto v = inject(2000, [](const Bar& b) { return scaled(b, 0.1); });
  EXPECT_EQ(v.fault, BarFault::kHardLimit) << v.reason;
}

TEST(BadBarGuard, UnadjustedTwoForOneSplitGapIsQuarantined) {
  for (std::size_t at : {100u, 1300u, 3500u, 5000u}) {
    const auto v = inject(at, [](const Bar& b) { return scaled(b, 0.5); }, 1);
    EXPECT_TRUE(v.quarantined()) << at;
    EXPECT_EQ(v.fault, BarFault::kSplitGap) << at << ": " << v.reason;
    EXPECT_NE(v.reason.find("2:1 split"), std::string::npos) << v.reason;
  }
}

TEST(BadBarGuard, UnadjustedSplitKeepsBeingQuarantinedUntilReset) {
  const auto bars = load_daily_bars("orcl-1995-2014.txt");
  BadBarGuard guard;
  for (std::size_t i = 0; i < 200; ++i) ASSERT_TRUE(guard.check(bars[i]).accepted());
  for (std::size_t i = 200; i < 203; ++i) EXPECT_TRUE(guard.check(scaled(bars[i], 0.5)).quarantined());
  EXPECT_EQ(guard.consecutive_quarantined(), 3);
  guard.reset();
  EXPECT_TRUE(guard.check(scaled(bars[203], 0.5)).accepted());
  EXPECT_EQ(guard.consecutive_quarantined(), 0);
}

TEST(BadBarGuard, JumpFarBeyondAtrButUnderHardLimitIsQuarantined) {
  // ORCL ATR is a few percent of price; +80% in one bar on an otherwise quiet series is ~20 ATR.
  const auto v = inject(4000, [](const Bar& b) { return scaled(b, 1.8); });
  EXPECT_EQ(v.fault, BarFault::kAtrJump) << v.reason;
  EXPECT_NE(v.reason.find("ATR"), std::string::npos);
}

TEST(BadBarGuard, HighBelowCloseIsQuarantined) {
  auto b = testing::make_bar(100.0);
  b.high = *Decimal::parse("99.5");
  BadBarGuard guard;
  const auto v = guard.check(b);
  EXPECT_EQ(v.fault, BarFault::kInconsistentRange);
  EXPECT_NE(v.reason.find("high"), std::string::npos);
}

TEST(BadBarGuard, LowAboveOpenIsQuarantined) {
  auto b = testing::make_bar(100.0);
  b.low = *Decimal::parse("100.25");
  BadBarGuard guard;
  EXPECT_EQ(guard.check(b).fault, BarFault::kInconsistentRange);
}

TEST(BadBarGuard, ZeroOrNegativePriceIsQuarantined) {
  BadBarGuard guard;
  auto b = testing::make_bar(100.0);
  b.low = Decimal{};
  EXPECT_EQ(guard.check(b).fault, BarFault::kNonPositivePrice);
  b = testing::make_bar(100.0);
  b.open = -b.open;
  EXPECT_EQ(guard.check(b).fault, BarFault::kNonPositivePrice);
  EXPECT_EQ(guard.quarantined_count(), 2);
}

TEST(BadBarGuard, NegativeVolumeIsQuarantined) {
  BadBarGuard guard;
  auto b = testing::make_bar(100.0, -5);
  EXPECT_EQ(guard.check(b).fault, BarFault::kNegativeVolume);
}

TEST(BadBarGuard, AcceptedBarHasEmptyReason) {
  BadBarGuard guard;
  const auto v = guard.check(testing::make_bar(100.0));
  EXPECT_TRUE(v.accepted());
  EXPECT_TRUE(v.reason.empty());
}

TEST(BadBarGuard, QuietSeriesSmallMoveIsNotAnAtrJump) {
  // A series moving a cent a day has a tiny ATR; a 5% move is many ATRs but under the 10% floor.
  BadBarGuard guard;
  for (int i = 0; i < 30; ++i) {
    Bar b = testing::make_bar(100.0 + 0.01 * (i % 2));
    b.high = b.close + *Decimal::parse("0.01");
    b.low = b.close - *Decimal::parse("0.01");
    ASSERT_TRUE(guard.check(b).accepted());
  }
  EXPECT_TRUE(guard.check(testing::make_bar(105.0)).accepted());
}

}  // namespace
}  // namespace rt::trading

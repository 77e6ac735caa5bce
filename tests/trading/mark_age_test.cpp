#include "trading/portfolio/mark_age.hpp"

#include <gtest/gtest.h>

namespace rt::trading {
namespace {

using namespace std::chrono;

Timestamp utc(Date d, int h, int m = 0) { return sys_days{d} + hours{h} + minutes{m}; }

const MarketCalendar kCalendar;

TEST(MarkAge, AMarkTheOpenMarketHasTradedPastForLongerThanTheLimitIsStaleAndSaysItsAge) {
  // Wednesday 2025-01-15, 10:00 ET (15:00 UTC) read at 10:30 ET with a 15-minute limit.
  const auto age = mark_age(kCalendar, utc(2025y / January / 15, 15), utc(2025y / January / 15, 15, 30), minutes{15});
  EXPECT_TRUE(age.stale);
  EXPECT_EQ(age.age, minutes{30});
  EXPECT_EQ(format_age(age.age), "30m");
}

TEST(MarkAge, AMarkWithinTheLimitIsFresh) {
  const auto age = mark_age(kCalendar, utc(2025y / January / 15, 15), utc(2025y / January / 15, 15, 10), minutes{15});
  EXPECT_FALSE(age.stale);
}

TEST(MarkAge, AFridayCloseReadOnSundayIsNotStaleBecauseNothingHasTradedSince) {
  // Friday 2025-01-17 16:00 ET = 21:00 UTC; Sunday 2025-01-19 noon UTC.
  const auto age = mark_age(kCalendar, utc(2025y / January / 17, 21), utc(2025y / January / 19, 12), minutes{15});
  EXPECT_FALSE(age.stale);
  EXPECT_EQ(format_age(age.age), "39h");
}

TEST(MarkAge, ACloseBecomesStaleOnceTheNextSessionHasTradedForTheLimit) {
  // Friday's close read Tuesday 2025-01-21 (Monday the 20th is Martin Luther King Jr. Day) at
  // 09:50 ET: the market has been open for 20 minutes.
  const auto age = mark_age(kCalendar, utc(2025y / January / 17, 21), utc(2025y / January / 21, 14, 50), minutes{15});
  EXPECT_TRUE(age.stale);
  EXPECT_EQ(format_age(age.age), "3d");
}

TEST(MarkAge, AMarkFromTheFutureHasNoAge) {
  const auto age = mark_age(kCalendar, utc(2025y / January / 15, 16), utc(2025y / January / 15, 15), minutes{15});
  EXPECT_FALSE(age.stale);
  EXPECT_EQ(age.age, Duration{});
  EXPECT_EQ(format_age(seconds{45}), "45s");
}

}  // namespace
}  // namespace rt::trading

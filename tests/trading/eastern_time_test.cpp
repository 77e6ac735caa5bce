#include "trading/market/eastern_time.hpp"

#include <gtest/gtest.h>

namespace rt::trading {
namespace {

using namespace std::chrono;

Timestamp utc(Date d, int h, int m = 0, int s = 0) {
  return sys_days{d} + hours{h} + minutes{m} + seconds{s};
}
minutes local(int h, int m) {
  return hours{h} + minutes{m};
}

TEST(EasternTime, In2006DaylightTimeStartsOnTheFirstSundayOfAprilAt2amLocal) {
  EXPECT_FALSE(EasternTime::is_dst(utc(2006y / April / 2, 6, 59, 59)));
  EXPECT_TRUE(EasternTime::is_dst(utc(2006y / April / 2, 7)));
  // The clock jumps from 01:59:59 EST to 03:00 EDT.
  EXPECT_EQ(EasternTime::local_time_of_day(utc(2006y / April / 2, 6, 59, 59)),
            hours{1} + minutes{59} + seconds{59});
  EXPECT_EQ(EasternTime::local_time_of_day(utc(2006y / April / 2, 7)), hours{3});
  EXPECT_EQ(EasternTime::to_utc(2006y / April / 2, local(1, 30)), utc(2006y / April / 2, 6, 30));
  EXPECT_EQ(EasternTime::to_utc(2006y / April / 2, local(3, 30)), utc(2006y / April / 2, 7, 30));
  // 02:30 does not exist that day: read as standard time.
  EXPECT_EQ(EasternTime::to_utc(2006y / April / 2, local(2, 30)), utc(2006y / April / 2, 7, 30));
}

TEST(EasternTime, In2006DaylightTimeEndsOnTheLastSundayOfOctoberAt2amLocal) {
  EXPECT_TRUE(EasternTime::is_dst(utc(2006y / October / 29, 5, 59, 59)));
  EXPECT_FALSE(EasternTime::is_dst(utc(2006y / October / 29, 6)));
  // The clock falls back from 01:59:59 EDT to 01:00 EST.
  EXPECT_EQ(EasternTime::local_time_of_day(utc(2006y / October / 29, 5, 59, 59)),
            hours{1} + minutes{59} + seconds{59});
  EXPECT_EQ(EasternTime::local_time_of_day(utc(2006y / October / 29, 6)), hours{1});
  EXPECT_EQ(EasternTime::to_utc(2006y / October / 29, local(0, 30)), utc(2006y / October / 29, 4, 30));
  // 01:30 happens twice: the standard-time reading.
  EXPECT_EQ(EasternTime::to_utc(2006y / October / 29, local(1, 30)), utc(2006y / October / 29, 6, 30));
  EXPECT_EQ(EasternTime::to_utc(2006y / October / 29, local(2, 30)), utc(2006y / October / 29, 7, 30));
}

TEST(EasternTime, From2007DaylightTimeStartsOnTheSecondSundayOfMarchAt2amLocal) {
  EXPECT_FALSE(EasternTime::is_dst(utc(2007y / March / 11, 6, 59, 59)));
  EXPECT_TRUE(EasternTime::is_dst(utc(2007y / March / 11, 7)));
  EXPECT_EQ(EasternTime::local_time_of_day(utc(2007y / March / 11, 6, 59, 59)),
            hours{1} + minutes{59} + seconds{59});
  EXPECT_EQ(EasternTime::local_time_of_day(utc(2007y / March / 11, 7)), hours{3});
  EXPECT_EQ(EasternTime::to_utc(2007y / March / 11, local(1, 30)), utc(2007y / March / 11, 6, 30));
  EXPECT_EQ(EasternTime::to_utc(2007y / March / 11, local(2, 30)), utc(2007y / March / 11, 7, 30));
  EXPECT_EQ(EasternTime::to_utc(2007y / March / 11, local(3, 30)), utc(2007y / March / 11, 7, 30));
}

TEST(EasternTime, From2007DaylightTimeEndsOnTheFirstSundayOfNovemberAt2amLocal) {
  EXPECT_TRUE(EasternTime::is_dst(utc(2007y / November / 4, 5, 59, 59)));
  EXPECT_FALSE(EasternTime::is_dst(utc(2007y / November / 4, 6)));
  EXPECT_EQ(EasternTime::local_time_of_day(utc(2007y / November / 4, 6)), hours{1});
  EXPECT_EQ(EasternTime::to_utc(2007y / November / 4, local(0, 30)), utc(2007y / November / 4, 4, 30));
  EXPECT_EQ(EasternTime::to_utc(2007y / November / 4, local(1, 30)), utc(2007y / November / 4, 6, 30));
  EXPECT_EQ(EasternTime::to_utc(2007y / November / 4, local(2, 30)), utc(2007y / November / 4, 7, 30));
}

TEST(EasternTime, TheWeeksBetweenTheOldAndNewRulesFollowTheirOwnYearsRule) {
  // Mid-March and the first days of November were standard time in 2006 and daylight time in 2007.
  EXPECT_EQ(EasternTime::utc_offset(utc(2006y / March / 20, 15)), hours{-5});
  EXPECT_EQ(EasternTime::utc_offset(utc(2007y / March / 20, 15)), hours{-4});
  EXPECT_EQ(EasternTime::utc_offset(utc(2006y / November / 1, 15)), hours{-5});
  EXPECT_EQ(EasternTime::utc_offset(utc(2007y / November / 1, 15)), hours{-4});
  EXPECT_EQ(EasternTime::to_utc(2006y / March / 20, local(9, 30)), utc(2006y / March / 20, 14, 30));
  EXPECT_EQ(EasternTime::to_utc(2007y / March / 20, local(9, 30)), utc(2007y / March / 20, 13, 30));
  // 1987-2006 began on the first Sunday of April; 1967-1986 on the last.
  EXPECT_EQ(EasternTime::dst_interval(1987y).first, utc(1987y / April / 5, 7));
  EXPECT_EQ(EasternTime::dst_interval(1986y).first, utc(1986y / April / 27, 7));
  EXPECT_EQ(EasternTime::dst_interval(1960y).first, EasternTime::dst_interval(1960y).second);
  EXPECT_EQ(EasternTime::utc_offset(utc(1960y / July / 1, 12)), hours{-5});
  EXPECT_EQ(EasternTime::utc_offset(utc(1850y / July / 1, 12)), hours{-5});
}

TEST(EasternTime, EveryYearFlipsExactlyAtItsTransitionInstants) {
  // Every year with DST that a Timestamp can hold (it ends in April 2262).
  for (int y = 1967; y <= 2261; ++y) {
    const auto [start, end] = EasternTime::dst_interval(year{y});
    const Date march_or_april = y >= 2007   ? nth_weekday(year{y}, March, Sunday, 2)
                                : y >= 1987 ? nth_weekday(year{y}, April, Sunday, 1)
                                            : last_weekday(year{y}, April, Sunday);
    const Date fall =
        y >= 2007 ? nth_weekday(year{y}, November, Sunday, 1) : last_weekday(year{y}, October, Sunday);
    ASSERT_EQ(start, utc(march_or_april, 7)) << y;
    ASSERT_EQ(end, utc(fall, 6)) << y;
    ASSERT_FALSE(EasternTime::is_dst(start - seconds{1})) << y;
    ASSERT_TRUE(EasternTime::is_dst(start)) << y;
    ASSERT_TRUE(EasternTime::is_dst(end - seconds{1})) << y;
    ASSERT_FALSE(EasternTime::is_dst(end)) << y;
    // Around New Year the local date is the previous day's until 05:00 UTC.
    ASSERT_EQ(EasternTime::local_date(utc(year{y} / January / 1, 4, 59)), year{y - 1} / December / 31) << y;
    ASSERT_EQ(EasternTime::local_date(utc(year{y} / January / 1, 5)), year{y} / January / 1) << y;
    ASSERT_EQ(EasternTime::to_utc(year{y} / January / 1, minutes{0}), utc(year{y} / January / 1, 5)) << y;
  }
}

}  // namespace
}  // namespace rt::trading

#include "trading/market/market_calendar.hpp"

#include <gtest/gtest.h>

namespace rt::trading {
namespace {

using namespace std::chrono;

Timestamp utc(Date d, int h, int m = 0) { return sys_days{d} + hours{h} + minutes{m}; }

TEST(EasternTime, SecondSundayOfMarchToFirstSundayOfNovemberIsDaylightTime) {
  // 2025: DST from 2025-03-09 07:00 UTC to 2025-11-02 06:00 UTC.
  EXPECT_FALSE(EasternTime::is_dst(utc(2025y / March / 9, 6, 59)));
  EXPECT_TRUE(EasternTime::is_dst(utc(2025y / March / 9, 7)));
  EXPECT_TRUE(EasternTime::is_dst(utc(2025y / November / 2, 5, 59)));
  EXPECT_FALSE(EasternTime::is_dst(utc(2025y / November / 2, 6)));
  EXPECT_EQ(EasternTime::utc_offset(utc(2025y / July / 1, 12)), hours{-4});
  EXPECT_EQ(EasternTime::utc_offset(utc(2025y / January / 15, 12)), hours{-5});
}

TEST(EasternTime, Before2007FirstSundayOfAprilToLastSundayOfOctober) {
  EXPECT_FALSE(EasternTime::is_dst(utc(2006y / March / 20, 15)));
  EXPECT_TRUE(EasternTime::is_dst(utc(2006y / April / 2, 7)));
  EXPECT_TRUE(EasternTime::is_dst(utc(2006y / October / 29, 5, 59)));
  EXPECT_FALSE(EasternTime::is_dst(utc(2006y / October / 29, 6)));
}

TEST(EasternTime, LocalTimeConvertsBothWays) {
  EXPECT_EQ(EasternTime::to_utc(2025y / July / 3, hours{9} + minutes{30}), utc(2025y / July / 3, 13, 30));
  EXPECT_EQ(EasternTime::to_utc(2025y / December / 1, hours{16}), utc(2025y / December / 1, 21));
  EXPECT_EQ(EasternTime::local_date(utc(2025y / December / 2, 3)), 2025y / December / 1);
  EXPECT_EQ(EasternTime::local_time_of_day(utc(2025y / July / 3, 13, 30)), hours{9} + minutes{30});
}

TEST(MarketCalendar, EasterMatchesKnownDates) {
  EXPECT_EQ(MarketCalendar::easter_sunday(2024y), 2024y / March / 31);
  EXPECT_EQ(MarketCalendar::easter_sunday(2025y), 2025y / April / 20);
  EXPECT_EQ(MarketCalendar::easter_sunday(2026y), 2026y / April / 5);
  EXPECT_EQ(MarketCalendar::easter_sunday(2000y), 2000y / April / 23);
  EXPECT_EQ(MarketCalendar::easter_sunday(2038y), 2038y / April / 25);
}

TEST(MarketCalendar, The2025HolidaysAreClosed) {
  MarketCalendar cal;
  for (Date d : {2025y / January / 1, 2025y / January / 9, 2025y / January / 20, 2025y / February / 17,
                 2025y / April / 18, 2025y / May / 26, 2025y / June / 19, 2025y / July / 4,
                 2025y / September / 1, 2025y / November / 27, 2025y / December / 25}) {
    EXPECT_FALSE(cal.is_trading_day(d)) << static_cast<int>(d.year()) << "-" << unsigned(d.month()) << "-"
                                        << unsigned(d.day());
    EXPECT_TRUE(cal.is_holiday(d));
    EXPECT_FALSE(cal.session(d).has_value());
  }
}

TEST(MarketCalendar, The2026HolidaysIncludeGoodFridayAndObservedIndependenceDay) {
  MarketCalendar cal;
  EXPECT_FALSE(cal.is_trading_day(2026y / April / 3));
  EXPECT_FALSE(cal.is_trading_day(2026y / July / 3));  // July 4 is a Saturday
  EXPECT_TRUE(cal.is_trading_day(2026y / July / 2));
  EXPECT_FALSE(cal.session(2026y / July / 2)->early_close);
  EXPECT_FALSE(cal.is_trading_day(2026y / January / 19));
  EXPECT_FALSE(cal.is_trading_day(2026y / June / 19));
}

TEST(MarketCalendar, NewYearOnSaturdayIsNotObservedOnFriday) {
  MarketCalendar cal;
  EXPECT_TRUE(cal.is_trading_day(2021y / December / 31));
  EXPECT_TRUE(cal.is_trading_day(2027y / December / 31));
  EXPECT_TRUE(cal.is_trading_day(2022y / January / 3));
}

TEST(MarketCalendar, HolidaysOnSundayAreObservedOnMonday) {
  MarketCalendar cal;
  EXPECT_FALSE(cal.is_trading_day(2017y / January / 2));   // New Year 2017 on Sunday
  EXPECT_FALSE(cal.is_trading_day(2022y / December / 26)); // Christmas 2022 on Sunday
  EXPECT_FALSE(cal.is_trading_day(2022y / June / 20));     // Juneteenth 2022 on Sunday
  EXPECT_FALSE(cal.is_trading_day(2021y / July / 5));      // Independence Day 2021 on Sunday
  EXPECT_FALSE(cal.is_trading_day(2021y / December / 24)); // Christmas 2021 on Saturday
}

TEST(MarketCalendar, JuneteenthOnlyFrom2022) {
  MarketCalendar cal;
  EXPECT_TRUE(cal.is_trading_day(2021y / June / 18));
  EXPECT_FALSE(cal.is_trading_day(2023y / June / 19));
}

TEST(MarketCalendar, WeekendsAreNotTradingDays) {
  MarketCalendar cal;
  EXPECT_FALSE(cal.is_trading_day(2025y / March / 8));
  EXPECT_FALSE(cal.is_trading_day(2025y / March / 9));
  EXPECT_TRUE(cal.is_trading_day(2025y / March / 10));
}

TEST(MarketCalendar, EarlyClosesAt1300NewYork) {
  MarketCalendar cal;
  for (Date d : {2025y / July / 3, 2025y / November / 28, 2025y / December / 24, 2024y / July / 3,
                 2023y / July / 3}) {
    auto s = cal.session(d);
    ASSERT_TRUE(s.has_value());
    EXPECT_TRUE(s->early_close);
    EXPECT_EQ(s->close, EasternTime::to_utc(d, hours{13}));
  }
  EXPECT_EQ(cal.session(2025y / July / 3)->close, utc(2025y / July / 3, 17));
  EXPECT_EQ(cal.session(2025y / November / 28)->close, utc(2025y / November / 28, 18));
  EXPECT_EQ(cal.session(2025y / December / 24)->extended_close, utc(2025y / December / 24, 22));
}

TEST(MarketCalendar, RegularSessionIs0930To1600NewYorkInUtc) {
  MarketCalendar cal;
  auto winter = cal.session(2025y / January / 15);
  ASSERT_TRUE(winter);
  EXPECT_EQ(winter->open, utc(2025y / January / 15, 14, 30));
  EXPECT_EQ(winter->close, utc(2025y / January / 15, 21));
  EXPECT_EQ(winter->extended_open, utc(2025y / January / 15, 9));
  EXPECT_EQ(winter->extended_close, utc(2025y / January / 16, 1));
  EXPECT_FALSE(winter->early_close);
  auto summer = cal.session(2025y / June / 16);
  ASSERT_TRUE(summer);
  EXPECT_EQ(summer->open, utc(2025y / June / 16, 13, 30));
  EXPECT_EQ(summer->close, utc(2025y / June / 16, 20));
}

TEST(MarketCalendar, IsOpenBetweenOpenAndCloseOnly) {
  MarketCalendar cal;
  const Date d = 2025y / June / 16;
  EXPECT_FALSE(cal.is_open(utc(d, 13, 29)));
  EXPECT_TRUE(cal.is_open(utc(d, 13, 30)));
  EXPECT_TRUE(cal.is_open(utc(d, 19, 59)));
  EXPECT_FALSE(cal.is_open(utc(d, 20, 0)));
  EXPECT_TRUE(cal.is_open(utc(d, 8, 0), true));    // 04:00 New York
  EXPECT_FALSE(cal.is_open(utc(d, 7, 59), true));
  EXPECT_TRUE(cal.is_open(utc(d, 23, 59), true));  // 19:59 New York
  EXPECT_FALSE(cal.is_open(utc(2025y / April / 18, 15)));  // Good Friday
  EXPECT_FALSE(cal.is_open(utc(2025y / July / 3, 17, 30)));  // after the early close
}

TEST(MarketCalendar, NextOpenSkipsWeekendAndHoliday) {
  MarketCalendar cal;
  // Thursday 2025-04-17 after the close -> Good Friday closed -> Monday 2025-04-21 09:30 EDT.
  const Timestamp t = utc(2025y / April / 17, 21);
  EXPECT_EQ(cal.next_open(t), utc(2025y / April / 21, 13, 30));
  EXPECT_EQ(cal.time_until_next_open(t), hours{88} + minutes{30});
  // Extended hours open at 04:00 New York on Monday.
  EXPECT_EQ(cal.next_open(t, true), utc(2025y / April / 21, 8));
}

TEST(MarketCalendar, TimeUntilNextOpenIsZeroWhileOpen) {
  MarketCalendar cal;
  const Timestamp t = utc(2025y / June / 16, 15);
  EXPECT_EQ(cal.time_until_next_open(t), Duration::zero());
  EXPECT_EQ(cal.current_close(t), utc(2025y / June / 16, 20));
  EXPECT_EQ(cal.next_open(t), utc(2025y / June / 17, 13, 30));
}

TEST(MarketCalendar, NextOpenBeforeTheOpenIsTheSameDay) {
  MarketCalendar cal;
  const Timestamp t = utc(2025y / January / 2, 12);
  EXPECT_EQ(cal.next_open(t), utc(2025y / January / 2, 14, 30));
  EXPECT_EQ(cal.time_until_next_open(t), hours{2} + minutes{30});
}

TEST(MarketCalendar, NextOpenOverTheNewYearAndTheDayOfMourning) {
  MarketCalendar cal;
  // Wednesday 2025-01-08 after the close -> Thursday 2025-01-09 closed -> Friday 09:30 EST.
  EXPECT_EQ(cal.next_open(utc(2025y / January / 8, 22)), utc(2025y / January / 10, 14, 30));
  EXPECT_EQ(cal.next_open(utc(2024y / December / 31, 22)), utc(2025y / January / 2, 14, 30));
}

TEST(MarketCalendar, ExtraClosuresFromTheConstructorAreHonoured) {
  MarketCalendar cal({2030y / March / 5});
  EXPECT_TRUE(MarketCalendar{}.is_trading_day(2030y / March / 5));
  EXPECT_FALSE(cal.is_trading_day(2030y / March / 5));
}

TEST(MarketCalendar, AYearHasAbout252TradingDays) {
  MarketCalendar cal;
  for (int y : {2019, 2023, 2024, 2025}) {
    int n = 0;
    for (sys_days d = sys_days{year{y} / January / 1}; d < sys_days{year{y + 1} / January / 1}; d += days{1}) {
      if (cal.is_trading_day(Date{d})) ++n;
    }
    // Published NYSE counts: 2019: 252, 2023: 250, 2024: 252, 2025: 250 (with Jan 9 closed).
    const int expected = y == 2019 ? 252 : y == 2023 ? 250 : y == 2024 ? 252 : 250;
    EXPECT_EQ(n, expected) << y;
  }
}

}  // namespace
}  // namespace rt::trading

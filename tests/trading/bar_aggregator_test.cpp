#include "trading/data/bar_aggregator.hpp"

#include <gtest/gtest.h>

namespace rt::trading {
namespace {

using namespace std::chrono;

Decimal d(const char* s) { return *Decimal::parse(s); }
// 2025-06-16 is a Monday; New York is UTC-4, so 09:30 local is 13:30 UTC.
Timestamp at(int h, int m, int s = 0) { return sys_days{2025y / June / 16} + hours{h} + minutes{m} + seconds{s}; }

TEST(BarAggregator, FiveMinuteBarsAlignToClockBoundaries) {
  BarAggregator agg(*BarSize::parse("5 mins"));
  EXPECT_FALSE(agg.on_tick(d("100"), d("10"), at(13, 31, 12)));
  ASSERT_TRUE(agg.partial());
  EXPECT_EQ(agg.partial()->start, at(13, 30));
  EXPECT_EQ(agg.pending_close(), at(13, 35));
  EXPECT_FALSE(agg.on_tick(d("102"), d("20"), at(13, 32)));
  EXPECT_FALSE(agg.on_tick(d("99"), d("10"), at(13, 34, 59)));
  const auto bar = agg.on_tick(d("101"), d("5"), at(13, 35));
  ASSERT_TRUE(bar);
  EXPECT_EQ(bar->start, at(13, 30));
  EXPECT_EQ(bar->length, minutes{5});
  EXPECT_EQ(bar->open, d("100"));
  EXPECT_EQ(bar->high, d("102"));
  EXPECT_EQ(bar->low, d("99"));
  EXPECT_EQ(bar->close, d("99"));
  EXPECT_EQ(bar->volume, d("40"));
  EXPECT_EQ(bar->trade_count, 3);
  // wap = (100*10 + 102*20 + 99*10) / 40 = 100.75
  EXPECT_EQ(bar->wap, d("100.75"));
  ASSERT_TRUE(agg.partial());
  EXPECT_EQ(agg.partial()->start, at(13, 35));
  EXPECT_EQ(agg.partial()->open, d("101"));
}

TEST(BarAggregator, FlushAfterBoundaryClosesQuietBarAndNotBefore) {
  BarAggregator agg(*BarSize::parse("1 min"));
  agg.on_tick(d("50"), d("1"), at(14, 0, 30));
  EXPECT_FALSE(agg.flush(at(14, 0, 59)));
  const auto bar = agg.flush(at(14, 1));
  ASSERT_TRUE(bar);
  EXPECT_EQ(bar->start, at(14, 0));
  EXPECT_EQ(bar->close, d("50"));
  EXPECT_FALSE(agg.partial());
  EXPECT_FALSE(agg.flush(at(14, 5)));  // nothing pending, no empty bars
}

TEST(BarAggregator, LateTickAfterFlushIsDroppedAndCounted) {
  BarAggregator agg(*BarSize::parse("1 min"));
  agg.on_tick(d("50"), d("1"), at(14, 0, 30));
  ASSERT_TRUE(agg.flush(at(14, 1, 5)));
  EXPECT_FALSE(agg.on_tick(d("51"), d("1"), at(14, 0, 59)));
  EXPECT_EQ(agg.dropped_late(), 1u);
  EXPECT_FALSE(agg.partial());
}

TEST(BarAggregator, GapWithoutTicksProducesNoEmptyBars) {
  BarAggregator agg(*BarSize::parse("1 min"));
  agg.on_tick(d("50"), d("1"), at(14, 0, 1));
  const auto bar = agg.on_tick(d("52"), d("1"), at(14, 7, 1));
  ASSERT_TRUE(bar);
  EXPECT_EQ(bar->start, at(14, 0));
  EXPECT_EQ(agg.partial()->start, at(14, 7));
}

Bar small_bar(Timestamp start, const char* o, const char* h, const char* l, const char* c, const char* v,
              const char* wap) {
  Bar b;
  b.start = start;
  b.length = seconds{5};
  b.open = d(o);
  b.high = d(h);
  b.low = d(l);
  b.close = d(c);
  b.volume = d(v);
  b.wap = d(wap);
  b.trade_count = 2;
  return b;
}

TEST(BarAggregator, FiveSecondBarsCombineIntoOneMinuteBar) {
  BarAggregator agg(*BarSize::parse("1 min"));
  for (int i = 0; i < 12; ++i) {
    const auto closed = agg.on_bar(small_bar(at(15, 0, 5 * i), "10", i == 3 ? "12" : "10.5",
                                             i == 7 ? "9" : "9.5", i == 11 ? "11" : "10", "100", "10"));
    EXPECT_FALSE(closed) << i;
  }
  const auto bar = agg.on_bar(small_bar(at(15, 1), "11", "11", "11", "11", "1", "11"));
  ASSERT_TRUE(bar);
  EXPECT_EQ(bar->start, at(15, 0));
  EXPECT_EQ(bar->open, d("10"));
  EXPECT_EQ(bar->high, d("12"));
  EXPECT_EQ(bar->low, d("9"));
  EXPECT_EQ(bar->close, d("11"));
  EXPECT_EQ(bar->volume, d("1200"));
  EXPECT_EQ(bar->trade_count, 24);
  EXPECT_EQ(bar->wap, d("10"));
}

// IB sends a 5-second TRADES bar every 5 seconds, traded or not; its history has no bar for a
// minute without a trade. Live bars must agree with the history the strategy warmed up on.
TEST(BarAggregator, AMinuteWithoutATradeHasNoBarWhenTradelessInputIsIgnored) {
  BarAggregator agg(*BarSize::parse("1 min"));
  agg.ignore_tradeless_input(true);
  auto tradeless = [](Timestamp t) {
    Bar b = small_bar(t, "10", "10", "10", "10", "0", "10");
    b.trade_count = 0;
    return b;
  };
  for (int i = 0; i < 12; ++i) EXPECT_FALSE(agg.on_bar(small_bar(at(15, 0, 5 * i), "10", "10", "10", "10", "5", "10")));
  // 15:01 trades nothing: the first tradeless bar closes 15:00 by time and starts nothing.
  const auto first = agg.on_bar(tradeless(at(15, 1)));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->start, at(15, 0));
  for (int i = 1; i < 12; ++i) EXPECT_FALSE(agg.on_bar(tradeless(at(15, 1, 5 * i))));
  EXPECT_FALSE(agg.partial());
  EXPECT_FALSE(agg.flush(at(15, 2)));
  // 15:02 trades again, one share higher; its bar is its own, not stretched back by the flat minute.
  EXPECT_FALSE(agg.on_bar(small_bar(at(15, 2), "11", "11", "11", "11", "5", "11")));
  const auto next = agg.flush(at(15, 3));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->start, at(15, 2));
  EXPECT_EQ(next->low, d("11"));
  EXPECT_EQ(agg.ignored_tradeless(), 12U);

  // Off (the default), the flat minute is a bar.
  BarAggregator plain(*BarSize::parse("1 min"));
  for (int i = 0; i < 12; ++i) EXPECT_FALSE(plain.on_bar(tradeless(at(15, 1, 5 * i))));
  EXPECT_TRUE(plain.flush(at(15, 2)));
}

TEST(BarAggregator, HourBarsAlignToTheHourAndFourHourBarsToNewYorkMidnight) {
  BarAggregator hour(*BarSize::parse("1 hour"));
  EXPECT_EQ(hour.bucket(at(13, 45)).first, at(13, 0));
  BarAggregator four(*BarSize::parse("4 hours"));
  // 13:45 UTC = 09:45 New York -> the 08:00-12:00 New York bucket = 12:00-16:00 UTC.
  EXPECT_EQ(four.bucket(at(13, 45)).first, at(12, 0));
  EXPECT_EQ(four.bucket(at(13, 45)).second, at(16, 0));
}

TEST(BarAggregator, DailyBarsStartAtNewYorkMidnight) {
  BarAggregator day(*BarSize::parse("1 day"));
  const auto [start, end] = day.bucket(at(19, 0));
  EXPECT_EQ(start, at(4, 0));
  EXPECT_EQ(end - start, hours{24});
  // The DST change day is 23 hours long in New York.
  const auto [s2, e2] = day.bucket(sys_days{2025y / March / 9} + hours{15});
  EXPECT_EQ(e2 - s2, hours{23});
}

TEST(BarAggregator, RegularOnlyDropsPreMarketTicks) {
  MarketCalendar cal;
  BarAggregator agg(*BarSize::parse("1 hour"), cal, SessionMode::kRegularOnly);
  EXPECT_FALSE(agg.on_tick(d("90"), d("1"), at(13, 10)));  // 09:10 New York
  EXPECT_EQ(agg.dropped_outside_session(), 1u);
  EXPECT_FALSE(agg.partial());
  agg.on_tick(d("100"), d("1"), at(13, 30));
  agg.on_tick(d("101"), d("1"), at(13, 59));
  const auto bar = agg.flush(at(14, 0));
  ASSERT_TRUE(bar);
  EXPECT_EQ(bar->open, d("100"));
  EXPECT_EQ(bar->low, d("100"));
  EXPECT_FALSE(bar->extended_hours);
}

TEST(BarAggregator, LabelModeMarksBarsWithExtendedHoursInput) {
  MarketCalendar cal;
  BarAggregator agg(*BarSize::parse("5 mins"), cal, SessionMode::kLabelExtended);
  agg.on_tick(d("90"), d("1"), at(13, 26));  // 09:26 New York, pre-market
  const auto pre = agg.on_tick(d("100"), d("1"), at(13, 30));
  ASSERT_TRUE(pre);
  EXPECT_TRUE(pre->extended_hours);
  const auto regular = agg.flush(at(13, 35));
  ASSERT_TRUE(regular);
  EXPECT_FALSE(regular->extended_hours);
}

TEST(BarAggregator, RegularOnlyDropsEverythingOnAHoliday) {
  MarketCalendar cal;
  BarAggregator agg(*BarSize::parse("1 min"), cal, SessionMode::kRegularOnly);
  const Timestamp good_friday = sys_days{2025y / April / 18} + hours{15};
  EXPECT_FALSE(agg.on_tick(d("100"), d("1"), good_friday));
  EXPECT_EQ(agg.dropped_outside_session(), 1u);
}

}  // namespace
}  // namespace rt::trading

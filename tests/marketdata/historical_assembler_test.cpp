// Historical reply assembly per server version (one message below 196, data + end from 196), and
// wire bar dates in every format TWS uses.
#include "ib/market_data/historical_assembler.hpp"

#include <gtest/gtest.h>

#include "tws/messages/ids.hpp"

namespace rt::ib {
namespace {

using namespace std::chrono_literals;

Decimal d(const char* text) { return *Decimal::parse(text); }

tws::HistoricalBar wire_bar(const char* date, const char* close) {
  tws::HistoricalBar b;
  b.date = date;
  b.open = d("10");
  b.high = d("11");
  b.low = d("9");
  b.close = d(close);
  b.volume = d("1000");
  b.wap = d("10.2");
  b.count = 12;
  return b;
}

tws::HistoricalData data(std::vector<tws::HistoricalBar> bars, bool with_dates) {
  tws::HistoricalData m;
  m.req_id = 3;
  if (with_dates) {
    m.start_date = "20250113 09:30:00";
    m.end_date = "20250114 16:00:00";
  }
  m.bars = std::move(bars);
  return m;
}

TEST(HistoricalAssembler, BeforeVersion196OneMessageIsTheWholeAnswer) {
  HistoricalAssembler a(193);
  tws::Response reply = data({wire_bar("1736951400", "10.5"), wire_bar("1736951700", "10.6")}, true);
  EXPECT_TRUE(a.on_reply(reply));
  EXPECT_TRUE(a.complete());
  ASSERT_EQ(a.bars().size(), 2U);
  EXPECT_EQ(a.bars()[1].close, d("10.6"));
  EXPECT_EQ(a.start_date(), "20250113 09:30:00");
  EXPECT_EQ(a.end_date(), "20250114 16:00:00");
}

TEST(HistoricalAssembler, From196TheRequestEndsOnlyAtHistoricalDataEnd) {
  HistoricalAssembler a(tws::sv::kHistoricalDataEnd);
  tws::Response first = data({wire_bar("1736951400", "10.5")}, false);
  EXPECT_FALSE(a.on_reply(first));
  EXPECT_FALSE(a.complete());
  tws::HistoricalDataUpdate update;
  update.req_id = 3;
  tws::Response upd = update;
  EXPECT_FALSE(a.on_reply(upd));  // ignored until complete
  tws::HistoricalDataEnd end;
  end.req_id = 3;
  end.start_date = "20250113-14:30:00";
  end.end_date = "20250114-21:00:00";
  tws::Response last = end;
  EXPECT_TRUE(a.on_reply(last));
  EXPECT_TRUE(a.complete());
  EXPECT_EQ(a.bars().size(), 1U);
  EXPECT_EQ(a.start_date(), "20250113-14:30:00");
  EXPECT_EQ(a.ignored(), 1U);
}

TEST(HistoricalAssembler, BeforeVersion196AnEndMessageIsNotTheEnd) {
  HistoricalAssembler a(176);
  tws::Response end = tws::HistoricalDataEnd{3, "", ""};
  EXPECT_FALSE(a.on_reply(end));
  EXPECT_FALSE(a.complete());
}

TEST(BarTime, EveryWireDateFormat) {
  // 2025-01-15 14:30:00 UTC = 09:30 New York (EST).
  const Timestamp open_utc = std::chrono::sys_days{std::chrono::year{2025} / 1 / 15} + 14h + 30min;
  EXPECT_EQ(*parse_bar_time("1736951400"), open_utc);
  EXPECT_EQ(*parse_bar_time("20250115 09:30:00 US/Eastern"), open_utc);
  EXPECT_EQ(*parse_bar_time("20250115 09:30:00 America/New_York"), open_utc);
  EXPECT_EQ(*parse_bar_time("20250115  09:30:00"), open_utc);  // older TWS: two spaces, exchange time
  EXPECT_EQ(*parse_bar_time("20250115-14:30:00"), open_utc);
  EXPECT_EQ(*parse_bar_time("20250115 14:30:00 UTC"), open_utc);
  // Summer: 09:30 EDT = 13:30 UTC.
  const Timestamp summer = std::chrono::sys_days{std::chrono::year{2024} / 7 / 1} + 13h + 30min;
  EXPECT_EQ(*parse_bar_time("20240701 09:30:00 US/Eastern"), summer);
  // Daily bars: New York midnight.
  EXPECT_EQ(*parse_bar_time("20250115"), std::chrono::sys_days{std::chrono::year{2025} / 1 / 15} + 5h);
}

TEST(BarTime, MalformedDatesAreErrorsNamingTheText) {
  for (const char* bad : {"", "2025", "20251315", "20250115 25:00:00", "20250115 09:30:00 Europe/Paris",
                          "20250115T09:30:00", "abc"}) {
    auto t = parse_bar_time(bad);
    ASSERT_FALSE(t.has_value()) << bad;
    EXPECT_EQ(t.error().code, ErrorCode::kParse);
    EXPECT_NE(t.error().message.find(std::string("'") + bad + "'"), std::string::npos) << t.error().message;
  }
}

TEST(BarTime, WireBarsBecomeTradingBars) {
  auto bar = to_bar(wire_bar("1736951400", "10.5"), std::chrono::minutes(5));
  ASSERT_TRUE(bar.has_value());
  EXPECT_EQ(epoch_seconds(bar->start), 1736951400);
  EXPECT_EQ(bar->end() - bar->start, std::chrono::minutes(5));
  EXPECT_EQ(bar->close, d("10.5"));
  EXPECT_EQ(bar->wap, d("10.2"));
  EXPECT_EQ(bar->trade_count, 12);
  tws::RealTimeBar rt;
  rt.time = 1736951405;
  rt.close = d("10.7");
  rt.count = 3;
  auto small = to_bar(rt);
  EXPECT_EQ(epoch_seconds(small.start), 1736951405);
  EXPECT_EQ(small.length, std::chrono::seconds(5));
  EXPECT_EQ(small.close, d("10.7"));
}

}  // namespace
}  // namespace rt::ib

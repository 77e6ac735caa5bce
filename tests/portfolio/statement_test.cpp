#include "trading/portfolio/statement.hpp"

#include <gtest/gtest.h>

#include "fill_fixture.hpp"

namespace rt::trading {
namespace {

using testing::d;
using testing::fill;

using namespace std::chrono;
using namespace std::chrono_literals;

constexpr Date kMonday = 2026y / November / 30;
constexpr Date kTuesday = 2026y / December / 1;
constexpr Date kWednesday = 2026y / December / 2;

// `hour_utc` on `day`: 15:00 UTC is 10:00 in New York in December.
Timestamp at(Date day, int hour_utc, int minute = 0) {
  return Timestamp{sys_days{day} + hours{hour_utc} + minutes{minute}};
}

DailySnapshot snapshot(Date day, const char* start, const char* equity) {
  DailySnapshot s;
  s.date = day;
  s.start_equity = d(start);
  s.equity = d(equity);
  return s;
}

// A known Tuesday between a Monday and a Wednesday, priced by hand:
//   Mon  e0 buy  AAPL 10 @ 100, commission 1      (before the span: opens lot e0)
//   Tue  e1 buy  AAPL 10 @ 110, commission 1      (opens lot e1)
//   Tue  e2 sell AAPL 15 @ 120, commission 1.50   (closes e0 10 x +20 = 200 and e1 5 x +10 = 50)
//   Tue  e3 sell MSFT  5 @ 300, commission 1      (opens a short lot)
//   Tue  e4 buy  MSFT  5 @ 290, commission 1      (closes it: -5 x (290 - 300) = 50)
//   Wed  e5 sell AAPL  5 @ 130, commission 0.75   (after the span: closes e1's last 5 x +20 = 100)
std::vector<Fill> known_week() {
  return {fill("e0", "AAPL", Side::Buy, "10", "100", "1", at(kMonday, 15)),
          fill("e1", "AAPL", Side::Buy, "10", "110", "1", at(kTuesday, 15)),
          fill("e2", "AAPL", Side::Sell, "15", "120", "1.50", at(kTuesday, 16)),
          fill("e3", "MSFT", Side::Sell, "5", "300", "1", at(kTuesday, 17)),
          fill("e4", "MSFT", Side::Buy, "5", "290", "1", at(kTuesday, 18)),
          fill("e5", "AAPL", Side::Sell, "5", "130", "0.75", at(kWednesday, 15))};
}

std::vector<DailySnapshot> known_snapshots() {
  return {snapshot(kMonday, "100000", "100010"), snapshot(kTuesday, "100010", "100350.50"),
          snapshot(kWednesday, "100350.50", "100400")};
}

const InstrumentSummary& instrument(const Statement& st, const std::string& symbol) {
  for (const auto& s : st.instruments) {
    if (s.symbol == symbol) return s;
  }
  throw std::runtime_error("no instrument " + symbol);
}

TEST(Statement, AKnownDayOfFillsGivesHandComputedFifoRealizedPnlAndCommissions) {
  auto st = build_statement(known_week(), known_snapshots(), {}, kTuesday, kTuesday);
  ASSERT_TRUE(st) << st.error().message;

  ASSERT_EQ(st->fills.size(), 4u);  // e1..e4: Monday's and Wednesday's fills are outside the day
  EXPECT_EQ(st->fills[0].fill.exec_id, "e1");
  EXPECT_EQ(st->fills[0].realized, d("-1"));      // an opening buy realizes only its commission
  EXPECT_EQ(st->fills[1].realized, d("248.50"));  // 200 + 50 - 1.50
  EXPECT_EQ(st->fills[2].realized, d("-1"));
  EXPECT_EQ(st->fills[3].realized, d("49"));      // 50 - 1

  const auto& aapl = instrument(*st, "AAPL");
  EXPECT_EQ(aapl.fills, 2);
  EXPECT_EQ(aapl.bought, d("10"));
  EXPECT_EQ(aapl.sold, d("15"));
  EXPECT_EQ(aapl.realized, d("247.50"));
  EXPECT_EQ(aapl.commissions, d("2.50"));
  const auto& msft = instrument(*st, "MSFT");
  EXPECT_EQ(msft.realized, d("48"));
  EXPECT_EQ(msft.commissions, d("2"));
  EXPECT_EQ(msft.ending_quantity, d("0"));

  EXPECT_EQ(st->realized, d("295.50"));
  EXPECT_EQ(st->commissions, d("4.50"));
}

TEST(Statement, EveryClosedLotNamesTheFillThatOpenedItAndTheOneThatClosedIt) {
  auto st = build_statement(known_week(), known_snapshots(), {}, kTuesday, kTuesday);
  ASSERT_TRUE(st) << st.error().message;
  ASSERT_EQ(st->closed_lots.size(), 3u);

  const auto& first = st->closed_lots[0];
  EXPECT_EQ(first.open_exec_id, "e0");  // FIFO: Monday's lot goes first
  EXPECT_EQ(first.close_exec_id, "e2");
  EXPECT_EQ(first.quantity, d("10"));
  EXPECT_EQ(first.open_price, d("100"));
  EXPECT_EQ(first.close_price, d("120"));
  EXPECT_EQ(first.realized, d("200"));
  EXPECT_EQ(first.opened_at, at(kMonday, 15));

  const auto& second = st->closed_lots[1];
  EXPECT_EQ(second.open_exec_id, "e1");
  EXPECT_EQ(second.quantity, d("5"));
  EXPECT_EQ(second.realized, d("50"));

  const auto& short_lot = st->closed_lots[2];
  EXPECT_EQ(short_lot.symbol, "MSFT");
  EXPECT_EQ(short_lot.open_exec_id, "e3");
  EXPECT_EQ(short_lot.close_exec_id, "e4");
  EXPECT_EQ(short_lot.quantity, d("-5"));  // a short lot bought back
  EXPECT_EQ(short_lot.realized, d("50"));
}

TEST(Statement, TheAverageCostViewClosesAgainstTheBlendedPrice) {
  auto st = build_statement(known_week(), known_snapshots(), {}, kTuesday, kTuesday);
  ASSERT_TRUE(st) << st.error().message;
  // Before e2 the 20 shares average 105: 15 x (120 - 105) = 225, less 1.50; e1 realizes -1.
  EXPECT_EQ(st->fills[1].realized_avg_cost, d("223.50"));
  EXPECT_EQ(instrument(*st, "AAPL").realized_avg_cost, d("222.50"));
  EXPECT_EQ(instrument(*st, "MSFT").realized_avg_cost, d("48"));  // one lot: both views agree
  EXPECT_EQ(st->realized_avg_cost, d("270.50"));
}

TEST(Statement, EndingPositionsAreValuedAtAMarkFromWithinTheSpan) {
  std::map<std::string, Mark> marks{{"AAPL", Mark{"AAPL", d("125"), at(kTuesday, 21), MarkSource::Close}}};
  auto st = build_statement(known_week(), known_snapshots(), marks, kTuesday, kTuesday);
  ASSERT_TRUE(st) << st.error().message;
  const auto& aapl = instrument(*st, "AAPL");
  EXPECT_EQ(aapl.ending_quantity, d("5"));
  EXPECT_EQ(aapl.ending_avg_cost, d("110"));  // the rest of lot e1
  ASSERT_TRUE(aapl.ending_mark.has_value());
  EXPECT_EQ(aapl.ending_mark->source, MarkSource::Close);
  EXPECT_EQ(aapl.ending_value, d("625"));
}

TEST(Statement, AMarkFromAfterTheSpanIsNotUsedTheLastFillInItIs) {
  std::map<std::string, Mark> marks{{"AAPL", Mark{"AAPL", d("131"), at(kWednesday, 21), MarkSource::Trade}}};
  auto st = build_statement(known_week(), known_snapshots(), marks, kTuesday, kTuesday);
  ASSERT_TRUE(st) << st.error().message;
  const auto& aapl = instrument(*st, "AAPL");
  ASSERT_TRUE(aapl.ending_mark.has_value());
  EXPECT_EQ(aapl.ending_mark->source, MarkSource::Fill);
  EXPECT_EQ(aapl.ending_mark->price, d("120"));
  EXPECT_EQ(aapl.ending_value, d("600"));
}

TEST(Statement, TheEquityChangeIsAgainstThePriorClose) {
  auto st = build_statement(known_week(), known_snapshots(), {}, kTuesday, kTuesday);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(st->prior_close_equity, d("100010"));
  EXPECT_EQ(st->ending_equity, d("100350.50"));
  EXPECT_EQ(st->equity_change(), d("340.50"));
}

TEST(Statement, TheFirstDayOfTheBooksStartsFromItsStartingEquity) {
  auto st = build_statement(known_week(), known_snapshots(), {}, kMonday, kMonday);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(st->prior_close_equity, d("100000"));
  EXPECT_EQ(st->equity_change(), d("10"));
}

TEST(Statement, ASpanOfDaysSumsEveryFillInIt) {
  auto st = build_statement(known_week(), known_snapshots(), {}, kMonday, kWednesday);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(st->fills.size(), 6u);
  EXPECT_EQ(st->closed_lots.size(), 4u);
  // -1 (e0) + 247.50 (Tuesday's AAPL) + 48 (MSFT) + 100 - 0.75 (e5)
  EXPECT_EQ(st->realized, d("393.75"));
  EXPECT_EQ(st->commissions, d("6.25"));
  EXPECT_EQ(instrument(*st, "AAPL").ending_quantity, d("0"));
  EXPECT_EQ(st->equity_change(), d("400"));
}

TEST(Statement, ADayWithoutSnapshotsHasNoEquityChange) {
  auto st = build_statement(known_week(), {}, {}, kTuesday, kTuesday);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_FALSE(st->equity_change().has_value());
}

TEST(Statement, AFirstDateAfterTheLastIsAnError) {
  auto st = build_statement(known_week(), known_snapshots(), {}, kWednesday, kTuesday);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("after"), std::string::npos);
}

}  // namespace
}  // namespace rt::trading

#include "trading/risk/daily_pnl_tracker.hpp"

#include <gtest/gtest.h>

#include "risk/decimal_literal.hpp"
#include "trading/market/eastern_time.hpp"

namespace rt::trading {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;
using test::d;

// New York local time on a date (EST in early March 2024: UTC-5).
Timestamp ny(year_month_day date, hours h, minutes m = 0min) { return EasternTime::to_utc(date, h + m); }

constexpr year_month_day kMar5{year{2024}, March, day{5}};
constexpr year_month_day kMar6{year{2024}, March, day{6}};

PnlMark mark(const char* equity, const char* realized = "0", const char* unrealized = "0") {
  return PnlMark{d(equity), d(realized), d(unrealized)};
}

TEST(DailyPnlTracker, DayStartEquityIsCapturedAtTheFirstMarkOfTheDay) {
  DailyPnlTracker t;
  EXPECT_FALSE(t.started());
  EXPECT_TRUE(t.on_mark(ny(kMar5, 9h, 30min), mark("100000")));
  EXPECT_FALSE(t.on_mark(ny(kMar5, 10h), mark("100250", "0", "250")));
  EXPECT_EQ(t.day(), kMar5);
  EXPECT_EQ(t.day_start_equity(), d("100000"));
  EXPECT_EQ(t.day_pnl(), d("250"));
}

TEST(DailyPnlTracker, DayRollsAtMidnightNewYorkNotAtMidnightUtc) {
  DailyPnlTracker t;
  t.on_mark(ny(kMar5, 18h), mark("100000"));            // 23:00 UTC Mar 5
  EXPECT_FALSE(t.on_mark(ny(kMar5, 20h), mark("99900")));  // 01:00 UTC Mar 6, still Mar 5 in New York
  EXPECT_EQ(t.day(), kMar5);
  EXPECT_EQ(t.day_start_equity(), d("100000"));
  EXPECT_TRUE(t.on_mark(ny(kMar6, 0h, 1min), mark("99800")));
  EXPECT_EQ(t.day(), kMar6);
  EXPECT_EQ(t.day_start_equity(), d("99800"));
  EXPECT_EQ(t.day_pnl(), d("0"));
}

TEST(DailyPnlTracker, DayPnlIsTodaysRealizedPlusTheChangeInUnrealized) {
  DailyPnlTracker t;
  t.on_mark(ny(kMar5, 9h, 30min), mark("100150", "100", "50"));
  t.on_mark(ny(kMar5, 15h), mark("100050", "300", "-250"));
  EXPECT_EQ(t.realized_today(), d("200"));
  EXPECT_EQ(t.unrealized_today(), d("-300"));
  EXPECT_EQ(t.day_pnl(), d("-100"));
}

TEST(DailyPnlTracker, MarkFromTheLedgerUsesItsEquityAndPnl) {
  Ledger ledger(d("100000"));
  Fill f;
  f.exec_id = "e1";
  f.symbol = "AAPL";
  f.side = Side::Buy;
  f.quantity = d("10");
  f.price = d("100");
  f.commission = d("1");
  ASSERT_TRUE(ledger.apply(f));
  ledger.mark("AAPL", d("90"));
  EXPECT_EQ(DailyPnlTracker::mark_of(ledger), mark("99899", "-1", "-100"));
}

TEST(DailyPnlTracker, LossReachingTheLimitTripsTheKillSwitchWithKindLoss) {
  DailyPnlTracker t(d("0.5"));
  KillSwitch ks;
  t.on_mark(ny(kMar5, 9h, 30min), mark("100000"));
  t.on_mark(ny(kMar5, 11h), mark("99500", "-200", "-300"));
  EXPECT_EQ(t.loss_limit_amount(), d("500"));
  EXPECT_TRUE(t.loss_limit_reached());
  EXPECT_TRUE(t.apply_loss_limit(ks, ny(kMar5, 11h)));
  EXPECT_TRUE(ks.engaged());
  EXPECT_EQ(ks.kind(), KillSwitchKind::Loss);
  EXPECT_EQ(ks.reason(),
            "day P&L -$500.00 reached the daily loss limit 0.5% of day-start equity $100,000.00 = $500.00");
  EXPECT_FALSE(ks.allows(OrderPurpose::Entry));
  EXPECT_TRUE(ks.allows(OrderPurpose::Stop));
  // Already tripped for loss: no second trip.
  EXPECT_FALSE(t.apply_loss_limit(ks, ny(kMar5, 11h, 1min)));
}

TEST(DailyPnlTracker, LossJustBelowTheLimitDoesNotTrip) {
  DailyPnlTracker t(d("0.5"));
  KillSwitch ks;
  t.on_mark(ny(kMar5, 9h, 30min), mark("100000"));
  t.on_mark(ny(kMar5, 11h), mark("99500.01", "0", "-499.99"));
  EXPECT_FALSE(t.loss_limit_reached());
  EXPECT_FALSE(t.apply_loss_limit(ks, ny(kMar5, 11h)));
  EXPECT_FALSE(ks.engaged());
}

TEST(DailyPnlTracker, LossTripReplacesAConnectionTrip) {
  DailyPnlTracker t(d("0.5"));
  KillSwitch ks;
  ks.trip(KillSwitchKind::Connection, "1100", ny(kMar5, 10h));
  t.on_mark(ny(kMar5, 9h, 30min), mark("100000"));
  t.on_mark(ny(kMar5, 11h), mark("99000", "0", "-1000"));
  EXPECT_TRUE(t.apply_loss_limit(ks, ny(kMar5, 11h)));
  EXPECT_EQ(ks.kind(), KillSwitchKind::Loss);
  EXPECT_FALSE(ks.on_connection_healthy(ny(kMar5, 11h, 5min)));
}

TEST(DailyPnlTracker, ANewDayStartsFromTheNewEquityAndTheLimitNoLongerReached) {
  DailyPnlTracker t(d("0.5"));
  t.on_mark(ny(kMar5, 9h, 30min), mark("100000"));
  t.on_mark(ny(kMar5, 15h), mark("99000", "-1000", "0"));
  EXPECT_TRUE(t.loss_limit_reached());
  t.on_mark(ny(kMar6, 9h, 30min), mark("99000", "-1000", "0"));
  EXPECT_FALSE(t.loss_limit_reached());
  EXPECT_EQ(t.day_start_equity(), d("99000"));
  EXPECT_EQ(t.loss_limit_amount(), d("495"));
}

TEST(DailyPnlTracker, RestartInTheMiddleOfTheDayKeepsTheDayStartEquity) {
  DailyPnlTracker t(d("0.5"));
  t.on_mark(ny(kMar5, 9h, 30min), mark("100000"));
  t.on_mark(ny(kMar5, 11h), mark("99700", "0", "-300"));
  auto restored = DailyPnlTracker::restore(t.state(), d("0.5"));
  ASSERT_TRUE(restored);
  EXPECT_EQ(restored->state(), t.state());
  EXPECT_FALSE(restored->on_mark(ny(kMar5, 12h), mark("99450", "0", "-550")));
  EXPECT_EQ(restored->day_start_equity(), d("100000"));
  EXPECT_TRUE(restored->loss_limit_reached());
}

TEST(DailyPnlTracker, MarkFromAnEarlierDayIsIgnored) {
  DailyPnlTracker t;
  t.on_mark(ny(kMar6, 9h, 30min), mark("100000"));
  EXPECT_FALSE(t.on_mark(ny(kMar5, 15h), mark("50000", "0", "-50000")));
  EXPECT_EQ(t.day(), kMar6);
  EXPECT_EQ(t.day_pnl(), d("0"));
}

TEST(DailyPnlTracker, NotStartedThenLimitNeverReached) {
  DailyPnlTracker t;
  EXPECT_FALSE(t.loss_limit_reached());
  EXPECT_FALSE(DailyPnlTracker::restore(DailyPnlState{}, d("0")));
}

}  // namespace
}  // namespace rt::trading

// The pacing scheduler on simulated time: the overall message rate under bursts, orders ahead of
// every queue, and IB's historical-data rules.
#include <gtest/gtest.h>

#include <algorithm>

#include "pacing/pacing_harness.hpp"

namespace rt::ib {
namespace {

using namespace std::chrono_literals;
using test::Harness;
using test::kStart;

TEST(PacingRate, BurstOfThousandRequestsNeverExceedsTheRateInAnyWindow) {
  Harness h;
  for (int i = 0; i < 1000; ++i) h.add(test::other("r" + std::to_string(i)));
  h.run_until(kStart + 60s);
  ASSERT_EQ(h.sent().size(), 1000u);
  EXPECT_LE(test::max_in_any_window(h.sent(), 1s), 45);
  // Bulk requests leave the urgent reserve (5) free in every window...
  EXPECT_LE(test::max_in_any_window(h.sent(), 1s), 40);
  // ...and still use what they may: 1000 at 40 per window (1 s + the 200 ms guard) take about
  // 30 s, not more.
  EXPECT_LT(h.sent().back().at, kStart + 30s);
  EXPECT_EQ(h.s().queued(), 0u);
}

TEST(PacingRate, BurstMixedWithOrdersNeverExceedsTheConfiguredRate) {
  PacingPolicy p;
  p.max_messages_per_second = 50;
  Harness h(p);
  for (int i = 0; i < 1000; ++i) h.add(i % 7 == 0 ? test::order() : test::other());
  // Orders keep arriving while the burst drains.
  h.run_until(kStart + 60s, [&, n = 0]() mutable {
    if (++n % 3 == 0 && n < 300) h.add(test::order("late order"));
  });
  h.run_until(kStart + 90s);  // what the last pass queued
  EXPECT_GE(h.sent().size(), 1000u);
  EXPECT_EQ(h.s().queued(), 0u);
  EXPECT_LE(test::max_in_any_window(h.sent(), 1s), 50);
  EXPECT_GT(test::max_in_any_window(h.sent(), 1s), 40) << "orders may use the reserve";
}

TEST(PacingRate, RequestsWaitOnATimerNotAPoll) {
  Harness h;
  for (int i = 0; i < 100; ++i) h.add(test::other());
  auto first = h.step();
  EXPECT_EQ(first.size(), 40u);
  auto wake = h.s().next_wake(h.now());
  ASSERT_TRUE(wake.has_value());
  EXPECT_EQ(*wake, kStart + 1200ms) << "the first window (with its guard) ends after the first batch";
  EXPECT_TRUE(h.s().next_ready(kStart + 1199ms).empty());
  h.clock().set(*wake);
  EXPECT_EQ(h.step().size(), 40u);
}

TEST(PacingRate, AWindowWrittenLateStillLandsUnderTheLimitOnTheServer) {
  Harness h;
  for (int i = 0; i < 400; ++i) h.add(test::other());
  h.run_until(kStart + 20s);
  ASSERT_EQ(h.sent().size(), 400u);
  // TWS counts what it reads: delay every other window's writes by up to the guard, so one
  // window's burst arrives as late as possible and the next one's on time.
  std::vector<test::Sent> arrived = h.sent();
  for (auto& m : arrived) {
    const auto window = (m.at - kStart) / 1200ms;
    if (window % 2 == 0) m.at += 199ms;
  }
  std::sort(arrived.begin(), arrived.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  EXPECT_LE(test::max_in_any_window(arrived, 1s), 45);
}

TEST(PacingRate, EmptySchedulerHasNothingToWakeFor) {
  Harness h;
  EXPECT_FALSE(h.s().next_wake(h.now()).has_value());
  h.add(test::other());
  EXPECT_EQ(h.s().next_wake(h.now()), h.now());
  h.step();
  EXPECT_FALSE(h.s().next_wake(h.now()).has_value());
}

TEST(PacingOrder, OrdersJumpALongHistoricalQueueAndUseTheReserve) {
  Harness h;
  for (int i = 0; i < 500; ++i) h.add(test::historical("C" + std::to_string(i)));
  auto batch = h.step();
  EXPECT_EQ(batch.size(), 40u) << "the bulk share of the first window";
  // The window's bulk share is spent; an order still goes out at once.
  h.clock().advance(10ms);
  auto id = h.add(test::order("BUY AAPL"));
  auto now_batch = h.step();
  ASSERT_EQ(now_batch.size(), 1u);
  EXPECT_EQ(now_batch[0].id, id);
  EXPECT_EQ(now_batch[0].kind, RequestKind::kOrder);
}

TEST(PacingOrder, OrdersAndCancelsComeFirstInABatch) {
  Harness h;
  for (int i = 0; i < 10; ++i) h.add(test::historical("C" + std::to_string(i)));
  h.add(test::other("contract details"));
  auto cancel = h.add([] {
    auto r = test::order("cancel 7");
    r.kind = RequestKind::kCancel;
    return r;
  }());
  auto buy = h.add(test::order("BUY MSFT"));
  auto batch = h.step();
  ASSERT_EQ(batch.size(), 13u);
  EXPECT_EQ(batch[0].id, cancel);
  EXPECT_EQ(batch[1].id, buy);
  for (std::size_t i = 2; i < batch.size(); ++i) EXPECT_FALSE(is_urgent(batch[i].kind));
}

TEST(PacingOrder, HigherPriorityFirstWithinAClassTier) {
  Harness h;
  auto low = h.add(test::other("low"));
  auto high_req = test::other("high");
  high_req.priority = 10;
  auto high = h.add(std::move(high_req));
  auto batch = h.step();
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0].id, high);
  EXPECT_EQ(batch[1].id, low);
}

TEST(PacingOrder, OrdersAreNeverStarvedByAnEndlessBulkStream) {
  Harness h;
  std::vector<RequestId> orders;
  h.run_until(kStart + 30s, [&, n = 0]() mutable {
    for (int i = 0; i < 5; ++i) h.add(test::other());  // more than the rate can ever drain
    if (++n % 5 == 0) orders.push_back(h.add(test::order()));
  });
  ASSERT_FALSE(orders.empty());
  for (std::size_t i = 0; i + 1 < orders.size(); ++i) {
    EXPECT_TRUE(h.was_sent(orders[i])) << "order " << i << " is still waiting";
  }
  EXPECT_LE(h.s().stats().by_kind[index_of(RequestKind::kOrder)].wait.max(), 1s);
}

TEST(PacingHistorical, IdenticalRequestWithin15sIsDelayed) {
  Harness h;
  auto a = h.add(test::historical("AAPL", "5 secs", "3600 S"));
  h.step();
  ASSERT_TRUE(h.was_sent(a));
  h.s().on_historical_done(a);
  h.clock().advance(1s);
  auto b = h.add(test::historical("AAPL", "5 secs", "3600 S"));
  auto other_symbol = h.add(test::historical("MSFT", "5 secs", "3600 S"));
  h.step();
  EXPECT_FALSE(h.was_sent(b));
  EXPECT_TRUE(h.was_sent(other_symbol)) << "other symbols keep going";
  EXPECT_EQ(h.s().next_wake(h.now()), kStart + 15s);
  h.clock().set(kStart + 15s - 1ms);
  h.step();
  EXPECT_FALSE(h.was_sent(b));
  h.clock().set(kStart + 15s);
  h.step();
  EXPECT_EQ(h.first_sent(b), kStart + 15s);
}

TEST(PacingHistorical, DifferentEndDateIsNotIdentical) {
  Harness h;
  auto a = h.add(test::historical("AAPL", "5 secs", "3600 S", "TRADES", "20250114-21:00:00"));
  auto b = h.add(test::historical("AAPL", "5 secs", "3600 S", "TRADES", "20250114-20:00:00"));
  h.step();
  EXPECT_TRUE(h.was_sent(a));
  EXPECT_TRUE(h.was_sent(b));
}

TEST(PacingHistorical, SixthRequestForOneContractWithin2sWaits) {
  Harness h;
  std::vector<RequestId> ids;
  for (int i = 1; i <= 6; ++i) ids.push_back(h.add(test::historical("AAPL", "1 min", std::to_string(i) + " D")));
  auto msft = h.add(test::historical("MSFT", "1 min", "1 D"));
  auto bid = h.add(test::historical("AAPL", "1 min", "1 D", "BID"));
  h.step();
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(h.was_sent(ids[static_cast<std::size_t>(i)])) << i;
  EXPECT_FALSE(h.was_sent(ids[5]));
  EXPECT_TRUE(h.was_sent(msft)) << "another contract is not held up";
  EXPECT_TRUE(h.was_sent(bid)) << "another whatToShow is another unit";
  h.run_until(kStart + 5s);
  EXPECT_EQ(h.first_sent(ids[5]), kStart + 2s);
}

TEST(PacingHistorical, SixtyFirstSmallBarRequestWithinTenMinutesWaits) {
  Harness h;
  std::vector<RequestId> ids;
  for (int i = 0; i < 61; ++i) ids.push_back(h.add(test::historical("S" + std::to_string(i), "30 secs", "1800 S")));
  auto daily = h.add(test::historical("DAILY", "1 day", "1 Y"));
  // Each request completes right after it is sent, so the 50-open limit plays no part.
  h.run_until(kStart + 10min + 5s, [&] {
    for (const auto& s : h.sent()) h.s().on_historical_done(s.id);
  });
  for (int i = 0; i < 60; ++i) EXPECT_LT(*h.first_sent(ids[static_cast<std::size_t>(i)]), kStart + 2s) << "40/s";
  EXPECT_TRUE(h.was_sent(daily));
  EXPECT_LT(*h.first_sent(daily), kStart + 2s) << "bars above 30 s do not count";
  ASSERT_TRUE(h.was_sent(ids[60]));
  EXPECT_GE(*h.first_sent(ids[60]), *h.first_sent(ids[0]) + 10min);
}

TEST(PacingHistorical, BidAskCountsDoubleTowardTheSmallBarLimit) {
  Harness h;
  std::vector<RequestId> ids;
  for (int i = 0; i < 31; ++i) ids.push_back(h.add(test::historical("S" + std::to_string(i), "5 secs", "1800 S", "BID_ASK")));
  h.run_until(kStart + 5s, [&] {
    for (const auto& s : h.sent()) h.s().on_historical_done(s.id);
  });
  EXPECT_EQ(h.count(RequestKind::kHistorical), 30u);
  EXPECT_FALSE(h.was_sent(ids[30]));
}

TEST(PacingHistorical, FiftyFirstOpenRequestWaitsUntilOneCompletes) {
  Harness h;
  std::vector<RequestId> ids;
  for (int i = 0; i < 51; ++i) ids.push_back(h.add(test::historical("C" + std::to_string(i))));
  h.run_until(kStart + 10s);
  EXPECT_EQ(h.count(RequestKind::kHistorical), 50u);
  EXPECT_EQ(h.s().historical_open(), 50);
  EXPECT_FALSE(h.was_sent(ids[50]));
  EXPECT_FALSE(h.s().next_wake(h.now()).has_value()) << "nothing to wake for until a request completes";
  h.s().on_historical_done(ids[7]);
  EXPECT_EQ(h.s().next_wake(h.now()), h.now());
  h.step();
  EXPECT_TRUE(h.was_sent(ids[50]));
  EXPECT_EQ(h.s().historical_open(), 50);
}

TEST(PacingHistorical, CancelReleasesTheOpenSlot) {
  PacingPolicy p;
  p.max_open_historical = 1;
  Harness h(p);
  auto a = h.add(test::historical("AAPL"));
  auto b = h.add(test::historical("MSFT"));
  h.step();
  EXPECT_FALSE(h.was_sent(b));
  h.clock().advance(1s);
  h.add(test::cancel_of(RequestKind::kHistoricalCancel, a));
  auto batch = h.step();
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0].kind, RequestKind::kHistoricalCancel);
  EXPECT_EQ(batch[1].id, b);
  EXPECT_EQ(h.s().state(a), StreamState::kUnknown);
}

TEST(PacingQueue, EnqueueRejectsRequestsThatCannotBePaced) {
  Harness h;
  PacedRequest no_key;
  no_key.kind = RequestKind::kHistorical;
  EXPECT_FALSE(h.s().enqueue(no_key).has_value());
  auto bad_bar = h.s().enqueue(test::historical("AAPL", "fortnightly"));
  ASSERT_FALSE(bad_bar.has_value());
  EXPECT_EQ(bad_bar.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(bad_bar.error().message.find("fortnightly"), std::string::npos);
  EXPECT_FALSE(h.s().enqueue(test::cancel_of(RequestKind::kMarketDataCancel, kNoRequest)).has_value());
  EXPECT_EQ(h.s().queued(), 0u);
}

TEST(PacingQueue, WithdrawRemovesOnlyWhatWasNotSent) {
  Harness h;
  auto a = h.add(test::historical("AAPL"));
  h.step();
  auto b = h.add(test::historical("MSFT"));
  EXPECT_FALSE(h.s().withdraw(a)) << "already on the server: cancel it instead";
  EXPECT_TRUE(h.s().withdraw(b));
  EXPECT_FALSE(h.s().withdraw(b));
  h.step();
  EXPECT_FALSE(h.was_sent(b));
}

TEST(PacingQueue, CreateRejectsAnInvalidPolicy) {
  ManualClock clock(kStart);
  PacingPolicy p;
  p.max_messages_per_second = 60;
  auto s = PacingScheduler::create(p, clock);
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message.find("max_messages_per_second"), std::string::npos);
}

}  // namespace
}  // namespace rt::ib

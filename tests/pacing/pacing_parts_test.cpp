// The scheduler's building blocks: the sliding window, the wait histogram, bar sizes and the
// policy's validation.
#include <gtest/gtest.h>

#include "ib/pacing/pacing_policy.hpp"
#include "ib/pacing/sliding_window.hpp"
#include "ib/pacing/wait_histogram.hpp"
#include "pacing/pacing_harness.hpp"

namespace rt::ib {
namespace {

using namespace std::chrono_literals;
using test::kStart;

TEST(SlidingWindow, AnEventCountsForExactlyOneSpan) {
  SlidingWindow w(1s);
  w.add(kStart);
  EXPECT_EQ(w.used(kStart), 1);
  EXPECT_EQ(w.used(kStart + 999ms), 1);
  EXPECT_EQ(w.used(kStart + 1s), 0);
}

TEST(SlidingWindow, AvailableAtIsWhenTheOldestBlockingEventExpires) {
  SlidingWindow w(2s);
  w.add(kStart, 1);
  w.add(kStart + 500ms, 2);
  w.add(kStart + 1s, 1);
  EXPECT_EQ(w.available_at(kStart + 1s, 1, 5), kStart + 1s);
  EXPECT_EQ(w.available_at(kStart + 1s, 1, 4), kStart + 2s);
  EXPECT_EQ(w.available_at(kStart + 1s, 2, 4), kStart + 2500ms);
  EXPECT_FALSE(w.available_at(kStart + 1s, 5, 4).has_value());
}

TEST(SlidingWindow, PruneForgetsOnlyExpiredEvents) {
  SlidingWindow w(1s);
  w.add(kStart);
  w.add(kStart + 600ms);
  w.prune(kStart + 1s);
  EXPECT_FALSE(w.empty());
  EXPECT_EQ(w.used(kStart + 1s), 1);
  w.prune(kStart + 1600ms);
  EXPECT_TRUE(w.empty());
}

TEST(WaitHistogram, PercentilesReadOffTheBuckets) {
  WaitHistogram h;
  EXPECT_EQ(h.p50(), Duration{0});
  for (int i = 0; i < 98; ++i) h.record(2ms);
  h.record(700ms);
  h.record(20min);
  EXPECT_EQ(h.count(), 100u);
  EXPECT_EQ(h.p50(), 5ms);
  EXPECT_EQ(h.percentile(0.99), 1000ms);
  EXPECT_EQ(h.percentile(1.0), 20min);
  EXPECT_EQ(h.max(), 20min);
}

TEST(BarSize, SecondsForEveryIbUnit) {
  EXPECT_EQ(bar_size_seconds("1 secs"), 1);
  EXPECT_EQ(bar_size_seconds("30 secs"), 30);
  EXPECT_EQ(bar_size_seconds("1 min"), 60);
  EXPECT_EQ(bar_size_seconds("5 mins"), 300);
  EXPECT_EQ(bar_size_seconds("1 hour"), 3600);
  EXPECT_EQ(bar_size_seconds("1 day"), 86400);
  EXPECT_EQ(bar_size_seconds("1 week"), 7 * 86400);
  EXPECT_FALSE(bar_size_seconds("").has_value());
  EXPECT_FALSE(bar_size_seconds("secs").has_value());
  EXPECT_FALSE(bar_size_seconds("0 secs").has_value());
}

TEST(PacingPolicyValidate, DefaultsAreValidAndFollowIb) {
  PacingPolicy p;
  EXPECT_TRUE(p.validate().has_value());
  EXPECT_EQ(p.max_messages_per_second, 45);
  EXPECT_EQ(p.market_data_lines, 100);
  EXPECT_EQ(p.max_open_historical, 50);
  EXPECT_EQ(p.small_bar_max, 60);
  EXPECT_EQ(p.same_contract_max, 5);
  EXPECT_EQ(p.identical_historical_gap, 15s);
  EXPECT_EQ(p.realtime_bars_max, 60);
}

TEST(PacingPolicyValidate, NamesTheFieldOutOfRange) {
  PacingPolicy p;
  p.max_messages_per_second = 51;
  auto s = p.validate();
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message.find("max_messages_per_second"), std::string::npos);
  p = PacingPolicy{};
  p.market_data_lines = 0;
  s = p.validate();
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message.find("market_data_lines"), std::string::npos);
  p = PacingPolicy{};
  p.max_messages_per_second = 50;
  EXPECT_TRUE(p.validate().has_value()) << "50 is allowed";
}

}  // namespace
}  // namespace rt::ib

#include "ib/backoff.hpp"

#include <gtest/gtest.h>

namespace rt::ib {
namespace {

using namespace std::chrono_literals;

TEST(Backoff, DelaysGrowExponentiallyWithinTheirJitterBand) {
  BackoffConfig c;
  c.initial = 1000ms;
  c.max = 60000ms;
  c.multiplier = 2.0;
  c.jitter = 0.2;
  Backoff b(c, 42);
  double base = 1000;
  for (int i = 0; i < 5; ++i, base *= 2) {
    auto d = b.next_delay().count();
    EXPECT_GE(d, static_cast<long>(base * 0.8) - 1) << "attempt " << i;
    EXPECT_LE(d, static_cast<long>(base * 1.2) + 1) << "attempt " << i;
  }
}

TEST(Backoff, DelaysNeverExceedTheCap) {
  BackoffConfig c;
  c.initial = 1000ms;
  c.max = 5000ms;
  Backoff b(c, 7);
  for (int i = 0; i < 50; ++i) EXPECT_LE(b.next_delay(), 5000ms);
}

TEST(Backoff, ResetStartsOverFromTheInitialDelay) {
  BackoffConfig c;
  c.initial = 100ms;
  c.jitter = 0;
  Backoff b(c);
  b.next_delay();
  b.next_delay();
  EXPECT_EQ(b.next_delay(), 400ms);
  b.reset();
  EXPECT_EQ(b.next_delay(), 100ms);
}

TEST(Backoff, SameSeedGivesTheSameSequence) {
  BackoffConfig c;
  Backoff a(c, 99), b(c, 99);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(a.next_delay(), b.next_delay());
}

TEST(Backoff, DefaultLoginFloorAllowsAtMostSixLoginsAMinute) {
  BackoffConfig c;
  EXPECT_GE(c.min_login_interval, 10000ms);
}

}  // namespace
}  // namespace rt::ib

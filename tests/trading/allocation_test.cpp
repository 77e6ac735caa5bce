// Verifies that the per-bar hot paths (indicators, Hold decisions of strategies, bar aggregation,
// bad-bar checks of good bars) do not touch the heap. Global operator new is replaced in this test
// executable only, so the count covers everything called between the two readings.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "trading/csv_bars.hpp"
#include "trading/data/bad_bar_guard.hpp"
#include "trading/data/bar_aggregator.hpp"
#include "trading/indicators/atr.hpp"
#include "trading/indicators/bollinger_bands.hpp"
#include "trading/indicators/donchian_channel.hpp"
#include "trading/indicators/macd.hpp"
#include "trading/indicators/rate_of_change.hpp"
#include "trading/indicators/rsi.hpp"
#include "trading/indicators/sma.hpp"
#include "trading/indicators/volume_average.hpp"
#include "trading/indicators/z_score.hpp"
#include "trading/strategy/strategy_factory.hpp"

namespace {
std::atomic<long> g_allocations{0};
}

void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace rt::trading {
namespace {

long allocations() { return g_allocations.load(std::memory_order_relaxed); }

TEST(Allocation, IndicatorUpdatesDoNotAllocate) {
  const auto bars = testing::load_daily_bars("orcl-1995-2014.txt");
  Sma sma(20);
  Macd macd;
  Rsi rsi;
  RateOfChange roc(10);
  BollingerBands bb;
  ZScore z;
  Atr atr;
  DonchianChannel dc;
  VolumeAverage va;
  double sink = 0;
  const long before = allocations();
  for (const auto& b : bars) {
    const double c = b.close.to_double();
    sma.update(c);
    macd.update(c);
    rsi.update(c);
    roc.update(c);
    bb.update(c);
    z.update(c);
    atr.update(b.high.to_double(), b.low.to_double(), c);
    dc.update(b.high.to_double(), b.low.to_double());
    va.update(b.volume.to_double());
    sink += sma.value() + macd.value().histogram + rsi.value() + roc.value() + bb.value().upper + z.value() +
            atr.value() + dc.value().upper + va.value();
  }
  EXPECT_EQ(allocations() - before, 0);
  EXPECT_GT(sink, 0.0);
}

TEST(Allocation, StrategyHoldBarsDoNotAllocate) {
  const auto bars = testing::load_daily_bars("orcl-1995-2014.txt");
  for (auto name : kKnownStrategies) {
    auto s = make_strategy(name);
    ASSERT_TRUE(s);
    int signals = 0;
    long signal_allocations = 0;
    const long before = allocations();
    for (const auto& b : bars) {
      const long pre = allocations();
      Signal sig = (*s)->on_bar(b);
      if (!sig.is_hold()) {
        ++signals;
        signal_allocations += allocations() - pre;
      }
    }
    // Only the reason text of Buy/Sell signals is allocated (at most one string per signal).
    EXPECT_EQ(allocations() - before, signal_allocations) << name;
    EXPECT_LE(signal_allocations, signals) << name;
    EXPECT_GT(signals, 0) << name;
  }
}

TEST(Allocation, AggregatingTicksAndCheckingGoodBarsDoNotAllocate) {
  BarAggregator agg(*BarSize::parse("1 min"));
  BadBarGuard guard;
  const Timestamp t0 = std::chrono::sys_days{std::chrono::year{2025} / 6 / 16} + std::chrono::hours{14};
  int bars = 0;
  const long before = allocations();
  for (int i = 0; i < 10000; ++i) {
    const Decimal price = Decimal::from_int(100) + Decimal::from_raw((i % 17) * 1'000'000);
    if (auto bar = agg.on_tick(price, Decimal::from_int(10), t0 + std::chrono::seconds{i})) {
      ++bars;
      EXPECT_TRUE(guard.check(*bar).accepted());
    }
  }
  EXPECT_EQ(allocations() - before, 0);
  EXPECT_GT(bars, 100);
}

}  // namespace
}  // namespace rt::trading

// Market-data hot paths: ticks through the tick -> Quote mapping (QuoteBuilder), 5-second bars
// through the BarAggregator into 1-minute bars, and closed bars through BadBarGuard.
#include <benchmark/benchmark.h>

#include <vector>

#include "ib/market_data/quote_builder.hpp"
#include "trading/data/bad_bar_guard.hpp"
#include "trading/data/bar_aggregator.hpp"
#include "tws/messages/codec.hpp"

namespace {

using rt::Decimal;
using rt::Timestamp;

// A realistic tick mix: bid/ask prices and sizes, last price and size, volume, some delayed.
std::vector<rt::tws::Response> make_ticks(std::size_t n) {
  std::vector<rt::tws::Response> out;
  out.reserve(n);
  const int price_types[] = {1, 2, 4, 66, 67};
  const int size_types[] = {0, 3, 5, 8};
  for (std::size_t i = 0; i < n; ++i) {
    const auto step = static_cast<std::int64_t>(i % 17) - 8;
    if (i % 3 == 0) {
      rt::tws::TickSize t;
      t.req_id = 1;
      t.tick_type = size_types[i % 4];
      t.size = Decimal::from_int(100 + static_cast<std::int64_t>(i % 50));
      out.emplace_back(t);
    } else {
      rt::tws::TickPrice t;
      t.req_id = 1;
      t.tick_type = price_types[i % 5];
      t.price = Decimal::from_raw(150'00000000 + step * 1'000'000);
      t.size = Decimal::from_int(i % 2 == 0 ? 0 : 200);
      out.emplace_back(t);
    }
  }
  return out;
}

void BM_TickToQuote(benchmark::State& state) {
  const auto ticks = make_ticks(4096);
  rt::ib::QuoteBuilder builder;
  Timestamp t{std::chrono::seconds{1'736'951'400}};
  std::uint64_t changes = 0;
  for (auto _ : state) {
    for (const auto& tick : ticks) {
      t += std::chrono::microseconds(100);
      changes += builder.apply(tick, t) ? 1 : 0;
    }
  }
  benchmark::DoNotOptimize(changes);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(ticks.size()));
}
BENCHMARK(BM_TickToQuote);

std::vector<rt::trading::Bar> make_small_bars(std::size_t n) {
  std::vector<rt::trading::Bar> out;
  out.reserve(n);
  Timestamp start{std::chrono::seconds{1'736'951'400}};
  for (std::size_t i = 0; i < n; ++i) {
    rt::trading::Bar b;
    b.start = start + std::chrono::seconds(5 * static_cast<std::int64_t>(i));
    b.length = std::chrono::seconds(5);
    const auto base = 150'00000000 + (static_cast<std::int64_t>(i % 23) - 11) * 1'000'000;
    b.open = Decimal::from_raw(base);
    b.high = Decimal::from_raw(base + 2'000'000);
    b.low = Decimal::from_raw(base - 2'000'000);
    b.close = Decimal::from_raw(base + 1'000'000);
    b.volume = Decimal::from_int(1000);
    b.wap = b.close;
    b.trade_count = 10;
    out.push_back(b);
  }
  return out;
}

void BM_FiveSecondBarsToOneMinute(benchmark::State& state) {
  const auto bars = make_small_bars(12 * 390);  // one session of 5-second bars
  std::uint64_t closed = 0;
  for (auto _ : state) {
    rt::trading::BarAggregator agg(*rt::trading::BarSize::parse("1 min"));
    for (const auto& b : bars) {
      if (agg.on_bar(b)) ++closed;
      if (agg.flush(b.end())) ++closed;
    }
  }
  benchmark::DoNotOptimize(closed);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(bars.size()));
}
BENCHMARK(BM_FiveSecondBarsToOneMinute);

void BM_TradesToOneMinute(benchmark::State& state) {
  const auto ticks = make_ticks(4096);
  std::uint64_t closed = 0;
  for (auto _ : state) {
    rt::trading::BarAggregator agg(*rt::trading::BarSize::parse("1 min"));
    Timestamp t{std::chrono::seconds{1'736'951'400}};
    for (const auto& tick : ticks) {
      t += std::chrono::milliseconds(20);
      if (auto* p = std::get_if<rt::tws::TickPrice>(&tick)) {
        if (agg.on_tick(p->price, Decimal::from_int(100), t)) ++closed;
      }
    }
  }
  benchmark::DoNotOptimize(closed);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(ticks.size()));
}
BENCHMARK(BM_TradesToOneMinute);

void BM_BadBarGuard(benchmark::State& state) {
  const auto bars = make_small_bars(4096);
  std::uint64_t accepted = 0;
  for (auto _ : state) {
    rt::trading::BadBarGuard guard;
    for (const auto& b : bars) accepted += guard.check(b).accepted() ? 1 : 0;
  }
  benchmark::DoNotOptimize(accepted);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(bars.size()));
}
BENCHMARK(BM_BadBarGuard);

}  // namespace

BENCHMARK_MAIN();

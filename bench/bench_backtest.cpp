// Backtest throughput.
// BM_BacktestSmaCross: bars/s on one core for sma_cross 10/20 through the whole live path (bad-bar
//   guard, strategy, sizing, risk, OMS, simulated broker, ledger, equity curve) over >= 10 million
//   one-minute bars made from the real ORCL daily series: the series is played forward, then
//   backward (a bar played backward opens at its close and closes at its open), again and again,
//   so prices stay continuous and real-sized with the real bar-to-bar moves. Bars are generated on
//   the fly (their cost is included). First arg: equity sampled per bar (0) or per day (1); second:
//   sma_cross 10/20 (0, a round trip every ~37 bars) or 100/400 (1, the per-bar path with few trades).
// BM_SweepOrclGrid: a 6 x 9 sma_cross grid (fast 5..30, slow 20..100) over the real ORCL series on
//   a ThreadPool of N threads; items = bars processed by all runs.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "backtest/csv_bars.hpp"
#include "backtest/engine.hpp"
#include "backtest/sweep.hpp"

namespace {

using namespace rt;
using namespace rt::backtest;

const BarSeries& orcl() {
  static const BarSeries series = [] {
    auto s = load_csv_bars(std::string(RT_DATA_DIR) + "/orcl-1995-2014.txt");
    if (!s) std::abort();
    return std::move(*s);
  }();
  return series;
}

constexpr std::int64_t kBars = 10'080'000;  // 1,000 forward/backward passes over ORCL's 5,036 bars (plus)

// Bar i of the replicated series.
class ReplicatedSeries {
 public:
  explicit ReplicatedSeries(const std::vector<trading::Bar>& base) : base_(base) {}
  void bar(std::int64_t i, trading::Bar& out) const {
    const auto n = static_cast<std::int64_t>(base_.size());
    const std::int64_t cycle = 2 * n - 2;
    const std::int64_t j = i % cycle;
    const bool backward = j >= n;
    const trading::Bar& b = base_[static_cast<std::size_t>(backward ? cycle - j : j)];
    out = b;
    if (backward) std::swap(out.open, out.close);
    out.start = kStart + std::chrono::minutes{i};
    out.length = std::chrono::minutes{1};
  }

 private:
  static constexpr Timestamp kStart = Timestamp{std::chrono::seconds{1'104'762'600}};  // 2005-01-03 14:30 UTC
  const std::vector<trading::Bar>& base_;
};

BacktestConfig bench_config() {
  BacktestConfig c;
  c.params = {{"fast", "10"}, {"slow", "20"}};
  c.keep_records = false;
  // Wide limits so that every signal trades (denials would be cheaper than orders).
  c.limits.max_daily_notional = Decimal::from_int(1'000'000'000);
  c.limits.cooldown = Duration{0};
  return c;
}

void BM_BacktestSmaCross(benchmark::State& state) {
  const ReplicatedSeries series(orcl().bars);
  auto config = bench_config();
  config.sampling = state.range(0) == 0 ? EquitySampling::kBar : EquitySampling::kDay;
  if (state.range(1) != 0) config.params = {{"fast", "100"}, {"slow", "400"}};
  std::int64_t trades = 0;
  for (auto _ : state) {
    auto engine = BacktestEngine::create(config, {"ORCL"});
    if (!engine) {
      state.SkipWithError(engine.error().message.c_str());
      return;
    }
    auto& e = **engine;
    if (config.sampling == EquitySampling::kBar) e.reserve_equity(static_cast<std::size_t>(kBars) + 2);
    trading::Bar bar;
    for (std::int64_t i = 0; i < kBars; ++i) {
      series.bar(i, bar);
      (void)e.on_bar(0, bar);
    }
    auto result = e.finish();
    trades = static_cast<std::int64_t>(result.trades.size());
    benchmark::DoNotOptimize(result.final_equity);
  }
  state.SetItemsProcessed(state.iterations() * kBars);
  state.counters["trades"] = static_cast<double>(trades);
}
BENCHMARK(BM_BacktestSmaCross)->Args({0, 0})->Args({1, 0})->Args({0, 1})->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

void BM_SweepOrclGrid(benchmark::State& state) {
  const std::vector<BarSeries> series = {orcl()};
  auto config = bench_config();
  const std::vector<GridAxis> axes = {{"fast", {"5", "10", "15", "20", "25", "30"}},
                                      {"slow", {"20", "30", "40", "50", "60", "70", "80", "90", "100"}}};
  const auto points = grid_points({}, axes);
  for (auto _ : state) {
    auto runs = run_sweep(series, config, points, static_cast<std::size_t>(state.range(0)));
    benchmark::DoNotOptimize(runs.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(points.size() * orcl().bars.size()));
  state.counters["runs/s"] = benchmark::Counter(static_cast<double>(state.iterations() * points.size()),
                                                benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SweepOrclGrid)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

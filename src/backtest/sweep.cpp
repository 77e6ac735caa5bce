#include "backtest/sweep.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <numeric>

#include "backtest/engine.hpp"
#include "backtest/thread_pool.hpp"

namespace rt::backtest {

Result<GridAxis> parse_grid_axis(std::string_view spec) {
  const auto eq = spec.find('=');
  auto bad = [&](const std::string& why) {
    return fail(ErrorCode::kInvalidArgument, "--grid '" + std::string(spec) + "': " + why);
  };
  if (eq == std::string_view::npos || eq == 0 || eq + 1 >= spec.size()) {
    return bad("expected name=from:to:step, name=v1,v2 or name=v");
  }
  GridAxis axis;
  axis.name = std::string(spec.substr(0, eq));
  const std::string_view values = spec.substr(eq + 1);
  if (values.find(':') != std::string_view::npos) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
      const auto colon = values.find(':', start);
      parts.push_back(values.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
      if (colon == std::string_view::npos) break;
      start = colon + 1;
    }
    if (parts.size() != 3) return bad("a range is from:to:step");
    const auto from = Decimal::parse(parts[0]), to = Decimal::parse(parts[1]), step = Decimal::parse(parts[2]);
    if (!from || !to || !step) return bad("from, to and step must be numbers");
    if (*step <= Decimal{}) return bad("step must be positive");
    if (*to < *from) return bad("to must not be below from");
    for (Decimal v = *from; v <= *to; v += *step) {
      axis.values.push_back(v.to_string());
      if (axis.values.size() > 100'000) return bad("more than 100000 values");
    }
  } else {
    std::size_t start = 0;
    while (true) {
      const auto comma = values.find(',', start);
      const auto v = values.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      if (v.empty()) return bad("empty value");
      axis.values.emplace_back(v);
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  }
  return axis;
}

std::vector<trading::StrategyParams> grid_points(const trading::StrategyParams& base, std::span<const GridAxis> axes) {
  std::vector<trading::StrategyParams> points{base};
  for (const auto& axis : axes) {
    std::vector<trading::StrategyParams> next;
    next.reserve(points.size() * axis.values.size());
    for (const auto& p : points) {
      for (const auto& v : axis.values) {
        auto q = p;
        q[axis.name] = v;
        next.push_back(std::move(q));
      }
    }
    points = std::move(next);
  }
  return points;
}

namespace {

SweepRun run_point(std::span<const BarSeries> series, BacktestConfig config, const trading::StrategyParams& params) {
  SweepRun run;
  run.params = params;
  config.params = params;
  config.keep_records = false;
  auto result = run_backtest(series, config);
  if (!result) {
    run.error = result.error().message;
    return run;
  }
  run.ok = true;
  run.metrics = compute_metrics(*result);
  return run;
}

class ProgressCounter {
 public:
  ProgressCounter(const Progress& progress, std::size_t total) : progress_(progress), total_(total) {}
  void step() {
    if (!progress_) return;
    std::lock_guard lock(mutex_);
    progress_(++done_, total_);
  }

 private:
  const Progress& progress_;
  std::size_t total_;
  std::size_t done_ = 0;
  std::mutex mutex_;
};

}  // namespace

std::vector<SweepRun> run_sweep(std::span<const BarSeries> series, const BacktestConfig& base,
                                std::span<const trading::StrategyParams> points, std::size_t threads,
                                const Progress& progress) {
  std::vector<SweepRun> runs(points.size());
  ProgressCounter counter(progress, points.size());
  ThreadPool pool(threads);
  pool.run(points.size(), [&](std::size_t i) {
    runs[i] = run_point(series, base, points[i]);
    counter.step();
  });
  return runs;
}

std::vector<std::size_t> rank_runs(std::span<const SweepRun> runs, std::string_view metric) {
  std::vector<std::size_t> order(runs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (runs[a].ok != runs[b].ok) return runs[a].ok;
    if (!runs[a].ok) return false;
    return rank_value(runs[a].metrics, metric).value_or(0.0) > rank_value(runs[b].metrics, metric).value_or(0.0);
  });
  return order;
}

std::vector<Timestamp> timeline(std::span<const BarSeries> series) {
  std::vector<Timestamp> t;
  for (const auto& s : series) {
    for (const auto& b : s.bars) t.push_back(b.start);
  }
  std::sort(t.begin(), t.end());
  t.erase(std::unique(t.begin(), t.end()), t.end());
  return t;
}

std::vector<WalkForwardWindow> walk_forward_windows(std::size_t bars, std::size_t train, std::size_t test) {
  std::vector<WalkForwardWindow> windows;
  if (train == 0 || test == 0) return windows;
  for (std::size_t begin = 0; begin + train < bars; begin += test) {
    WalkForwardWindow w;
    w.train_begin = begin;
    w.train_end = begin + train;
    w.test_begin = w.train_end;
    w.test_end = std::min(bars, w.test_begin + test);
    windows.push_back(std::move(w));
  }
  return windows;
}

Result<WalkForwardResult> run_walk_forward(std::span<const BarSeries> series, const BacktestConfig& base,
                                           std::span<const trading::StrategyParams> points, std::size_t train,
                                           std::size_t test, std::string_view rank, std::size_t threads,
                                           const Progress& progress) {
  if (train == 0 || test == 0) return fail(ErrorCode::kInvalidArgument, "--train and --test must be positive");
  if (points.empty()) return fail(ErrorCode::kInvalidArgument, "walk-forward needs at least one grid point");
  const auto times = timeline(series);
  WalkForwardResult out;
  out.windows = walk_forward_windows(times.size(), train, test);
  if (out.windows.empty()) {
    return fail(ErrorCode::kInvalidArgument, "walk-forward: " + std::to_string(times.size()) +
                                                 " bars are not enough for --train " + std::to_string(train) +
                                                 " plus a test window");
  }
  const std::size_t per_window = points.size() + 1;
  ProgressCounter counter(progress, out.windows.size() * per_window);
  ThreadPool pool(threads);
  auto at = [&](std::size_t i) { return i < times.size() ? std::optional<Timestamp>(times[i]) : std::nullopt; };

  for (auto& w : out.windows) {
    w.train_from = times[w.train_begin];
    w.test_from = times[w.test_begin];
    w.test_to = w.test_end < times.size() ? times[w.test_end] : times.back() + std::chrono::hours{24 * 7};
    BacktestConfig train_config = base;
    train_config.trade_from = times[w.train_begin];
    train_config.trade_to = at(w.train_end);
    std::vector<SweepRun> runs(points.size());
    pool.run(points.size(), [&](std::size_t i) {
      runs[i] = run_point(series, train_config, points[i]);
      counter.step();
    });
    const auto order = rank_runs(runs, rank);
    const SweepRun& best = runs[order.front()];
    if (!best.ok) return fail(ErrorCode::kInvalidArgument, "walk-forward: no grid point runs: " + best.error);
    w.best = best.params;
    w.train_metrics = best.metrics;
    w.train_score = rank_value(best.metrics, rank).value_or(0.0);

    BacktestConfig test_config = base;
    test_config.params = best.params;
    test_config.keep_records = false;
    test_config.trade_from = times[w.test_begin];
    test_config.trade_to = at(w.test_end);
    auto result = run_backtest(series, test_config);
    if (!result) return std::unexpected(result.error());
    w.test_metrics = compute_metrics(*result);
    w.test_counts = BacktestCounts::of(*result);
    w.test_equity = std::move(result->equity);
    w.test_trades = std::move(result->trades);
    counter.step();
  }

  // Stitch: each test slice's returns continue from where the previous slice ended.
  for (const auto& w : out.windows) {
    out.counts.add(w.test_counts);
    if (w.test_equity.empty()) continue;
    const Decimal first = w.test_equity.front().equity;
    const Decimal level = out.stitched.empty() ? first : out.stitched.back().equity;
    for (std::size_t i = out.stitched.empty() ? 0 : 1; i < w.test_equity.size(); ++i) {
      EquityPoint p = w.test_equity[i];
      p.equity = first.is_zero() ? level : p.equity / first * level;
      out.stitched.push_back(p);
    }
    out.trades.insert(out.trades.end(), w.test_trades.begin(), w.test_trades.end());
  }
  out.stitched_metrics = compute_metrics(out.stitched, out.trades, infer_periods_per_year(out.stitched));
  return out;
}

}  // namespace rt::backtest

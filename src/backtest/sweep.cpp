#include "backtest/sweep.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <mutex>
#include <numeric>

#include "backtest/engine.hpp"
#include "backtest/sweep_task.hpp"
#include "backtest/thread_pool.hpp"
#include "backtest/worker_processes.hpp"
#include "plugins/python_loader.hpp"

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

std::vector<SweepOutcome> run_on_threads(std::span<const BarSeries> series, const BacktestConfig& base,
                                         std::span<const SweepTask> tasks, std::size_t threads,
                                         ProgressCounter& counter) {
  std::vector<SweepOutcome> outcomes(tasks.size());
  ThreadPool pool(threads);
  pool.run(tasks.size(), [&](std::size_t i) {
    outcomes[i] = run_sweep_task(series, base, tasks[i]);
    counter.step();
  });
  return outcomes;
}

// In worker processes; nothing when none can be started (then the caller runs them here).
std::optional<std::vector<SweepOutcome>> run_in_workers(std::span<const BarSeries> series,
                                                        const BacktestConfig& base, std::span<const SweepTask> tasks,
                                                        std::size_t workers, ProgressCounter& counter) {
  std::vector<std::string> encoded;
  encoded.reserve(tasks.size());
  for (const auto& t : tasks) encoded.push_back(encode(t));
  const WorkerServe serve = [&](std::string_view bytes) {
    auto task = decode_task(bytes);
    if (!task) throw std::runtime_error(task.error().message);
    return encode(run_sweep_task(series, base, *task));
  };
  WorkerOptions options;
  options.workers = workers;
  options.fork = [] { return python::fork_process(); };
  options.before_exit = [] { python::flush_output(); };
  auto replies = run_in_worker_processes(encoded, serve, options, [&](std::size_t) { counter.step(); });
  if (!replies) {
    const std::string note = "note: the runs take turns in this process: " + replies.error().message;
    if (base.log) {
      base.log(note);
    } else {
      std::fprintf(stderr, "%s\n", note.c_str());
    }
    return std::nullopt;
  }
  std::vector<SweepOutcome> outcomes(tasks.size());
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    auto& reply = (*replies)[i];
    Result<SweepOutcome> decoded = reply.ok ? decode_outcome(reply.reply) : fail(ErrorCode::kInternal, reply.error);
    if (decoded) {
      outcomes[i] = std::move(*decoded);
    } else {
      outcomes[i].run.failure = RunFailure::kWorkerLost;
      outcomes[i].run.error = decoded.error().message;
    }
    outcomes[i].run.params = tasks[i].params;
  }
  return outcomes;
}

// One after the other on the calling thread: the interpreter's own thread, where a Python call
// needs no thread state made and dropped around it (as it would on a pool thread).
std::vector<SweepOutcome> run_here(std::span<const BarSeries> series, const BacktestConfig& base,
                                   std::span<const SweepTask> tasks, ProgressCounter& counter) {
  std::vector<SweepOutcome> outcomes;
  outcomes.reserve(tasks.size());
  for (const auto& t : tasks) {
    outcomes.push_back(run_sweep_task(series, base, t));
    counter.step();
  }
  return outcomes;
}

// Every task once, results in task order: worker processes for a Python strategy, threads else.
std::vector<SweepOutcome> run_tasks(std::span<const BarSeries> series, const BacktestConfig& base,
                                    std::span<const SweepTask> tasks, std::size_t threads, ProgressCounter& counter) {
  if (!python::is_python_spec(base.strategy)) return run_on_threads(series, base, tasks, threads, counter);
  if (threads != 1 && tasks.size() > 1) {
    if (auto outcomes = run_in_workers(series, base, tasks, threads, counter)) return std::move(*outcomes);
  }
  return run_here(series, base, tasks, counter);  // threads would only take turns on the interpreter
}

}  // namespace

std::vector<SweepRun> run_sweep(std::span<const BarSeries> series, const BacktestConfig& base,
                                std::span<const trading::StrategyParams> points, std::size_t threads,
                                const Progress& progress) {
  std::vector<SweepTask> tasks;
  tasks.reserve(points.size());
  for (const auto& p : points) tasks.push_back({p, base.trade_from, base.trade_to, false});
  ProgressCounter counter(progress, points.size());
  auto outcomes = run_tasks(series, base, tasks, threads, counter);
  std::vector<SweepRun> runs;
  runs.reserve(outcomes.size());
  for (auto& o : outcomes) runs.push_back(std::move(o.run));
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
  auto at = [&](std::size_t i) { return i < times.size() ? std::optional<Timestamp>(times[i]) : std::nullopt; };

  // Every window's train runs at once, then every window's test slice.
  std::vector<SweepTask> train_runs;
  train_runs.reserve(out.windows.size() * points.size());
  for (auto& w : out.windows) {
    w.train_from = times[w.train_begin];
    w.test_from = times[w.test_begin];
    w.test_to = w.test_end < times.size() ? times[w.test_end] : times.back() + std::chrono::hours{24 * 7};
    for (const auto& p : points) train_runs.push_back({p, times[w.train_begin], at(w.train_end), false});
  }
  auto trained = run_tasks(series, base, train_runs, threads, counter);
  std::vector<SweepTask> tests;
  tests.reserve(out.windows.size());
  for (std::size_t k = 0; k < out.windows.size(); ++k) {
    auto& w = out.windows[k];
    std::vector<SweepRun> runs;
    runs.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) runs.push_back(std::move(trained[k * points.size() + i].run));
    const auto order = rank_runs(runs, rank);
    const SweepRun& best = runs[order.front()];
    if (!best.ok) return fail(ErrorCode::kInvalidArgument, "walk-forward: no grid point runs: " + best.error);
    w.best = best.params;
    w.train_metrics = best.metrics;
    w.train_score = rank_value(best.metrics, rank).value_or(0.0);
    tests.push_back({best.params, times[w.test_begin], at(w.test_end), true});
  }
  auto tested = run_tasks(series, base, tests, threads, counter);
  for (std::size_t k = 0; k < out.windows.size(); ++k) {
    auto& w = out.windows[k];
    auto& t = tested[k];
    if (!t.run.ok) {
      return fail(t.run.failure == RunFailure::kRejected ? ErrorCode::kInvalidArgument : ErrorCode::kInternal,
                  "walk-forward window " + std::to_string(k + 1) + " test slice with " + params_text(t.run.params) +
                      ": " + t.run.error + (t.run.detail.empty() ? "" : "\n" + t.run.detail));
    }
    w.test_metrics = t.run.metrics;
    w.test_counts = std::move(t.counts);
    w.test_equity = std::move(t.equity);
    w.test_trades = std::move(t.trades);
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

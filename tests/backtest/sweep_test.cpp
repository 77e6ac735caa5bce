#include "backtest/sweep.hpp"

#include <gtest/gtest.h>

#include "backtest/engine.hpp"
#include "backtest/fixtures.hpp"
#include "backtest/sweep_task.hpp"

namespace rt::backtest {
namespace {

const std::vector<BarSeries>& orcl() {
  static const std::vector<BarSeries> series = [] {
    auto s = load_csv_bars(std::string(RT_DATA_DIR) + "/orcl-1995-2014.txt");
    if (!s) std::abort();
    return std::vector<BarSeries>{std::move(*s)};
  }();
  return series;
}

void expect_same(const Metrics& a, const Metrics& b) {
  EXPECT_EQ(a.total_return, b.total_return);
  EXPECT_EQ(a.sharpe, b.sharpe);
  EXPECT_EQ(a.max_drawdown, b.max_drawdown);
  EXPECT_EQ(a.trades, b.trades);
  EXPECT_EQ(a.final_equity, b.final_equity);
}

TEST(GridAxis, RangeListAndSingleValueSpellings) {
  auto range = parse_grid_axis("fast=5:30:5");
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(range->name, "fast");
  EXPECT_EQ(range->values, (std::vector<std::string>{"5", "10", "15", "20", "25", "30"}));
  auto decimals = parse_grid_axis("z=1:2:0.5");
  ASSERT_TRUE(decimals.has_value());
  EXPECT_EQ(decimals->values, (std::vector<std::string>{"1", "1.5", "2"}));
  auto list = parse_grid_axis("slow=20,50");
  ASSERT_TRUE(list.has_value());
  EXPECT_EQ(list->values, (std::vector<std::string>{"20", "50"}));
  auto bad = parse_grid_axis("fast=5:1:1");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("--grid 'fast=5:1:1'"), std::string::npos);
  EXPECT_FALSE(parse_grid_axis("fast").has_value());
  EXPECT_FALSE(parse_grid_axis("fast=1:2:0").has_value());
}

TEST(GridPoints, CartesianProductWithTheFirstAxisSlowest) {
  const std::vector<GridAxis> axes = {{"fast", {"5", "10"}}, {"slow", {"20", "30", "40"}}};
  const auto points = grid_points({{"x", "1"}}, axes);
  ASSERT_EQ(points.size(), 6u);
  EXPECT_EQ(points[0].at("fast"), "5");
  EXPECT_EQ(points[0].at("slow"), "20");
  EXPECT_EQ(points[1].at("slow"), "30");
  EXPECT_EQ(points[3].at("fast"), "10");
  EXPECT_EQ(points[5].at("x"), "1");
}

TEST(Sweep, EachRunEqualsTheSameBacktestRunAlone) {
  const std::vector<GridAxis> axes = {{"fast", {"5", "10"}}, {"slow", {"20", "40"}}};
  const auto points = grid_points({}, axes);
  BacktestConfig config;
  const auto runs = run_sweep(orcl(), config, points, 2);
  ASSERT_EQ(runs.size(), points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    ASSERT_TRUE(runs[i].ok) << runs[i].error;
    auto alone_config = config;
    alone_config.params = points[i];
    const auto alone = run_backtest(orcl(), alone_config);
    ASSERT_TRUE(alone.has_value());
    expect_same(runs[i].metrics, compute_metrics(*alone));
  }
}

TEST(Sweep, ResultsDoNotDependOnTheNumberOfThreads) {
  const std::vector<GridAxis> axes = {{"fast", {"5", "10", "15"}}, {"slow", {"20", "30", "50"}}};
  const auto points = grid_points({}, axes);
  BacktestConfig config;
  const auto one = run_sweep(orcl(), config, points, 1);
  const auto four = run_sweep(orcl(), config, points, 4);
  ASSERT_EQ(one.size(), four.size());
  for (std::size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(one[i].params, four[i].params);
    expect_same(one[i].metrics, four[i].metrics);
  }
  EXPECT_EQ(rank_runs(one, "sharpe"), rank_runs(four, "sharpe"));
}

TEST(Sweep, PointRejectedByTheStrategyRanksLastWithItsError) {
  const auto points = grid_points({}, std::vector<GridAxis>{{"fast", {"30", "5"}}, {"slow", {"20"}}});
  std::size_t calls = 0;
  const auto runs = run_sweep(orcl(), BacktestConfig{}, points, 2, [&](std::size_t, std::size_t total) {
    ++calls;
    EXPECT_EQ(total, 2u);
  });
  EXPECT_EQ(calls, 2u);
  ASSERT_FALSE(runs[0].ok);
  EXPECT_NE(runs[0].error.find("fast"), std::string::npos);
  EXPECT_TRUE(runs[1].ok);
  EXPECT_EQ(rank_runs(runs, "sharpe"), (std::vector<std::size_t>{1, 0}));
}

TEST(WalkForward, WindowsStepByTheTestLengthAndTheLastOneIsCut) {
  const auto w = walk_forward_windows(1000, 252, 63);
  ASSERT_EQ(w.size(), 12u);  // starts 0, 63, ..., 693; 693 + 252 = 945 < 1000
  EXPECT_EQ(w[0].train_begin, 0u);
  EXPECT_EQ(w[0].train_end, 252u);
  EXPECT_EQ(w[0].test_begin, 252u);
  EXPECT_EQ(w[0].test_end, 315u);
  for (std::size_t i = 1; i < w.size(); ++i) EXPECT_EQ(w[i].test_begin, w[i - 1].test_end);
  EXPECT_EQ(w.back().test_begin, 945u);
  EXPECT_EQ(w.back().test_end, 1000u);
  EXPECT_TRUE(walk_forward_windows(252, 252, 63).empty());
}

TEST(WalkForward, PicksTheBestTrainPointAndStitchesOutOfSampleEquity) {
  const auto points = grid_points({}, std::vector<GridAxis>{{"fast", {"5", "10"}}, {"slow", {"20", "50"}}});
  BacktestConfig config;
  auto wf = run_walk_forward(orcl(), config, points, 1000, 1000, "sharpe", 2);
  ASSERT_TRUE(wf.has_value()) << wf.error().message;
  const auto times = timeline(orcl());
  ASSERT_EQ(wf->windows.size(), 5u);  // 5036 bars: tests start at 1000, 2000, 3000, 4000, 5000
  for (const auto& w : wf->windows) {
    // The chosen point is the best of a separate sweep on the train slice.
    auto train = config;
    train.trade_from = times[w.train_begin];
    train.trade_to = times[w.train_end];
    const auto runs = run_sweep(orcl(), train, points, 1);
    EXPECT_EQ(w.best, runs[rank_runs(runs, "sharpe").front()].params);
    ASSERT_FALSE(w.test_equity.empty());
    EXPECT_EQ(w.test_equity.front().time, times[w.test_begin]);
    EXPECT_LT(w.test_equity.back().time, w.test_end < times.size() ? times[w.test_end] : w.test_to);
  }
  ASSERT_FALSE(wf->stitched.empty());
  EXPECT_EQ(wf->stitched.front().equity, config.starting_cash);
  for (std::size_t i = 1; i < wf->stitched.size(); ++i) EXPECT_LT(wf->stitched[i - 1].time, wf->stitched[i].time);
  // Stitched points: each window's curve minus its starting point (the first window keeps it).
  std::size_t expected = 1;
  for (const auto& w : wf->windows) expected += w.test_equity.size() - 1;
  EXPECT_EQ(wf->stitched.size(), expected);
  // The run's counters are the sums of the test slices', so metrics.json reports them.
  std::int64_t traded = 0, orders = 0, fills = 0;
  for (const auto& w : wf->windows) {
    traded += w.test_counts.traded_bars;
    orders += w.test_counts.orders;
    fills += w.test_counts.fills;
  }
  EXPECT_EQ(traded, 4036);  // from bar 1000 to the end
  EXPECT_EQ(wf->counts.traded_bars, traded);
  EXPECT_EQ(wf->counts.orders, orders);
  EXPECT_EQ(wf->counts.fills, fills);
  EXPECT_GT(wf->counts.fills, 0);
}

TEST(SweepTask, TaskAndOutcomeCrossAsBytesUnchanged) {
  const auto times = timeline(orcl());
  const SweepTask task{{{"fast", "5"}, {"slow", "20"}}, times[1000], std::nullopt, true};
  auto task_back = decode_task(encode(task));
  ASSERT_TRUE(task_back.has_value()) << task_back.error().message;
  EXPECT_EQ(task_back->params, task.params);
  EXPECT_EQ(task_back->trade_from, task.trade_from);
  EXPECT_FALSE(task_back->trade_to.has_value());
  EXPECT_TRUE(task_back->keep_curve);

  const auto outcome = run_sweep_task(orcl(), BacktestConfig{}, *task_back);
  ASSERT_TRUE(outcome.run.ok) << outcome.run.error;
  ASSERT_FALSE(outcome.trades.empty());
  auto back = decode_outcome(encode(outcome));
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_TRUE(back->run.ok);
  expect_same(back->run.metrics, outcome.run.metrics);
  EXPECT_EQ(back->run.metrics.sortino, outcome.run.metrics.sortino);
  ASSERT_EQ(back->equity.size(), outcome.equity.size());
  for (std::size_t i = 0; i < outcome.equity.size(); ++i) {
    EXPECT_EQ(back->equity[i].time, outcome.equity[i].time);
    EXPECT_EQ(back->equity[i].equity, outcome.equity[i].equity);
  }
  ASSERT_EQ(back->trades.size(), outcome.trades.size());
  EXPECT_EQ(back->trades.back().pnl, outcome.trades.back().pnl);
  EXPECT_EQ(back->counts.fills, outcome.counts.fills);
  EXPECT_EQ(back->counts.denials, outcome.counts.denials);
  EXPECT_EQ(back->counts.commissions, outcome.counts.commissions);
  // Cut short, it is refused rather than read as zeros.
  const auto bytes = encode(outcome);
  EXPECT_FALSE(decode_outcome(std::string_view(bytes).substr(0, bytes.size() - 1)).has_value());
}

TEST(SweepTask, ARejectedPointFailsAsRejected) {
  const auto outcome = run_sweep_task(orcl(), BacktestConfig{}, SweepTask{{{"fast", "30"}, {"slow", "20"}}, std::nullopt, std::nullopt, false});
  EXPECT_FALSE(outcome.run.ok);
  EXPECT_EQ(outcome.run.failure, RunFailure::kRejected);
  auto back = decode_outcome(encode(outcome));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->run.failure, RunFailure::kRejected);
  EXPECT_EQ(back->run.error, outcome.run.error);
}

TEST(WalkForward, TooFewBarsIsAnError) {
  const auto points = grid_points({}, {});
  auto wf = run_walk_forward(orcl(), BacktestConfig{}, points, 6000, 100, "sharpe", 1);
  ASSERT_FALSE(wf.has_value());
  EXPECT_NE(wf.error().message.find("not enough"), std::string::npos);
}

}  // namespace
}  // namespace rt::backtest

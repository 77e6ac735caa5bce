#include "backtest/metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "backtest/fixtures.hpp"

namespace rt::backtest {
namespace {

std::vector<EquityPoint> curve(const std::vector<double>& values, Duration step = std::chrono::hours{24}) {
  std::vector<EquityPoint> out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    out.push_back({test::session_open(0) + step * static_cast<long>(i), Decimal::from_double(values[i]), i % 2 == 1});
  }
  return out;
}

TEST(Metrics, AlternatingTenPercentCurveHasHandComputedSharpeAndSortino) {
  // Returns +10%, -10%, +10%: mean 1/30, sample variance 1/75, downside deviation sqrt(0.01 / 3).
  const auto m = compute_metrics(curve({100, 110, 99, 108.9}), {}, 252.0);
  EXPECT_NEAR(m.total_return, 0.089, 1e-12);
  EXPECT_NEAR(m.sharpe, std::sqrt(75.0 * 252.0) / 30.0, 1e-9);
  EXPECT_NEAR(m.sortino, (1.0 / 30.0) / std::sqrt(0.01 / 3.0) * std::sqrt(252.0), 1e-9);
  EXPECT_NEAR(m.volatility, std::sqrt(1.0 / 75.0) * std::sqrt(252.0), 1e-9);
}

TEST(Metrics, MaxDrawdownAndItsDurationFromPeakToRecovery) {
  const auto m = compute_metrics(curve({100, 120, 90, 110, 130, 125}), {}, 252.0);
  EXPECT_NEAR(m.max_drawdown, 0.25, 1e-12);
  EXPECT_EQ(m.max_drawdown_periods, 3);  // the 120 peak (index 1) is regained at index 4
  EXPECT_NEAR(m.max_drawdown_days, 3.0, 1e-9);
  EXPECT_NEAR(m.calmar, m.cagr / 0.25, 1e-12);
}

TEST(Metrics, UnrecoveredDrawdownRunsToTheEnd) {
  const auto m = compute_metrics(curve({100, 90, 95, 97}), {}, 252.0);
  EXPECT_NEAR(m.max_drawdown, 0.10, 1e-12);
  EXPECT_EQ(m.max_drawdown_periods, 3);
}

TEST(Metrics, CagrOverTwoYearsOfDailyPeriods) {
  std::vector<double> v(505, 100.0);
  v.back() = 121.0;  // 504 periods = 2 years at 252
  const auto m = compute_metrics(curve(v), {}, 252.0);
  EXPECT_NEAR(m.years, 2.0, 1e-12);
  EXPECT_NEAR(m.cagr, 0.10, 1e-9);
}

TEST(Metrics, FlatCurveHasZeroRatiosNotNan) {
  const auto m = compute_metrics(curve({100, 100, 100}), {}, 252.0);
  EXPECT_EQ(m.sharpe, 0.0);
  EXPECT_EQ(m.sortino, 0.0);
  EXPECT_EQ(m.max_drawdown, 0.0);
  EXPECT_EQ(m.calmar, 0.0);
}

TEST(Metrics, TradeStatisticsFromRoundTrips) {
  std::vector<TradeRecord> trades(4);
  const char* pnls[] = {"100", "-50", "30", "-20"};
  for (int i = 0; i < 4; ++i) trades[static_cast<std::size_t>(i)].pnl = test::d(pnls[i]);
  const auto m = compute_metrics(curve({100, 101, 102}), trades, 252.0);
  EXPECT_EQ(m.trades, 4);
  EXPECT_DOUBLE_EQ(m.win_rate, 0.5);
  ASSERT_TRUE(m.profit_factor.has_value());
  EXPECT_NEAR(*m.profit_factor, 130.0 / 70.0, 1e-12);
  EXPECT_DOUBLE_EQ(m.avg_win, 65.0);
  EXPECT_DOUBLE_EQ(m.avg_loss, -35.0);
}

TEST(Metrics, ProfitFactorIsEmptyWithoutALosingTrade) {
  std::vector<TradeRecord> trades(1);
  trades[0].pnl = test::d("5");
  EXPECT_FALSE(compute_metrics(curve({100, 101}), trades, 252.0).profit_factor.has_value());
}

TEST(Metrics, ExposureIsTheShareOfPeriodsEndingWithAPosition) {
  // Points 1 and 3 are exposed (odd indices): 2 of 4 periods.
  EXPECT_DOUBLE_EQ(compute_metrics(curve({100, 101, 102, 103, 104}), {}, 252.0).exposure, 0.5);
}

TEST(Metrics, PeriodsPerYearIs252ForDailyAndScalesWithBarsPerDayIntraday) {
  EXPECT_DOUBLE_EQ(infer_periods_per_year(curve(std::vector<double>(10, 100.0))), 252.0);
  // Two New York days of 390 one-minute points each (plus the starting point).
  std::vector<EquityPoint> minutes;
  minutes.push_back({test::session_open(0), Decimal::from_int(100), false});
  for (int day = 0; day < 2; ++day) {
    for (int i = 1; i <= 390; ++i) {
      minutes.push_back({test::session_open(day) + std::chrono::minutes{i}, Decimal::from_int(100), false});
    }
  }
  EXPECT_DOUBLE_EQ(infer_periods_per_year(minutes), 252.0 * 390.0);
}

TEST(Metrics, RankValueNegatesDrawdownAndRejectsUnknownNames) {
  Metrics m;
  m.max_drawdown = 0.2;
  m.sharpe = 1.5;
  EXPECT_EQ(rank_value(m, "max_drawdown"), -0.2);
  EXPECT_EQ(rank_value(m, "sharpe"), 1.5);
  EXPECT_FALSE(rank_value(m, "luck").has_value());
  EXPECT_TRUE(is_rank_name("calmar"));
}

}  // namespace
}  // namespace rt::backtest

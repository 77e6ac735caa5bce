#include "backtest/report_writer.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "backtest/chart.hpp"
#include "backtest/engine.hpp"
#include "backtest/fixtures.hpp"

namespace rt::backtest {
namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(NoTradeReason, SaysNothingWhenOrdersWerePlacedAndNamesTheCountsWhenNoneWere) {
  BacktestResult traded;
  traded.signal_count = 5;
  traded.order_count = 2;
  EXPECT_EQ(no_trade_reason(traded), "");

  BacktestResult silent;
  silent.traded_bars = 20;
  EXPECT_NE(no_trade_reason(silent).find("no signal in 20 traded bars"), std::string::npos) << no_trade_reason(silent);

  BacktestResult clipped;
  clipped.signal_count = 1701;
  clipped.sized_to_zero = 1690;
  clipped.denials = {{"max_open_positions", 6}};
  const auto why = no_trade_reason(clipped);
  EXPECT_NE(why.find("1701 signals, none became an order"), std::string::npos) << why;
  EXPECT_NE(why.find("1690 sized to zero shares"), std::string::npos) << why;
  EXPECT_NE(why.find("6 denied by max_open_positions"), std::string::npos) << why;
  EXPECT_NE(why.find("5 needed no action"), std::string::npos) << why;
}

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "rt_backtest_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::filesystem::path dir_;
};

TEST_F(ReportTest, WritesTradesEquityMetricsAndASelfContainedChart) {
  const std::vector<BarSeries> s = {test::daily_series("AAA", test::kCrossCloses)};
  const auto config = test::wide_config();
  const auto r = run_backtest(s, config);
  ASSERT_TRUE(r.has_value());
  const auto m = compute_metrics(*r);
  const auto out = (dir_ / "out").string();
  ASSERT_TRUE(write_report(out, *r, m, config).has_value());

  const auto trades = read(dir_ / "out" / "trades.csv");
  EXPECT_EQ(trades.substr(0, trades.find('\n')),
            "symbol,side,entry_time,exit_time,quantity,entry_price,exit_price,commissions,pnl,return_pct,bars_held,exit");
  EXPECT_NE(trades.find("AAA,long,"), std::string::npos);
  EXPECT_NE(trades.find(",12.25,11.25,2,-102,"), std::string::npos);

  const auto equity = read(dir_ / "out" / "equity.csv");
  EXPECT_EQ(equity.substr(0, equity.find('\n')), "date,time,equity,drawdown,exposed");
  EXPECT_EQ(std::count(equity.begin(), equity.end(), '\n'), static_cast<long>(r->equity.size() + 1));

  const auto metrics = read(dir_ / "out" / "metrics.json");
  EXPECT_NE(metrics.find("\"sharpe\""), std::string::npos);
  EXPECT_NE(metrics.find("\"max_drawdown\""), std::string::npos);

  const auto html = read(dir_ / "out" / "chart.html");
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("sma_cross fast=2 slow=3"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
}

TEST(Chart, StandaloneSvgDeclaresItsNamespaceAndLabelsTheAxes) {
  auto orcl = load_csv_bars(std::string(RT_DATA_DIR) + "/orcl-1995-2014.txt");
  ASSERT_TRUE(orcl.has_value());
  const std::vector<BarSeries> s = {std::move(*orcl)};
  const auto r = run_backtest(s, BacktestConfig{});
  ASSERT_TRUE(r.has_value());
  ChartInput in;
  in.title = "ORCL";
  in.equity = r->equity;
  const auto svg = chart_svg(in, true);
  EXPECT_NE(svg.find("xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
  EXPECT_NE(svg.find(">2000<"), std::string::npos);  // a year tick
  EXPECT_NE(svg.find("Drawdown"), std::string::npos);
  EXPECT_EQ(chart_svg(in, false).find("http"), std::string::npos);
}

}  // namespace
}  // namespace rt::backtest

#include "backtest/engine.hpp"

#include <gtest/gtest.h>

#include "backtest/fixtures.hpp"
#include "backtest/metrics.hpp"

namespace rt::backtest {
namespace {

using test::d;
using trading::Side;

Result<BacktestResult> run(const std::vector<BarSeries>& series, const BacktestConfig& config) {
  return run_backtest(series, config);
}

TEST(BacktestEngine, SignalOnBarCloseFillsAtTheNextBarsOpen) {
  const std::vector<BarSeries> s = {test::daily_series("AAA", test::kCrossCloses)};
  const auto r = run(s, test::wide_config());
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->signals.size(), 2u);
  EXPECT_EQ(r->signals[0].side, trading::SignalSide::kBuy);
  EXPECT_EQ(r->signals[0].bar_end, s[0].bars[4].end());
  EXPECT_EQ(r->signals[1].side, trading::SignalSide::kSell);
  EXPECT_EQ(r->signals[1].bar_end, s[0].bars[7].end());
  ASSERT_EQ(r->fills.size(), 2u);
  EXPECT_EQ(r->fills[0].side, Side::Buy);
  EXPECT_EQ(r->fills[0].price, d("12.25"));  // bar 5's open, not bar 4's close (12)
  EXPECT_EQ(r->fills[0].time, s[0].bars[5].start);
  EXPECT_EQ(r->fills[0].signal_bar_end, s[0].bars[4].end());
  EXPECT_EQ(r->fills[1].side, Side::Sell);
  EXPECT_EQ(r->fills[1].price, d("11.25"));  // bar 8's open
  EXPECT_EQ(r->fills[1].time, s[0].bars[8].start);
  ASSERT_EQ(r->trades.size(), 1u);
  EXPECT_EQ(r->trades[0].bars_held, 3);
}

TEST(BacktestEngine, WithFillCloseTheSignalFillsAtThatBarsClose) {
  const std::vector<BarSeries> s = {test::daily_series("AAA", test::kCrossCloses)};
  auto config = test::wide_config();
  config.fill = FillTiming::kClose;
  const auto r = run(s, config);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->fills.size(), 2u);
  EXPECT_EQ(r->fills[0].price, d("12"));
  EXPECT_EQ(r->fills[0].time, s[0].bars[4].end());
  EXPECT_EQ(r->fills[1].price, d("11"));
  EXPECT_EQ(r->fills[1].time, s[0].bars[7].end());
}

TEST(BacktestEngine, CommissionAndSlippageAreChargedOnEveryFill) {
  const std::vector<BarSeries> s = {test::daily_series("AAA", test::kCrossCloses)};
  auto config = test::wide_config();
  config.costs.slippage_bps = Decimal::from_int(10);
  const auto r = run(s, config);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->fills.size(), 2u);
  EXPECT_EQ(r->fills[0].price, d("12.26225"));  // 12.25 + 10 bp
  EXPECT_EQ(r->fills[1].price, d("11.23875"));  // 11.25 - 10 bp
  // 100 shares x $0.005 = $0.50, below the $1 minimum.
  EXPECT_EQ(r->fills[0].commission, d("1"));
  EXPECT_EQ(r->fills[1].commission, d("1"));
  ASSERT_EQ(r->trades.size(), 1u);
  EXPECT_EQ(r->trades[0].pnl, d("-104.35"));  // (11.23875 - 12.26225) x 100 - 2
  EXPECT_EQ(r->commissions, d("2"));
  EXPECT_EQ(r->final_equity, d("9895.65"));
  EXPECT_EQ(r->final_cash, d("9895.65"));
}

TEST(CostModel, PerShareCommissionHasAMinimumAndAOnePercentCap) {
  CostModel c;
  EXPECT_EQ(c.commission(d("1000"), d("50")), d("5"));
  EXPECT_EQ(c.commission(d("10"), d("50")), d("1"));
  EXPECT_EQ(c.commission(d("1000"), d("0.2")), d("2"));  // 1 % of $200
}

TEST(BacktestEngine, EquityCurveStartsAtCashAndHasOnePointPerBar) {
  const std::vector<BarSeries> s = {test::daily_series("AAA", test::kCrossCloses)};
  const auto r = run(s, test::wide_config());
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->equity.size(), s[0].bars.size() + 1);
  EXPECT_EQ(r->equity.front().equity, d("10000"));
  EXPECT_EQ(r->equity.back().equity, r->final_equity);
  // Bar 5 closes at 13 holding 100 shares bought at 12.25 with $1 commission.
  EXPECT_EQ(r->equity[6].equity, d("10074"));
  EXPECT_TRUE(r->equity[6].exposed);
  EXPECT_FALSE(r->equity[9].exposed);
}

TEST(BacktestEngine, OrdersGoThroughTheOmsAndItsJournal) {
  const std::vector<BarSeries> s = {test::daily_series("AAA", test::kCrossCloses)};
  auto engine = BacktestEngine::create(test::wide_config(), {"AAA"});
  ASSERT_TRUE(engine.has_value());
  for (const auto& b : s[0].bars) ASSERT_TRUE((*engine)->on_bar(0, b).has_value());
  EXPECT_EQ((*engine)->journal().order_count(), 2);
  ASSERT_EQ((*engine)->journal().orders().size(), 2u);
  EXPECT_EQ((*engine)->journal().orders()[0].intent.purpose, trading::OrderPurpose::Entry);
  EXPECT_EQ((*engine)->journal().orders()[1].intent.purpose, trading::OrderPurpose::Exit);
  EXPECT_EQ((*engine)->ledger().quantity("AAA"), Decimal{});
  const auto r = (*engine)->finish();
  EXPECT_EQ(r.final_equity, (*engine)->ledger().equity());
}

TEST(BacktestEngine, RiskEngineDenialIsRecordedWithItsRule) {
  const std::vector<BarSeries> s = {test::daily_series("AAA", test::kCrossCloses)};
  auto config = test::wide_config();
  config.limits.max_order_notional = Decimal::from_int(1000);  // 100 x 12 = 1200
  const auto r = run(s, config);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->fills.empty());
  ASSERT_EQ(r->signals.size(), 2u);
  EXPECT_EQ(r->signals[0].action, SignalAction::kRiskDenied);
  EXPECT_NE(r->signals[0].detail.find("MaxOrderNotional"), std::string::npos);
  EXPECT_EQ(r->denials.at("MaxOrderNotional"), 1);
  EXPECT_EQ(r->signals[1].action, SignalAction::kNoAction);  // flat, shorts off
}

TEST(BacktestEngine, PortfolioOfTwoFilesSharesCashAndThePositionLimit) {
  // BBB's series is AAA's one bar later: its Buy comes after AAA's entry has filled.
  const std::vector<BarSeries> s = {test::daily_series("AAA", test::kCrossCloses),
                                    test::daily_series("BBB", test::kCrossCloses, 1)};
  auto config = test::wide_config();
  config.limits.max_open_positions = 1;
  const auto limited = run(s, config);
  ASSERT_TRUE(limited.has_value());
  EXPECT_EQ(limited->denials.at("MaxOpenPositions"), 1);
  ASSERT_EQ(limited->trades.size(), 1u);
  EXPECT_EQ(limited->trades[0].symbol, 0u);

  config.limits.max_open_positions = 2;
  const auto both = run(s, config);
  ASSERT_TRUE(both.has_value());
  ASSERT_EQ(both->trades.size(), 2u);
  // One account: final cash is the starting cash plus both round trips.
  EXPECT_EQ(both->final_cash, d("10000") + both->trades[0].pnl + both->trades[1].pnl);
  EXPECT_EQ(both->final_equity, both->final_cash);
  // One curve point per distinct timestamp (11 days) plus the start.
  EXPECT_EQ(both->equity.size(), 12u);
}

TEST(BacktestEngine, BarsBeforeTradeFromOnlyWarmUp) {
  const std::vector<BarSeries> s = {test::daily_series("AAA", test::kCrossCloses)};
  auto config = test::wide_config();
  config.trade_from = s[0].bars[5].start;
  const auto r = run(s, config);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->traded_bars, 5);
  EXPECT_EQ(r->equity.front().time, s[0].bars[5].start);
  // The Buy of bar 4 fell in the warmup; the strategy is warm, so bar 7's Sell is seen (flat: no action).
  ASSERT_EQ(r->signals.size(), 1u);
  EXPECT_EQ(r->signals[0].side, trading::SignalSide::kSell);
  EXPECT_TRUE(r->fills.empty());
}

TEST(BacktestEngine, TrailingStopExitsIntrabarAtItsLevel) {
  // Buy fills at bar 5's open (12.25); the stop sits 5 % below the highest price seen.
  auto series = test::daily_series("AAA", {12, 11, 10, 11, 12, 13, 13, 13, 13, 13});
  series.bars[6].low = d("11");  // a deep intrabar low on bar 6
  const std::vector<BarSeries> s = {series};
  auto config = test::wide_config();
  config.trailing_stop_pct = Decimal::from_int(5);
  const auto r = run(s, config);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->fills.size(), 2u);
  EXPECT_EQ(r->fills[1].purpose, trading::OrderPurpose::Stop);
  // Bar 5 ratchets the water mark to its high 13.5 (level 12.825); bar 6's low 11 crosses 12.825.
  EXPECT_EQ(r->fills[1].price, d("12.825"));
  EXPECT_EQ(r->fills[1].time, series.bars[6].start + Duration{1});
  ASSERT_EQ(r->trades.size(), 1u);
  EXPECT_TRUE(r->trades[0].stopped);
}

TEST(BacktestEngine, OutOfOrderBarIsRefused) {
  const auto s = test::daily_series("AAA", test::kCrossCloses);
  auto engine = BacktestEngine::create(test::wide_config(), {"AAA"});
  ASSERT_TRUE(engine.has_value());
  ASSERT_TRUE((*engine)->on_bar(0, s.bars[3]).has_value());
  EXPECT_FALSE((*engine)->on_bar(0, s.bars[2]).has_value());
}

TEST(BacktestEngine, UnknownStrategyAndBadParametersFailAtCreation) {
  auto config = test::wide_config();
  config.strategy = "astrology";
  EXPECT_FALSE(BacktestEngine::create(config, {"AAA"}).has_value());
  config = test::wide_config();
  config.params = {{"fast", "30"}, {"slow", "20"}};
  auto bad = BacktestEngine::create(config, {"AAA"});
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("fast"), std::string::npos);
}

TEST(BacktestEngine, OrclRunNeverFillsBeforeTheBarThatDecidedIt) {
  auto orcl = load_csv_bars(std::string(RT_DATA_DIR) + "/orcl-1995-2014.txt");
  ASSERT_TRUE(orcl.has_value());
  const std::vector<BarSeries> s = {std::move(*orcl)};
  BacktestConfig config;  // live defaults
  const auto r = run(s, config);
  ASSERT_TRUE(r.has_value());
  ASSERT_GT(r->fills.size(), 50u);
  for (const auto& f : r->fills) EXPECT_GT(f.time, f.signal_bar_end);
  EXPECT_GT(r->trades.size(), 25u);
}

}  // namespace
}  // namespace rt::backtest

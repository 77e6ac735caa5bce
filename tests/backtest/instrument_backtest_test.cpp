// Backtests of instruments other than stocks: the multiplier values P&L, sizing and risk, and a
// future settles only its P&L. Every figure is computed by hand in the test.
#include <gtest/gtest.h>

#include "backtest/engine.hpp"
#include "fixtures.hpp"

namespace rt::backtest {
namespace {

using test::d;
using trading::Side;

// kCrossCloses x 10 + 4000, on ES's quarter-point tick: Buy on bar 4, Sell on bar 7; fills at the
// next bars' opens 4120.25 and 4110.25.
std::vector<double> es_closes() {
  std::vector<double> out;
  for (double c : test::kCrossCloses) out.push_back(c * 10 + 4000);
  return out;
}

BacktestConfig futures_config() {
  BacktestConfig c = test::wide_config();
  c.starting_cash = Decimal::from_int(1'000'000);
  c.sizing.shares = Decimal::from_int(2);
  c.costs.per_contract = d("0.85");
  return c;
}

TEST(FuturesBacktest, ARoundTripOfTwoEsContractsBooksPointsTimesFiftyLessCommissions) {
  const std::vector<BarSeries> s = {test::daily_series("ES.FUT.CME", es_closes())};
  const auto r = run_backtest(s, futures_config());
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->fills.size(), 2u);
  EXPECT_EQ(r->fills[0].price, d("4120.25"));
  EXPECT_EQ(r->fills[0].quantity, d("2"));
  EXPECT_EQ(r->fills[0].commission, d("1.70"));
  EXPECT_EQ(r->fills[1].price, d("4110.25"));
  ASSERT_EQ(r->trades.size(), 1u);
  // (4110.25 - 4120.25) x 2 contracts x 50 = -1000.00, less 4 x 0.85 = 3.40.
  EXPECT_EQ(r->trades[0].pnl, d("-1003.40"));
  EXPECT_EQ(r->final_cash, d("998996.60"));
  EXPECT_EQ(r->final_equity, d("998996.60"));
  EXPECT_NEAR(r->trades[0].return_pct(), -1003.40 / (4120.25 * 2 * 50) * 100, 1e-9);
}

TEST(FuturesBacktest, AnOpenFutureIsWorthItsUnrealizedPnlNotItsNotional) {
  const std::vector<BarSeries> s = {test::daily_series("ES.FUT.CME", es_closes())};
  const auto r = run_backtest(s, futures_config());
  ASSERT_TRUE(r.has_value()) << r.error().message;
  // Bar 5 opens the position at 4120.25 and closes at 4130: 9.75 x 2 x 50 = 975, after the 1.70
  // commission.
  const auto at = std::find_if(r->equity.begin(), r->equity.end(),
                               [&](const EquityPoint& p) { return p.time == s[0].bars[5].end(); });
  ASSERT_NE(at, r->equity.end());
  EXPECT_EQ(at->equity, d("1000973.30")) << at->equity.to_string();
}

TEST(FuturesBacktest, FractionSizingCountsContractsByTheirWholeValue) {
  BacktestConfig c = futures_config();
  c.sizing.method = SizingMethod::kFraction;
  c.sizing.fraction_pct = Decimal::from_int(50);  // 500,000 / (4120 x 50 = 206,000) = 2 contracts
  const std::vector<BarSeries> s = {test::daily_series("ES.FUT.CME", es_closes())};
  const auto r = run_backtest(s, c);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_FALSE(r->fills.empty());
  EXPECT_EQ(r->fills[0].quantity, d("2"));
}

TEST(FuturesBacktest, TheOrderNotionalLimitSeesTheMultiplier) {
  BacktestConfig c = futures_config();
  c.limits.max_order_notional = Decimal::from_int(300'000);  // 2 x 4120 x 50 = 412,000
  c.sizing.method = SizingMethod::kShares;
  const std::vector<BarSeries> s = {test::daily_series("ES.FUT.CME", es_closes())};
  const auto r = run_backtest(s, c);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_TRUE(r->fills.empty());
  EXPECT_EQ(r->denials.count("MaxOrderNotional"), 1u);
}

TEST(FuturesBacktest, AConfiguredInstrumentGivesAnUnknownFutureItsMultiplier) {
  BacktestConfig c = futures_config();
  trading::Instrument fdax;
  fdax.type = trading::SecType::kFuture;
  fdax.symbol = "DAX";
  fdax.exchange = "EUREX";
  fdax.multiplier = Decimal::from_int(25);
  fdax.tick_size = d("0.5");
  c.instruments["DAX.FUT.EUREX"] = fdax;
  c.costs.per_contract = Decimal{};
  const std::vector<BarSeries> s = {test::daily_series("DAX.FUT.EUREX", es_closes())};
  const auto r = run_backtest(s, c);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->trades.size(), 1u);
  // 4120.25 is not on DAX's half-point tick: the buy pays 4120.5, the sell receives 4110.0.
  EXPECT_EQ(r->fills[0].price, d("4120.5"));
  EXPECT_EQ(r->fills[1].price, d("4110"));
  EXPECT_EQ(r->trades[0].pnl, d("-525"));  // -10.5 x 2 x 25
}

TEST(FuturesBacktest, ABadInstrumentNameFailsBeforeAnyBar) {
  const std::vector<BarSeries> s = {test::daily_series("ES.FUT.NYMEX", es_closes())};
  const auto r = run_backtest(s, futures_config());
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("ES trades on CME"), std::string::npos) << r.error().message;
}

TEST(CurrencyBacktest, APairPaysItsNotionalInTheQuoteCurrency) {
  BacktestConfig c = test::wide_config();
  c.starting_cash = Decimal::from_int(100'000);
  c.sizing.shares = Decimal::from_int(20'000);
  c.costs.minimum = Decimal{};
  c.costs.per_share = Decimal{};
  std::vector<double> closes;
  for (double x : test::kCrossCloses) closes.push_back(1 + x / 100);  // 1.12, 1.11, ...
  const std::vector<BarSeries> s = {test::daily_series("EUR.USD", closes)};
  const auto r = run_backtest(s, c);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->trades.size(), 1u);
  // Opens 1.37 (the fixture's open is the close before + 0.25), closes 1.36: -0.01 x 20,000 EUR
  // = -200 USD.
  EXPECT_EQ(r->fills[0].price, d("1.37"));
  EXPECT_EQ(r->trades[0].pnl, d("-200"));
  EXPECT_EQ(r->final_equity, d("99800"));
}

}  // namespace
}  // namespace rt::backtest

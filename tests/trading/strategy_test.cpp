#include <gtest/gtest.h>

#include <vector>

#include "trading/csv_bars.hpp"
#include "trading/strategy/breakout.hpp"
#include "trading/strategy/mean_reversion.hpp"
#include "trading/strategy/momentum.hpp"
#include "trading/strategy/sma_cross.hpp"
#include "trading/strategy/strategy_factory.hpp"

namespace rt::trading {
namespace {

using testing::load_daily_bars;
using testing::make_bar;

std::vector<Signal> run(Strategy& s, const std::vector<double>& closes_in) {
  std::vector<Signal> out;
  int i = 0;
  for (double c : closes_in) out.push_back(s.on_bar(make_bar(c, 1000, i++)));
  return out;
}

std::unique_ptr<Strategy> make(std::string_view name, StrategyParams p = {}) {
  auto s = make_strategy(name, p);
  EXPECT_TRUE(s) << s.error().message;
  return std::move(*s);
}

TEST(SmaCross, FastCrossingAboveSlowThenBuySignalOnThatBarOnly) {
  // fast 2, slow 4. Falling then rising: closes 10,9,8,7,6 then 9,12.
  auto s = make("sma_cross", {{"fast", "2"}, {"slow", "4"}});
  const auto sig = run(*s, {10, 9, 8, 7, 6, 9, 12, 13});
  // bar 5 (close 9): fast = 7.5, slow = 7.5 -> touching, no cross yet.
  // bar 6 (close 12): fast = 10.5, slow = 8.5 -> cross above.
  for (std::size_t i = 0; i < sig.size(); ++i) {
    if (i == 6) {
      EXPECT_EQ(sig[i].side, SignalSide::kBuy) << i;
      EXPECT_EQ(sig[i].reason, "fast SMA 2 crossed above slow SMA 4 (10.5 > 8.5)");
      EXPECT_GT(sig[i].strength, 0.0);
      EXPECT_LE(sig[i].strength, 1.0);
    } else {
      EXPECT_EQ(sig[i].side, SignalSide::kHold) << i;
      EXPECT_TRUE(sig[i].reason.empty());
    }
  }
}

TEST(SmaCross, FastCrossingBelowSlowThenSellSignal) {
  auto s = make("sma_cross", {{"fast", "2"}, {"slow", "4"}});
  const auto sig = run(*s, {10, 11, 12, 13, 14, 11, 8});
  // bar 5: fast 12.5, slow 12.5 (touch); bar 6: fast 9.5 < slow 11.5.
  for (std::size_t i = 0; i < sig.size(); ++i) EXPECT_EQ(sig[i].side, i == 6 ? SignalSide::kSell : SignalSide::kHold) << i;
  EXPECT_EQ(sig[6].reason, "fast SMA 2 crossed below slow SMA 4 (9.5 < 11.5)");
}

TEST(SmaCross, TouchAndReturnIsNotACross) {
  auto s = make("sma_cross", {{"fast", "2"}, {"slow", "4"}});
  // fast above slow, touches (12.5 == 12.5) at bar 5, goes back above (15.5 > 14.5).
  const auto sig = run(*s, {10, 11, 12, 13, 14, 11, 20, 21});
  for (std::size_t i = 0; i < sig.size(); ++i) EXPECT_EQ(sig[i].side, SignalSide::kHold) << i;
}

TEST(SmaCross, AlreadyAboveWhenReadyIsNotACross) {
  auto s = make("sma_cross", {{"fast", "2"}, {"slow", "4"}});
  const auto sig = run(*s, {1, 2, 3, 4, 5, 6});
  for (const auto& x : sig) EXPECT_EQ(x.side, SignalSide::kHold);
  EXPECT_EQ(s->warmup_bars(), 4);
}

TEST(SmaCross, DefaultsAreTenAndTwenty) {
  auto s = make("sma_cross");
  EXPECT_EQ(s->warmup_bars(), 20);
  EXPECT_EQ(s->name(), "sma_cross");
}

void expect_plausible_on_orcl(std::string_view name, int min_signals, int max_signals) {
  const auto bars = load_daily_bars("orcl-1995-2014.txt");
  auto s = make(name);
  int buys = 0;
  int sells = 0;
  SignalSide last = SignalSide::kHold;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Signal sig = s->on_bar(bars[i]);
    if (static_cast<int>(i) < s->warmup_bars()) {
      ASSERT_EQ(sig.side, SignalSide::kHold) << name << " signalled during warmup at bar " << i;
    }
    if (sig.is_hold()) continue;
    EXPECT_FALSE(sig.reason.empty());
    EXPECT_GE(sig.strength, 0.0);
    EXPECT_LE(sig.strength, 1.0);
    EXPECT_NE(sig.side, last) << name << " repeated " << to_string(sig.side) << " at bar " << i;
    last = sig.side;
    (sig.side == SignalSide::kBuy ? buys : sells)++;
  }
  EXPECT_GE(buys + sells, min_signals) << name;
  EXPECT_LE(buys + sells, max_signals) << name;
  EXPECT_GT(buys, 0) << name;
  EXPECT_GT(sells, 0) << name;
  EXPECT_LE(std::abs(buys - sells), 1) << name << " signals should alternate";
}

TEST(Strategies, SmaCrossProducesAPlausibleNumberOfSignalsOnOrcl) { expect_plausible_on_orcl("sma_cross", 100, 800); }
TEST(Strategies, MomentumProducesAPlausibleNumberOfSignalsOnOrcl) { expect_plausible_on_orcl("momentum", 40, 800); }
TEST(Strategies, MeanReversionProducesAPlausibleNumberOfSignalsOnOrcl) {
  expect_plausible_on_orcl("mean_reversion", 20, 600);
}
TEST(Strategies, BreakoutProducesAPlausibleNumberOfSignalsOnOrcl) { expect_plausible_on_orcl("breakout", 20, 600); }

TEST(MeanReversion, SharpDropBelowLowerBandThenBuyAndBackAtMeanThenSell) {
  auto s = make("mean_reversion", {{"period", "10"}, {"rsi_period", "3"}});
  std::vector<double> c = {100, 100.5, 100, 100.5, 100, 100.5, 100, 100.5, 100, 100.5, 100, 90};
  auto sig = run(*s, c);
  EXPECT_EQ(sig.back().side, SignalSide::kBuy) << sig.back().reason;
  EXPECT_NE(sig.back().reason.find("below lower band"), std::string::npos);
  Signal next = s->on_bar(make_bar(91, 1000, 12));
  EXPECT_EQ(next.side, SignalSide::kHold);  // still below the mean, and no second buy
  next = s->on_bar(make_bar(101, 1000, 13));
  EXPECT_EQ(next.side, SignalSide::kSell);
  EXPECT_NE(next.reason.find("back at the mean"), std::string::npos) << next.reason;
}

TEST(Breakout, CloseAboveChannelWithHighVolumeThenBuyButNotOnLowVolume) {
  StrategyParams p{{"entry_period", "3"}, {"exit_period", "3"}, {"volume_period", "3"}};
  auto low_volume = make("breakout", p);
  auto high_volume = make("breakout", p);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(low_volume->on_bar(make_bar(100, 1000, i)).is_hold());
    EXPECT_TRUE(high_volume->on_bar(make_bar(100, 1000, i)).is_hold());
  }
  EXPECT_TRUE(low_volume->on_bar(make_bar(105, 1200, 3)).is_hold());
  const Signal s = high_volume->on_bar(make_bar(105, 2000, 3));
  EXPECT_EQ(s.side, SignalSide::kBuy);
  EXPECT_NE(s.reason.find("broke above the 3-bar high 100.5"), std::string::npos) << s.reason;
}

TEST(Momentum, SteadyRallyThenBuyAndSteadyDeclineThenSell) {
  auto s = make("momentum");
  std::vector<double> c;
  for (int i = 0; i < 60; ++i) c.push_back(100.0 + 0.2 * std::sin(i));
  for (int i = 0; i < 30; ++i) c.push_back(c.back() * 1.01);
  for (int i = 0; i < 40; ++i) c.push_back(c.back() * 0.99);
  const auto sig = run(*s, c);
  int first_buy = -1;
  int first_sell = -1;
  for (int i = 0; i < static_cast<int>(sig.size()); ++i) {
    if (sig[i].side == SignalSide::kBuy && first_buy < 0) first_buy = i;
    if (sig[i].side == SignalSide::kSell && first_sell < 0 && first_buy >= 0) first_sell = i;
  }
  EXPECT_GE(first_buy, 60);
  EXPECT_LT(first_buy, 75);
  EXPECT_GE(first_sell, 90);
  EXPECT_LT(first_sell, 105);
}

TEST(StrategyFactory, UnknownNameThenErrorListsKnownStrategies) {
  auto s = make_strategy("sma_crossover", {});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(s.error().message.find("'sma_crossover'"), std::string::npos);
  for (auto k : kKnownStrategies) EXPECT_NE(s.error().message.find(k), std::string::npos) << k;
}

TEST(StrategyFactory, EveryKnownStrategyBuildsWithDefaults) {
  for (auto k : kKnownStrategies) {
    auto s = make_strategy(k);
    ASSERT_TRUE(s) << k;
    EXPECT_EQ((*s)->name(), k);
    EXPECT_GT((*s)->warmup_bars(), 0);
  }
}

TEST(StrategyParams, OutOfRangeThenErrorNamesParameterAndRange) {
  auto s = make_strategy("sma_cross", {{"fast", "0"}});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("sma_cross: parameter 'fast' = 0 is out of range; allowed 1..1000"),
            std::string::npos)
      << s.error().message;
}

TEST(StrategyParams, NotANumberThenErrorNamesParameter) {
  auto s = make_strategy("mean_reversion", {{"k", "two"}});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("parameter 'k' = 'two' is not a number; allowed 0.5..5"), std::string::npos)
      << s.error().message;
}

TEST(StrategyParams, UnknownParameterThenErrorListsKnownOnes) {
  auto s = make_strategy("breakout", {{"entry_perod", "20"}});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("unknown parameter 'entry_perod'"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("entry_period"), std::string::npos);
}

TEST(StrategyParams, FastNotBelowSlowThenErrorNamesBoth) {
  auto s = make_strategy("sma_cross", {{"fast", "30"}, {"slow", "20"}});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("'fast' (30) must be less than 'slow' (20)"), std::string::npos)
      << s.error().message;
}

TEST(StrategyParams, EveryProblemIsReportedAtOnce) {
  auto s = make_strategy("momentum", {{"rsi_period", "1"}, {"entry", "1.5"}, {"bogus", "x"}});
  ASSERT_FALSE(s);
  const auto& m = s.error().message;
  EXPECT_NE(m.find("'rsi_period'"), std::string::npos) << m;
  EXPECT_NE(m.find("'entry'"), std::string::npos) << m;
  EXPECT_NE(m.find("'bogus'"), std::string::npos) << m;
}

TEST(StrategyParams, ValidTextValuesAreApplied) {
  auto s = make_strategy("sma_cross", {{"fast", "5"}, {"slow", "50"}});
  ASSERT_TRUE(s);
  EXPECT_EQ((*s)->warmup_bars(), 50);
}

}  // namespace
}  // namespace rt::trading

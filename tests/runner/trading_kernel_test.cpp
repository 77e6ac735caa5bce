// Kernel: the per-symbol pipeline the live trader and the backtester share.
#include <gtest/gtest.h>

#include "runner/desk_fixture.hpp"
#include "trading/kernel/kernel.hpp"

namespace rt::trading {
namespace {

// Buys on the bars it is told to, holds otherwise; counts the bars it saw.
class ScriptedStrategy final : public Strategy {
 public:
  ScriptedStrategy(std::vector<int> buy_on, int* seen) : buy_on_(std::move(buy_on)), seen_(seen) {}
  Signal on_bar(const Bar&) override {
    const int n = (*seen_)++;
    for (int b : buy_on_) {
      if (b == n) return Signal{SignalSide::kBuy, 1.0, "scripted buy"};
    }
    return Signal::hold();
  }
  int warmup_bars() const override { return 0; }
  std::string_view name() const override { return "scripted"; }

 private:
  std::vector<int> buy_on_;
  int* seen_;
};

Bar bar_at(int minute, double close) {
  Bar b;
  b.start = Timestamp{std::chrono::seconds(1'736'951'400)} + std::chrono::minutes(minute);
  b.length = std::chrono::minutes(1);
  b.open = b.close = Decimal::from_double(close);
  b.high = Decimal::from_double(close + 1.0);
  b.low = Decimal::from_double(close - 1.0);
  b.volume = Decimal::from_int(1000);
  return b;
}

struct KernelFixture {
  explicit KernelFixture(std::vector<int> buy_on, const std::function<void(DeskConfig&)>& configure = {})
      : desk(configure) {
    KernelConfig c;
    c.atr_period = 3;
    c.make_strategy = [this, buy_on](const std::string&) -> Result<std::unique_ptr<Strategy>> {
      return std::make_unique<ScriptedStrategy>(buy_on, &seen);
    };
    kernel = Kernel::create(std::move(c), *desk.desk).value();
  }
  int seen = 0;
  Desk desk;
  std::unique_ptr<Kernel> kernel;
};

TEST(TradingKernel, AClosedBarReachesTheStrategyAndItsBuyBecomesOneOrderThroughTheDesk) {
  KernelFixture f({1});
  const SymbolId id = f.kernel->add("AAPL").value();
  EXPECT_FALSE(f.kernel->on_bar(id, bar_at(0, 100.0)));
  auto decision = f.kernel->on_bar(id, bar_at(1, 101.0));
  ASSERT_TRUE(decision);
  EXPECT_EQ(decision->symbol, id);
  EXPECT_EQ(decision->price, Decimal::from_double(101.0));
  EXPECT_EQ(decision->bar_end, bar_at(1, 101.0).end());
  EXPECT_FALSE(decision->atr) << "no ATR without ATR sizing";
  const auto outcome = f.kernel->act(*decision, f.desk.clock.now());
  EXPECT_EQ(outcome.action, DeskAction::kSubmitted) << outcome.detail;
  ASSERT_EQ(f.desk.broker.placed.size(), 1u);
  EXPECT_EQ(f.desk.broker.placed[0].intent.symbol, "AAPL");
  EXPECT_EQ(f.kernel->bars(id), 2);
}

TEST(TradingKernel, ABarNotNewerThanTheLastSeenIsIgnoredSoWarmUpHistoryOverlappingTheStreamCountsOnce) {
  KernelFixture f({});
  const SymbolId id = f.kernel->add("AAPL").value();
  EXPECT_FALSE(f.kernel->warm(id, bar_at(0, 100.0)));
  EXPECT_FALSE(f.kernel->warm(id, bar_at(1, 100.0)));
  EXPECT_FALSE(f.kernel->on_bar(id, bar_at(1, 100.0)));  // the stream repeats the last history bar
  EXPECT_FALSE(f.kernel->on_bar(id, bar_at(0, 100.0)));
  EXPECT_EQ(f.seen, 2);
  EXPECT_EQ(f.kernel->bars(id), 0) << "warm-up bars are not counted as traded bars";
  EXPECT_FALSE(f.kernel->on_bar(id, bar_at(2, 100.0)));
  EXPECT_EQ(f.seen, 3);
  EXPECT_EQ(f.kernel->bars(id), 1);
}

TEST(TradingKernel, AWarmUpBarDecidesWithoutActingSoARunThatActsOnceCanActOnTheLastOne) {
  KernelFixture f({0});
  const SymbolId id = f.kernel->add("AAPL").value();
  auto decision = f.kernel->warm(id, bar_at(0, 100.0));
  ASSERT_TRUE(decision);
  EXPECT_TRUE(f.desk.broker.placed.empty());
  EXPECT_EQ(f.kernel->act(*decision, f.desk.clock.now()).action, DeskAction::kSubmitted);
}

TEST(TradingKernel, UnderAtrSizingADecisionCarriesTheAtrOnceItIsReady) {
  KernelFixture f({1, 3}, [](DeskConfig& c) { c.sizing.method = SizingMethod::kAtr; });
  const SymbolId id = f.kernel->add("AAPL").value();
  (void)f.kernel->on_bar(id, bar_at(0, 100.0));
  auto early = f.kernel->on_bar(id, bar_at(1, 100.0));
  ASSERT_TRUE(early);
  EXPECT_FALSE(early->atr) << "two bars of a 3-bar ATR";
  (void)f.kernel->on_bar(id, bar_at(2, 100.0));
  auto ready = f.kernel->on_bar(id, bar_at(3, 100.0));
  ASSERT_TRUE(ready);
  ASSERT_TRUE(ready->atr);
  EXPECT_DOUBLE_EQ(*ready->atr, 2.0);  // every bar's range is high - low = 2
}

TEST(TradingKernel, ABookedFillGivesThePositionItsStopAndAPriceThroughTheStopExits) {
  KernelFixture f({});
  const SymbolId id = f.kernel->add("AAPL").value();
  Fill fill;
  fill.exec_id = "e1";
  fill.symbol = "AAPL";
  fill.side = Side::Buy;
  fill.quantity = Decimal::from_int(100);
  fill.price = Decimal::from_int(100);
  fill.time = f.desk.clock.now();
  ASSERT_TRUE(f.desk.ledger.apply(fill));
  f.kernel->on_fill(id, BookedFill{fill, Decimal{}, Decimal::from_int(100), Decimal{}});
  const StopState* stop = f.desk.desk->stops().find("AAPL");
  ASSERT_NE(stop, nullptr);
  EXPECT_EQ(stop->level, Decimal::from_int(95));  // the fixture's 5 % trailing stop
  EXPECT_FALSE(f.kernel->on_price(id, f.desk.price(99.0)));
  auto exit = f.kernel->on_price(id, f.desk.price(94.0));
  ASSERT_TRUE(exit);
  EXPECT_EQ(exit->action, DeskAction::kSubmitted) << exit->detail;
  ASSERT_EQ(f.desk.broker.placed.size(), 1u);
  EXPECT_EQ(f.desk.broker.placed[0].intent.purpose, OrderPurpose::Stop);
}

TEST(TradingKernel, AddingASymbolTwiceGivesOneIdAndABadStrategyIsRefusedByName) {
  KernelFixture f({});
  EXPECT_EQ(f.kernel->add("AAPL").value(), f.kernel->add("AAPL").value());
  EXPECT_EQ(f.kernel->add("MSFT").value(), 1u);
  EXPECT_EQ(f.kernel->size(), 2u);
  EXPECT_EQ(f.kernel->find("MSFT"), std::optional<SymbolId>(1));
  EXPECT_FALSE(f.kernel->find("IBM"));

  KernelConfig c;
  c.make_strategy = builtin_strategy("no_such_strategy", {});
  auto k = Kernel::create(std::move(c), *f.desk.desk).value();
  auto added = k->add("AAPL");
  ASSERT_FALSE(added);
  EXPECT_NE(added.error().message.find("no_such_strategy"), std::string::npos) << added.error().message;
  EXPECT_FALSE(Kernel::create(KernelConfig{}, *f.desk.desk));
}

}  // namespace
}  // namespace rt::trading

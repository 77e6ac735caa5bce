// A strategy on the public API (robotrader/strategy.hpp) driven through the kernel and the desk.
#include <gtest/gtest.h>

#include <stdexcept>

#include "robotrader/strategy.hpp"
#include "runner/desk_fixture.hpp"
#include "trading/kernel/kernel.hpp"
#include "trading/strategy/api_strategy.hpp"

namespace rt::trading {
namespace {

// What the test wants the strategy to do on each bar, and what it saw.
struct Script {
  std::function<void(robotrader::Context&, const robotrader::Bar&)> on_bar;
  std::vector<robotrader::Fill> fills;
  std::vector<robotrader::Denial> denials;
  int started = 0;
  int stopped = 0;
};

class Scripted final : public robotrader::Strategy {
 public:
  explicit Scripted(Script& s) : s_(s) {}
  robotrader::Params defaults() const override { return {{"fast", std::int64_t{10}}, {"slow", std::int64_t{20}}}; }
  void on_start(robotrader::Context&) override { ++s_.started; }
  void on_bar(robotrader::Context& ctx, const robotrader::Bar& bar) override {
    if (s_.on_bar) s_.on_bar(ctx, bar);
  }
  void on_fill(robotrader::Context&, const robotrader::Fill& f) override { s_.fills.push_back(f); }
  void on_order_denied(robotrader::Context&, const robotrader::Denial& d) override { s_.denials.push_back(d); }
  void on_stop(robotrader::Context&) override { ++s_.stopped; }

 private:
  Script& s_;
};

Bar minute(int i, double close) {
  Bar b;
  b.start = Timestamp{std::chrono::seconds(1'736'951'400)} + std::chrono::minutes(i);
  b.length = std::chrono::minutes(1);
  b.open = b.high = b.low = b.close = Decimal::from_double(close);
  b.volume = Decimal::from_int(1000 + i);
  return b;
}

struct ApiFixture {
  ApiFixture() {
    KernelConfig c;
    c.make_strategy = [this](const std::string&) -> Result<std::unique_ptr<Strategy>> {
      auto api = std::make_unique<Scripted>(script);
      auto params = resolve_params("scripted", api->defaults(), {}).value();
      auto s = std::make_unique<ApiStrategy>(std::move(api), std::move(params), "scripted");
      strategy = s.get();
      return s;
    };
    c.log = [this](const std::string& line) { logs.push_back(line); };
    kernel = Kernel::create(std::move(c), *desk.desk).value();
    id = kernel->add("AAPL").value();
  }
  // A bar through the kernel; an order it decides is sent and filled at the close.
  DeskOutcome bar(int i, double close) {
    const Bar b = minute(i, close);
    desk.clock.set(b.end());
    auto d = kernel->on_bar(id, b);
    if (!d) return {};
    auto out = kernel->act(*d, desk.clock.now());
    if (out.action != DeskAction::kSubmitted) return out;
    const auto& placed = desk.broker.placed.back().intent;
    Fill f;
    f.exec_id = "e" + std::to_string(++execs);
    f.symbol = "AAPL";
    f.side = placed.side;
    f.quantity = placed.quantity;
    f.price = b.close;
    f.time = b.end();
    f.order_ref = out.detail;
    const Decimal before = desk.ledger.quantity("AAPL");
    (void)desk.oms.on_fill(f);
    auto delta = desk.ledger.apply(f);
    kernel->on_fill(id, BookedFill{f, before, desk.ledger.quantity("AAPL"), delta ? delta->realized : Decimal{}});
    return out;
  }
  Script script;
  Desk desk;
  std::unique_ptr<Kernel> kernel;
  ApiStrategy* strategy = nullptr;
  SymbolId id = 0;
  std::vector<std::string> logs;
  int execs = 0;
};

TEST(ApiStrategy, BuyingAHundredSharesSendsAHundredSharesThroughTheDeskAndTheFillComesBack) {
  ApiFixture f;
  EXPECT_EQ(f.script.started, 1);
  f.script.on_bar = [](robotrader::Context& ctx, const robotrader::Bar& bar) {
    if (ctx.position(bar.symbol) == 0.0) ctx.buy(bar.symbol, 100);
  };
  auto out = f.bar(0, 99.5);
  ASSERT_EQ(out.action, DeskAction::kSubmitted) << out.detail;
  EXPECT_EQ(f.desk.broker.placed.back().intent.quantity, Decimal::from_int(100));
  ASSERT_EQ(f.script.fills.size(), 1u);
  EXPECT_EQ(f.script.fills[0].side, "BUY");
  EXPECT_DOUBLE_EQ(f.script.fills[0].qty, 100.0);
  EXPECT_DOUBLE_EQ(f.script.fills[0].price, 99.5);
  EXPECT_DOUBLE_EQ(f.strategy->params().at("fast") == robotrader::ParamValue{std::int64_t{10}} ? 1.0 : 0.0, 1.0);

  f.script.on_bar = [](robotrader::Context& ctx, const robotrader::Bar& bar) { ctx.close(bar.symbol); };
  out = f.bar(1, 101.0);
  ASSERT_EQ(out.action, DeskAction::kSubmitted) << out.detail;
  EXPECT_EQ(f.desk.broker.placed.back().intent.purpose, OrderPurpose::Exit);
  EXPECT_TRUE(f.desk.ledger.quantity("AAPL").is_zero());
  f.kernel->stop();
  EXPECT_EQ(f.script.stopped, 1);
}

TEST(ApiStrategy, HistoryIsOldestFirstEndsWithTheCurrentBarAndIsShorterWhileWarmingUp) {
  ApiFixture f;
  std::vector<std::vector<double>> seen;
  f.script.on_bar = [&](robotrader::Context& ctx, const robotrader::Bar& bar) {
    seen.push_back(ctx.history(bar.symbol, "close", 3));
  };
  for (int i = 0; i < 4; ++i) (void)f.bar(i, 100.0 + i);
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0], (std::vector<double>{100.0}));
  EXPECT_EQ(seen[1], (std::vector<double>{100.0, 101.0}));
  EXPECT_EQ(seen[3], (std::vector<double>{101.0, 102.0, 103.0}));
}

TEST(ApiStrategy, WhatTheDeskDidNotSendComesBackAsADenialWithItsReason) {
  ApiFixture f;
  f.script.on_bar = [](robotrader::Context& ctx, const robotrader::Bar& bar) {
    ctx.buy(bar.symbol, 50);
    ctx.buy("MSFT", 10);  // not this strategy's symbol
  };
  ASSERT_EQ(f.bar(0, 100.0).action, DeskAction::kSubmitted);
  ASSERT_EQ(f.script.denials.size(), 1u);
  EXPECT_EQ(f.script.denials[0].symbol, "MSFT");
  EXPECT_NE(f.script.denials[0].reason.find("the symbol whose bars it is given"), std::string::npos);
  f.script.on_bar = [](robotrader::Context& ctx, const robotrader::Bar& bar) { ctx.buy(bar.symbol, 50); };
  EXPECT_NE(f.bar(1, 100.0).action, DeskAction::kSubmitted);
  ASSERT_EQ(f.script.denials.size(), 2u);
  EXPECT_NE(f.script.denials[1].reason.find("adding to a position is not supported"), std::string::npos)
      << f.script.denials[1].reason;
}

TEST(ApiStrategy, AStrategyThatThrowsIsStoppedAndLoggedAndItsSymbolTakesNoNewOrder) {
  ApiFixture f;
  f.script.on_bar = [](robotrader::Context&, const robotrader::Bar&) { throw std::runtime_error("division by zero"); };
  EXPECT_EQ(f.bar(0, 100.0).action, DeskAction::kNoAction);
  ASSERT_FALSE(f.strategy->failure().empty());
  EXPECT_NE(f.strategy->failure().find("on_bar raised: division by zero"), std::string::npos);
  EXPECT_EQ(f.kernel->failures().size(), 1u);
  ASSERT_FALSE(f.logs.empty());
  EXPECT_NE(f.logs.back().find("STRATEGY FAILED scripted AAPL"), std::string::npos) << f.logs.back();
  f.script.on_bar = [](robotrader::Context& ctx, const robotrader::Bar& bar) { ctx.buy(bar.symbol, 10); };
  (void)f.bar(1, 100.0);
  EXPECT_TRUE(f.desk.broker.placed.empty()) << "a failed strategy sends nothing more";
}

TEST(ApiStrategy, AFailureIsSummedUpByItsCallbackAndTheTracebacksLastLine) {
  EXPECT_EQ(failure_summary("ORCL: on_bar raised: Traceback (most recent call last):\n  File \"x.py\", line 5\n"
                            "ValueError: boom\n"),
            "ORCL: on_bar raised: ValueError: boom");
  EXPECT_EQ(failure_summary("on_fill raised: division by zero"), "on_fill raised: division by zero");
}

TEST(ApiStrategy, ParametersOverrideTheirDefaultsByTypeAndAnUnknownOneNamesTheKnownOnes) {
  const robotrader::Params defaults{{"fast", std::int64_t{10}}, {"ratio", 0.5}, {"on", true}, {"tag", std::string("x")}};
  auto good = resolve_params("SmaCross", defaults, {{"fast", "5"}, {"ratio", "0.25"}, {"on", "false"}, {"tag", "y"}});
  ASSERT_TRUE(good) << good.error().message;
  EXPECT_EQ(to_string(*good), "fast=5 on=false ratio=0.25 tag=y");
  auto unknown = resolve_params("SmaCross", defaults, {{"fats", "5"}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "SmaCross: unknown parameter 'fats' (known: fast, on, ratio, tag)");
  auto typed = resolve_params("SmaCross", defaults, {{"fast", "5.5"}});
  ASSERT_FALSE(typed);
  EXPECT_EQ(typed.error().message, "SmaCross: parameter fast = '5.5' is not an integer");
}

}  // namespace
}  // namespace rt::trading

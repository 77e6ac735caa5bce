// TradingDesk: the shared signal -> order step. An in-memory journal and a broker that only counts.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "backtest/memory_journal.hpp"
#include "trading/desk/trading_desk.hpp"
#include "trading/portfolio/ledger.hpp"

namespace rt::trading {
namespace {

class CountingBroker final : public Broker {
 public:
  Result<std::int64_t> place(const Order& order) override {
    placed.push_back(order);
    return static_cast<std::int64_t>(placed.size());
  }
  Status cancel(const Order&) override { return {}; }
  std::vector<Order> placed;
};

class LedgerAccount final : public DeskAccount {
 public:
  LedgerAccount(const Ledger& ledger, const Oms*& oms) : ledger_(ledger), oms_(oms) {}
  Decimal equity() const override { return ledger_.equity(); }
  Decimal cash() const override { return ledger_.cash(); }
  Decimal held(const std::string& s) const override { return ledger_.quantity(s); }
  bool has_working_order(const std::string& s) const override {
    for (const auto& o : oms_->open_orders()) {
      if (o.intent.symbol == s) return true;
    }
    return false;
  }
  void open_positions(std::map<std::string, RiskPosition>& out) const override {
    for (const auto& p : ledger_.positions()) {
      if (!p.quantity.is_zero()) out[p.symbol] = RiskPosition{p.quantity, p.avg_cost, std::nullopt, p.mark};
    }
  }

 private:
  const Ledger& ledger_;
  const Oms*& oms_;
};

struct Desk {
  Desk() {
    limits.max_open_positions = 50;
    limits.max_daily_notional = Decimal::from_int(10'000'000);
    oms_ptr = &oms;
    DeskConfig c;
    c.trailing_stop_pct = Decimal::from_int(5);
    desk = TradingDesk::create(limits, c, clock, oms, journal, account).value();
  }
  ManualClock clock{Timestamp{std::chrono::seconds(1'736'951'400)}};  // 2025-01-15 14:30 UTC
  RiskLimits limits;
  CountingBroker broker;
  backtest::MemoryJournal journal;
  Ledger ledger{Decimal::from_int(1'000'000)};
  Oms oms{clock, broker, journal, [this](const std::string& s) { return ledger.quantity(s); }, OmsConfig{}};
  const Oms* oms_ptr = nullptr;
  LedgerAccount account{ledger, oms_ptr};
  std::unique_ptr<TradingDesk> desk;

  PriceView price(double p) { return PriceView{Decimal::from_double(p), clock.now(), PriceQuality::Fresh}; }
  void fill(const std::string& symbol, Side side, int qty, double price) {
    static int exec = 0;
    Fill f;
    f.exec_id = "e" + std::to_string(++exec);
    f.symbol = symbol;
    f.side = side;
    f.quantity = Decimal::from_int(qty);
    f.price = Decimal::from_double(price);
    f.time = clock.now();
    const Decimal before = ledger.quantity(symbol);
    ASSERT_TRUE(ledger.apply(f));
    desk->on_position(symbol, before, ledger.quantity(symbol), f.price, f.time, side);
  }
};

Signal buy() { return Signal{SignalSide::kBuy, 1.0, "test buy"}; }

TEST(TradingDesk, TwentySymbolsSignallingOnTheSameBarGiveExactlyOneOrderEach) {
  Desk d;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 20; ++i) {
      const std::string s = "S" + std::to_string(i);
      auto out = d.desk->on_signal(s, buy(), d.price(100.0));
      if (round == 0) {
        EXPECT_EQ(out.action, DeskAction::kSubmitted) << s << ": " << out.detail;
      } else {
        EXPECT_NE(out.action, DeskAction::kSubmitted) << s;
      }
    }
  }
  EXPECT_EQ(d.broker.placed.size(), 20u);
  std::map<std::string, int> per_symbol;
  for (const auto& o : d.broker.placed) ++per_symbol[o.intent.symbol];
  for (const auto& [s, n] : per_symbol) EXPECT_EQ(n, 1) << s;
}

TEST(TradingDesk, DailyLossTripsTheKillSwitchButTheStopStillExits) {
  Desk d;
  d.desk->mark(d.clock.now(), DailyPnlTracker::mark_of(d.ledger));
  d.fill("AAPL", Side::Buy, 100, 100.0);
  ASSERT_NE(d.desk->stops().find("AAPL"), nullptr);
  // A big loss elsewhere: day P&L far below the 0.5 % limit.
  d.fill("MSFT", Side::Buy, 1000, 100.0);
  d.clock.advance(std::chrono::minutes(5));
  d.fill("MSFT", Side::Sell, 1000, 90.0);
  d.desk->mark(d.clock.now(), DailyPnlTracker::mark_of(d.ledger));
  EXPECT_TRUE(d.desk->apply_loss_limit(d.clock.now()));
  EXPECT_TRUE(d.desk->kill_switch().engaged());
  EXPECT_EQ(d.desk->kill_switch().kind(), KillSwitchKind::Loss);

  auto entry = d.desk->on_signal("NVDA", buy(), d.price(50.0));
  EXPECT_EQ(entry.action, DeskAction::kRiskDenied);
  EXPECT_EQ(entry.rule, "KillSwitch");
  ASSERT_FALSE(d.journal.denials().empty());
  EXPECT_EQ(d.journal.denials().back().rule, DenialRule::RiskLimit);

  d.clock.advance(std::chrono::minutes(1));
  auto stop = d.desk->on_price("AAPL", d.price(94.0));
  ASSERT_TRUE(stop.has_value());
  EXPECT_EQ(stop->action, DeskAction::kSubmitted) << stop->detail;
  ASSERT_TRUE(stop->intent.has_value());
  EXPECT_EQ(stop->intent->purpose, OrderPurpose::Stop);
  EXPECT_EQ(stop->intent->side, Side::Sell);
  EXPECT_EQ(stop->intent->quantity, Decimal::from_int(100));
}

// A symbol whose book disagrees with the broker's takes no order at all: not an entry, not the
// exit a sell signal would make, not its stop (selling shares the broker may not hold opens a
// short). The other symbols trade on; a release re-opens it.
TEST(TradingDesk, AHaltedSymbolTakesNoOrderOfAnyKindUntilReleased) {
  Desk d;
  d.fill("MSFT", Side::Buy, 16, 100.0);
  ASSERT_NE(d.desk->stops().find("MSFT"), nullptr);
  d.desk->halt("MSFT", "books disagree with the broker: broker 0, ledger 16");
  auto exit = d.desk->on_signal("MSFT", Signal{SignalSide::kSell, 1.0, "test sell"}, d.price(101.0));
  EXPECT_EQ(exit.action, DeskAction::kRiskDenied);
  EXPECT_EQ(exit.rule, "symbol_halted");
  EXPECT_FALSE(d.desk->on_price("MSFT", d.price(50.0)).has_value());  // far through the stop
  auto other = d.desk->on_signal("AAPL", buy(), d.price(100.0));
  EXPECT_EQ(other.action, DeskAction::kSubmitted) << other.detail;
  EXPECT_EQ(d.broker.placed.size(), 1u);
  ASSERT_FALSE(d.journal.denials().empty());
  EXPECT_NE(d.journal.denials().back().reason.find("symbol_halted"), std::string::npos);
  EXPECT_TRUE(d.desk->release("MSFT"));
  auto after = d.desk->on_price("MSFT", d.price(50.0));
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->action, DeskAction::kSubmitted) << after->detail;
}

TEST(TradingDesk, AKillSwitchStateWrittenByAnotherProcessIsTakenAsIs) {
  Desk d;
  KillSwitchState engaged{true, KillSwitchKind::Manual, "from the cli", d.clock.now(), "", "", {}};
  ASSERT_TRUE(d.desk->adopt_kill_switch(engaged));
  EXPECT_EQ(d.desk->kill_switch().state(), engaged);
  EXPECT_EQ(d.desk->on_signal("AAPL", buy(), d.price(100.0)).action, DeskAction::kRiskDenied);
  KillSwitchState cleared{false, KillSwitchKind::None, "", d.clock.now(), "ops", "checked", d.clock.now()};
  ASSERT_TRUE(d.desk->adopt_kill_switch(cleared));
  EXPECT_EQ(d.desk->on_signal("AAPL", buy(), d.price(100.0)).action, DeskAction::kSubmitted);
  KillSwitchState broken{true, KillSwitchKind::None, "", {}, "", "", {}};
  EXPECT_FALSE(d.desk->adopt_kill_switch(broken));
}

TEST(TradingDesk, DryRunDecidesButSendsNothing) {
  Desk d;
  DeskConfig c;
  c.dry_run = true;
  d.desk = TradingDesk::create(d.limits, c, d.clock, d.oms, d.journal, d.account).value();
  auto out = d.desk->on_signal("AAPL", buy(), d.price(100.0));
  EXPECT_EQ(out.action, DeskAction::kDryRun);
  ASSERT_TRUE(out.intent.has_value());
  EXPECT_GT(out.intent->quantity, Decimal{});
  EXPECT_TRUE(d.broker.placed.empty());
}

TEST(TradingDesk, StopsAndKillSwitchRoundTripThroughRestore) {
  Desk d;
  d.fill("AAPL", Side::Buy, 10, 200.0);
  (void)d.desk->trip_kill_switch(KillSwitchKind::Manual, "operator", d.clock.now());
  const auto stops = d.desk->stops().state();
  const auto ks = d.desk->kill_switch().state();
  Desk e;
  ASSERT_TRUE(e.desk->restore(stops, ks, std::nullopt));
  EXPECT_EQ(e.desk->stops().state(), stops);
  EXPECT_TRUE(e.desk->kill_switch().engaged());
  EXPECT_EQ(e.desk->kill_switch().kind(), KillSwitchKind::Manual);
}

}  // namespace
}  // namespace rt::trading

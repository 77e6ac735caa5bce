// TradingDesk: the shared signal -> order step. An in-memory journal and a broker that only counts.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "runner/desk_fixture.hpp"

namespace rt::trading {
namespace {

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

namespace rt::trading {
namespace {

Desk broker_protected() {
  return Desk([](DeskConfig& c) { c.protection = Protection::kBroker; });
}

// The entry filled at the broker: the OMS hears it, and the ledger books it.
void entry_filled(Desk& d, const Order& entry, int qty, double price) {
  ASSERT_TRUE(d.oms.on_status(BrokerOrderUpdate{entry.ref(), 0, entry.broker_order_id, OrderStatus::Filled, ""}));
  d.fill(entry.intent.symbol, entry.intent.side, qty, price);
}

TEST(TradingDesk, WithBrokerProtectionAnEntryGoesOutAsABracketWhoseLastChildTransmitsIt) {
  Desk d([](DeskConfig& c) { c.protection = Protection::kBroker; });
  auto out = d.desk->on_signal("AAPL", buy(), d.price(100.0));
  ASSERT_EQ(out.action, DeskAction::kSubmitted) << out.detail;
  ASSERT_EQ(d.broker.placed.size(), 2U);
  const Order& parent = d.broker.placed[0];
  const Order& child = d.broker.placed[1];
  EXPECT_EQ(parent.intent.purpose, OrderPurpose::Entry);
  EXPECT_FALSE(parent.transmit);  // staged until its child transmits the bracket
  EXPECT_EQ(child.intent.purpose, OrderPurpose::Protect);
  EXPECT_TRUE(child.transmit);
  EXPECT_EQ(child.parent_broker_order_id, 1);
  EXPECT_EQ(child.intent.parent_ref, parent.ref());
  EXPECT_EQ(child.intent.side, Side::Sell);
  EXPECT_EQ(child.intent.quantity, parent.intent.quantity);
  EXPECT_EQ(child.intent.type, OrderType::TrailingStop);
  EXPECT_EQ(child.intent.trail_percent, Decimal::from_int(5));
  EXPECT_EQ(child.intent.tif, TimeInForce::Gtc);
  EXPECT_EQ(child.intent.oca_group, "oca-" + child.ref());
  // Both journaled, the child with its parent and group.
  const auto* stored = d.oms.find(child.ref());
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(stored->intent.parent_ref, parent.ref());
}

TEST(TradingDesk, ATakeProfitIsASecondChildInTheStopsOcaGroupAndIsNoStopToTheKeeper) {
  Desk d([](DeskConfig& c) {
    c.protection = Protection::kBroker;
    c.take_profit_pct = Decimal::from_int(4);
  });
  ASSERT_EQ(d.desk->on_signal("AAPL", buy(), d.price(100.0)).action, DeskAction::kSubmitted);
  ASSERT_EQ(d.broker.placed.size(), 3U);
  const Order& stop = d.broker.placed[1];
  const Order& target = d.broker.placed[2];
  EXPECT_FALSE(stop.transmit);  // the last child transmits the bracket
  EXPECT_TRUE(target.transmit);
  EXPECT_EQ(target.intent.type, OrderType::Limit);
  EXPECT_EQ(target.intent.limit_price, Decimal::from_int(104));
  EXPECT_EQ(target.intent.side, Side::Sell);
  EXPECT_EQ(target.intent.oca_group, stop.intent.oca_group);
  EXPECT_EQ(target.parent_broker_order_id, 1);
  // The stop gone (cancelled at the broker), the take-profit still working: the position is not
  // protected by a limit above the market, so the keeper sends a stop.
  const Order entry = d.broker.placed[0];
  entry_filled(d, entry, static_cast<int>(entry.intent.quantity.to_double()), 100.0);
  ASSERT_TRUE(d.oms.on_status(BrokerOrderUpdate{stop.ref(), 0, 2, OrderStatus::Cancelled, "test"}));
  (void)d.desk->keep_protection();
  (void)d.desk->keep_protection();
  ASSERT_EQ(d.broker.placed.size(), 4U);
  EXPECT_EQ(d.broker.placed[3].intent.type, OrderType::TrailingStop);
}

TEST(TradingDesk, AnExitJoinsTheOcaGroupOfThePositionsProtectiveOrder) {
  Desk d = broker_protected();
  ASSERT_EQ(d.desk->on_signal("AAPL", buy(), d.price(100.0)).action, DeskAction::kSubmitted);
  const Order entry = d.broker.placed[0];
  const Order guard = d.broker.placed[1];
  entry_filled(d, entry, static_cast<int>(entry.intent.quantity.to_double()), 100.0);
  auto exit = d.desk->on_signal("AAPL", Signal{SignalSide::kSell, 1.0, "test sell"}, d.price(101.0));
  ASSERT_EQ(exit.action, DeskAction::kSubmitted) << exit.detail;  // the resting stop does not block it
  ASSERT_EQ(d.broker.placed.size(), 3U);
  EXPECT_EQ(d.broker.placed[2].intent.purpose, OrderPurpose::Exit);
  EXPECT_EQ(d.broker.placed[2].intent.oca_group, guard.intent.oca_group);
}

TEST(TradingDesk, HeldAtTheBrokerOnlyTheLocalStopMirrorsItsLevelAndSendsNothing) {
  Desk d = broker_protected();
  ASSERT_EQ(d.desk->on_signal("AAPL", buy(), d.price(100.0)).action, DeskAction::kSubmitted);
  entry_filled(d, d.broker.placed[0], static_cast<int>(d.broker.placed[0].intent.quantity.to_double()), 100.0);
  ASSERT_NE(d.desk->stops().find("AAPL"), nullptr);  // the mirror, for heat and the dashboard
  EXPECT_FALSE(d.desk->on_price("AAPL", d.price(80.0)).has_value());
  EXPECT_EQ(d.broker.placed.size(), 2U);
}

TEST(TradingDesk, KeepProtectionRecreatesAMissingStopResizesItInPlaceAndCancelsItWhenFlat) {
  Desk d = broker_protected();
  d.fill("MSFT", Side::Buy, 20, 100.0);  // a position found without protection (adopted, restored)
  EXPECT_TRUE(d.desk->keep_protection().empty());  // a difference must be seen twice
  auto done = d.desk->keep_protection();
  ASSERT_EQ(done.size(), 1U);
  ASSERT_EQ(d.broker.placed.size(), 1U);
  const Order guard = d.broker.placed[0];
  EXPECT_EQ(guard.intent.purpose, OrderPurpose::Protect);
  EXPECT_EQ(guard.intent.quantity, Decimal::from_int(20));
  EXPECT_TRUE(d.desk->keep_protection().empty());  // protected: nothing more, never a second one
  EXPECT_EQ(d.broker.placed.size(), 1U);

  d.fill("MSFT", Side::Buy, 10, 101.0);
  (void)d.desk->keep_protection();
  (void)d.desk->keep_protection();
  ASSERT_EQ(d.broker.modified.size(), 1U);  // the same order, modified: no gap without a stop
  EXPECT_EQ(d.broker.modified[0].ref(), guard.ref());
  EXPECT_EQ(d.broker.modified[0].broker_order_id, d.oms.find(guard.ref())->broker_order_id);
  EXPECT_EQ(d.broker.modified[0].intent.quantity, Decimal::from_int(30));
  EXPECT_EQ(d.oms.find(guard.ref())->intent.quantity, Decimal::from_int(30));
  EXPECT_EQ(d.broker.placed.size(), 1U);

  d.fill("MSFT", Side::Sell, 30, 102.0);
  (void)d.desk->keep_protection();
  (void)d.desk->keep_protection();
  ASSERT_EQ(d.broker.cancelled.size(), 1U);
  EXPECT_EQ(d.broker.cancelled[0].ref(), guard.ref());
  (void)d.desk->keep_protection();  // the confirmation not in yet: asked once, not again
  EXPECT_EQ(d.broker.cancelled.size(), 1U);
}

TEST(TradingDesk, NoEntryIsSentIntoTheBrokersDailyRestartButExitsAre) {
  Desk d([](DeskConfig& c) {
    c.restart_window = RestartWindow{std::chrono::hours(23) + std::chrono::minutes(40), std::chrono::minutes(20)};
  });
  d.fill("MSFT", Side::Buy, 10, 100.0);
  d.clock.set(Timestamp{std::chrono::sys_days{std::chrono::year{2025} / 1 / 16}} + std::chrono::hours(4) +
              std::chrono::minutes(50));  // 23:50 New York
  auto entry = d.desk->on_signal("AAPL", buy(), d.price(100.0));
  EXPECT_EQ(entry.action, DeskAction::kRiskDenied);
  EXPECT_EQ(entry.rule, "restart_window");
  auto exit = d.desk->on_signal("MSFT", Signal{SignalSide::kSell, 1.0, "test sell"}, d.price(100.0));
  EXPECT_EQ(exit.action, DeskAction::kSubmitted) << exit.detail;
  d.clock.set(Timestamp{std::chrono::sys_days{std::chrono::year{2025} / 1 / 16}} + std::chrono::hours(5) +
              std::chrono::minutes(25));  // 00:25 New York: past the window
  EXPECT_EQ(d.desk->on_signal("AAPL", buy(), d.price(100.0)).action, DeskAction::kSubmitted);
}

Signal asking(SignalSide side, int shares) {
  Signal s{side, 1.0, "asked"};
  s.quantity = Decimal::from_int(shares);
  return s;
}

TEST(TradingDesk, AnEntryAskedForByQuantityIsThatManySharesClippedToTheOrderLimit) {
  Desk d;  // max_order_notional 10,000: 100 shares at 100
  auto small = d.desk->on_signal("AAPL", asking(SignalSide::kBuy, 50), d.price(100.0));
  ASSERT_EQ(small.action, DeskAction::kSubmitted) << small.detail;
  EXPECT_EQ(d.broker.placed.back().intent.quantity, Decimal::from_int(50));
  auto big = d.desk->on_signal("MSFT", asking(SignalSide::kBuy, 500), d.price(100.0));
  ASSERT_EQ(big.action, DeskAction::kSubmitted) << big.detail;
  EXPECT_EQ(d.broker.placed.back().intent.quantity, Decimal::from_int(100));
}

TEST(TradingDesk, AnExitAskedForByQuantitySellsThatManyAndNeverMoreThanIsHeld) {
  Desk d;
  d.fill("AAPL", Side::Buy, 80, 100.0);
  auto part = d.desk->on_signal("AAPL", asking(SignalSide::kSell, 30), d.price(100.0));
  ASSERT_EQ(part.action, DeskAction::kSubmitted) << part.detail;
  EXPECT_EQ(d.broker.placed.back().intent.purpose, OrderPurpose::Exit);
  EXPECT_EQ(d.broker.placed.back().intent.quantity, Decimal::from_int(30));
  d.fill("MSFT", Side::Buy, 80, 100.0);
  auto more = d.desk->on_signal("MSFT", asking(SignalSide::kSell, 500), d.price(100.0));
  ASSERT_EQ(more.action, DeskAction::kSubmitted) << more.detail;
  EXPECT_EQ(d.broker.placed.back().intent.quantity, Decimal::from_int(80));
}

TEST(TradingDesk, AskingToAddToAHeldPositionIsRefusedWithTheReason) {
  Desk d;
  d.fill("AAPL", Side::Buy, 80, 100.0);
  auto out = d.desk->on_signal("AAPL", asking(SignalSide::kBuy, 20), d.price(100.0));
  EXPECT_EQ(out.action, DeskAction::kNoAction);
  EXPECT_NE(out.detail.find("adding to a position is not supported"), std::string::npos) << out.detail;
  EXPECT_TRUE(d.broker.placed.empty());
}

}  // namespace
}  // namespace rt::trading

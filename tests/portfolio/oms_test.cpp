#include "trading/oms/oms.hpp"

#include <gtest/gtest.h>

#include <map>

#include "portfolio/fakes.hpp"

namespace rt::trading {
namespace {

using namespace std::chrono_literals;
using testing::FakeBroker;
using testing::MemoryJournal;

Decimal d(const char* s) { return *Decimal::parse(s); }
const Timestamp kT0{std::chrono::sys_days{std::chrono::year{2024} / 3 / 15} + 14h};

OrderIntent entry(const std::string& symbol, const std::string& ref = "", const char* qty = "10",
                  const char* price = "100") {
  OrderIntent in;
  in.order_ref = ref;
  in.symbol = symbol;
  in.side = Side::Buy;
  in.quantity = d(qty);
  in.type = OrderType::Limit;
  in.limit_price = d(price);
  in.purpose = OrderPurpose::Entry;
  return in;
}

OrderIntent exit_of(const std::string& symbol, const std::string& ref) {
  OrderIntent in;
  in.order_ref = ref;
  in.symbol = symbol;
  in.side = Side::Sell;
  in.quantity = d("10");
  in.type = OrderType::Market;
  in.purpose = OrderPurpose::Exit;
  return in;
}

class OmsTest : public ::testing::Test {
 protected:
  OmsTest() : broker_(&log_), journal_(&log_) {}

  Oms make(OmsConfig config = {}) {
    return Oms(clock_, broker_, journal_, [this](const std::string& s) { return positions_[s]; }, std::move(config));
  }

  Fill fill_for(const Order& o, const std::string& exec, const char* qty, const char* price = "100") {
    Fill f;
    f.exec_id = exec;
    f.order_ref = o.ref();
    f.perm_id = o.perm_id;
    f.symbol = o.intent.symbol;
    f.side = o.intent.side;
    f.quantity = d(qty);
    f.price = d(price);
    f.time = clock_.now();
    return f;
  }

  std::vector<std::string> log_;
  ManualClock clock_{kT0};
  FakeBroker broker_;
  MemoryJournal journal_;
  std::map<std::string, Decimal> positions_;
};

TEST_F(OmsTest, SubmitJournalsTheOrderBeforeTheBrokerSeesIt) {
  Oms oms = make();
  auto order = oms.submit(entry("AAPL", "k1"));
  ASSERT_TRUE(order) << order.error().describe();
  ASSERT_EQ(log_.size(), 2u);
  EXPECT_EQ(log_[0], "journal k1");
  EXPECT_EQ(log_[1], "place k1");
  EXPECT_EQ(order->status, OrderStatus::PendingSubmit);
  EXPECT_EQ(order->broker_order_id, 100);
  EXPECT_EQ(journal_.orders.at("k1").broker_order_id, 100);
}

TEST_F(OmsTest, JournalWriteFailureMeansNothingIsSent) {
  Oms oms = make();
  journal_.fail_writes = true;
  auto order = oms.submit(entry("AAPL", "k1"));
  ASSERT_FALSE(order);
  EXPECT_EQ(order.error().code, ErrorCode::kStorage);
  EXPECT_NE(order.error().message.find("disk I/O error"), std::string::npos);
  EXPECT_TRUE(broker_.placed.empty());
  EXPECT_EQ(oms.find("k1"), nullptr);
  EXPECT_EQ(oms.entries_today(), 0);
}

TEST_F(OmsTest, SecondEntryWhileFirstIsWorkingThenDenied) {
  Oms oms = make();
  ASSERT_TRUE(oms.submit(entry("AAPL", "k1")));
  auto second = oms.submit(entry("AAPL", "k2"));
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kRisk);
  EXPECT_EQ(broker_.placed.size(), 1u);
  ASSERT_EQ(oms.denials().size(), 1u);
  EXPECT_EQ(oms.denials()[0].rule, DenialRule::EntryAlreadyWorking);
  EXPECT_EQ(oms.denials()[0].order_ref, "k2");
}

TEST_F(OmsTest, EntryWhilePositionIsHeldThenDenied) {
  positions_["AAPL"] = d("10");
  Oms oms = make();
  auto r = oms.submit(entry("AAPL", "k1"));
  ASSERT_FALSE(r);
  EXPECT_EQ(oms.denials().at(0).rule, DenialRule::PositionHeld);
  EXPECT_TRUE(broker_.placed.empty());
}

TEST_F(OmsTest, ManySymbolsSignallingOnTheSameBarGetExactlyOneOrderEach) {
  Oms oms = make();
  const std::vector<std::string> symbols{"AAPL", "MSFT", "NVDA", "AMZN", "META", "GOOG", "TSLA", "AMD"};
  for (int round = 0; round < 3; ++round) {
    for (const auto& s : symbols) (void)oms.submit(entry(s));
  }
  EXPECT_EQ(broker_.placed.size(), symbols.size());
  EXPECT_EQ(oms.denials().size(), 2 * symbols.size());
}

TEST_F(OmsTest, SameIdempotencyKeyReturnsTheSameOrderWithoutASecondPlace) {
  Oms oms = make();
  auto first = oms.submit(entry("AAPL", "k1"));
  auto again = oms.submit(entry("AAPL", "k1"));
  ASSERT_TRUE(first);
  ASSERT_TRUE(again);
  EXPECT_EQ(*first, *again);
  EXPECT_EQ(broker_.placed.size(), 1u);
  EXPECT_TRUE(oms.denials().empty());
}

TEST_F(OmsTest, SameKeyWithADifferentIntentThenDenied) {
  Oms oms = make();
  ASSERT_TRUE(oms.submit(entry("AAPL", "k1")));
  auto r = oms.submit(entry("AAPL", "k1", "20"));
  ASSERT_FALSE(r);
  EXPECT_EQ(oms.denials().at(0).rule, DenialRule::IdempotencyConflict);
  EXPECT_EQ(broker_.placed.size(), 1u);
}

TEST_F(OmsTest, SubmitWithoutKeyGetsAUniqueRef) {
  Oms oms = make();
  auto a = oms.submit(entry("AAPL"));
  auto b = oms.submit(entry("MSFT"));
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_FALSE(a->ref().empty());
  EXPECT_NE(a->ref(), b->ref());
}

TEST_F(OmsTest, SubmitWhenDailyOrderCapReachedThenDeniedUntilNextDay) {
  OmsConfig config;
  config.max_entry_orders_per_day = 2;
  Oms oms = make(config);
  ASSERT_TRUE(oms.submit(entry("A")));
  ASSERT_TRUE(oms.submit(entry("B")));
  auto third = oms.submit(entry("C"));
  ASSERT_FALSE(third);
  EXPECT_EQ(oms.denials().at(0).rule, DenialRule::DailyOrderCap);
  clock_.advance(24h);
  EXPECT_TRUE(oms.submit(entry("C")));
}

TEST_F(OmsTest, SubmitWhenNotionalAboveDailyCapThenDenied) {
  OmsConfig config;
  config.max_entry_notional_per_day = d("2500");
  Oms oms = make(config);
  ASSERT_TRUE(oms.submit(entry("A", "", "10", "100")));  // 1000
  ASSERT_TRUE(oms.submit(entry("B", "", "10", "150")));  // 2500 in total: at the cap, allowed
  auto r = oms.submit(entry("C", "", "1", "0.01"));
  ASSERT_FALSE(r);
  EXPECT_EQ(oms.denials().at(0).rule, DenialRule::DailyNotionalCap);
  EXPECT_EQ(oms.entry_notional_today(), d("2500"));
}

TEST_F(OmsTest, MarketEntryWithoutReferencePriceThenDenied) {
  Oms oms = make();
  OrderIntent in = entry("AAPL");
  in.type = OrderType::Market;
  in.limit_price.reset();
  EXPECT_FALSE(oms.submit(in));
  EXPECT_EQ(oms.denials().at(0).rule, DenialRule::NotionalUnknown);
  in.reference_price = d("101");
  EXPECT_TRUE(oms.submit(in));
}

TEST_F(OmsTest, IncompleteIntentThenDeniedAsInvalid) {
  Oms oms = make();
  OrderIntent in = entry("AAPL");
  in.limit_price.reset();
  auto r = oms.submit(in);
  ASSERT_FALSE(r);
  EXPECT_EQ(oms.denials().at(0).rule, DenialRule::InvalidIntent);
  EXPECT_NE(r.error().message.find("limit price"), std::string::npos);
}

TEST_F(OmsTest, ExitIsAllowedWhilePositionIsHeldAndAfterTheCaps) {
  OmsConfig config;
  config.max_entry_orders_per_day = 0;
  positions_["AAPL"] = d("10");
  Oms oms = make(config);
  EXPECT_TRUE(oms.submit(exit_of("AAPL", "x1")));
  EXPECT_EQ(oms.entries_today(), 0);
}

TEST_F(OmsTest, DenialIsJournaledWithItsReason) {
  positions_["AAPL"] = d("5");
  Oms oms = make();
  (void)oms.submit(entry("AAPL", "k1"));
  ASSERT_EQ(journal_.denials.size(), 1u);
  EXPECT_EQ(journal_.denials[0].rule, DenialRule::PositionHeld);
  EXPECT_NE(journal_.denials[0].reason.find("5 AAPL"), std::string::npos);
  EXPECT_EQ(journal_.denials[0].time, kT0);
}

TEST_F(OmsTest, BrokerPlaceFailureMarksTheOrderRejected) {
  Oms oms = make();
  broker_.fail_place = true;
  auto r = oms.submit(entry("AAPL", "k1"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kDisconnected);
  ASSERT_NE(oms.find("k1"), nullptr);
  EXPECT_EQ(oms.find("k1")->status, OrderStatus::Rejected);
  EXPECT_EQ(journal_.orders.at("k1").status, OrderStatus::Rejected);
  EXPECT_FALSE(oms.has_working_entry("AAPL"));
}

TEST_F(OmsTest, StatusWithPermIdAcknowledgesAndIsFoundByPermIdLater) {
  Oms oms = make();
  ASSERT_TRUE(oms.submit(entry("AAPL", "k1")));
  auto ev = oms.on_status(BrokerOrderUpdate{"", 0, 100, OrderStatus::Submitted, ""});
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->to, OrderStatus::Submitted);
  auto ack = oms.on_status(BrokerOrderUpdate{"k1", 777, 100, OrderStatus::Submitted, ""});
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->kind, OrderEventKind::Transition);
  ASSERT_NE(oms.find_by_perm_id(777), nullptr);
  EXPECT_EQ(oms.find_by_perm_id(777)->ref(), "k1");
  EXPECT_EQ(journal_.orders.at("k1").perm_id, 777);
}

TEST_F(OmsTest, StatusForUnknownOrderIsNotFound) {
  Oms oms = make();
  auto r = oms.on_status(BrokerOrderUpdate{"nope", 5, 0, OrderStatus::Submitted, ""});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

TEST_F(OmsTest, IllegalStatusIsJournaledAsAnErrorEvent) {
  Oms oms = make();
  auto o = oms.submit(entry("AAPL", "k1", "10"));
  ASSERT_TRUE(o);
  ASSERT_EQ(oms.on_fill(fill_for(*o, "x1", "10")).kind, FillOutcome::Kind::Applied);
  auto ev = oms.on_status(BrokerOrderUpdate{"k1", 0, 0, OrderStatus::Submitted, ""});
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->kind, OrderEventKind::Illegal);
  EXPECT_EQ(journal_.events.back().kind, OrderEventKind::Illegal);
  EXPECT_EQ(oms.find("k1")->status, OrderStatus::Filled);
}

TEST_F(OmsTest, FillWithoutStatusUpdatesTheOrder) {
  Oms oms = make();
  auto o = oms.submit(entry("AAPL", "k1", "10"));
  ASSERT_TRUE(o);
  auto out = oms.on_fill(fill_for(*o, "x1", "4"));
  EXPECT_EQ(out.kind, FillOutcome::Kind::Applied);
  EXPECT_EQ(oms.find("k1")->status, OrderStatus::PartiallyFilled);
  EXPECT_EQ(journal_.orders.at("k1").filled_quantity, d("4"));
}

TEST_F(OmsTest, DuplicateExecIdIsCountedOnce) {
  Oms oms = make();
  auto o = oms.submit(entry("AAPL", "k1", "10"));
  ASSERT_TRUE(o);
  EXPECT_EQ(oms.on_fill(fill_for(*o, "x1", "4")).kind, FillOutcome::Kind::Applied);
  EXPECT_EQ(oms.on_fill(fill_for(*o, "x1", "4")).kind, FillOutcome::Kind::Duplicate);
  EXPECT_EQ(oms.find("k1")->filled_quantity, d("4"));
  EXPECT_EQ(oms.duplicate_fills(), 1);
}

TEST_F(OmsTest, FillAfterCancelledIsApplied) {
  Oms oms = make();
  auto o = oms.submit(entry("AAPL", "k1", "10"));
  ASSERT_TRUE(o);
  ASSERT_TRUE(oms.cancel("k1"));
  ASSERT_TRUE(oms.on_status(BrokerOrderUpdate{"k1", 0, 0, OrderStatus::Cancelled, ""}));
  clock_.advance(2s);
  auto out = oms.on_fill(fill_for(*o, "x1", "10"));
  ASSERT_EQ(out.kind, FillOutcome::Kind::Applied);
  EXPECT_EQ(oms.find("k1")->filled_quantity, d("10"));
  EXPECT_EQ(oms.find("k1")->status, OrderStatus::Filled);
}

TEST_F(OmsTest, CancelledEntryInGraceStillBlocksANewEntry) {
  OmsConfig config;
  config.cancel_grace = 10s;
  Oms oms = make(config);
  ASSERT_TRUE(oms.submit(entry("AAPL", "k1")));
  ASSERT_TRUE(oms.on_status(BrokerOrderUpdate{"k1", 0, 0, OrderStatus::Cancelled, ""}));
  EXPECT_FALSE(oms.submit(entry("AAPL", "k2")));
  clock_.advance(11s);
  EXPECT_TRUE(oms.submit(entry("AAPL", "k3")));
}

TEST_F(OmsTest, FillForUnknownOrderIsUnmatched) {
  Oms oms = make();
  Fill f;
  f.exec_id = "x9";
  f.order_ref = "other";
  f.symbol = "AAPL";
  f.quantity = d("1");
  f.price = d("1");
  EXPECT_EQ(oms.on_fill(f).kind, FillOutcome::Kind::Unmatched);
}

TEST_F(OmsTest, CancelOfUnknownOrFinalOrderFails) {
  Oms oms = make();
  EXPECT_EQ(oms.cancel("nope").error().code, ErrorCode::kNotFound);
  broker_.fail_place = true;
  (void)oms.submit(entry("AAPL", "k1"));
  EXPECT_EQ(oms.cancel("k1").error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(broker_.cancelled.empty());
}

TEST_F(OmsTest, RestoreRebuildsTodaysCountsAndKnownExecutions) {
  OmsConfig config;
  config.max_entry_orders_per_day = 2;
  Order today;
  today.intent = entry("A", "r1");
  today.status = OrderStatus::Submitted;
  today.perm_id = 55;
  today.created_at = kT0 - 1h;
  Order yesterday;
  yesterday.intent = entry("B", "r0");
  yesterday.status = OrderStatus::Filled;
  yesterday.created_at = kT0 - 24h;
  Oms oms = make(config);
  oms.restore({today, yesterday}, {"x-old"});
  EXPECT_EQ(oms.entries_today(), 1);
  EXPECT_EQ(oms.entry_notional_today(), d("1000"));
  EXPECT_TRUE(oms.has_working_entry("A"));
  EXPECT_EQ(oms.find_by_perm_id(55)->ref(), "r1");
  Fill old;
  old.exec_id = "x-old";
  old.order_ref = "r1";
  EXPECT_EQ(oms.on_fill(old).kind, FillOutcome::Kind::Duplicate);
  ASSERT_TRUE(oms.submit(entry("C")));
  EXPECT_FALSE(oms.submit(entry("D")));
}

// An earlier run's order restored from the journal shares nothing with this run's orders but what
// the broker may reuse across sessions: the per-session order id (and, on a broker that restarted
// its numbering, the permId). Updates for this run's order never land on the old one.
TEST_F(OmsTest, AnEarlierRunsOrderWithTheSameBrokerIdsNeverTakesThisRunsUpdates) {
  Order old;
  old.intent = entry("AAPL", "rt-old-1");
  old.status = OrderStatus::Submitted;
  old.perm_id = 777;
  old.broker_order_id = 100;
  old.created_at = kT0 - 1h;
  Oms oms = make();
  oms.restore({old}, {});
  auto mine = oms.submit(entry("MSFT", "rt-new-1"));
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->broker_order_id, 100);  // the broker handed out the same order id again
  // A status that names this run's ref and the old permId goes to this run's order only.
  auto ev = oms.on_status(BrokerOrderUpdate{"rt-new-1", 777, 100, OrderStatus::Submitted, ""});
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->order_ref, "rt-new-1");
  // A status with only the order id: this run placed order 100, the old run's 100 is not it.
  auto by_id = oms.on_status(BrokerOrderUpdate{"", 0, 100, OrderStatus::Filled, ""});
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->order_ref, "rt-new-1");
  EXPECT_EQ(oms.find("rt-old-1")->status, OrderStatus::Submitted);
  // A fill naming a ref nobody knows is not matched through a permId that an old order holds.
  Fill stray;
  stray.exec_id = "x-stray";
  stray.order_ref = "rt-someone-else";
  stray.perm_id = 777;
  stray.symbol = "AAPL";
  stray.side = Side::Buy;
  stray.quantity = d("10");
  stray.price = d("100");
  EXPECT_EQ(oms.on_fill(stray).kind, FillOutcome::Kind::Unmatched);
}

TEST_F(OmsTest, GeneratedRefsCarryTheRunTagSoARepeatedMarketClockNeverRepeatsARef) {
  OmsConfig first;
  first.run_tag = "run1";
  OmsConfig second;
  second.run_tag = "run2";
  Oms a = make(first);
  auto ra = a.submit(entry("AAPL"));
  Oms b = make(second);  // the same market clock instant, a later process
  auto rb = b.submit(entry("AAPL"));
  ASSERT_TRUE(ra);
  ASSERT_TRUE(rb);
  EXPECT_NE(ra->ref(), rb->ref());
  EXPECT_NE(ra->ref().find("-run1-"), std::string::npos);
}

TEST_F(OmsTest, ExternalOrderIsFlaggedAndJournaled) {
  Oms oms = make();
  Order ext;
  ext.intent = entry("AAPL", "");
  ext.perm_id = 999;
  ext.status = OrderStatus::Submitted;
  ASSERT_TRUE(oms.add_external(ext));
  const Order* o = oms.find_by_perm_id(999);
  ASSERT_NE(o, nullptr);
  EXPECT_TRUE(o->external);
  EXPECT_TRUE(journal_.orders.at(o->ref()).external);
  EXPECT_TRUE(journal_.events.back().is_error());
}

}  // namespace
}  // namespace rt::trading

namespace rt::trading {
namespace {

TEST_F(OmsTest, ReconciliationPlanMarksNotSentInactiveAdoptsAndFlagsExternal) {
  Order lost;
  lost.intent = entry("AAPL", "lost");
  lost.status = OrderStatus::PendingSubmit;
  lost.created_at = lost.status_at = kT0 - 1min;
  Order acked;
  acked.intent = entry("MSFT", "acked");
  acked.status = OrderStatus::PendingSubmit;
  acked.created_at = acked.status_at = kT0 - 1min;
  Oms oms = make();
  oms.restore({lost, acked}, {});

  BrokerOpenOrder at_broker{"acked", 321, 12, "MSFT", Side::Buy, d("10"), OrderType::Limit, OrderStatus::Submitted, {}, false};
  BrokerOpenOrder manual{"", 999, 0, "NVDA", Side::Sell, d("5"), OrderType::Market, OrderStatus::Submitted, {}, false};
  Fill missing{"x1", "acked", 321, "MSFT", Side::Buy, d("4"), d("100"), d("0"), kT0};
  ReconcileInput in;
  in.journal_orders = {lost, acked};
  in.broker_orders = {at_broker, manual};
  in.broker_executions = {missing};
  in.broker_positions = {BrokerPosition{"MSFT", d("4"), d("100")}};
  auto plan = reconcile(in);

  auto events = oms.apply_reconciliation(plan);
  ASSERT_TRUE(events) << events.error().describe();
  EXPECT_EQ(oms.find("lost")->status, OrderStatus::Inactive);
  EXPECT_NE(oms.find("lost")->reject_reason.find("not sent"), std::string::npos);
  EXPECT_EQ(oms.find("acked")->status, OrderStatus::PartiallyFilled);
  EXPECT_EQ(oms.find("acked")->perm_id, 321);
  EXPECT_EQ(oms.find("acked")->filled_quantity, d("4"));
  ASSERT_NE(oms.find_by_perm_id(999), nullptr);
  EXPECT_TRUE(oms.find_by_perm_id(999)->external);
  EXPECT_TRUE(broker_.placed.empty());
  EXPECT_FALSE(oms.has_working_entry("AAPL"));
  // The external NVDA order is journaled and, while open, blocks new NVDA entries: never traded blindly.
  EXPECT_EQ(journal_.orders.at("ext-999").intent.symbol, "NVDA");
  EXPECT_TRUE(journal_.orders.at("ext-999").external);
  EXPECT_TRUE(oms.has_working_entry("NVDA"));
}

TEST_F(OmsTest, ReconciliationGivesAnOrderTheFillTheLedgerAlreadyHolds) {
  // Restarted after the ledger stored x1 and before the order took it.
  Order stuck;
  stuck.intent = entry("AAPL", "stuck");
  stuck.status = OrderStatus::Submitted;
  stuck.perm_id = 321;
  stuck.broker_order_id = 12;
  stuck.created_at = stuck.status_at = kT0 - 1min;
  Oms oms = make();
  oms.restore({stuck}, {});
  ASSERT_TRUE(oms.has_working_entry("AAPL"));

  ReconcileInput in;
  in.journal_orders = {stuck};
  in.broker_executions = {Fill{"x1", "stuck", 321, "AAPL", Side::Buy, d("10"), d("100"), d("0"), kT0}};
  in.ledger_exec_ids = {"x1"};
  auto plan = reconcile(in);
  ASSERT_TRUE(oms.apply_reconciliation(plan));
  EXPECT_EQ(oms.find("stuck")->status, OrderStatus::Filled);
  EXPECT_EQ(oms.find("stuck")->filled_quantity, d("10"));
  EXPECT_EQ(journal_.orders.at("stuck").status, OrderStatus::Filled);
  EXPECT_FALSE(oms.has_working_entry("AAPL"));
  EXPECT_EQ(oms.duplicate_fills(), 0);
}

}  // namespace
}  // namespace rt::trading

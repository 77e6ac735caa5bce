#include "trading/oms/reconciliation.hpp"

#include <gtest/gtest.h>

namespace rt::trading {
namespace {

Decimal d(const char* s) { return *Decimal::parse(s); }

Order journaled(const std::string& ref, OrderStatus status, std::int64_t perm_id = 0, std::int64_t broker_id = 0) {
  Order o;
  o.intent.order_ref = ref;
  o.intent.symbol = "AAPL";
  o.intent.quantity = d("10");
  o.status = status;
  o.perm_id = perm_id;
  o.broker_order_id = broker_id;
  return o;
}

BrokerOpenOrder at_broker(const std::string& ref, std::int64_t perm_id, OrderStatus status = OrderStatus::Submitted) {
  BrokerOpenOrder b;
  b.order_ref = ref;
  b.perm_id = perm_id;
  b.broker_order_id = 7;
  b.symbol = "AAPL";
  b.quantity = d("10");
  b.status = status;
  return b;
}

Fill execution(const std::string& exec, const std::string& ref, std::int64_t perm_id, const char* qty) {
  Fill f;
  f.exec_id = exec;
  f.order_ref = ref;
  f.perm_id = perm_id;
  f.symbol = "AAPL";
  f.side = Side::Buy;
  f.quantity = d(qty);
  f.price = d("100");
  return f;
}

TEST(Reconcile, EverythingAgreesThenThePlanIsClean) {
  ReconcileInput in;
  in.journal_orders = {journaled("k1", OrderStatus::Submitted, 11, 7)};
  in.broker_orders = {at_broker("k1", 11)};
  EXPECT_TRUE(reconcile(in).clean());
}

TEST(Reconcile, SentButUnacknowledgedOrderAdoptsBrokerStateByOrderRef) {
  ReconcileInput in;
  in.journal_orders = {journaled("k1", OrderStatus::PendingSubmit)};
  in.broker_orders = {at_broker("k1", 11)};
  auto plan = reconcile(in);
  ASSERT_EQ(plan.adopt.size(), 1u);
  EXPECT_EQ(plan.adopt[0].order_ref, "k1");
  EXPECT_EQ(plan.adopt[0].matched_by, MatchedBy::OrderRef);
  EXPECT_EQ(plan.adopt[0].broker.perm_id, 11);
  EXPECT_TRUE(plan.not_sent.empty());
  EXPECT_TRUE(plan.external_orders.empty());
}

TEST(Reconcile, BrokerOrderWithoutRefIsMatchedByPermId) {
  ReconcileInput in;
  in.journal_orders = {journaled("k1", OrderStatus::Submitted, 11, 7)};
  in.broker_orders = {at_broker("", 11, OrderStatus::PartiallyFilled)};
  auto plan = reconcile(in);
  ASSERT_EQ(plan.adopt.size(), 1u);
  EXPECT_EQ(plan.adopt[0].matched_by, MatchedBy::PermId);
  EXPECT_EQ(plan.adopt[0].broker.status, OrderStatus::PartiallyFilled);
}

// A broker that restarted its permId numbering (or another account's order) can report a permId an
// old journal row holds; the ref says whose order it is.
TEST(Reconcile, BrokerOrderWithAnotherRefIsNeverMatchedThroughAPermIdTheJournalHolds) {
  ReconcileInput in;
  in.journal_orders = {journaled("rt-old-1", OrderStatus::Filled, 11, 7)};
  in.broker_orders = {at_broker("rt-new-1", 11)};
  in.broker_executions = {execution("e-new", "rt-new-1", 11, "10")};
  auto plan = reconcile(in);
  EXPECT_TRUE(plan.adopt.empty());
  ASSERT_EQ(plan.external_orders.size(), 1u);
  EXPECT_EQ(plan.external_orders[0].order_ref, "rt-new-1");
  EXPECT_TRUE(plan.fills_to_apply.empty());
  ASSERT_EQ(plan.external_fills.size(), 1u);
  EXPECT_EQ(plan.external_fills[0].order_ref, "");
}

TEST(Reconcile, BrokerOrderUnknownToTheJournalIsFlaggedExternal) {
  ReconcileInput in;
  in.journal_orders = {journaled("k1", OrderStatus::Submitted, 11, 7)};
  in.broker_orders = {at_broker("k1", 11), at_broker("manual", 99)};
  auto plan = reconcile(in);
  ASSERT_EQ(plan.external_orders.size(), 1u);
  EXPECT_EQ(plan.external_orders[0].perm_id, 99);
  EXPECT_TRUE(plan.adopt.empty());
}

TEST(Reconcile, OrderKilledBetweenJournalAndSendIsNotSent) {
  ReconcileInput in;
  in.journal_orders = {journaled("k1", OrderStatus::PendingSubmit)};
  auto plan = reconcile(in);
  ASSERT_EQ(plan.not_sent.size(), 1u);
  EXPECT_EQ(plan.not_sent[0], "k1");
  EXPECT_TRUE(plan.gone_at_broker.empty());
}

TEST(Reconcile, AcknowledgedOrderNoLongerOpenWithoutExecutionsIsGoneAtBroker) {
  ReconcileInput in;
  in.journal_orders = {journaled("k1", OrderStatus::Submitted, 11, 7), journaled("k2", OrderStatus::Filled, 12, 8)};
  auto plan = reconcile(in);
  EXPECT_EQ(plan.gone_at_broker, std::vector<std::string>{"k1"});
  EXPECT_TRUE(plan.not_sent.empty());
}

TEST(Reconcile, ExecutionMissingFromTheLedgerIsToApplyAndKnownOnesAreSkipped) {
  ReconcileInput in;
  in.journal_orders = {journaled("k1", OrderStatus::Submitted, 11, 7)};
  in.broker_executions = {execution("x1", "k1", 11, "4"), execution("x2", "", 11, "6")};
  in.ledger_exec_ids = {"x1"};
  in.order_exec_ids = {"x1"};
  in.ledger_positions = {BrokerPosition{"AAPL", d("4"), d("100")}};
  in.broker_positions = {BrokerPosition{"AAPL", d("10"), d("100")}};
  auto plan = reconcile(in);
  ASSERT_EQ(plan.fills_to_apply.size(), 1u);
  EXPECT_EQ(plan.fills_to_apply[0].fill.exec_id, "x2");
  EXPECT_EQ(plan.fills_to_apply[0].order_ref, "k1");
  EXPECT_TRUE(plan.order_fills_to_apply.empty());
  EXPECT_TRUE(plan.position_mismatches.empty());
  EXPECT_TRUE(plan.gone_at_broker.empty());  // it executed while we were away
}

TEST(Reconcile, ExecutionTheLedgerHoldsButItsOrderNeverTookGoesToTheOrderOnly) {
  // Killed after the ledger's write of x1 and before the order's: the order is still Submitted.
  ReconcileInput in;
  in.journal_orders = {journaled("k1", OrderStatus::Submitted, 11, 7)};
  in.broker_executions = {execution("x1", "k1", 11, "10")};
  in.ledger_exec_ids = {"x1"};
  in.ledger_positions = {BrokerPosition{"AAPL", d("10"), d("100")}};
  in.broker_positions = {BrokerPosition{"AAPL", d("10"), d("100")}};
  auto plan = reconcile(in);
  EXPECT_TRUE(plan.fills_to_apply.empty());
  ASSERT_EQ(plan.order_fills_to_apply.size(), 1u);
  EXPECT_EQ(plan.order_fills_to_apply[0].fill.exec_id, "x1");
  EXPECT_EQ(plan.order_fills_to_apply[0].order_ref, "k1");
  EXPECT_TRUE(plan.gone_at_broker.empty());
  EXPECT_TRUE(plan.position_mismatches.empty());
  EXPECT_FALSE(plan.clean());
}

TEST(Reconcile, ExecutionBothStoresHoldIsSkipped) {
  ReconcileInput in;
  in.journal_orders = {journaled("k1", OrderStatus::Filled, 11, 7)};
  in.broker_executions = {execution("x1", "k1", 11, "10")};
  in.ledger_exec_ids = {"x1"};
  in.order_exec_ids = {"x1"};
  in.ledger_positions = {BrokerPosition{"AAPL", d("10"), d("100")}};
  in.broker_positions = {BrokerPosition{"AAPL", d("10"), d("100")}};
  EXPECT_TRUE(reconcile(in).clean());
}

TEST(Reconcile, ExecutionOfAnUnknownOrderIsAnExternalFill) {
  ReconcileInput in;
  in.broker_executions = {execution("x1", "manual", 99, "5")};
  in.broker_positions = {BrokerPosition{"AAPL", d("5"), d("100")}};
  auto plan = reconcile(in);
  ASSERT_EQ(plan.external_fills.size(), 1u);
  EXPECT_TRUE(plan.external_fills[0].order_ref.empty());
  EXPECT_TRUE(plan.fills_to_apply.empty());
  ASSERT_EQ(plan.position_mismatches.size(), 1u);
  EXPECT_EQ(plan.position_mismatches[0].broker_quantity, d("5"));
  EXPECT_EQ(plan.position_mismatches[0].expected_quantity, d("0"));
}

TEST(Reconcile, LedgerPositionTheBrokerDoesNotHoldIsAMismatch) {
  ReconcileInput in;
  in.ledger_positions = {BrokerPosition{"MSFT", d("-3"), d("300")}};
  auto plan = reconcile(in);
  ASSERT_EQ(plan.position_mismatches.size(), 1u);
  EXPECT_EQ(plan.position_mismatches[0].symbol, "MSFT");
  EXPECT_EQ(plan.position_mismatches[0].broker_quantity, d("0"));
  EXPECT_EQ(plan.position_mismatches[0].expected_quantity, d("-3"));
}

}  // namespace
}  // namespace rt::trading

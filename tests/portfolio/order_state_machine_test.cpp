#include "trading/oms/order_state_machine.hpp"

#include <gtest/gtest.h>

namespace rt::trading {
namespace {

using namespace std::chrono_literals;

Decimal d(const char* s) { return *Decimal::parse(s); }
const Timestamp kT0{std::chrono::seconds{1'700'000'000}};

Order order(const char* qty = "100") {
  Order o;
  o.intent.order_ref = "ref-1";
  o.intent.symbol = "AAPL";
  o.intent.quantity = d(qty);
  o.created_at = o.status_at = o.updated_at = kT0;
  return o;
}

Fill fill(const char* exec, const char* qty, const char* price) {
  Fill f;
  f.exec_id = exec;
  f.order_ref = "ref-1";
  f.symbol = "AAPL";
  f.quantity = d(qty);
  f.price = d(price);
  f.time = kT0;
  return f;
}

class OrderStateMachineTest : public ::testing::Test {
 protected:
  OrderStateMachine sm_{30s};
};

TEST_F(OrderStateMachineTest, NewOrderMovesThroughPendingSubmitToSubmitted) {
  Order o = order();
  auto e1 = sm_.apply_status(o, OrderStatus::PendingSubmit, "", kT0);
  auto e2 = sm_.apply_status(o, OrderStatus::Submitted, "", kT0 + 1s);
  EXPECT_EQ(e1.kind, OrderEventKind::Transition);
  EXPECT_EQ(e2.from, OrderStatus::PendingSubmit);
  EXPECT_EQ(e2.to, OrderStatus::Submitted);
  EXPECT_EQ(e2.time, kT0 + 1s);
  EXPECT_EQ(o.status, OrderStatus::Submitted);
  EXPECT_EQ(o.status_at, kT0 + 1s);
}

TEST_F(OrderStateMachineTest, RepeatedStatusIsUnchangedAndNotWorthStoring) {
  Order o = order();
  o.status = OrderStatus::Submitted;
  auto e = sm_.apply_status(o, OrderStatus::Submitted, "", kT0 + 1s);
  EXPECT_EQ(e.kind, OrderEventKind::Unchanged);
  EXPECT_FALSE(e.worth_storing());
  EXPECT_EQ(o.status_at, kT0);
}

TEST_F(OrderStateMachineTest, FilledIsFinalAndALaterStatusIsAnIllegalEvent) {
  Order o = order();
  o.status = OrderStatus::Filled;
  Order before = o;
  auto e = sm_.apply_status(o, OrderStatus::Cancelled, "user", kT0 + 1s);
  EXPECT_EQ(e.kind, OrderEventKind::Illegal);
  EXPECT_TRUE(e.is_error());
  EXPECT_NE(e.reason.find("Filled -> Cancelled"), std::string::npos);
  EXPECT_EQ(o, before);
  EXPECT_TRUE(sm_.is_final(o, kT0));
}

TEST_F(OrderStateMachineTest, IllegalBackwardTransitionLeavesOrderUnchanged) {
  Order o = order();
  o.status = OrderStatus::PartiallyFilled;
  Order before = o;
  EXPECT_EQ(sm_.apply_status(o, OrderStatus::Submitted, "", kT0).kind, OrderEventKind::Illegal);
  EXPECT_EQ(sm_.apply_status(o, OrderStatus::New, "", kT0).kind, OrderEventKind::Illegal);
  EXPECT_EQ(o, before);
}

TEST_F(OrderStateMachineTest, RejectedKeepsTheReason) {
  Order o = order();
  o.status = OrderStatus::PendingSubmit;
  auto e = sm_.apply_status(o, OrderStatus::Rejected, "201: insufficient funds", kT0);
  EXPECT_EQ(e.to, OrderStatus::Rejected);
  EXPECT_EQ(o.reject_reason, "201: insufficient funds");
  EXPECT_TRUE(sm_.is_final(o, kT0));
}

TEST_F(OrderStateMachineTest, FillWithoutStatusMovesSubmittedToPartiallyFilled) {
  Order o = order();
  o.status = OrderStatus::Submitted;
  auto e = sm_.apply_fill(o, fill("x1", "40", "10"), kT0);
  EXPECT_EQ(e.kind, OrderEventKind::Fill);
  EXPECT_EQ(e.exec_id, "x1");
  EXPECT_EQ(o.status, OrderStatus::PartiallyFilled);
  EXPECT_EQ(o.filled_quantity, d("40"));
  EXPECT_EQ(o.remaining(), d("60"));
}

TEST_F(OrderStateMachineTest, PartiallyFilledBecomesFilledWhenCumulativeReachesQuantity) {
  Order o = order();
  o.status = OrderStatus::Submitted;
  sm_.apply_fill(o, fill("x1", "40", "10"), kT0);
  auto e = sm_.apply_fill(o, fill("x2", "60", "10.5"), kT0 + 1s);
  EXPECT_EQ(e.from, OrderStatus::PartiallyFilled);
  EXPECT_EQ(e.to, OrderStatus::Filled);
  EXPECT_EQ(o.status, OrderStatus::Filled);
  EXPECT_EQ(o.avg_fill_price, d("10.3"));  // (400 + 630) / 100
}

TEST_F(OrderStateMachineTest, FillBeforeAcknowledgementStillCounts) {
  Order o = order("10");
  o.status = OrderStatus::PendingSubmit;
  sm_.apply_fill(o, fill("x1", "10", "5"), kT0);
  EXPECT_EQ(o.status, OrderStatus::Filled);
}

TEST_F(OrderStateMachineTest, FillAfterCancelledWithinGraceIsAppliedAndCompletesTheOrder) {
  Order o = order();
  o.status = OrderStatus::Submitted;
  sm_.apply_status(o, OrderStatus::Cancelled, "", kT0);
  auto e = sm_.apply_fill(o, fill("x1", "100", "10"), kT0 + 5s);
  EXPECT_EQ(e.kind, OrderEventKind::Fill);
  EXPECT_EQ(e.from, OrderStatus::Cancelled);
  EXPECT_EQ(e.to, OrderStatus::Filled);
  EXPECT_EQ(o.filled_quantity, d("100"));
}

TEST_F(OrderStateMachineTest, PartialFillAfterCancelledIsAppliedAndStaysCancelled) {
  Order o = order();
  o.status = OrderStatus::Submitted;
  sm_.apply_status(o, OrderStatus::Cancelled, "", kT0);
  auto e = sm_.apply_fill(o, fill("x1", "30", "10"), kT0 + 5s);
  EXPECT_EQ(e.kind, OrderEventKind::Fill);
  EXPECT_NE(e.reason.find("late fill"), std::string::npos);
  EXPECT_EQ(o.status, OrderStatus::Cancelled);
  EXPECT_EQ(o.filled_quantity, d("30"));
}

TEST_F(OrderStateMachineTest, FillAfterCancelGraceIsStillAppliedButFlaggedAnomaly) {
  Order o = order();
  o.status = OrderStatus::Submitted;
  sm_.apply_status(o, OrderStatus::Cancelled, "", kT0);
  auto e = sm_.apply_fill(o, fill("x1", "30", "10"), kT0 + 31s);
  EXPECT_EQ(e.kind, OrderEventKind::Anomaly);
  EXPECT_EQ(o.filled_quantity, d("30"));
}

TEST_F(OrderStateMachineTest, CancelledBecomesFinalOnlyAfterGrace) {
  Order o = order();
  o.status = OrderStatus::Submitted;
  sm_.apply_status(o, OrderStatus::Cancelled, "", kT0);
  EXPECT_FALSE(sm_.is_final(o, kT0 + 30s));
  EXPECT_TRUE(sm_.in_cancel_grace(o, kT0 + 30s));
  EXPECT_TRUE(sm_.is_final(o, kT0 + 31s));
}

TEST_F(OrderStateMachineTest, OverfillIsAppliedAndFlaggedAnomaly) {
  Order o = order("10");
  o.status = OrderStatus::Submitted;
  sm_.apply_fill(o, fill("x1", "10", "5"), kT0);
  auto e = sm_.apply_fill(o, fill("x2", "1", "5"), kT0);
  EXPECT_EQ(e.kind, OrderEventKind::Anomaly);
  EXPECT_NE(e.reason.find("overfill"), std::string::npos);
  EXPECT_EQ(o.filled_quantity, d("11"));
  EXPECT_EQ(o.status, OrderStatus::Filled);
}

TEST_F(OrderStateMachineTest, FillOnRejectedOrderIsAppliedAndFlaggedAnomaly) {
  Order o = order("10");
  o.status = OrderStatus::Rejected;
  auto e = sm_.apply_fill(o, fill("x1", "10", "5"), kT0);
  EXPECT_EQ(e.kind, OrderEventKind::Anomaly);
  EXPECT_EQ(o.filled_quantity, d("10"));
}

TEST_F(OrderStateMachineTest, InactiveOrderMayComeBack) {
  EXPECT_TRUE(OrderStateMachine::is_legal(OrderStatus::Inactive, OrderStatus::Submitted));
  EXPECT_FALSE(OrderStateMachine::is_legal(OrderStatus::Cancelled, OrderStatus::Submitted));
  EXPECT_FALSE(OrderStateMachine::is_legal(OrderStatus::Rejected, OrderStatus::Filled));
}

}  // namespace
}  // namespace rt::trading

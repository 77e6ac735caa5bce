// The live inbound path on a real SQLite store: orderStatus/openOrder into the OMS, execDetails into
// the ledger store and the OMS with or without a status (O3), after Cancelled (O4), once per exec id
// (O5), commissions before or after their fill, order errors as rejections (O7), and IbBroker's
// refusals before anything is sent.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "ib/broker/broker_stack.hpp"
#include "store/temp_dir.hpp"

namespace rt::ib {
namespace {

using namespace std::chrono_literals;
using trading::OrderStatus;

Decimal d(const char* s) { return *Decimal::parse(s); }
const Timestamp kT0{std::chrono::sys_days{std::chrono::year{2025} / 1 / 15} + 15h};

class OrderFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::Database::open(dir_.file("trader.db"));
    ASSERT_TRUE(db) << db.error().describe();
    db_.emplace(std::move(*db));
    open_stack();
  }

  void open_stack() {
    stack_.reset();
    BrokerStackConfig config;
    config.starting_cash = d("100000");
    auto s = BrokerStack::create(io_.get_executor(), connections_, nullptr, *db_, clock_, monotonic_, config);
    ASSERT_TRUE(s) << s.error().describe();
    stack_ = std::move(*s);
  }

  // A journaled order the broker acknowledged as order id `id`.
  void add_order(const std::string& ref, std::int64_t id, trading::Side side = trading::Side::Buy) {
    trading::Order o;
    o.intent.order_ref = ref;
    o.intent.symbol = "AAPL";
    o.intent.side = side;
    o.intent.quantity = d("10");
    o.intent.reference_price = d("100");
    o.status = OrderStatus::Submitted;
    o.broker_order_id = id;
    o.created_at = o.status_at = o.updated_at = clock_.now();
    trading::OrderEvent ev{ref, OrderStatus::New, OrderStatus::Submitted, trading::OrderEventKind::Transition, "test",
                           {}, clock_.now()};
    ASSERT_TRUE(stack_->journal().record_new_order(o, ev));
    stack_->oms().restore({o}, {});
    stack_->broker().remember(id, ref);
  }

  tws::ExecutionData execution(const std::string& exec_id, const std::string& ref, const char* shares = "10",
                               const char* price = "100") {
    tws::ExecutionData e;
    e.req_id = -1;
    e.order_id = 7;
    e.contract.symbol = "AAPL";
    e.exec_id = exec_id;
    e.side = "BOT";
    e.shares = d(shares);
    e.price = d(price);
    e.perm_id = 0;
    e.order_ref = ref;
    e.time = "20250115 10:00:00 US/Eastern";
    return e;
  }

  std::int64_t fill_rows() { return db_->query_int("SELECT count(*) FROM fills").value(); }

  store::testing::TempDir dir_;
  ManualClock clock_{kT0};
  ManualMonotonicClock monotonic_;
  boost::asio::io_context io_;
  ConnectionManager connections_{io_.get_executor(), ConnectionManagerConfig{}, clock_, monotonic_};
  std::optional<store::Database> db_;
  std::unique_ptr<BrokerStack> stack_;
};

TEST_F(OrderFeedTest, OrderStatusWithoutRefIsMatchedByOrderIdAndRecordsThePermId) {
  add_order("rt-1", 7);
  tws::OrderStatus st;
  st.order_id = 7;
  st.status = "PreSubmitted";
  st.remaining = d("10");
  st.perm_id = 9001;
  stack_->feed().handle(st);
  const auto* o = stack_->oms().find("rt-1");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->perm_id, 9001);
  EXPECT_EQ(stack_->oms().find_by_perm_id(9001), o);
  EXPECT_EQ(stack_->feed().stats().status_updates, 1);
}

TEST_F(OrderFeedTest, ExecutionWithNoOrderStatusUpdatesPositionCashAndTheOrder) {
  add_order("rt-1", 7);
  stack_->feed().handle(execution("e1", "rt-1", "10", "100.5"));
  EXPECT_EQ(stack_->ledger().quantity("AAPL"), d("10"));
  EXPECT_EQ(stack_->ledger().cash(), d("100000") - d("1005"));
  EXPECT_EQ(fill_rows(), 1);
  const auto* o = stack_->oms().find("rt-1");
  EXPECT_EQ(o->status, OrderStatus::Filled);
  EXPECT_EQ(o->filled_quantity, d("10"));
  // The stored ledger is the in-memory one.
  auto reloaded = stack_->ledger_store().load_ledger();
  ASSERT_TRUE(reloaded);
  EXPECT_EQ(reloaded->state(), stack_->ledger().state());
}

TEST_F(OrderFeedTest, TheSameExecutionTwiceIsCountedOnce) {
  add_order("rt-1", 7);
  stack_->feed().handle(execution("e1", "rt-1", "4"));
  stack_->feed().handle(execution("e1", "rt-1", "4"));
  EXPECT_EQ(fill_rows(), 1);
  EXPECT_EQ(stack_->ledger().quantity("AAPL"), d("4"));
  EXPECT_EQ(stack_->oms().find("rt-1")->filled_quantity, d("4"));
  EXPECT_EQ(stack_->feed().stats().fills_duplicate, 1);
  EXPECT_EQ(stack_->oms().duplicate_fills(), 1);
}

TEST_F(OrderFeedTest, AFillAfterCancelledIsApplied) {
  add_order("rt-1", 7);
  tws::OrderStatus st;
  st.order_id = 7;
  st.status = "Cancelled";
  stack_->feed().handle(st);
  ASSERT_EQ(stack_->oms().find("rt-1")->status, OrderStatus::Cancelled);
  stack_->feed().handle(execution("e1", "rt-1", "10"));
  EXPECT_EQ(stack_->ledger().quantity("AAPL"), d("10"));
  EXPECT_EQ(stack_->oms().find("rt-1")->filled_quantity, d("10"));
  EXPECT_EQ(fill_rows(), 1);
}

TEST_F(OrderFeedTest, CommissionAfterItsFillIsOneIdempotentCashAdjustment) {
  add_order("rt-1", 7);
  stack_->feed().handle(execution("e1", "rt-1", "10", "100"));
  const Decimal cash_after_fill = stack_->ledger().cash();
  tws::CommissionReport c;
  c.exec_id = "e1";
  c.commission = d("1.25");
  stack_->feed().handle(c);
  stack_->feed().handle(c);
  EXPECT_EQ(stack_->ledger().cash(), cash_after_fill - d("1.25"));
  EXPECT_EQ(stack_->ledger().position("AAPL")->commissions, d("1.25"));
  auto commissions = stack_->ledger_store().load_commissions();
  ASSERT_TRUE(commissions);
  EXPECT_EQ(commissions->at("e1"), d("1.25"));
  EXPECT_EQ(stack_->recorder().stats().duplicate_commissions, 1);
  auto reloaded = stack_->ledger_store().load_ledger();
  ASSERT_TRUE(reloaded);
  EXPECT_EQ(reloaded->state(), stack_->ledger().state());
}

TEST_F(OrderFeedTest, CommissionBeforeItsFillRidesOnTheFill) {
  add_order("rt-1", 7);
  tws::CommissionReport c;
  c.exec_id = "e1";
  c.commission = d("0.35");
  stack_->feed().handle(c);
  EXPECT_EQ(stack_->recorder().waiting_commissions(), 1u);
  stack_->feed().handle(execution("e1", "rt-1", "10", "100"));
  EXPECT_EQ(stack_->recorder().waiting_commissions(), 0u);
  EXPECT_EQ(stack_->ledger().cash(), d("100000") - d("1000") - d("0.35"));
  EXPECT_EQ(stack_->ledger_store().load_commissions()->at("e1"), d("0.35"));
  stack_->feed().handle(c);  // a repeat changes nothing
  EXPECT_EQ(stack_->ledger().cash(), d("100000") - d("1000") - d("0.35"));
}

TEST_F(OrderFeedTest, ARejectionIsRecordedWithItsReasonAndNothingIsRetried) {
  add_order("rt-1", 7);
  tws::ErrorMessage err;
  err.id = 7;
  err.code = 201;
  err.message = "Order rejected - reason: insufficient funds";
  stack_->feed().handle(err);
  const auto* o = stack_->oms().find("rt-1");
  EXPECT_EQ(o->status, OrderStatus::Rejected);
  EXPECT_NE(o->reject_reason.find("insufficient funds"), std::string::npos);
  ASSERT_EQ(stack_->feed().notices().size(), 1u);
  EXPECT_EQ(stack_->feed().notices().front().code, 201);
  EXPECT_EQ(stack_->broker().stats().placed, 0);
  // The reason survives a restart.
  auto stored = stack_->journal().load_orders();
  ASSERT_TRUE(stored);
  EXPECT_NE(stored->front().reject_reason.find("insufficient funds"), std::string::npos);
}

TEST_F(OrderFeedTest, ExecutionsOfUnknownOrdersAndReconcileRepliesAreNotAppliedLive) {
  add_order("rt-1", 7);
  auto foreign = execution("x1", "someone-else");
  foreign.order_id = 99;
  stack_->feed().handle(foreign);
  auto reply = execution("e2", "rt-1");
  reply.req_id = 5;  // answers a reqExecutions: the reconciler's
  stack_->feed().handle(reply);
  EXPECT_EQ(fill_rows(), 0);
  EXPECT_EQ(stack_->feed().stats().fills_external, 1);
}

TEST_F(OrderFeedTest, StateSurvivesARestartOfTheStack) {
  add_order("rt-1", 7);
  stack_->feed().handle(execution("e1", "rt-1", "10", "100"));
  const auto before = stack_->ledger().state();
  open_stack();
  EXPECT_EQ(stack_->ledger().state(), before);
  ASSERT_NE(stack_->oms().find("rt-1"), nullptr);
  EXPECT_EQ(stack_->oms().find("rt-1")->status, OrderStatus::Filled);
  stack_->broker().remember(7, "rt-1");
  stack_->feed().handle(execution("e1", "rt-1", "10", "100"));  // redelivered after the restart
  EXPECT_EQ(fill_rows(), 1);
  EXPECT_EQ(stack_->ledger().state(), before);
}

TEST_F(OrderFeedTest, PlaceIsRefusedUntilReconciledAndWithoutASession) {
  trading::OrderIntent in;
  in.symbol = "AAPL";
  in.quantity = d("1");
  in.reference_price = d("100");
  auto r = stack_->oms().submit(in);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("reconciliation"), std::string::npos);
  EXPECT_EQ(stack_->broker().stats().refused, 1);
  EXPECT_EQ(stack_->broker().stats().placed, 0);
}

}  // namespace
}  // namespace rt::ib

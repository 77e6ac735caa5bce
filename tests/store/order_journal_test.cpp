#include "store/order_journal.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "store/temp_dir.hpp"

namespace rt::store {
namespace {

using namespace std::chrono_literals;
using trading::Order;
using trading::OrderEvent;
using trading::OrderEventKind;
using trading::OrderStatus;

Decimal d(const char* s) { return *Decimal::parse(s); }
const Timestamp kT0{std::chrono::seconds{1'710'511'200}};

Order sample_order(const std::string& ref) {
  Order o;
  o.intent.order_ref = ref;
  o.intent.symbol = "AAPL";
  o.intent.side = trading::Side::Sell;
  o.intent.quantity = d("12.5");
  o.intent.type = trading::OrderType::StopLimit;
  o.intent.stop_price = d("149.99");
  o.intent.limit_price = d("149.5");
  o.intent.tif = trading::TimeInForce::Gtc;
  o.intent.purpose = trading::OrderPurpose::Stop;
  o.intent.reference_price = d("150.25");
  o.status = OrderStatus::PendingSubmit;
  o.created_at = o.status_at = o.updated_at = kT0;
  return o;
}

OrderEvent event(const std::string& ref, OrderStatus from, OrderStatus to, Timestamp t) {
  return OrderEvent{ref, from, to, OrderEventKind::Transition, "because", "", t};
}

class OrderJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::open(dir_.file("journal.db"));
    ASSERT_TRUE(db) << db.error().describe();
    db_.emplace(std::move(*db));
    journal_.emplace(*db_);
  }
  testing::TempDir dir_;
  std::optional<Database> db_;
  std::optional<OrderJournal> journal_;
};

TEST_F(OrderJournalTest, NewOrderRoundTripsEveryField) {
  Order o = sample_order("k1");
  ASSERT_TRUE(journal_->record_new_order(o, event("k1", OrderStatus::New, OrderStatus::PendingSubmit, kT0)));
  auto orders = journal_->load_orders();
  ASSERT_TRUE(orders);
  ASSERT_EQ(orders->size(), 1u);
  EXPECT_EQ(orders->at(0), o);
}

TEST_F(OrderJournalTest, SecondInsertOfTheSameRefFailsAndKeepsTheFirst) {
  Order o = sample_order("k1");
  ASSERT_TRUE(journal_->record_new_order(o, event("k1", OrderStatus::New, OrderStatus::PendingSubmit, kT0)));
  Order other = o;
  other.intent.quantity = d("99");
  auto st = journal_->record_new_order(other, event("k1", OrderStatus::New, OrderStatus::PendingSubmit, kT0));
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kStorage);
  EXPECT_NE(st.error().message.find("UNIQUE"), std::string::npos);
  EXPECT_EQ(journal_->load_orders()->at(0).intent.quantity, d("12.5"));
  EXPECT_EQ(journal_->load_events("k1")->size(), 1u);
}

TEST_F(OrderJournalTest, ABracketIsStoredWholeWithItsParentAndOcaGroupOrNotAtAll) {
  Order parent = sample_order("p1");
  parent.intent.purpose = trading::OrderPurpose::Entry;
  Order child = sample_order("c1");
  child.intent.purpose = trading::OrderPurpose::Protect;
  child.intent.parent_ref = "p1";
  child.intent.oca_group = "oca-c1";
  const auto pending = [](const std::string& ref) {
    return event(ref, OrderStatus::New, OrderStatus::PendingSubmit, kT0);
  };
  ASSERT_TRUE(journal_->record_new_orders({&parent, &child}, {pending("p1"), pending("c1")}));
  auto orders = journal_->load_orders();
  ASSERT_TRUE(orders);
  ASSERT_EQ(orders->size(), 2u);
  const auto stored = std::find_if(orders->begin(), orders->end(), [](const Order& o) { return o.ref() == "c1"; });
  ASSERT_NE(stored, orders->end());
  EXPECT_EQ(*stored, child);  // parent_ref and oca_group round-trip
  // A bracket whose second row cannot be stored (its ref is taken) leaves nothing of itself.
  Order parent2 = sample_order("p2");
  Order clash = sample_order("c1");
  EXPECT_FALSE(journal_->record_new_orders({&parent2, &clash}, {pending("p2"), pending("c1")}));
  EXPECT_EQ(journal_->load_orders()->size(), 2u);
  EXPECT_TRUE(journal_->load_events("p2")->empty());
}

TEST_F(OrderJournalTest, AnAmendmentChangesTheQuantityAndPricesOfTheSameOrderOnly) {
  Order o = sample_order("k1");
  ASSERT_TRUE(journal_->record_new_order(o, event("k1", OrderStatus::New, OrderStatus::PendingSubmit, kT0)));
  Order moved = o;
  moved.intent.quantity = d("20");
  moved.intent.stop_price = d("148");
  ASSERT_TRUE(journal_->record_amendment(moved, event("k1", OrderStatus::PendingSubmit, OrderStatus::PendingSubmit, kT0)));
  EXPECT_EQ(journal_->load_orders()->at(0), moved);
  Order other = moved;
  other.intent.symbol = "MSFT";  // not the same order
  EXPECT_FALSE(journal_->record_amendment(other, event("k1", OrderStatus::PendingSubmit, OrderStatus::PendingSubmit, kT0)));
}

TEST_F(OrderJournalTest, TransitionUpdatesStatusPermIdAndFillsAndAppendsTheEvent) {
  Order o = sample_order("k1");
  ASSERT_TRUE(journal_->record_new_order(o, event("k1", OrderStatus::New, OrderStatus::PendingSubmit, kT0)));
  o.status = OrderStatus::PartiallyFilled;
  o.perm_id = 123456789012;
  o.broker_order_id = 42;
  o.filled_quantity = d("5");
  o.avg_fill_price = d("149.75");
  o.status_at = o.updated_at = kT0 + 3s;
  ASSERT_TRUE(journal_->record_transition(o, event("k1", OrderStatus::PendingSubmit, OrderStatus::PartiallyFilled,
                                                   kT0 + 3s)));
  EXPECT_EQ(journal_->load_orders()->at(0), o);
  auto events = journal_->load_events("k1");
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ(events->at(1).to, OrderStatus::PartiallyFilled);
  EXPECT_EQ(events->at(1).time, kT0 + 3s);
}

TEST_F(OrderJournalTest, TransitionOfAnUnknownOrderFailsAndWritesNoEvent) {
  Order o = sample_order("ghost");
  auto st = journal_->record_transition(o, event("ghost", OrderStatus::New, OrderStatus::Submitted, kT0));
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("ghost"), std::string::npos);
  EXPECT_EQ(db_->query_int("SELECT count(*) FROM order_events").value(), 0);
}

TEST_F(OrderJournalTest, OpenOrdersExcludeFinalOnes) {
  Order a = sample_order("a");
  Order b = sample_order("b");
  b.status = OrderStatus::Filled;
  ASSERT_TRUE(journal_->record_new_order(a, event("a", OrderStatus::New, OrderStatus::PendingSubmit, kT0)));
  ASSERT_TRUE(journal_->record_new_order(b, event("b", OrderStatus::New, OrderStatus::PendingSubmit, kT0)));
  auto open = journal_->load_open_orders();
  ASSERT_TRUE(open);
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ(open->at(0).ref(), "a");
}

TEST_F(OrderJournalTest, DenialsAreStoredWithRuleAndReason) {
  trading::RiskDenial den{kT0, "k9", "MSFT", trading::DenialRule::DailyNotionalCap, "over the cap"};
  ASSERT_TRUE(journal_->record_denial(den));
  auto all = journal_->load_denials();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->at(0), den);
}

TEST_F(OrderJournalTest, OrdersSurviveReopeningTheFile) {
  Order o = sample_order("k1");
  ASSERT_TRUE(journal_->record_new_order(o, event("k1", OrderStatus::New, OrderStatus::PendingSubmit, kT0)));
  journal_.reset();
  db_.reset();
  auto db = Database::open(dir_.file("journal.db"));
  ASSERT_TRUE(db);
  OrderJournal reopened(*db);
  EXPECT_EQ(reopened.load_orders()->at(0), o);
}

}  // namespace
}  // namespace rt::store

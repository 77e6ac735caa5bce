// SimBroker brackets and OCA groups, as TWS runs them: staged orders, children held until their
// parent fills, one fill cancelling or shrinking its group, a cancelled parent taking its children.
#include <gtest/gtest.h>

#include <chrono>

#include "gateway/broker/sim_broker.hpp"
#include "sim_order_builder.hpp"

namespace rt::gateway {
namespace {

using namespace std::chrono_literals;

using testing_orders::d;
using testing_orders::kMorning;

class BracketTest : public ::testing::Test {
 protected:
  BracketTest() : clock_(kMorning) {
    accounts_.emplace_back("DU1234567", Decimal::from_int(100000));
    quotes_.set("AAPL", TopOfBook{d("100.00"), d("100.02"), d("100.01")});
  }

  SimBroker& broker() {
    if (!broker_) {
      broker_.emplace(config_, clock_, accounts_, quotes_);
      broker_->subscribe([this](const BrokerEvent& e) {
        if (e.kind == BrokerEventKind::kOrderStatus && e.order != nullptr) {
          statuses_.emplace_back(e.order->order_id, e.order->status);
        }
      });
    }
    return *broker_;
  }

  static tws::PlaceOrder order(std::int64_t id, const char* action, const char* qty, const char* type,
                               std::optional<Decimal> lmt = std::nullopt, std::optional<Decimal> aux = std::nullopt) {
    return testing_orders::sim_order(id, action, qty, type, lmt, aux);
  }
  static tws::PlaceOrder child(tws::PlaceOrder p, std::int64_t parent, bool transmit) {
    p.order.parent_id = parent;
    p.order.transmit = transmit;
    return p;
  }
  static tws::PlaceOrder staged(tws::PlaceOrder p) {
    p.order.transmit = false;
    return p;
  }
  static tws::PlaceOrder in_oca(tws::PlaceOrder p, const char* group, int type) {
    p.order.oca_group = group;
    p.order.oca_type = type;
    return p;
  }

  // A resting buy at 99 with a sell stop at 97 and a take-profit at 103.
  void place_bracket(const char* qty = "100") {
    ASSERT_FALSE(broker().place(7, staged(order(1, "BUY", qty, "LMT", d("99")))));
    ASSERT_FALSE(broker().place(7, child(order(2, "SELL", qty, "LMT", d("103")), 1, false)));
    ASSERT_FALSE(broker().place(7, child(order(3, "SELL", qty, "STP", std::nullopt, d("97")), 1, true)));
  }

  void quote(const char* bid, const char* ask, const char* last) {
    quotes_.set("AAPL", TopOfBook{d(bid), d(ask), d(last)});
    clock_.advance(1s);
    broker().on_market();
  }

  const SimOrder& order_of(std::int64_t id) { return *broker().find(7, id); }
  std::vector<std::int64_t> reported() const {
    std::vector<std::int64_t> ids;
    for (const auto& s : statuses_) ids.push_back(s.first);
    return ids;
  }

  BrokerConfig config_;
  ManualClock clock_;
  std::vector<Account> accounts_;
  FixedQuoteSource quotes_;
  std::optional<SimBroker> broker_;
  std::vector<std::pair<std::int64_t, std::string>> statuses_;
};

TEST_F(BracketTest, AStagedOrderIsNeitherReportedNorMatchedUntilItsBracketIsTransmitted) {
  // A marketable parent would fill at once, were it not staged.
  ASSERT_FALSE(broker().place(7, staged(order(1, "BUY", "100", "LMT", d("101")))));
  quote("100.00", "100.02", "100.01");
  EXPECT_TRUE(statuses_.empty());
  EXPECT_TRUE(broker().executions().empty());
  ASSERT_FALSE(broker().place(7, child(order(2, "SELL", "100", "STP", std::nullopt, d("97")), 1, false)));
  EXPECT_TRUE(statuses_.empty());
  ASSERT_FALSE(broker().place(7, child(order(3, "SELL", "100", "LMT", d("110")), 1, true)));
  ASSERT_EQ(broker().executions().size(), 1U);  // the parent, now transmitted, traded on arrival
  EXPECT_EQ(order_of(1).status, "Filled");
  // Every order of the bracket was reported, the parent first.
  const auto ids = reported();
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids.front(), 1);
  EXPECT_NE(std::find(ids.begin(), ids.end(), 2), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), 3), ids.end());
}

TEST_F(BracketTest, ChildrenWaitPreSubmittedUntilTheParentFillsThenWork) {
  place_bracket();
  EXPECT_EQ(order_of(1).status, "Submitted");
  EXPECT_EQ(order_of(2).status, "PreSubmitted");  // a limit child is held too
  EXPECT_EQ(order_of(3).status, "PreSubmitted");
  EXPECT_FALSE(order_of(2).active);
  // A price through the take-profit does not fill it while the parent has not filled.
  quote("103.50", "103.52", "103.51");
  EXPECT_TRUE(broker().executions().empty());
  quote("98.90", "98.95", "98.99");  // the parent buys at its limit
  ASSERT_EQ(broker().executions().size(), 1U);
  EXPECT_EQ(order_of(1).status, "Filled");
  EXPECT_TRUE(order_of(2).active);
  EXPECT_EQ(order_of(2).status, "Submitted");
  EXPECT_EQ(order_of(3).status, "PreSubmitted");  // a stop is PreSubmitted until it triggers
}

TEST_F(BracketTest, OneChildFillingCancelsItsSibling) {
  place_bracket();
  quote("98.90", "98.95", "98.99");
  quote("96.50", "96.55", "96.60");  // through the stop
  ASSERT_EQ(broker().executions().size(), 2U);
  EXPECT_EQ(order_of(3).status, "Filled");
  EXPECT_EQ(order_of(2).status, "Cancelled");
  EXPECT_FALSE(order_of(2).working);
  EXPECT_EQ(accounts_.front().find("AAPL"), nullptr);  // flat: nothing sold twice
}

TEST_F(BracketTest, APartFilledChildShrinksItsSiblingByTheSharesFilled) {
  config_.partial_fills = true;
  place_bracket("90");
  for (int i = 0; i < 6 && order_of(1).working; ++i) quote("98.90", "98.95", "98.99");
  ASSERT_EQ(order_of(1).status, "Filled");
  quote("103.10", "103.12", "103.11");  // the take-profit fills its first chunk
  const auto& target = order_of(2);
  ASSERT_TRUE(target.working);
  ASSERT_GT(target.filled, Decimal{});
  EXPECT_EQ(order_of(3).order.total_quantity, d("90") - target.filled);
  EXPECT_TRUE(order_of(3).working);
  for (int i = 0; i < 6 && order_of(2).working; ++i) quote("103.10", "103.12", "103.11");
  EXPECT_EQ(order_of(2).status, "Filled");
  EXPECT_EQ(order_of(3).status, "Cancelled");  // shrunk to nothing
  EXPECT_EQ(accounts_.front().find("AAPL"), nullptr);
}

TEST_F(BracketTest, AParentCancelledBeforeAnyFillCancelsItsChildren) {
  place_bracket();
  ASSERT_FALSE(broker().cancel(7, 1));
  EXPECT_EQ(order_of(1).status, "Cancelled");
  EXPECT_EQ(order_of(2).status, "Cancelled");
  EXPECT_EQ(order_of(3).status, "Cancelled");
}

TEST_F(BracketTest, AParentCancelledPartFilledLeavesItsChildrenGuardingTheSharesBought) {
  config_.partial_fills = true;
  place_bracket("90");
  quote("98.90", "98.95", "98.99");
  const Decimal bought = order_of(1).filled;
  ASSERT_GT(bought, Decimal{});
  ASSERT_TRUE(order_of(1).working);
  ASSERT_FALSE(broker().cancel(7, 1));
  EXPECT_TRUE(order_of(3).working);
  EXPECT_TRUE(order_of(3).active);
  EXPECT_EQ(order_of(3).order.total_quantity, bought);
  EXPECT_EQ(order_of(2).order.total_quantity, bought);
}

TEST_F(BracketTest, AnOcaTypeOneFillCancelsEveryOtherOrderOfTheGroup) {
  ASSERT_FALSE(broker().place(7, in_oca(order(1, "BUY", "10", "LMT", d("99")), "g1", 1)));
  ASSERT_FALSE(broker().place(7, in_oca(order(2, "BUY", "10", "LMT", d("98")), "g1", 1)));
  ASSERT_FALSE(broker().place(7, in_oca(order(3, "BUY", "10", "LMT", d("98")), "g2", 1)));
  quote("98.90", "98.95", "98.99");
  EXPECT_EQ(order_of(1).status, "Filled");
  EXPECT_EQ(order_of(2).status, "Cancelled");
  EXPECT_TRUE(order_of(3).working);  // another group
}

TEST_F(BracketTest, AnOcaTypeTwoFillReducesTheOthersByTheSharesFilled) {
  ASSERT_FALSE(broker().place(7, in_oca(order(1, "BUY", "10", "LMT", d("99")), "g1", 2)));
  ASSERT_FALSE(broker().place(7, in_oca(order(2, "BUY", "25", "LMT", d("98")), "g1", 2)));
  quote("98.90", "98.95", "98.99");
  EXPECT_EQ(order_of(1).status, "Filled");
  EXPECT_EQ(order_of(2).order.total_quantity, d("15"));
  EXPECT_EQ(order_of(2).remaining, d("15"));
  EXPECT_TRUE(order_of(2).working);
}

TEST_F(BracketTest, ATrailChildTracksTheHighWaterMarkFromItsParentsFill) {
  ASSERT_FALSE(broker().place(7, staged(order(1, "BUY", "10", "LMT", d("99")))));
  ASSERT_FALSE(broker().place(7, child(order(2, "SELL", "10", "TRAIL", std::nullopt, d("1")), 1, true)));
  quote("101.98", "102.00", "102.00");  // a rise before the parent fills moves nothing
  EXPECT_EQ(order_of(2).status, "PreSubmitted");
  quote("98.90", "98.95", "98.99");
  ASSERT_EQ(order_of(1).status, "Filled");
  ASSERT_TRUE(order_of(2).trail_stop);
  EXPECT_EQ(*order_of(2).trail_stop, d("97.99"));
  quote("100.98", "101.00", "101.00");
  EXPECT_EQ(*order_of(2).trail_stop, d("100.00"));
  quote("99.90", "99.95", "99.95");
  EXPECT_EQ(order_of(2).status, "Filled");
}

TEST_F(BracketTest, AChildNamingAnOrderThatIsNotWorkingIsRejected) {
  const auto r = broker().place(7, child(order(5, "SELL", "10", "STP", std::nullopt, d("97")), 4, true));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, kErrOrderRejected);
  EXPECT_NE(r->message.find("parent order 4"), std::string::npos);
}

TEST_F(BracketTest, ModifyingAWorkingChildKeepsItsIdAndItsLink) {
  place_bracket();
  quote("98.90", "98.95", "98.99");
  auto moved = child(order(3, "SELL", "100", "STP", std::nullopt, d("98")), 1, true);
  ASSERT_FALSE(broker().place(7, moved));
  EXPECT_EQ(order_of(3).order.aux_price, d("98"));
  EXPECT_EQ(order_of(3).order.parent_id, 1);
  quote("97.80", "97.85", "97.90");
  EXPECT_EQ(order_of(3).status, "Filled");
  EXPECT_EQ(order_of(2).status, "Cancelled");
}

}  // namespace
}  // namespace rt::gateway

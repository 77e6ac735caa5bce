// SimBroker without sessions: orders against hand-set quotes on a manual clock, checked through the
// events it reports, the accounts it books into and the records it keeps.
#include "gateway/broker/sim_broker.hpp"
#include "sim_order_builder.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>

#include "gateway/broker/execution_time.hpp"

namespace rt::gateway {
namespace {

using namespace std::chrono_literals;

using testing_orders::d;
using testing_orders::kMorning;

struct Seen {
  BrokerEventKind kind;
  std::string status;
  bool open_order = false;
  Decimal filled;
  Decimal remaining;
  std::string exec_id;
  Decimal price;
  Decimal shares;
  bool repeat = false;
  int code = 0;
};

class BrokerTest : public ::testing::Test {
 protected:
  BrokerTest() : clock_(kMorning) {
    accounts_.emplace_back("DU1234567", Decimal::from_int(100000));
    quotes_.set("AAPL", TopOfBook{d("100.00"), d("100.02"), d("100.01")});
  }

  SimBroker& broker() {
    if (!broker_) {
      broker_.emplace(config_, clock_, accounts_, quotes_);
      broker_->subscribe([this](const BrokerEvent& e) {
        Seen s{e.kind, {}, e.open_order, {}, {}, {}, {}, {}, e.repeat_execution, e.code};
        if (e.order != nullptr) {
          s.status = e.order->status;
          s.filled = e.order->filled;
          s.remaining = e.order->remaining;
        }
        if (e.execution != nullptr) {
          s.exec_id = e.execution->exec_id;
          s.price = e.execution->price;
          s.shares = e.execution->shares;
        }
        seen_.push_back(s);
      });
    }
    return *broker_;
  }

  static tws::PlaceOrder order(std::int64_t id, const char* action, const char* qty, const char* type,
                               std::optional<Decimal> lmt = std::nullopt, std::optional<Decimal> aux = std::nullopt) {
    return testing_orders::sim_order(id, action, qty, type, lmt, aux);
  }

  void quote(const char* bid, const char* ask, const char* last) {
    quotes_.set("AAPL", TopOfBook{d(bid), d(ask), d(last)});
    clock_.advance(1s);
    broker().on_market();
  }

  std::vector<Seen> take() { return std::exchange(seen_, {}); }
  static std::vector<BrokerEventKind> kinds(const std::vector<Seen>& v) {
    std::vector<BrokerEventKind> out;
    for (const auto& s : v) out.push_back(s.kind);
    return out;
  }
  Account& account() { return accounts_.front(); }

  BrokerConfig config_;
  ManualClock clock_;
  std::vector<Account> accounts_;
  FixedQuoteSource quotes_;
  std::optional<SimBroker> broker_;
  std::vector<Seen> seen_;
};

using K = BrokerEventKind;

TEST_F(BrokerTest, MarketBuyFillsAtTheAskWithAcceptThenFillSequence) {
  ASSERT_FALSE(broker().place(7, order(1, "BUY", "100", "MKT")));
  const auto seen = take();
  ASSERT_EQ(kinds(seen), (std::vector<K>{K::kOrderStatus, K::kExecution, K::kOrderStatus, K::kPortfolio}));
  EXPECT_TRUE(seen[0].open_order);
  EXPECT_EQ(seen[1].price, d("100.02"));
  EXPECT_EQ(seen[1].shares, d("100"));
  EXPECT_TRUE(seen[2].open_order);
  EXPECT_EQ(seen[2].status, "Filled");
  const auto& o = broker().orders().front();
  EXPECT_EQ(o.status, "Filled");
  EXPECT_FALSE(o.working);
  EXPECT_EQ(o.avg_fill_price, d("100.02"));
  // 100 x $0.005 = $0.50, raised to the $1 minimum.
  EXPECT_EQ(broker().executions().front().commission, d("1"));
  EXPECT_EQ(account().cash(), d("100000") - d("10002") - d("1"));
  ASSERT_NE(account().find("AAPL"), nullptr);
  EXPECT_EQ(account().find("AAPL")->quantity, d("100"));
  EXPECT_EQ(account().find("AAPL")->average_cost, d("100.03"));  // commission in the cost
}

TEST_F(BrokerTest, MarketSellFillsAtTheBidLessSlippage) {
  config_.slippage_ticks = 3;
  ASSERT_FALSE(broker().place(7, order(1, "SELL", "10", "MKT")));
  EXPECT_EQ(broker().executions().front().price, d("99.97"));
  EXPECT_EQ(broker().executions().front().side, "SLD");
  EXPECT_EQ(account().find("AAPL")->quantity, d("-10"));
}

TEST_F(BrokerTest, MarketableLimitFillsAtTheTouchRemovingLiquidity) {
  ASSERT_FALSE(broker().place(7, order(1, "BUY", "10", "LMT", d("101"))));
  ASSERT_EQ(broker().executions().size(), 1U);
  EXPECT_EQ(broker().executions().front().price, d("100.02"));
  EXPECT_EQ(broker().executions().front().last_liquidity, 2);
}

TEST_F(BrokerTest, RestingLimitFillsAtItsLimitOnceTheAskReachesIt) {
  ASSERT_FALSE(broker().place(7, order(1, "BUY", "10", "LMT", d("99.50"))));
  EXPECT_EQ(kinds(take()), (std::vector<K>{K::kOrderStatus}));
  quote("99.60", "99.62", "99.61");
  EXPECT_TRUE(broker().executions().empty());
  quote("99.40", "99.45", "99.44");
  ASSERT_EQ(broker().executions().size(), 1U);
  EXPECT_EQ(broker().executions().front().price, d("99.50"));
  EXPECT_EQ(broker().executions().front().last_liquidity, 1);
}

TEST_F(BrokerTest, SellStopTriggersOnTheLastPriceThenFillsAtTheBid) {
  ASSERT_FALSE(broker().place(7, order(1, "SELL", "10", "STP", std::nullopt, d("99"))));
  EXPECT_EQ(broker().orders().front().status, "PreSubmitted");
  quote("99.10", "99.12", "99.05");  // bid below the stop, last above: not triggered
  EXPECT_TRUE(broker().executions().empty());
  take();
  quote("98.90", "98.95", "98.99");
  const auto seen = take();
  ASSERT_GE(seen.size(), 2U);
  EXPECT_EQ(seen[0].kind, K::kOrderStatus);
  EXPECT_EQ(seen[0].status, "Submitted");  // triggered
  ASSERT_EQ(broker().executions().size(), 1U);
  EXPECT_EQ(broker().executions().front().price, d("98.90"));
}

TEST_F(BrokerTest, BidAskTriggerMethodUsesTheBidForASellStop) {
  auto p = order(1, "SELL", "10", "STP", std::nullopt, d("99"));
  p.order.trigger_method = 4;
  ASSERT_FALSE(broker().place(7, p));
  quote("98.99", "99.12", "99.50");
  EXPECT_EQ(broker().executions().size(), 1U);
}

TEST_F(BrokerTest, StopLimitBecomesALimitWhenTriggered) {
  ASSERT_FALSE(broker().place(7, order(1, "BUY", "10", "STP LMT", d("101.10"), d("101"))));
  quote("100.99", "101.20", "101.00");  // triggered, but the ask is above the limit
  EXPECT_TRUE(broker().orders().front().triggered);
  EXPECT_TRUE(broker().executions().empty());
  quote("101.00", "101.05", "101.02");
  ASSERT_EQ(broker().executions().size(), 1U);
  EXPECT_EQ(broker().executions().front().price, d("101.10"));  // resting limit: at its limit
}

TEST_F(BrokerTest, TrailingStopRatchetsUpAndTriggersOnTheWayDown) {
  ASSERT_FALSE(broker().place(7, order(1, "SELL", "10", "TRAIL", std::nullopt, d("1"))));
  EXPECT_EQ(broker().orders().front().trail_stop, d("99.01"));
  quote("101.98", "102.00", "102.00");
  EXPECT_EQ(broker().orders().front().trail_stop, d("101.00"));
  quote("101.48", "101.50", "101.50");
  EXPECT_EQ(broker().orders().front().trail_stop, d("101.00"));  // never back down
  EXPECT_TRUE(broker().executions().empty());
  quote("100.95", "100.97", "100.99");
  ASSERT_EQ(broker().executions().size(), 1U);
  EXPECT_EQ(broker().executions().front().price, d("100.95"));
  EXPECT_EQ(SimBroker::open_order_message(broker().orders().front()).order.trail_stop_price, d("101.00"));
}

TEST_F(BrokerTest, TrailingPercentBuyStopRatchetsDown) {
  auto p = order(1, "BUY", "10", "TRAIL");
  p.order.trailing_percent = d("2");
  ASSERT_FALSE(broker().place(7, p));
  EXPECT_EQ(broker().orders().front().trail_stop, d("102.01"));  // 100.01 + 2 %
  quote("89.98", "90.00", "90.00");
  EXPECT_EQ(broker().orders().front().trail_stop, d("91.80"));
  quote("91.80", "91.82", "91.80");
  ASSERT_EQ(broker().executions().size(), 1U);
  EXPECT_EQ(broker().executions().front().price, d("91.82"));
}

TEST_F(BrokerTest, DayOrderExpiresAtTheCloseAndGtcStays) {
  ASSERT_FALSE(broker().place(7, order(1, "BUY", "10", "LMT", d("90"))));
  auto gtc = order(2, "BUY", "10", "LMT", d("90"));
  gtc.order.tif = "GTC";
  ASSERT_FALSE(broker().place(7, gtc));
  EXPECT_EQ(broker().orders()[0].order.tif, "DAY");
  clock_.set(kMorning + 5h + 59min);  // 15:59 New York
  broker().on_market();
  EXPECT_TRUE(broker().orders()[0].working);
  take();
  clock_.set(kMorning + 6h);  // 16:00
  broker().on_market();
  EXPECT_FALSE(broker().orders()[0].working);
  EXPECT_EQ(broker().orders()[0].status, "Cancelled");
  EXPECT_TRUE(broker().orders()[1].working);
  const auto seen = take();
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0].status, "Cancelled");
}

TEST_F(BrokerTest, PartialFillsSplitIntoTwoToFourChunksWithSubmittedThenFilled) {
  config_.partial_fills = true;
  ASSERT_FALSE(broker().place(7, order(1, "BUY", "1000", "MKT")));
  for (int i = 0; i < 5 && broker().orders().front().working; ++i) quote("100.00", "100.02", "100.01");
  const auto& o = broker().orders().front();
  EXPECT_FALSE(o.working);
  const auto n = broker().executions().size();
  EXPECT_GE(n, 2U);
  EXPECT_LE(n, 4U);
  Decimal total;
  Decimal commission;
  for (const auto& e : broker().executions()) {
    total += e.shares;
    commission += e.commission;
    EXPECT_EQ(e.cum_qty, total);
  }
  EXPECT_EQ(total, d("1000"));
  EXPECT_EQ(commission, d("5"));  // per order: 1000 x $0.005, however it was split
  std::vector<std::string> statuses;
  for (const auto& s : take()) {
    if (s.kind == K::kOrderStatus) statuses.push_back(s.status);
  }
  ASSERT_EQ(statuses.size(), n + 1);
  EXPECT_EQ(statuses.back(), "Filled");
  for (std::size_t i = 1; i + 1 < statuses.size(); ++i) EXPECT_EQ(statuses[i], "Submitted");
}

TEST_F(BrokerTest, CommissionIsPerShareWithAMinimumAndAPercentCap) {
  const CommissionModel m;
  EXPECT_EQ(m.order_commission(d("100"), d("10000")), d("1"));
  EXPECT_EQ(m.order_commission(d("1000"), d("100000")), d("5"));
  EXPECT_EQ(m.order_commission(d("1001"), d("100100")), d("5.01"));
  EXPECT_EQ(m.order_commission(d("10"), d("5")), d("0.05"));  // 1 % of $5 beats the $1 minimum
}

TEST_F(BrokerTest, TieredCommissionFallsWithTheMonthsVolumeAndAddsClearingFees) {
  CommissionModel m;
  m.schedule = CommissionSchedule::kTiered;
  // 1000 x 0.0035 = 3.50, + 1000 x 0.0002 clearing.
  EXPECT_EQ(m.order_commission(d("1000"), d("100000")), d("3.70"));
  // Past 300,000 shares this month the rate is 0.002: 2.00 + 0.20.
  EXPECT_EQ(m.order_commission(d("1000"), d("100000"), d("300000")), d("2.20"));
  EXPECT_EQ(m.order_commission(d("1000"), d("100000"), d("299999")), d("3.70"));
  EXPECT_EQ(m.tier_rate(d("150000000")), d("0.0005"));
  // The minimum is 0.35 an order: 10 shares pay 0.35 + 0.002.
  EXPECT_EQ(m.order_commission(d("10"), d("1000")), d("0.35"));
  EXPECT_EQ(m.order_commission(d("100"), d("10000")), d("0.37"));  // 0.35 + 0.02
  // The cap is 1 % of the value before the fees: 100 shares at $0.10.
  EXPECT_EQ(m.order_commission(d("100"), d("10")), d("0.12"));  // 0.10 + 0.02
}

TEST_F(BrokerTest, TieredTiersThatDoNotRiseOrEndBoundedAreRefused) {
  CommissionModel m;
  m.schedule = CommissionSchedule::kTiered;
  EXPECT_TRUE(validate(m).has_value());
  m.tiers = {{d("300000"), d("0.0035")}, {d("200000"), d("0.002")}, {Decimal{}, d("0.001")}};
  EXPECT_FALSE(validate(m).has_value());
  m.tiers = {{d("300000"), d("0.0035")}};
  EXPECT_FALSE(validate(m).has_value());
  EXPECT_FALSE(parse_commission_schedule("flat").has_value());
  EXPECT_EQ(parse_commission_schedule("tiered").value(), CommissionSchedule::kTiered);
}

TEST_F(BrokerTest, TheTieredScheduleChargesEachOrderAtTheVolumeBeforeIt) {
  config_.commission.schedule = CommissionSchedule::kTiered;
  config_.commission.tiers = {{d("150"), d("0.01")}, {Decimal{}, d("0.005")}};
  config_.commission.tiered_minimum = Decimal{};
  config_.commission.tiered_fees_per_share = Decimal{};
  ASSERT_FALSE(broker().place(7, order(1, "BUY", "100", "MKT")));   // month volume 0: 0.01
  ASSERT_FALSE(broker().place(7, order(2, "BUY", "100", "MKT")));   // 100: still 0.01
  ASSERT_FALSE(broker().place(7, order(3, "SELL", "100", "MKT")));  // 200: 0.005
  ASSERT_EQ(broker().executions().size(), 3U);
  EXPECT_EQ(broker().executions()[0].commission, d("1"));
  EXPECT_EQ(broker().executions()[1].commission, d("1"));
  EXPECT_EQ(broker().executions()[2].commission, d("0.50"));
  // A new month starts from zero.
  clock_.advance(std::chrono::days{31});
  quote("100.00", "100.02", "100.01");
  ASSERT_FALSE(broker().place(7, order(4, "BUY", "100", "MKT")));
  EXPECT_EQ(broker().executions().back().commission, d("1"));
}

TEST_F(BrokerTest, ClosingFillRealizesPnlNetOfCommissions) {
  ASSERT_FALSE(broker().place(7, order(1, "BUY", "100", "MKT")));
  quote("101.00", "101.02", "101.01");
  ASSERT_FALSE(broker().place(7, order(2, "SELL", "100", "MKT")));
  ASSERT_EQ(broker().executions().size(), 2U);
  const auto& close = broker().executions().back();
  // Bought at 100.02 + $1 (avg 100.03), sold at 101.00 paying $1: 0.97 x 100 - 1.
  ASSERT_TRUE(close.realized_pnl.has_value());
  EXPECT_EQ(*close.realized_pnl, d("96"));
  EXPECT_FALSE(broker().executions().front().realized_pnl.has_value());
  EXPECT_EQ(account().find("AAPL"), nullptr);
  EXPECT_EQ(account().realized_pnl(), d("96"));
  EXPECT_EQ(account().cash(), d("100096"));  // 100000 - 10002 - 1 + 10100 - 1
}

TEST_F(BrokerTest, RejectionsCarryTwsCodes) {
  auto zero = order(1, "BUY", "0", "MKT");
  EXPECT_EQ(broker().place(7, zero)->code, kErrOrderSizeZero);
  EXPECT_EQ(broker().place(7, order(1, "BUY", "1", "MKT"))->code, kErrDuplicateOrderId);  // id 1 was used
  ASSERT_FALSE(broker().place(7, order(5, "BUY", "1", "MKT")));
  EXPECT_EQ(broker().place(7, order(5, "BUY", "1", "MKT"))->code, kErrDuplicateOrderId);  // filled order
  EXPECT_EQ(broker().place(7, order(3, "BUY", "1", "MKT"))->code, kErrDuplicateOrderId);  // below the max used
  EXPECT_FALSE(broker().place(8, order(3, "BUY", "1", "MKT")));  // another client has its own ids
  auto unknown = order(10, "BUY", "1", "MKT");
  unknown.contract.symbol = "NOPE";
  EXPECT_EQ(broker().place(7, unknown)->code, kErrNoSecurityDefinition);
  auto foreign = order(11, "BUY", "1", "MKT");
  foreign.order.account = "DU9999999";
  const auto r = broker().place(7, foreign);
  EXPECT_EQ(r->code, kErrOrderRejected);
  EXPECT_NE(r->message.find("Order rejected - reason:"), std::string::npos);
  auto bad_type = order(12, "BUY", "1", "MIT");
  EXPECT_EQ(broker().place(7, bad_type)->code, kErrOrderRejected);
  auto no_price = order(13, "BUY", "1", "LMT");
  EXPECT_EQ(broker().place(7, no_price)->code, kErrOrderRejected);
  EXPECT_EQ(broker().next_valid_id(7, 1), 14);
  EXPECT_EQ(broker().next_valid_id(8, 1), 4);
  EXPECT_EQ(broker().next_valid_id(9, 1), 1);
}

TEST_F(BrokerTest, LiveAccountIsRefused) {
  accounts_.clear();
  accounts_.emplace_back("U1234567", Decimal::from_int(100000));
  const auto r = broker().place(7, order(1, "BUY", "1", "MKT"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, kErrOrderRejected);
  EXPECT_NE(r->message.find("paper"), std::string::npos);
}

TEST_F(BrokerTest, InsufficientBuyingPowerIsRejectedWithAJsonReason) {
  // $100,000 of cash is $400,000 of buying power: 5,000 shares at $100.02 are too many.
  const auto r = broker().place(7, order(1, "BUY", "5000", "MKT"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, kErrOrderRejected);
  EXPECT_EQ(r->order_id, 1);
  const auto json = nlohmann::json::parse(r->reject_json);
  EXPECT_EQ(json["rejectReason"], "INSUFFICIENT_BUYING_POWER");
  EXPECT_FALSE(broker().place(7, order(2, "BUY", "3000", "MKT")));
}

TEST_F(BrokerTest, CancelSendsPendingCancel202ThenCancelled) {
  ASSERT_FALSE(broker().place(7, order(1, "BUY", "10", "LMT", d("90"))));
  take();
  ASSERT_FALSE(broker().cancel(7, 1));
  const auto seen = take();
  ASSERT_EQ(kinds(seen), (std::vector<K>{K::kOrderStatus, K::kOrderNotice, K::kOrderStatus}));
  EXPECT_EQ(seen[0].status, "PendingCancel");
  EXPECT_EQ(seen[1].code, kErrOrderCanceled);
  EXPECT_EQ(seen[2].status, "Cancelled");
  EXPECT_EQ(broker().cancel(7, 1)->code, kErrCancelNotCancellable);
  EXPECT_EQ(broker().cancel(7, 42)->code, kErrCancelNotFound);
  EXPECT_EQ(broker().cancel(8, 1)->code, kErrCancelNotFound);  // another client's id space
  EXPECT_EQ(broker().cancel(7, 42)->message, "OrderId 42 that needs to be cancelled is not found.");
}

TEST_F(BrokerTest, GlobalCancelCancelsEveryClientsWorkingOrders) {
  ASSERT_FALSE(broker().place(7, order(1, "BUY", "10", "LMT", d("90"))));
  ASSERT_FALSE(broker().place(8, order(1, "BUY", "10", "LMT", d("90"))));
  broker().cancel_all();
  for (const auto& o : broker().orders()) EXPECT_EQ(o.status, "Cancelled");
}

TEST_F(BrokerTest, ModifyingAWorkingOrderChangesItsLimit) {
  ASSERT_FALSE(broker().place(7, order(1, "BUY", "10", "LMT", d("90"))));
  take();
  ASSERT_FALSE(broker().place(7, order(1, "BUY", "10", "LMT", d("100.05"))));
  ASSERT_EQ(broker().executions().size(), 1U);
  EXPECT_EQ(broker().executions().front().price, d("100.02"));
  EXPECT_EQ(broker().orders().size(), 1U);
}

TEST_F(BrokerTest, FaultFillAfterCancelReportsTheFillAfterCancelled) {
  ASSERT_TRUE(config_.faults.add("fill-after-cancel").has_value());
  ASSERT_FALSE(broker().place(7, order(1, "BUY", "10", "LMT", d("90"))));
  take();
  ASSERT_FALSE(broker().cancel(7, 1));
  const auto seen = take();
  ASSERT_EQ(kinds(seen),
            (std::vector<K>{K::kOrderStatus, K::kOrderNotice, K::kOrderStatus, K::kExecution, K::kPortfolio}));
  EXPECT_EQ(seen[2].status, "Cancelled");
  EXPECT_EQ(seen[3].shares, d("10"));
  EXPECT_EQ(account().find("AAPL")->quantity, d("10"));  // booked, not lost
  EXPECT_FALSE(broker().orders().front().working);
}

TEST_F(BrokerTest, FaultFillsWithoutStatusSendsOnlyTheExecution) {
  ASSERT_TRUE(config_.faults.add("fills-without-status").has_value());
  ASSERT_FALSE(broker().place(7, order(1, "BUY", "10", "MKT")));
  EXPECT_EQ(kinds(take()), (std::vector<K>{K::kOrderStatus, K::kExecution, K::kPortfolio}));
}

TEST_F(BrokerTest, FaultDuplicateExecOnceMarksOnlyTheFirstFill) {
  ASSERT_TRUE(config_.faults.add("duplicate-exec:once").has_value());
  ASSERT_FALSE(broker().place(7, order(1, "BUY", "10", "MKT")));
  ASSERT_FALSE(broker().place(7, order(2, "BUY", "10", "MKT")));
  std::vector<bool> repeats;
  for (const auto& s : take()) {
    if (s.kind == K::kExecution) repeats.push_back(s.repeat);
  }
  EXPECT_EQ(repeats, (std::vector<bool>{true, false}));
}

TEST_F(BrokerTest, FaultRejectOrdersUsesTheGivenCode) {
  ASSERT_TRUE(config_.faults.add("reject-orders:202").has_value());
  EXPECT_EQ(broker().place(7, order(1, "BUY", "10", "MKT"))->code, 202);
  EXPECT_TRUE(broker().orders().empty());
}

TEST_F(BrokerTest, OrderFaultSpecsParseAndRoundTrip) {
  OrderFaults f;
  EXPECT_TRUE(f.add("drop-before-ack:once").has_value());
  EXPECT_TRUE(f.add("reject-orders").has_value());
  EXPECT_TRUE(f.add("drop-before-commission").has_value());
  EXPECT_FALSE(f.add("reject-orders").has_value());
  EXPECT_FALSE(f.add("duplicate-exec:twice").has_value());
  EXPECT_FALSE(OrderFaults{}.add("reject-orders:x").has_value());
  EXPECT_EQ(f.specs(), (std::vector<std::string>{"drop-before-ack:once", "drop-before-commission", "reject-orders:201"}));
  EXPECT_TRUE(is_order_fault_spec("fill-after-cancel"));
  EXPECT_FALSE(is_order_fault_spec("zombie"));
}

TEST_F(BrokerTest, ExecutionsFilterByClientSymbolSideAndTime) {
  ASSERT_FALSE(broker().place(7, order(1, "BUY", "10", "MKT")));
  clock_.advance(1h);
  ASSERT_FALSE(broker().place(8, order(1, "SELL", "5", "MKT")));
  tws::ExecutionFilter all;
  EXPECT_EQ(broker().executions(all).size(), 2U);
  tws::ExecutionFilter client;
  client.client_id = 8;
  EXPECT_EQ(broker().executions(client).size(), 1U);
  tws::ExecutionFilter side;
  side.side = "BUY";
  ASSERT_EQ(broker().executions(side).size(), 1U);
  EXPECT_EQ(broker().executions(side).front()->client_id, 7);
  tws::ExecutionFilter since;
  since.time = "20250115 10:30:00 US/Eastern";
  EXPECT_EQ(broker().executions(since).size(), 1U);
  since.time = "20250115-15:30:00";
  EXPECT_EQ(broker().executions(since).size(), 1U);
  tws::ExecutionFilter other;
  other.symbol = "MSFT";
  EXPECT_TRUE(broker().executions(other).empty());
}

TEST_F(BrokerTest, ExecutionMessageCarriesTwsFields) {
  auto p = order(1, "BUY", "10", "MKT");
  ASSERT_FALSE(broker().place(7, p));
  const auto m = SimBroker::execution_message(broker().executions().front(), -1);
  EXPECT_EQ(m.req_id, -1);
  EXPECT_EQ(m.time, "20250115 10:00:00 US/Eastern");
  EXPECT_EQ(m.side, "BOT");
  EXPECT_EQ(m.order_ref, "ref-1");
  EXPECT_EQ(m.exchange, "ISLAND");
  EXPECT_EQ(m.perm_id, broker().orders().front().perm_id);
  EXPECT_EQ(m.exec_id.size(), 23U);
  EXPECT_EQ(m.exec_id.substr(17), ".01.01");
  const auto c = SimBroker::commission_message(broker().executions().front());
  EXPECT_EQ(c.exec_id, m.exec_id);
  EXPECT_EQ(c.commission, d("1"));
}

TEST(EasternTime, FormatsWithDaylightSavingAndFindsTheClose) {
  using std::chrono::sys_days;
  using std::chrono::year;
  const Timestamp summer = Timestamp{sys_days{year{2025} / 7 / 1}} + 13h + 30min;
  EXPECT_EQ(eastern_time_text(summer), "20250701 09:30:00 US/Eastern");
  EXPECT_EQ(eastern_time_text(kMorning), "20250115 10:00:00 US/Eastern");
  EXPECT_EQ(next_session_close(kMorning), Timestamp{sys_days{year{2025} / 1 / 15}} + 21h);
  EXPECT_EQ(next_session_close(summer), Timestamp{sys_days{year{2025} / 7 / 1}} + 20h);
  // After the close: the next day's.
  EXPECT_EQ(next_session_close(kMorning + 7h), Timestamp{sys_days{year{2025} / 1 / 16}} + 21h);
  EXPECT_EQ(parse_filter_time("20250115-15:00:00"), kMorning);
  EXPECT_EQ(parse_filter_time("20250115 10:00:00 US/Eastern"), kMorning);
  EXPECT_FALSE(parse_filter_time("yesterday").has_value());
}

TEST(EasternTime, ExecutionTimesBefore2007UseThatYearsDaylightSavingRule) {
  using std::chrono::sys_days;
  using std::chrono::year;
  // 2006-03-20 was standard time (DST began on 2 April that year), 2007-03-20 daylight time.
  const Timestamp march2006 = Timestamp{sys_days{year{2006} / 3 / 20}} + 15h;
  const Timestamp march2007 = Timestamp{sys_days{year{2007} / 3 / 20}} + 15h;
  EXPECT_EQ(eastern_time_text(march2006), "20060320 10:00:00 US/Eastern");
  EXPECT_EQ(eastern_time_text(march2007), "20070320 11:00:00 US/Eastern");
  EXPECT_EQ(parse_filter_time("20060320 10:00:00 US/Eastern"), march2006);
  EXPECT_EQ(next_session_close(march2006), Timestamp{sys_days{year{2006} / 3 / 20}} + 21h);
  EXPECT_EQ(next_session_close(march2007), Timestamp{sys_days{year{2007} / 3 / 20}} + 20h);
  // A date alone is local midnight, also on the day the clocks change.
  EXPECT_EQ(parse_filter_time("20060402"), Timestamp{sys_days{year{2006} / 4 / 2}} + 5h);
}

}  // namespace
}  // namespace rt::gateway

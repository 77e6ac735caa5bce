// Inbound order mapping: TWS status words, execDetails to fills, execution times, order errors,
// and the outbound placeOrder/cancelOrder translation round-tripped through the codec.
#include <gtest/gtest.h>

#include "ib/broker/order_event_mapper.hpp"
#include "ib/broker/place_order_builder.hpp"
#include "tws/messages/codec.hpp"

namespace rt::ib {
namespace {

using trading::OrderStatus;
using namespace std::chrono_literals;

Decimal d(const char* s) { return *Decimal::parse(s); }

tws::ExecutionData execution(const std::string& id, const std::string& side, const char* shares, const char* price) {
  tws::ExecutionData e;
  e.exec_id = id;
  e.order_id = 7;
  e.contract.symbol = "AAPL";
  e.side = side;
  e.shares = d(shares);
  e.price = d(price);
  e.perm_id = 555;
  e.order_ref = "rt-1";
  e.time = "20250115 09:35:00 US/Eastern";
  e.account = "DU123";
  return e;
}

TEST(OrderStatusMapping, EveryTwsStatusWordMapsToItsDomainStatus) {
  EXPECT_EQ(map_order_status("PendingSubmit"), OrderStatus::PendingSubmit);
  EXPECT_EQ(map_order_status("ApiPending"), OrderStatus::PendingSubmit);
  EXPECT_EQ(map_order_status("PreSubmitted"), OrderStatus::Submitted);
  EXPECT_EQ(map_order_status("Submitted"), OrderStatus::Submitted);
  EXPECT_EQ(map_order_status("Filled"), OrderStatus::Filled);
  EXPECT_EQ(map_order_status("Cancelled"), OrderStatus::Cancelled);
  EXPECT_EQ(map_order_status("ApiCancelled"), OrderStatus::Cancelled);
  EXPECT_EQ(map_order_status("Inactive"), OrderStatus::Inactive);
}

TEST(OrderStatusMapping, PendingCancelAndUnknownWordsChangeNothing) {
  EXPECT_FALSE(map_order_status("PendingCancel"));
  EXPECT_FALSE(map_order_status("Bogus"));
  tws::OrderStatus st;
  st.status = "PendingCancel";
  EXPECT_FALSE(to_order_update(st, "rt-1"));
}

TEST(OrderStatusMapping, SubmittedWithSomethingFilledIsPartiallyFilled) {
  EXPECT_EQ(map_order_status("Submitted", d("3")), OrderStatus::PartiallyFilled);
  tws::OrderStatus st;
  st.order_id = 12;
  st.status = "Submitted";
  st.filled = d("3");
  st.remaining = d("7");
  st.perm_id = 99;
  auto u = to_order_update(st, "rt-9");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->order_ref, "rt-9");
  EXPECT_EQ(u->perm_id, 99);
  EXPECT_EQ(u->broker_order_id, 12);
  EXPECT_EQ(u->status, OrderStatus::PartiallyFilled);
}

TEST(OrderStatusMapping, OpenOrderCarriesRefAndPermId) {
  tws::OpenOrder o;
  o.order_id = 4;
  o.contract.symbol = "MSFT";
  o.order.action = "SELL";
  o.order.total_quantity = d("5");
  o.order.order_type = "STP LMT";
  o.order.order_ref = "rt-4";
  o.order.perm_id = 4444;
  o.state.status = "PreSubmitted";
  auto u = to_order_update(o);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->order_ref, "rt-4");
  EXPECT_EQ(u->perm_id, 4444);
  EXPECT_EQ(u->status, OrderStatus::Submitted);
  tws::OrderStatus st;
  st.status = "Submitted";
  st.filled = d("2");
  auto b = to_broker_open_order(o, &st);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->side, trading::Side::Sell);
  EXPECT_EQ(b->type, trading::OrderType::StopLimit);
  EXPECT_EQ(b->status, OrderStatus::PartiallyFilled);
  EXPECT_EQ(b->filled_quantity, d("2"));
}

TEST(ExecutionMapping, BotIsBuySldIsSellWithDecimalSharesAndPrice) {
  auto buy = to_fill(execution("e1", "BOT", "10", "187.25"), Timestamp{});
  ASSERT_TRUE(buy);
  EXPECT_EQ(buy->side, trading::Side::Buy);
  EXPECT_EQ(buy->quantity, d("10"));
  EXPECT_EQ(buy->price, d("187.25"));
  EXPECT_EQ(buy->exec_id, "e1");
  EXPECT_EQ(buy->order_ref, "rt-1");
  EXPECT_EQ(buy->perm_id, 555);
  EXPECT_EQ(buy->symbol, "AAPL");
  EXPECT_TRUE(buy->commission.is_zero());
  auto sell = to_fill(execution("e2", "SLD", "0.5", "10.01"), Timestamp{});
  ASSERT_TRUE(sell);
  EXPECT_EQ(sell->side, trading::Side::Sell);
  EXPECT_EQ(sell->quantity, d("0.5"));
}

TEST(ExecutionMapping, UnknownSideOrNonPositiveNumbersAreRefusedNamingTheField) {
  auto bad_side = to_fill(execution("e1", "BUY", "10", "1"), Timestamp{});
  ASSERT_FALSE(bad_side);
  EXPECT_NE(bad_side.error().message.find("side"), std::string::npos);
  EXPECT_FALSE(to_fill(execution("e1", "BOT", "0", "1"), Timestamp{}));
  EXPECT_FALSE(to_fill(execution("e1", "BOT", "1", "-1"), Timestamp{}));
  EXPECT_FALSE(to_fill(execution("", "BOT", "1", "1"), Timestamp{}));
}

TEST(ExecutionMapping, ExecutionTimesInEasternAndUtc) {
  using namespace std::chrono;
  const sys_days jan15{year{2025} / 1 / 15};
  // Winter: EST is UTC-5.
  EXPECT_EQ(parse_execution_time("20250115 09:35:00 US/Eastern"), Timestamp{jan15 + 14h + 35min});
  // Summer: EDT is UTC-4.
  const sys_days jul1{year{2025} / 7 / 1};
  EXPECT_EQ(parse_execution_time("20250701 09:30:00 America/New_York"), Timestamp{jul1 + 13h + 30min});
  EXPECT_EQ(parse_execution_time("20250115-21:00:00"), Timestamp{jan15 + 21h});
  EXPECT_EQ(parse_execution_time("20250115  09:35:00"), Timestamp{jan15 + 9h + 35min});
  EXPECT_FALSE(parse_execution_time("20250115 09:35:00 Mars/Olympus"));
  EXPECT_FALSE(parse_execution_time("2025-01-15"));
  auto fallback = Timestamp{jan15};
  auto e = execution("e1", "BOT", "1", "1");
  e.time = "garbage";
  EXPECT_EQ(to_fill(e, fallback)->time, fallback);
}

TEST(ExecutionMapping, EasternExecutionTimesBefore2007UseThatYearsDaylightSavingRule) {
  using namespace std::chrono;
  // DST began on 2 April 2006 and on 11 March 2007.
  EXPECT_EQ(parse_execution_time("20060320 10:00:00 US/Eastern"),
            Timestamp{sys_days{year{2006} / 3 / 20} + 15h});
  EXPECT_EQ(parse_execution_time("20070320 10:00:00 US/Eastern"),
            Timestamp{sys_days{year{2007} / 3 / 20} + 14h});
  EXPECT_EQ(parse_execution_time("20061030 10:00:00 US/Eastern"),
            Timestamp{sys_days{year{2006} / 10 / 30} + 15h});
}

TEST(ExecutionMapping, FilterStartsAtTheUtcDay) {
  using namespace std::chrono;
  EXPECT_EQ(execution_filter_since_day_start(Timestamp{sys_days{year{2025} / 3 / 9} + 23h}), "20250309-00:00:00");
}

TEST(OrderErrors, RejectCodesRejectAndCancelCodesCancelWithTheReason) {
  for (int code : {201, 103, 434, 200}) {
    auto e = classify_order_error(code, "Order rejected - reason: no funds");
    ASSERT_TRUE(e) << code;
    EXPECT_EQ(e->status, OrderStatus::Rejected) << code;
    EXPECT_NE(e->reason.find(std::to_string(code)), std::string::npos);
    EXPECT_NE(e->reason.find("no funds"), std::string::npos);
  }
  for (int code : {202, 10147}) {
    auto e = classify_order_error(code, "x");
    ASSERT_TRUE(e) << code;
    EXPECT_EQ(e->status, OrderStatus::Cancelled) << code;
  }
  EXPECT_FALSE(classify_order_error(2109, "Outside Regular Trading Hours attribute ignored"));
  EXPECT_FALSE(classify_order_error(10148, "cannot be cancelled"));
}

TEST(Accounts, OnlyDuAccountsArePaper) {
  EXPECT_TRUE(is_paper_account("DU1234567"));
  EXPECT_FALSE(is_paper_account("U1234567"));
  EXPECT_FALSE(is_paper_account("DU"));
  EXPECT_FALSE(is_paper_account(""));
}

OrderRoute route(const char* account) {
  OrderRoute r;
  r.account = account;
  return r;
}

trading::Order order(trading::OrderType type) {
  trading::Order o;
  o.intent.order_ref = "rt-42";
  o.intent.symbol = "AAPL";
  o.intent.side = trading::Side::Sell;
  o.intent.quantity = d("10");
  o.intent.type = type;
  o.intent.tif = trading::TimeInForce::Gtc;
  return o;
}

// Encodes at `sv` and decodes the frame as the server would.
tws::PlaceOrder round_trip(const tws::PlaceOrder& m, int sv) {
  std::string frame = tws::encode(m, sv);
  auto decoded = tws::decode_request(std::string_view(frame).substr(4), sv);
  EXPECT_TRUE(decoded) << (decoded ? "" : decoded.error().message);
  if (!decoded) return {};
  return std::get<tws::PlaceOrder>(*decoded);
}

TEST(PlaceOrderBuilder, EveryOrderTypeEncodesAndDecodesAtEveryServerVersion) {
  std::vector<trading::Order> orders;
  orders.push_back(order(trading::OrderType::Market));
  auto lmt = order(trading::OrderType::Limit);
  lmt.intent.limit_price = d("101.5");
  orders.push_back(lmt);
  auto stp = order(trading::OrderType::Stop);
  stp.intent.stop_price = d("99");
  orders.push_back(stp);
  auto stp_lmt = order(trading::OrderType::StopLimit);
  stp_lmt.intent.stop_price = d("99");
  stp_lmt.intent.limit_price = d("98.5");
  orders.push_back(stp_lmt);
  auto trail = order(trading::OrderType::TrailingStop);
  trail.intent.trail_percent = d("2.5");
  orders.push_back(trail);
  for (int sv : {176, 178, 187, 193}) {
    for (const auto& o : orders) {
      auto m = build_place_order(o, 1001, route("DU123"));
      ASSERT_TRUE(m) << m.error().message;
      auto back = round_trip(*m, sv);
      EXPECT_EQ(back.order_id, 1001);
      EXPECT_EQ(back.contract.symbol, "AAPL");
      EXPECT_EQ(back.order.action, "SELL");
      EXPECT_EQ(back.order.order_type, trading::to_string(o.intent.type));
      EXPECT_EQ(back.order.total_quantity, d("10"));
      EXPECT_EQ(back.order.tif, "GTC");
      EXPECT_EQ(back.order.account, "DU123");
      EXPECT_EQ(back.order.order_ref, "rt-42");
      EXPECT_EQ(back.order.lmt_price, m->order.lmt_price);
      EXPECT_EQ(back.order.aux_price, m->order.aux_price);
      EXPECT_EQ(back.order.trailing_percent, m->order.trailing_percent);
    }
  }
}

TEST(PlaceOrderBuilder, StopLimitCarriesLimitAndStopInTheirFields) {
  auto o = order(trading::OrderType::StopLimit);
  o.intent.stop_price = d("99");
  o.intent.limit_price = d("98.5");
  auto m = build_place_order(o, 5, route("DU1"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->order.lmt_price, d("98.5"));
  EXPECT_EQ(m->order.aux_price, d("99"));
}

TEST(PlaceOrderBuilder, IncompleteOrdersAndBadIdsAreRefused) {
  EXPECT_FALSE(build_place_order(order(trading::OrderType::Limit), 5, route("DU1")));  // no limit price
  EXPECT_FALSE(build_place_order(order(trading::OrderType::Market), 0, route("DU1")));
  auto no_ref = order(trading::OrderType::Market);
  no_ref.intent.order_ref.clear();
  EXPECT_FALSE(build_place_order(no_ref, 5, route("DU1")));
}

TEST(PlaceOrderBuilder, CancelOrderRoundTripsAtEveryServerVersion) {
  for (int sv : {176, 187, 193}) {
    std::string frame = tws::encode(build_cancel_order(77), sv);
    auto decoded = tws::decode_request(std::string_view(frame).substr(4), sv);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(std::get<tws::CancelOrder>(*decoded).order_id, 77);
  }
}

}  // namespace
}  // namespace rt::ib

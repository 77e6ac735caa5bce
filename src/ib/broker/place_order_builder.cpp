#include "ib/broker/place_order_builder.hpp"

namespace rt::ib {

Result<tws::PlaceOrder> build_place_order(const trading::Order& order, std::int64_t order_id, const OrderRoute& route) {
  if (order_id <= 0) return fail(ErrorCode::kInvalidArgument, "placeOrder needs a positive order id");
  const auto& in = order.intent;
  if (auto st = trading::validate(in); !st) return std::unexpected(st.error());
  if (in.order_ref.empty()) return fail(ErrorCode::kInvalidArgument, "order for " + in.symbol + " has no order ref");

  tws::PlaceOrder m;
  m.order_id = order_id;
  if (route.contract) {
    m.contract = *route.contract;
  } else {
    m.contract.symbol = in.symbol;
    m.contract.sec_type = "STK";
    m.contract.exchange = route.exchange;
    m.contract.currency = route.currency;
    m.contract.primary_exchange = route.primary_exchange;
  }

  tws::Order& o = m.order;
  o.action = std::string(trading::to_string(in.side));
  o.total_quantity = in.quantity;
  o.order_type = std::string(trading::to_string(in.type));
  switch (in.type) {
    case trading::OrderType::Market: break;
    case trading::OrderType::Limit: o.lmt_price = in.limit_price; break;
    case trading::OrderType::Stop: o.aux_price = in.stop_price; break;
    case trading::OrderType::StopLimit:
      o.lmt_price = in.limit_price;
      o.aux_price = in.stop_price;
      break;
    case trading::OrderType::TrailingStop:
      // TRAIL: auxPrice is the trailing amount, or trailingPercent; an initial stop is optional.
      if (in.trail_amount) o.aux_price = in.trail_amount;
      if (in.trail_percent) o.trailing_percent = in.trail_percent;
      if (in.stop_price) o.trail_stop_price = in.stop_price;
      break;
  }
  o.tif = std::string(trading::to_string(in.tif));
  o.account = route.account;
  o.order_ref = in.order_ref;
  o.transmit = order.transmit;
  o.parent_id = order.parent_broker_order_id;
  if (!in.oca_group.empty()) {
    o.oca_group = in.oca_group;
    // Reduce the others by the shares filled, with overfill protection: a part-filled stop leaves
    // its sibling guarding the rest, never more than the position.
    o.oca_type = 2;
  }
  return m;
}

tws::CancelOrder build_cancel_order(std::int64_t order_id) {
  tws::CancelOrder c;
  c.order_id = order_id;
  return c;
}

}  // namespace rt::ib

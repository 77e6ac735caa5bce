#include "trading/oms/order_state_machine.hpp"

#include <cstdlib>
#include <utility>

namespace rt::trading {
namespace {

OrderEvent make_event(const Order& o, OrderStatus from, OrderStatus to, OrderEventKind kind, std::string reason,
                      Timestamp now) {
  return OrderEvent{o.ref(), from, to, kind, std::move(reason), {}, now};
}

}  // namespace

bool OrderStateMachine::is_legal(OrderStatus from, OrderStatus to) {
  using S = OrderStatus;
  if (from == to) return false;
  switch (from) {
    case S::New:
      return to == S::PendingSubmit || to == S::Submitted || to == S::Rejected || to == S::Inactive ||
             to == S::Cancelled;
    case S::PendingSubmit:
      return to != S::New;
    case S::Submitted:
      return to != S::New && to != S::PendingSubmit;
    case S::PartiallyFilled:
      return to == S::Filled || to == S::Cancelled || to == S::Inactive;
    case S::Inactive:
      // IB reports Inactive for orders held outside trading hours; they may come back.
      return to == S::Submitted || to == S::PartiallyFilled || to == S::Filled || to == S::Cancelled ||
             to == S::Rejected;
    case S::Filled:
    case S::Cancelled:
    case S::Rejected:
      return false;
  }
  return false;
}

OrderEvent OrderStateMachine::apply_status(Order& order, OrderStatus to, std::string reason, Timestamp now) const {
  const OrderStatus from = order.status;
  if (from == to) return make_event(order, from, to, OrderEventKind::Unchanged, std::move(reason), now);
  if (!is_legal(from, to)) {
    std::string why = "illegal transition " + std::string(to_string(from)) + " -> " + std::string(to_string(to));
    if (!reason.empty()) why += " (" + reason + ")";
    return make_event(order, from, from, OrderEventKind::Illegal, std::move(why), now);
  }
  // A Filled report while the executions seen so far do not cover the order is still accepted:
  // the executions follow and fill in the quantity.
  order.status = to;
  order.status_at = now;
  order.updated_at = now;
  if (to == OrderStatus::Rejected || to == OrderStatus::Inactive) order.reject_reason = reason;
  return make_event(order, from, to, OrderEventKind::Transition, std::move(reason), now);
}

OrderEvent OrderStateMachine::apply_fill(Order& order, const Fill& fill, Timestamp now) const {
  if (fill.quantity <= Decimal{} || fill.price <= Decimal{}) std::abort();  // mapped fills are validated upstream
  const OrderStatus from = order.status;
  const Decimal before = order.filled_quantity;
  const Decimal after = before + fill.quantity;
  order.avg_fill_price = (order.avg_fill_price * before + fill.price * fill.quantity) / after;
  order.filled_quantity = after;
  order.updated_at = now;

  const bool complete = after >= order.intent.quantity;
  OrderEventKind kind = OrderEventKind::Fill;
  std::string reason = "fill " + fill.quantity.to_string() + " @ " + fill.price.to_string() + ", cumulative " +
                       after.to_string() + "/" + order.intent.quantity.to_string();
  OrderStatus to = from;
  switch (from) {
    case OrderStatus::New:
    case OrderStatus::PendingSubmit:
    case OrderStatus::Submitted:
    case OrderStatus::PartiallyFilled:
    case OrderStatus::Inactive:
      to = complete ? OrderStatus::Filled : OrderStatus::PartiallyFilled;
      break;
    case OrderStatus::Cancelled:
      if (in_cancel_grace(order, now)) {
        reason = "late fill after cancel: " + reason;
        if (complete) to = OrderStatus::Filled;
      } else {
        kind = OrderEventKind::Anomaly;
        reason = "fill after cancel grace period: " + reason;
      }
      break;
    case OrderStatus::Filled:
      break;
    case OrderStatus::Rejected:
      kind = OrderEventKind::Anomaly;
      reason = "fill on a rejected order: " + reason;
      break;
  }
  if (after > order.intent.quantity) {
    kind = OrderEventKind::Anomaly;
    reason = "overfill: " + reason;
  }
  if (to != from) order.status_at = now;
  order.status = to;
  OrderEvent ev = make_event(order, from, to, kind, std::move(reason), now);
  ev.exec_id = fill.exec_id;
  return ev;
}

bool OrderStateMachine::in_cancel_grace(const Order& order, Timestamp now) const {
  return order.status == OrderStatus::Cancelled && now - order.status_at <= cancel_grace_;
}

bool OrderStateMachine::is_final(const Order& order, Timestamp now) const {
  switch (order.status) {
    case OrderStatus::Filled:
    case OrderStatus::Rejected:
    case OrderStatus::Inactive:
      return true;
    case OrderStatus::Cancelled:
      return !in_cancel_grace(order, now);
    default:
      return false;
  }
}

}  // namespace rt::trading

#pragma once
// OrderStateMachine: the only code that changes an Order's status, filled quantity and average
// fill price. Legal status transitions only; everything else comes back as an Illegal event with
// the order unchanged — never a crash. Executions move the state on their own (IB does not promise
// an orderStatus for every change, O3), and are applied even after Cancelled (O4). Cancelled is
// final only after `cancel_grace` has passed with no late fill. Duplicate executions are the
// caller's concern (the Oms keeps the exec id set).
// Stateless apart from its configuration; used on the trading event loop.
#include "core/clock.hpp"
#include "trading/fill.hpp"
#include "trading/oms/order_event.hpp"
#include "trading/order.hpp"

namespace rt::trading {

class OrderStateMachine {
 public:
  explicit OrderStateMachine(Duration cancel_grace) : cancel_grace_(cancel_grace) {}

  // True if a status report may move an order from `from` to `to` (from != to).
  [[nodiscard]] static bool is_legal(OrderStatus from, OrderStatus to);

  // Applies a status report. Repeats give Unchanged, illegal moves give Illegal; in both cases the
  // order is left as it was.
  OrderEvent apply_status(Order& order, OrderStatus to, std::string reason, Timestamp now) const;

  // Applies an execution: cumulative quantity, average price and the status it implies.
  // The fill must belong to this order and have a positive quantity (contract check).
  OrderEvent apply_fill(Order& order, const Fill& fill, Timestamp now) const;

  // True once the order no longer works at the broker: Filled, Rejected, Inactive, or Cancelled
  // whose grace period has passed. Executions are still applied to a final order (as Anomaly
  // events), and IB may revive an Inactive order with a later status, which is accepted.
  [[nodiscard]] bool is_final(const Order& order, Timestamp now) const;

  // True while a Cancelled order may still receive a late fill.
  [[nodiscard]] bool in_cancel_grace(const Order& order, Timestamp now) const;

  [[nodiscard]] Duration cancel_grace() const { return cancel_grace_; }

 private:
  Duration cancel_grace_;
};

}  // namespace rt::trading

#pragma once
// OrderEvent: one record of what happened to an order — a status transition, an applied fill,
// an unchanged repeat, or an illegal request. Events are appended to the journal, never edited.
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "trading/order.hpp"

namespace rt::trading {

enum class OrderEventKind {
  Transition,  // status changed (from != to)
  Fill,        // an execution was applied (status may or may not have changed)
  Unchanged,   // a repeated status report; nothing changed, not worth storing
  Illegal,     // the request was refused; the order is unchanged
  Anomaly,     // applied, but unexpected (fill after a final status, overfill)
};

constexpr std::string_view to_string(OrderEventKind k) {
  switch (k) {
    case OrderEventKind::Transition: return "Transition";
    case OrderEventKind::Fill: return "Fill";
    case OrderEventKind::Unchanged: return "Unchanged";
    case OrderEventKind::Illegal: return "Illegal";
    case OrderEventKind::Anomaly: return "Anomaly";
  }
  return "?";
}

inline std::optional<OrderEventKind> parse_order_event_kind(std::string_view s) {
  for (auto k : {OrderEventKind::Transition, OrderEventKind::Fill, OrderEventKind::Unchanged, OrderEventKind::Illegal,
                 OrderEventKind::Anomaly}) {
    if (to_string(k) == s) return k;
  }
  return std::nullopt;
}

struct OrderEvent {
  std::string order_ref;
  OrderStatus from = OrderStatus::New;
  OrderStatus to = OrderStatus::New;
  OrderEventKind kind = OrderEventKind::Transition;
  std::string reason;
  std::string exec_id;  // set for Fill and fill-related Anomaly events
  Timestamp time{};

  [[nodiscard]] bool is_error() const { return kind == OrderEventKind::Illegal || kind == OrderEventKind::Anomaly; }
  // Unchanged events carry no information worth journaling.
  [[nodiscard]] bool worth_storing() const { return kind != OrderEventKind::Unchanged; }
  bool operator==(const OrderEvent&) const = default;
};

}  // namespace rt::trading

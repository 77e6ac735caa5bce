#pragma once
// Journal port: durable record of orders, their events and risk denials. The OMS writes an order
// here BEFORE the broker sees it; a failed write means the order is not sent. Implemented by
// store::OrderJournal (SQLite) and by in-memory fakes in tests. Called on the trading event loop.
#include <vector>

#include "core/result.hpp"
#include "trading/oms/order_event.hpp"
#include "trading/oms/risk_denial.hpp"
#include "trading/order.hpp"

namespace rt::trading {

class Journal {
 public:
  virtual ~Journal() = default;
  // Inserts a new order and its first event atomically. A second insert of the same order ref fails.
  virtual Status record_new_order(const Order& order, const OrderEvent& event) = 0;
  // Inserts several new orders (a bracket) and their first events in one atomic write: all of
  // them or none. Default: one by one (journals without transactions).
  virtual Status record_new_orders(const std::vector<const Order*>& orders, const std::vector<OrderEvent>& events) {
    for (std::size_t i = 0; i < orders.size(); ++i) {
      if (auto st = record_new_order(*orders[i], events[i]); !st) return st;
    }
    return {};
  }
  // Stores the order's current state and appends the event atomically.
  virtual Status record_transition(const Order& order, const OrderEvent& event) = 0;
  virtual Status record_denial(const RiskDenial& denial) = 0;
  // Stores an order modified in place (its quantity or prices changed, the same broker order) and
  // appends the event atomically. Default: as a transition (journals that keep no intent columns).
  virtual Status record_amendment(const Order& order, const OrderEvent& event) {
    return record_transition(order, event);
  }
};

}  // namespace rt::trading

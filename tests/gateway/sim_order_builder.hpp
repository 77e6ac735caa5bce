#pragma once
// What the SimBroker unit tests share: decimal literals, their market morning, and an AAPL
// placeOrder built from its few fields that matter.
#include <chrono>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "tws/messages/orders.hpp"

namespace rt::gateway::testing_orders {

inline Decimal d(const char* text) { return *Decimal::parse(text); }

// 2025-01-15 10:00:00 New York (15:00 UTC).
inline const Timestamp kMorning =
    Timestamp{std::chrono::sys_days{std::chrono::year{2025} / 1 / 15}} + std::chrono::hours(15);

inline tws::PlaceOrder sim_order(std::int64_t id, const char* action, const char* qty, const char* type,
                                 std::optional<Decimal> lmt = std::nullopt, std::optional<Decimal> aux = std::nullopt) {
  tws::PlaceOrder p;
  p.order_id = id;
  p.contract.symbol = "AAPL";
  p.contract.sec_type = "STK";
  p.contract.exchange = "SMART";
  p.contract.currency = "USD";
  p.order.action = action;
  p.order.total_quantity = d(qty);
  p.order.order_type = type;
  p.order.lmt_price = lmt;
  p.order.aux_price = aux;
  p.order.order_ref = "ref-" + std::to_string(id);
  return p;
}

}  // namespace rt::gateway::testing_orders

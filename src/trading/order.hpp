#pragma once
// Order domain types: what a strategy or the risk layer wants (OrderIntent) and what the OMS
// tracks for it (Order). Plain values, no behaviour beyond validation and text names; the state
// rules live in oms/order_state_machine.hpp. Values are copied freely; any thread may hold one,
// but the live Order objects are owned by the Oms on the trading event loop.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "core/result.hpp"

namespace rt::trading {

enum class Side { Buy, Sell };
enum class OrderType { Market, Limit, Stop, StopLimit, TrailingStop };
enum class TimeInForce { Day, Gtc };
enum class OrderStatus { New, PendingSubmit, Submitted, PartiallyFilled, Filled, Cancelled, Rejected, Inactive };
// Entry opens or adds to a position; Exit and Stop reduce it. Protect is an order that rests at the
// broker for a position: its protective stop (a bracket's stop child, or one re-created for a
// position found without one) or its take-profit limit; it trades only when the broker fills it. Only entries are subject to the
// one-working-entry rule and the daily caps; the others are always allowed.
enum class OrderPurpose { Entry, Exit, Stop, Protect };

// Text names used in the journal and in logs; parse_* accept exactly these names.
constexpr std::string_view to_string(Side s) { return s == Side::Buy ? "BUY" : "SELL"; }
constexpr std::string_view to_string(OrderType t) {
  switch (t) {
    case OrderType::Market: return "MKT";
    case OrderType::Limit: return "LMT";
    case OrderType::Stop: return "STP";
    case OrderType::StopLimit: return "STP LMT";
    case OrderType::TrailingStop: return "TRAIL";
  }
  return "?";
}
constexpr std::string_view to_string(TimeInForce t) { return t == TimeInForce::Day ? "DAY" : "GTC"; }
constexpr std::string_view to_string(OrderStatus s) {
  switch (s) {
    case OrderStatus::New: return "New";
    case OrderStatus::PendingSubmit: return "PendingSubmit";
    case OrderStatus::Submitted: return "Submitted";
    case OrderStatus::PartiallyFilled: return "PartiallyFilled";
    case OrderStatus::Filled: return "Filled";
    case OrderStatus::Cancelled: return "Cancelled";
    case OrderStatus::Rejected: return "Rejected";
    case OrderStatus::Inactive: return "Inactive";
  }
  return "?";
}
constexpr std::string_view to_string(OrderPurpose p) {
  switch (p) {
    case OrderPurpose::Entry: return "Entry";
    case OrderPurpose::Exit: return "Exit";
    case OrderPurpose::Stop: return "Stop";
    case OrderPurpose::Protect: return "Protect";
  }
  return "?";
}

inline std::optional<Side> parse_side(std::string_view s) {
  if (s == "BUY") return Side::Buy;
  if (s == "SELL") return Side::Sell;
  return std::nullopt;
}
inline std::optional<OrderType> parse_order_type(std::string_view s) {
  for (auto t : {OrderType::Market, OrderType::Limit, OrderType::Stop, OrderType::StopLimit, OrderType::TrailingStop}) {
    if (to_string(t) == s) return t;
  }
  return std::nullopt;
}
inline std::optional<TimeInForce> parse_time_in_force(std::string_view s) {
  if (s == "DAY") return TimeInForce::Day;
  if (s == "GTC") return TimeInForce::Gtc;
  return std::nullopt;
}
inline std::optional<OrderStatus> parse_order_status(std::string_view s) {
  for (auto st : {OrderStatus::New, OrderStatus::PendingSubmit, OrderStatus::Submitted, OrderStatus::PartiallyFilled,
                  OrderStatus::Filled, OrderStatus::Cancelled, OrderStatus::Rejected, OrderStatus::Inactive}) {
    if (to_string(st) == s) return st;
  }
  return std::nullopt;
}
inline std::optional<OrderPurpose> parse_order_purpose(std::string_view s) {
  for (auto p : {OrderPurpose::Entry, OrderPurpose::Exit, OrderPurpose::Stop, OrderPurpose::Protect}) {
    if (to_string(p) == s) return p;
  }
  return std::nullopt;
}

// +1 for Buy, -1 for Sell: multiplies a positive quantity into a signed position change.
constexpr std::int64_t sign(Side s) { return s == Side::Buy ? 1 : -1; }
constexpr Side opposite(Side s) { return s == Side::Buy ? Side::Sell : Side::Buy; }

// A resting protective order that is the position's stop (not its take-profit limit).
constexpr bool is_stop_type(OrderType t) {
  return t == OrderType::Stop || t == OrderType::StopLimit || t == OrderType::TrailingStop;
}

// Open statuses: the order may still trade at the broker.
constexpr bool is_open(OrderStatus s) {
  return s == OrderStatus::New || s == OrderStatus::PendingSubmit || s == OrderStatus::Submitted ||
         s == OrderStatus::PartiallyFilled;
}

// What a strategy or the risk layer asks for. Quantities are positive; the side gives direction.
struct OrderIntent {
  std::string order_ref;  // idempotency key (IB orderRef); empty means "let the OMS assign one"
  std::string symbol;
  Side side = Side::Buy;
  Decimal quantity;
  OrderType type = OrderType::Market;
  std::optional<Decimal> limit_price;    // Limit, StopLimit
  std::optional<Decimal> stop_price;     // Stop, StopLimit
  std::optional<Decimal> trail_amount;   // TrailingStop: absolute distance, or
  std::optional<Decimal> trail_percent;  // TrailingStop: percent distance (exactly one of the two)
  TimeInForce tif = TimeInForce::Day;
  OrderPurpose purpose = OrderPurpose::Entry;
  // The price the decision was made at; values a market order for the notional caps.
  std::optional<Decimal> reference_price;
  // Brackets and OCA groups, held at the broker: the ref of the order this one is attached to
  // (a child trades only after its parent filled), and the one-cancels-all group it belongs to
  // (a fill in the group reduces the others by the shares filled).
  std::string parent_ref;
  std::string oca_group;

  bool operator==(const OrderIntent&) const = default;
};

// Checks that the intent is complete for its type. Does not apply any risk rule.
inline Status validate(const OrderIntent& in) {
  auto bad = [&](const std::string& what) {
    return fail(ErrorCode::kInvalidArgument, "order intent for '" + in.symbol + "': " + what);
  };
  auto positive = [](const std::optional<Decimal>& v) { return v.has_value() && *v > Decimal{}; };
  if (in.symbol.empty()) return bad("symbol is empty");
  if (in.quantity <= Decimal{}) return bad("quantity must be positive, got " + in.quantity.to_string());
  switch (in.type) {
    case OrderType::Market: break;
    case OrderType::Limit:
      if (!positive(in.limit_price)) return bad("limit order needs a positive limit price");
      break;
    case OrderType::Stop:
      if (!positive(in.stop_price)) return bad("stop order needs a positive stop price");
      break;
    case OrderType::StopLimit:
      if (!positive(in.stop_price) || !positive(in.limit_price)) return bad("stop-limit order needs stop and limit prices");
      break;
    case OrderType::TrailingStop:
      if (positive(in.trail_amount) == positive(in.trail_percent)) {
        return bad("trailing stop needs exactly one of trail amount and trail percent");
      }
      break;
  }
  if (in.reference_price && *in.reference_price <= Decimal{}) return bad("reference price must be positive");
  if (in.purpose == OrderPurpose::Protect && in.type == OrderType::Market) {
    return bad("a protective order rests at the broker: a stop, a trailing stop, or a take-profit limit");
  }
  return {};
}

// An order as the OMS and the journal know it.
struct Order {
  OrderIntent intent;                 // intent.order_ref is the client order ref (idempotency key)
  std::int64_t broker_order_id = 0;   // per-session id assigned when placed; 0 = none yet
  std::int64_t perm_id = 0;           // broker identity across sessions; 0 = not acknowledged yet
  OrderStatus status = OrderStatus::New;
  Decimal filled_quantity;            // cumulative, from executions
  Decimal avg_fill_price;             // volume-weighted over the executions applied
  Timestamp created_at{};
  Timestamp status_at{};              // when the status last changed
  Timestamp updated_at{};             // when anything last changed
  std::string reject_reason;
  bool external = false;              // placed outside this system; never traded blindly
  // How it is sent (not journaled): the parent's broker order id for a bracket child, and whether
  // this placeOrder transmits (false stages it at the broker until a later order of its bracket).
  std::int64_t parent_broker_order_id = 0;
  bool transmit = true;

  [[nodiscard]] const std::string& ref() const { return intent.order_ref; }
  [[nodiscard]] Decimal remaining() const { return intent.quantity - filled_quantity; }
  bool operator==(const Order&) const = default;
};

}  // namespace rt::trading

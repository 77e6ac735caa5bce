#pragma once
// Broker port: how the OMS sends orders. The IB implementation (src/ib) maps these calls to TWS
// messages; tests use fakes. Calls are made on the trading event loop and must not block.
// Acknowledgements, status changes and executions come back asynchronously as
// BrokerOrderUpdate / Fill values delivered to the Oms.
#include <cstdint>
#include <string>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "trading/order.hpp"

namespace rt::trading {

class Broker {
 public:
  virtual ~Broker() = default;
  // Sends the order. Returns the per-session broker order id used for it.
  virtual Result<std::int64_t> place(const Order& order) = 0;
  // Requests cancellation; the result arrives later as a status update.
  virtual Status cancel(const Order& order) = 0;
  // Modifies a working order in place (same broker order id, its new quantity and prices): a
  // protective order is never cancelled and replaced, which would leave a gap without it.
  virtual Status modify(const Order& order) {
    return fail(ErrorCode::kRefused, "order " + order.ref() + " cannot be modified at this broker");
  }
};

// A status report from the broker (IB orderStatus / openOrder), already mapped to domain values.
struct BrokerOrderUpdate {
  std::string order_ref;             // may be empty; then perm_id or broker_order_id identifies it
  std::int64_t perm_id = 0;
  std::int64_t broker_order_id = 0;
  OrderStatus status = OrderStatus::Submitted;
  std::string reason;                // reject or cancel reason text, if any
};

}  // namespace rt::trading

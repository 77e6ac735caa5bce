#pragma once
// Outbound order translation: a trading::Order becomes the TWS placeOrder / cancelOrder message.
// Pure functions, no I/O. The contract is the route's (the instrument's, as resolved), else a US
// stock on SMART in USD named by the order's symbol; the order carries the OMS
// idempotency key as orderRef and the paper account, and is transmitted at once. Fields not listed
// here keep the official Java client's defaults (tws::Order), so the encoded bytes are what that
// client would send (TWS_PROTOCOL.md §4.12).
#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "trading/order.hpp"
#include "tws/messages/orders.hpp"

namespace rt::ib {

struct OrderRoute {
  std::string account;           // e.g. DU1234567
  std::string exchange = "SMART";
  std::string currency = "USD";
  std::string primary_exchange;  // optional
  // The instrument's resolved contract (a future's month, a currency pair); when set it is sent
  // as it is and the fields above other than the account are not used.
  std::optional<tws::Contract> contract;
};

// MKT, LMT, STP, STP LMT and TRAIL (amount or percent); DAY or GTC. Fails (kInvalidArgument) when
// the intent is incomplete for its type or the order id is not positive.
Result<tws::PlaceOrder> build_place_order(const trading::Order& order, std::int64_t order_id, const OrderRoute& route);

// cancelOrder as every server version expects it (the codec writes the per-version layout).
tws::CancelOrder build_cancel_order(std::int64_t order_id);

}  // namespace rt::ib

#pragma once
// COMPLETED_ORDER (101): one finished order of today (filled or cancelled), as reqCompletedOrders
// lists them before COMPLETED_ORDERS_END. No version field and no order id: the order is known
// by its permId. The layout is openOrder's blocks in a different order, without the fields a live
// order alone has (clientId, parentId, what-if state), plus the completion fields
// (TWS_PROTOCOL.md §4.16).
#include <cstdint>
#include <string>

#include "core/decimal.hpp"
#include "tws/messages/orders.hpp"

namespace rt::tws {

struct CompletedOrder {
  Contract contract;  // 11 reply fields, no primaryExch
  Order order;        // the fields this layout carries; the others stay at their defaults
  std::string combo_legs_description;
  std::string status;  // "Filled", "Cancelled", "ApiCancelled", "Inactive"
  std::string auto_cancel_date;
  Decimal filled_quantity;
  std::int64_t ref_futures_con_id = 0;
  std::string shareholder;
  bool route_marketable_to_bbo = false;
  std::int64_t parent_perm_id = 0;
  std::string completed_time;    // "yyyyMMdd HH:mm:ss zone"
  std::string completed_status;  // TWS's words: "Filled Size: 100", "Cancelled by Trader"
  bool operator==(const CompletedOrder&) const = default;
};

std::string encode(const CompletedOrder& m, int server_version);

}  // namespace rt::tws

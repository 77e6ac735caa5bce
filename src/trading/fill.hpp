#pragma once
// Fill: one execution reported by the broker (IB execDetails + commissionReport). Plain value.
// exec_id is the broker's unique execution id; a second report with the same id is a duplicate.
#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "trading/order.hpp"

namespace rt::trading {

struct Fill {
  std::string exec_id;
  std::string order_ref;        // client order ref, when the broker reports it
  std::int64_t perm_id = 0;     // broker order identity; 0 when unknown
  std::string symbol;
  Side side = Side::Buy;
  Decimal quantity;             // positive
  Decimal price;                // positive
  Decimal commission;           // non-negative, in account currency
  Timestamp time{};

  bool operator==(const Fill&) const = default;
};

}  // namespace rt::trading

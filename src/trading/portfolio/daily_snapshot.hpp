#pragma once
// DailySnapshot: the account at the end of a trading day, as stored and charted. Plain value.
#include <chrono>

#include "core/decimal.hpp"

namespace rt::trading {

struct DailySnapshot {
  std::chrono::year_month_day date{};
  Decimal equity;      // cash + market value
  Decimal cash;
  Decimal realized;    // cumulative realized P&L, net of commissions
  Decimal unrealized;  // against the marks at snapshot time
  Decimal start_equity;  // at the day's first mark: the day's P&L is equity - start_equity

  bool operator==(const DailySnapshot&) const = default;
};

}  // namespace rt::trading

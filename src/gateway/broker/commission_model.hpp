#pragma once
// CommissionModel: IB's fixed-rate stock commission: a rate per share with a minimum per order
// and a maximum of a percentage of the trade value. Charged per order: the commission of a partial
// fill is the order's commission so far minus what earlier fills of the order were charged, so
// an order filled in chunks costs what it would have cost filled at once. Pure value type.
#include "core/decimal.hpp"

namespace rt::gateway {

struct CommissionModel {
  Decimal per_share = Decimal::from_raw(500'000);  // $0.005
  Decimal minimum = Decimal::from_int(1);          // $1.00 per order
  Decimal max_rate = Decimal::from_raw(1'000'000);  // 1 % of the trade value

  // The commission of an order whose fills so far total `shares` worth `value` (both > 0):
  // clamp(shares x per_share, minimum, value x max_rate), rounded to cents. The maximum wins
  // over the minimum for tiny trades, as at IB.
  [[nodiscard]] Decimal order_commission(Decimal shares, Decimal value) const;
};

}  // namespace rt::gateway

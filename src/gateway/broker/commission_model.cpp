#include "gateway/broker/commission_model.hpp"

#include <algorithm>

namespace rt::gateway {

Decimal CommissionModel::order_commission(Decimal shares, Decimal value) const {
  const Decimal cent = Decimal::from_raw(Decimal::kScale / 100);
  Decimal c = std::max(shares.abs() * per_share, minimum);
  const Decimal cap = value.abs() * max_rate;
  if (!max_rate.is_zero() && c > cap) c = cap;
  return c.round_to(cent);
}

}  // namespace rt::gateway

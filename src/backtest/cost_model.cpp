#include "backtest/cost_model.hpp"

#include <algorithm>

namespace rt::backtest {

Decimal CostModel::commission(Decimal quantity, Decimal price) const {
  Decimal c = std::max(per_share * quantity.abs(), minimum);
  if (max_pct_of_value > Decimal{}) {
    const Decimal cap = quantity.abs() * price * max_pct_of_value / Decimal::from_int(100);
    c = std::min(c, cap);
  }
  return c.round_to(Decimal::from_raw(1'000'000));  // to the cent
}

Decimal CostModel::commission(Decimal quantity, Decimal price, const trading::Instrument& instrument) const {
  if (instrument.type == trading::SecType::kFuture) {
    return (per_contract * quantity.abs()).round_to(Decimal::from_raw(1'000'000));
  }
  return commission(quantity, price * instrument.multiplier);
}

Decimal CostModel::slipped(trading::Side side, Decimal price) const {
  if (slippage_bps.is_zero()) return price;
  const Decimal move = price * slippage_bps / Decimal::from_int(10'000);
  return side == trading::Side::Buy ? price + move : price - move;
}

}  // namespace rt::backtest

#include "trading/risk/position_sizer.hpp"

#include <algorithm>

namespace rt::trading {

namespace {
const Decimal kZero;
const Decimal kOne = Decimal::from_int(1);
const Decimal kTwo = Decimal::from_int(2);
const Decimal kHundred = Decimal::from_int(100);

bool priced(Decimal equity, const std::optional<Decimal>& price) {
  return price && *price > kZero && equity > kZero;
}
}  // namespace

Decimal PositionSizer::max_shares(Decimal equity, std::optional<Decimal> price) const {
  if (!priced(equity, price)) return kZero;
  const Decimal by_position = equity * limits_.max_position_pct / kHundred;
  const Decimal value = std::min(by_position, limits_.max_order_notional);
  return (value / *price).trunc();
}

Decimal PositionSizer::finish(Decimal shares, Decimal equity, Decimal price) const {
  if (shares <= kZero) return kZero;
  return std::min(shares.trunc(), max_shares(equity, price));
}

Decimal PositionSizer::fixed_fraction(Decimal equity, std::optional<Decimal> price, Decimal fraction_pct) const {
  if (!priced(equity, price) || fraction_pct <= kZero) return kZero;
  return finish(equity * fraction_pct / kHundred / *price, equity, *price);
}

Decimal PositionSizer::atr(Decimal equity, std::optional<Decimal> price, Decimal atr_value, Decimal multiplier,
                           Decimal risk_pct) const {
  if (!priced(equity, price) || atr_value <= kZero || multiplier <= kZero || risk_pct <= kZero) return kZero;
  const Decimal stop_distance = atr_value * multiplier;
  return finish(equity * risk_pct / kHundred / stop_distance, equity, *price);
}

Decimal PositionSizer::half_kelly_fraction(Decimal win_rate, Decimal payoff_ratio) {
  if (win_rate < kZero || win_rate > kOne || payoff_ratio <= kZero) return kZero;
  const Decimal kelly = win_rate - (kOne - win_rate) / payoff_ratio;
  return kelly > kZero ? kelly / kTwo : kZero;
}

Decimal PositionSizer::half_kelly(Decimal equity, std::optional<Decimal> price, Decimal win_rate,
                                  Decimal payoff_ratio, Decimal max_fraction_pct) const {
  if (!priced(equity, price) || max_fraction_pct <= kZero) return kZero;
  const Decimal fraction = std::min(half_kelly_fraction(win_rate, payoff_ratio), max_fraction_pct / kHundred);
  return finish(equity * fraction / *price, equity, *price);
}

}  // namespace rt::trading

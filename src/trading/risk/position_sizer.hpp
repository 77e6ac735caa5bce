#pragma once
// PositionSizer: how many shares an entry should be.
//
// Contract
// - Three methods:
//     fixed_fraction: equity x fraction_pct / 100 / price;
//     atr:            equity x risk_pct / 100 / (atr x multiplier) - risk risk_pct of equity if the
//                     stop, atr x multiplier away, is hit;
//     half_kelly:     f = (W - (1 - W) / R) / 2 from win rate W and payoff ratio R, clamped to
//                     [0, max_fraction_pct / 100], then equity x f / price.
// - Every result is whole shares (truncated toward zero) and never above the position-size limit
//   (RiskLimits::max_position_pct of equity) nor above RiskLimits::max_order_notional, so a sized
//   order passes those rules.
// - Zero when the price is missing or not positive, equity is not positive, or an input is out of
//   range (ATR not positive, W outside [0, 1], R not positive).
// Threading: const after construction; any thread. Owns a copy of the limits.
#include <optional>

#include "core/decimal.hpp"
#include "trading/risk/risk_limits.hpp"

namespace rt::trading {

class PositionSizer {
 public:
  explicit PositionSizer(RiskLimits limits) : limits_(limits) {}

  [[nodiscard]] Decimal fixed_fraction(Decimal equity, std::optional<Decimal> price, Decimal fraction_pct) const;
  [[nodiscard]] Decimal atr(Decimal equity, std::optional<Decimal> price, Decimal atr, Decimal multiplier,
                            Decimal risk_pct) const;
  [[nodiscard]] Decimal half_kelly(Decimal equity, std::optional<Decimal> price, Decimal win_rate,
                                   Decimal payoff_ratio, Decimal max_fraction_pct) const;

  // The most shares the limits allow at this price (whole shares); zero when it cannot be priced.
  [[nodiscard]] Decimal max_shares(Decimal equity, std::optional<Decimal> price) const;
  // The half-Kelly fraction (0..1) before the cap; zero when the edge is negative.
  [[nodiscard]] static Decimal half_kelly_fraction(Decimal win_rate, Decimal payoff_ratio);

 private:
  // Caps at max_shares() and truncates; zero for a non-positive request.
  [[nodiscard]] Decimal finish(Decimal shares, Decimal equity, Decimal price) const;

  RiskLimits limits_;
};

}  // namespace rt::trading

#pragma once
// Signal: what a strategy concludes from one closed bar. Buy and Sell carry a strength in [0, 1]
// and a human-readable reason naming the numbers behind it; Hold carries no reason (so the common
// case allocates nothing). A Signal from a user strategy's order (robotrader::Context::buy and the
// like) carries the quantity asked for; a built-in's leaves it to the desk's sizing rule.
#include <string>
#include <utility>

#include "core/decimal.hpp"

namespace rt::trading {

enum class SignalSide { kHold, kBuy, kSell };

inline const char* to_string(SignalSide side) noexcept {
  switch (side) {
    case SignalSide::kBuy: return "buy";
    case SignalSide::kSell: return "sell";
    case SignalSide::kHold: return "hold";
  }
  return "hold";
}

struct Signal {
  Signal() = default;
  Signal(SignalSide s, double str, std::string why, Decimal qty = {})
      : side(s), strength(str), reason(std::move(why)), quantity(qty) {}

  SignalSide side = SignalSide::kHold;
  double strength = 0.0;  // 0..1
  std::string reason;
  // Shares asked for: an entry of this size (clipped by the position and order limits), or an exit
  // of this many (at most the position). Zero (a plain Decimal: the per-bar path of every Hold
  // stays as small as it was): the sizing rule sizes an entry, an exit is all of it.
  Decimal quantity;
  [[nodiscard]] bool asks_quantity() const { return quantity > Decimal{}; }

  static Signal hold() { return {}; }
  [[nodiscard]] bool is_hold() const { return side == SignalSide::kHold; }
};

}  // namespace rt::trading

#pragma once
// Signal: what a strategy concludes from one closed bar. Buy and Sell carry a strength in [0, 1]
// and a human-readable reason naming the numbers behind it; Hold carries no reason (so the common
// case allocates nothing).
#include <string>

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
  SignalSide side = SignalSide::kHold;
  double strength = 0.0;  // 0..1
  std::string reason;

  static Signal hold() { return {}; }
  [[nodiscard]] bool is_hold() const { return side == SignalSide::kHold; }
};

}  // namespace rt::trading

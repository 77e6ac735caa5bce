#pragma once
// SmaCross: Buy on the bar where the fast SMA of closes crosses above the slow SMA, Sell on the bar
// where it crosses below. A cross needs both averages ready on the previous bar too, so the first
// possible signal is bar index `slow` (warmup_bars() == slow). Touching without crossing (fast ==
// slow, then back) is not a cross. Strength: the gap between the averages, 1.0 at 1% of price.
// Parameters: fast (1..1000, default 10), slow (2..1000, default 20), fast < slow.
#include <memory>

#include "core/result.hpp"
#include "trading/indicators/sma.hpp"
#include "trading/strategy/strategy.hpp"
#include "trading/strategy/strategy_params.hpp"

namespace rt::trading {

struct SmaCrossConfig {
  StrategyParams in_force;  // every parameter with its value, defaults included
  int fast = 10;
  int slow = 20;

  static Result<SmaCrossConfig> from_params(const StrategyParams& params);
};

class SmaCross final : public Strategy {
 public:
  static constexpr std::string_view kName = "sma_cross";

  explicit SmaCross(SmaCrossConfig config);

  Signal on_bar(const Bar& bar) override;
  [[nodiscard]] int warmup_bars() const override { return config_.slow; }
  [[nodiscard]] std::string_view name() const override { return kName; }
  [[nodiscard]] StrategyParams params_in_force() const override { return config_.in_force; }

 private:
  SmaCrossConfig config_;
  Sma fast_;
  Sma slow_;
  int last_sign_ = 0;  // sign of fast - slow on the last bar where it was non-zero
  bool primed_ = false;
};

}  // namespace rt::trading

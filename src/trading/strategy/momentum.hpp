#pragma once
// Momentum: a score in [-1, 1] averaging three views of trend strength on closes:
//   RSI:        (rsi - 50) / 25, clamped            (RSI 75 -> +1, 25 -> -1)
//   MACD:       histogram / (1% of close), clamped  (a histogram of 1% of price -> +1)
//   ROC:        rate of change % / 10, clamped      (+10% over roc_period bars -> +1)
// Buy when the score rises above `entry`, Sell when it falls below `exit`; sides alternate (no Buy
// after Buy). Strength = |score|. warmup_bars() = bars until all three are ready, minus one.
// Parameters: rsi_period 2..200 (14), macd_fast 1..200 (12), macd_slow 2..400 (26),
// macd_signal 1..200 (9), roc_period 1..400 (10), entry 0..1 (0.35), exit -1..1 (-0.2),
// macd_fast < macd_slow, exit < entry.
#include "core/result.hpp"
#include "trading/indicators/macd.hpp"
#include "trading/indicators/rate_of_change.hpp"
#include "trading/indicators/rsi.hpp"
#include "trading/strategy/strategy.hpp"
#include "trading/strategy/strategy_params.hpp"

namespace rt::trading {

struct MomentumConfig {
  StrategyParams in_force;  // every parameter with its value, defaults included
  int rsi_period = 14;
  int macd_fast = 12;
  int macd_slow = 26;
  int macd_signal = 9;
  int roc_period = 10;
  double entry = 0.35;
  double exit = -0.2;

  static Result<MomentumConfig> from_params(const StrategyParams& params);
};

class Momentum final : public Strategy {
 public:
  static constexpr std::string_view kName = "momentum";

  explicit Momentum(MomentumConfig config);

  Signal on_bar(const Bar& bar) override;
  [[nodiscard]] int warmup_bars() const override;
  [[nodiscard]] std::string_view name() const override { return kName; }
  [[nodiscard]] StrategyParams params_in_force() const override { return config_.in_force; }
  // The score of the last bar (0 before warmup).
  [[nodiscard]] double score() const { return score_; }

 private:
  MomentumConfig config_;
  Rsi rsi_;
  Macd macd_;
  RateOfChange roc_;
  double score_ = 0.0;
  SignalSide last_ = SignalSide::kHold;
};

}  // namespace rt::trading

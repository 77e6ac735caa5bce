#pragma once
// MeanReversion: fades stretched prices using Bollinger bands, RSI and the z-score of closes.
// Buy when the close is below the lower band AND RSI is below `oversold`.
// After a Buy, Sell when the close is back at or above the middle band (the mean).
// Otherwise Sell when the close is above the upper band AND RSI is above `overbought`.
// Sides alternate (no Buy after Buy, no Sell after Sell). Strength = min(1, |z| / (k + 1)) where z
// is the z-score of the close over the band period.
// Parameters: period 2..500 (20), k 0.5..5 (2), rsi_period 2..200 (14), oversold 1..50 (30),
// overbought 50..99 (70).
#include "core/result.hpp"
#include "trading/indicators/bollinger_bands.hpp"
#include "trading/indicators/rsi.hpp"
#include "trading/indicators/z_score.hpp"
#include "trading/strategy/strategy.hpp"
#include "trading/strategy/strategy_params.hpp"

namespace rt::trading {

struct MeanReversionConfig {
  StrategyParams in_force;  // every parameter with its value, defaults included
  int period = 20;
  double k = 2.0;
  int rsi_period = 14;
  double oversold = 30.0;
  double overbought = 70.0;

  static Result<MeanReversionConfig> from_params(const StrategyParams& params);
};

class MeanReversion final : public Strategy {
 public:
  static constexpr std::string_view kName = "mean_reversion";

  explicit MeanReversion(MeanReversionConfig config);

  Signal on_bar(const Bar& bar) override;
  [[nodiscard]] int warmup_bars() const override;
  [[nodiscard]] std::string_view name() const override { return kName; }
  [[nodiscard]] StrategyParams params_in_force() const override { return config_.in_force; }

 private:
  MeanReversionConfig config_;
  BollingerBands bands_;
  Rsi rsi_;
  ZScore z_;
  SignalSide last_ = SignalSide::kHold;
};

}  // namespace rt::trading

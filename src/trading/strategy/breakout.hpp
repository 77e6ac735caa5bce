#pragma once
// Breakout: Donchian channel breakout confirmed by volume.
// Buy when the close exceeds the highest high of the previous `entry_period` bars AND the bar's
// volume exceeds `volume_factor` x the average volume of the previous `volume_period` bars.
// Sell when the close falls below the lowest low of the previous `exit_period` bars (no volume
// confirmation for exits). Sides alternate. The channels and the volume average exclude the current
// bar. Strength: how far above the channel the close is relative to the channel width (Buy), or
// below it (Sell), clamped to [0, 1] with a floor of 0.1.
// Parameters: entry_period 2..500 (20), exit_period 2..500 (10), volume_period 1..500 (20),
// volume_factor 0..20 (1.5).
#include "core/result.hpp"
#include "trading/indicators/donchian_channel.hpp"
#include "trading/indicators/volume_average.hpp"
#include "trading/strategy/strategy.hpp"
#include "trading/strategy/strategy_params.hpp"

namespace rt::trading {

struct BreakoutConfig {
  StrategyParams in_force;  // every parameter with its value, defaults included
  int entry_period = 20;
  int exit_period = 10;
  int volume_period = 20;
  double volume_factor = 1.5;

  static Result<BreakoutConfig> from_params(const StrategyParams& params);
};

class Breakout final : public Strategy {
 public:
  static constexpr std::string_view kName = "breakout";

  explicit Breakout(BreakoutConfig config);

  Signal on_bar(const Bar& bar) override;
  [[nodiscard]] int warmup_bars() const override;
  [[nodiscard]] std::string_view name() const override { return kName; }
  [[nodiscard]] StrategyParams params_in_force() const override { return config_.in_force; }

 private:
  Signal decide(double high, double low, double close, double volume);

  BreakoutConfig config_;
  DonchianChannel entry_channel_;
  DonchianChannel exit_channel_;
  VolumeAverage volume_;
  SignalSide last_ = SignalSide::kHold;
};

}  // namespace rt::trading

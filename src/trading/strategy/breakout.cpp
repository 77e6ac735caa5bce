#include "trading/strategy/breakout.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rt::trading {

Result<BreakoutConfig> BreakoutConfig::from_params(const StrategyParams& params) {
  ParamReader r(Breakout::kName, params);
  BreakoutConfig c;
  c.entry_period = r.get_int("entry_period", c.entry_period, 2, 500);
  c.exit_period = r.get_int("exit_period", c.exit_period, 2, 500);
  c.volume_period = r.get_int("volume_period", c.volume_period, 1, 500);
  c.volume_factor = r.get_double("volume_factor", c.volume_factor, 0.0, 20.0);
  if (auto ok = r.finish(); !ok) return std::unexpected(ok.error());
  c.in_force = r.resolved();
  return c;
}

Breakout::Breakout(BreakoutConfig config)
    : config_(config),
      entry_channel_(config.entry_period),
      exit_channel_(config.exit_period),
      volume_(config.volume_period) {}

int Breakout::warmup_bars() const {
  return std::max({config_.entry_period, config_.exit_period, config_.volume_period});
}

Signal Breakout::decide(double high, double low, double close, double volume) {
  (void)high;
  (void)low;
  if (!entry_channel_.ready() || !exit_channel_.ready() || !volume_.ready()) return Signal::hold();
  const DonchianValue entry = entry_channel_.value();
  const DonchianValue exit = exit_channel_.value();
  const double avg_volume = volume_.value();

  if (last_ != SignalSide::kBuy && close > entry.upper && volume > config_.volume_factor * avg_volume) {
    last_ = SignalSide::kBuy;
    const double width = entry.upper - entry.lower;
    const double strength = width > 0 ? std::clamp((close - entry.upper) / width * 4.0, 0.1, 1.0) : 1.0;
    return {SignalSide::kBuy, strength,
            fmt::format("close {:.6g} broke above the {}-bar high {:.6g} on volume {:.0f} > {:.2g} x average {:.0f}",
                        close, config_.entry_period, entry.upper, volume, config_.volume_factor, avg_volume)};
  }
  if (last_ != SignalSide::kSell && close < exit.lower) {
    last_ = SignalSide::kSell;
    const double width = exit.upper - exit.lower;
    const double strength = width > 0 ? std::clamp((exit.lower - close) / width * 4.0, 0.1, 1.0) : 1.0;
    return {SignalSide::kSell, strength,
            fmt::format("close {:.6g} broke below the {}-bar low {:.6g}", close, config_.exit_period, exit.lower)};
  }
  return Signal::hold();
}

Signal Breakout::on_bar(const Bar& bar) {
  const double high = bar.high.to_double();
  const double low = bar.low.to_double();
  const double close = bar.close.to_double();
  const double volume = bar.volume.to_double();
  Signal s = decide(high, low, close, volume);
  entry_channel_.update(high, low);
  exit_channel_.update(high, low);
  volume_.update(volume);
  return s;
}

}  // namespace rt::trading

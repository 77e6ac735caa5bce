#include "trading/strategy/mean_reversion.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace rt::trading {

Result<MeanReversionConfig> MeanReversionConfig::from_params(const StrategyParams& params) {
  ParamReader r(MeanReversion::kName, params);
  MeanReversionConfig c;
  c.period = r.get_int("period", c.period, 2, 500);
  c.k = r.get_double("k", c.k, 0.5, 5.0);
  c.rsi_period = r.get_int("rsi_period", c.rsi_period, 2, 200);
  c.oversold = r.get_double("oversold", c.oversold, 1.0, 50.0);
  c.overbought = r.get_double("overbought", c.overbought, 50.0, 99.0);
  r.require(c.oversold < c.overbought, fmt::format("parameter 'oversold' ({}) must be less than 'overbought' ({})",
                                                   c.oversold, c.overbought));
  if (auto ok = r.finish(); !ok) return std::unexpected(ok.error());
  c.in_force = r.resolved();
  return c;
}

MeanReversion::MeanReversion(MeanReversionConfig config)
    : config_(config), bands_(config.period, config.k), rsi_(config.rsi_period), z_(config.period) {}

int MeanReversion::warmup_bars() const { return std::max(config_.period, config_.rsi_period + 1) - 1; }

Signal MeanReversion::on_bar(const Bar& bar) {
  const double close = bar.close.to_double();
  bands_.update(close);
  rsi_.update(close);
  z_.update(close);
  if (!bands_.ready() || !rsi_.ready() || !z_.ready()) return Signal::hold();

  const BollingerValue b = bands_.value();
  const double rsi = rsi_.value();
  const double z = z_.value();
  const double strength = std::min(1.0, std::fabs(z) / (config_.k + 1.0));

  if (last_ != SignalSide::kBuy && close < b.lower && rsi < config_.oversold) {
    last_ = SignalSide::kBuy;
    return {SignalSide::kBuy, strength,
            fmt::format("close {:.6g} below lower band {:.6g} with RSI {:.1f} < {:.0f} (z-score {:.2f})", close,
                        b.lower, rsi, config_.oversold, z)};
  }
  if (last_ == SignalSide::kBuy && close >= b.middle) {
    last_ = SignalSide::kSell;
    return {SignalSide::kSell, strength,
            fmt::format("close {:.6g} back at the mean {:.6g} after oversold entry (z-score {:.2f})", close,
                        b.middle, z)};
  }
  if (last_ != SignalSide::kSell && close > b.upper && rsi > config_.overbought) {
    last_ = SignalSide::kSell;
    return {SignalSide::kSell, strength,
            fmt::format("close {:.6g} above upper band {:.6g} with RSI {:.1f} > {:.0f} (z-score {:.2f})", close,
                        b.upper, rsi, config_.overbought, z)};
  }
  return Signal::hold();
}

}  // namespace rt::trading

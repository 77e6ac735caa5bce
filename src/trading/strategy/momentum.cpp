#include "trading/strategy/momentum.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace rt::trading {

Result<MomentumConfig> MomentumConfig::from_params(const StrategyParams& params) {
  ParamReader r(Momentum::kName, params);
  MomentumConfig c;
  c.rsi_period = r.get_int("rsi_period", c.rsi_period, 2, 200);
  c.macd_fast = r.get_int("macd_fast", c.macd_fast, 1, 200);
  c.macd_slow = r.get_int("macd_slow", c.macd_slow, 2, 400);
  c.macd_signal = r.get_int("macd_signal", c.macd_signal, 1, 200);
  c.roc_period = r.get_int("roc_period", c.roc_period, 1, 400);
  c.entry = r.get_double("entry", c.entry, 0.0, 1.0);
  c.exit = r.get_double("exit", c.exit, -1.0, 1.0);
  r.require(c.macd_fast < c.macd_slow, fmt::format("parameter 'macd_fast' ({}) must be less than 'macd_slow' ({})",
                                                   c.macd_fast, c.macd_slow));
  r.require(c.exit < c.entry,
            fmt::format("parameter 'exit' ({}) must be less than 'entry' ({})", c.exit, c.entry));
  if (auto ok = r.finish(); !ok) return std::unexpected(ok.error());
  c.in_force = r.resolved();
  return c;
}

Momentum::Momentum(MomentumConfig config)
    : config_(config),
      rsi_(config.rsi_period),
      macd_(config.macd_fast, config.macd_slow, config.macd_signal),
      roc_(config.roc_period) {}

int Momentum::warmup_bars() const {
  return std::max({rsi_.period() + 1, macd_.warmup(), roc_.period() + 1}) - 1;
}

Signal Momentum::on_bar(const Bar& bar) {
  const double close = bar.close.to_double();
  rsi_.update(close);
  macd_.update(close);
  roc_.update(close);
  if (!rsi_.ready() || !macd_.ready() || !roc_.ready() || close <= 0.0) return Signal::hold();

  const double rsi = rsi_.value();
  const double hist = macd_.value().histogram;
  const double roc = roc_.value();
  const double r = std::clamp((rsi - 50.0) / 25.0, -1.0, 1.0);
  const double m = std::clamp(hist / (close * 0.01), -1.0, 1.0);
  const double c = std::clamp(roc / 10.0, -1.0, 1.0);
  score_ = (r + m + c) / 3.0;

  if (score_ > config_.entry && last_ != SignalSide::kBuy) {
    last_ = SignalSide::kBuy;
    return {SignalSide::kBuy, std::fabs(score_),
            fmt::format("momentum score {:.2f} rose above {:.2f} (RSI {:.1f}, MACD histogram {:.4g}, ROC {:.2f}%)",
                        score_, config_.entry, rsi, hist, roc)};
  }
  if (score_ < config_.exit && last_ != SignalSide::kSell) {
    last_ = SignalSide::kSell;
    return {SignalSide::kSell, std::fabs(score_),
            fmt::format("momentum score {:.2f} fell below {:.2f} (RSI {:.1f}, MACD histogram {:.4g}, ROC {:.2f}%)",
                        score_, config_.exit, rsi, hist, roc)};
  }
  return Signal::hold();
}

}  // namespace rt::trading

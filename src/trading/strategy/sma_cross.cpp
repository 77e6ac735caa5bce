#include "trading/strategy/sma_cross.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace rt::trading {

Result<SmaCrossConfig> SmaCrossConfig::from_params(const StrategyParams& params) {
  ParamReader r(SmaCross::kName, params);
  SmaCrossConfig c;
  c.fast = r.get_int("fast", c.fast, 1, 1000);
  c.slow = r.get_int("slow", c.slow, 2, 1000);
  r.require(c.fast < c.slow, fmt::format("parameter 'fast' ({}) must be less than 'slow' ({})", c.fast, c.slow));
  if (auto ok = r.finish(); !ok) return std::unexpected(ok.error());
  c.in_force = r.resolved();
  return c;
}

SmaCross::SmaCross(SmaCrossConfig config) : config_(config), fast_(config.fast), slow_(config.slow) {}

Signal SmaCross::on_bar(const Bar& bar) {
  const double close = bar.close.to_double();
  fast_.update(close);
  slow_.update(close);
  if (!slow_.ready()) return Signal::hold();
  const double fast = fast_.value();
  const double slow = slow_.value();
  const double diff = fast - slow;
  const int sign = diff > 0 ? 1 : (diff < 0 ? -1 : 0);
  const bool was_primed = primed_;
  const int previous = last_sign_;
  primed_ = true;
  if (sign != 0) last_sign_ = sign;
  if (!was_primed || sign == 0 || previous == 0 || sign == previous) return Signal::hold();

  const double strength = std::clamp(std::fabs(diff) / slow * 100.0, 0.0, 1.0);
  if (sign > 0) {
    return {SignalSide::kBuy, strength,
            fmt::format("fast SMA {} crossed above slow SMA {} ({:.6g} > {:.6g})", config_.fast, config_.slow,
                        fast, slow)};
  }
  return {SignalSide::kSell, strength,
          fmt::format("fast SMA {} crossed below slow SMA {} ({:.6g} < {:.6g})", config_.fast, config_.slow, fast,
                      slow)};
}

}  // namespace rt::trading

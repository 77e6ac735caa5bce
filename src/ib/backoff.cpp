#include "ib/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace rt::ib {

std::chrono::milliseconds Backoff::next_delay() {
  double base = static_cast<double>(config_.initial.count()) * std::pow(config_.multiplier, failures_);
  base = std::min(base, static_cast<double>(config_.max.count()));
  ++failures_;
  std::uniform_real_distribution<double> spread(1.0 - config_.jitter, 1.0 + config_.jitter);
  double jittered = std::min(base * spread(rng_), static_cast<double>(config_.max.count()));
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::max(0.0, jittered)));
}

}  // namespace rt::ib

#include "gateway/simulated_clock.hpp"

#include <cmath>

namespace rt::gateway {

SimulatedClock::SimulatedClock(const Clock& base, std::optional<Timestamp> start, double speed)
    : base_(base), base_anchor_(base.now()), sim_anchor_(start.value_or(base_anchor_)), speed_(speed > 0 ? speed : 1.0) {}

Timestamp SimulatedClock::now() const { return sim_anchor_ + to_simulated(base_.now() - base_anchor_); }

Duration SimulatedClock::to_real(Duration simulated) const {
  if (speed_ == 1.0) return simulated;
  return Duration{static_cast<Duration::rep>(std::llround(static_cast<double>(simulated.count()) / speed_))};
}

Duration SimulatedClock::to_simulated(Duration real) const {
  if (speed_ == 1.0) return real;
  return Duration{static_cast<Duration::rep>(std::llround(static_cast<double>(real.count()) * speed_))};
}

}  // namespace rt::gateway

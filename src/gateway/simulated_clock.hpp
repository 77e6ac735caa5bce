#pragma once
// SimulatedClock: the emulator's market time. It runs `speed` times faster than a base clock and
// reads `start` at the moment it was constructed, so `--speed 60 --start "2025-01-15 09:30"` makes
// one trading hour pass per real minute from 09:30 New York time. With no start and speed 1 it
// reads exactly like its base clock.
//
// Thread: now() is safe from any thread (the base clock must be too); the in-process trader can
// share it with the emulator. Ownership: borrows the base clock, which must outlive it.
#include <optional>

#include "core/clock.hpp"

namespace rt::gateway {

class SimulatedClock final : public Clock {
 public:
  // start: the simulated time at construction; empty = base.now().
  SimulatedClock(const Clock& base, std::optional<Timestamp> start, double speed);

  [[nodiscard]] Timestamp now() const override;
  [[nodiscard]] double speed() const { return speed_; }
  // Real time that passes while `simulated` passes on this clock.
  [[nodiscard]] Duration to_real(Duration simulated) const;
  // Simulated time that passes while `real` passes on the base clock.
  [[nodiscard]] Duration to_simulated(Duration real) const;

 private:
  const Clock& base_;
  Timestamp base_anchor_;
  Timestamp sim_anchor_;
  double speed_;
};

}  // namespace rt::gateway

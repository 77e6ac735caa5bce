#pragma once
// SlidingWindow: weighted events over a rolling time span. An event at time t counts for every
// instant in [t, t + span); so with a limit of N, no span-long window ever holds more than N.
// Thread: one owner (the pacing scheduler on the trading event loop).
#include <deque>
#include <optional>
#include <utility>

#include "core/clock.hpp"

namespace rt::ib {

class SlidingWindow {
 public:
  explicit SlidingWindow(Duration span) : span_(span) {}

  // Forgets events that no longer count at `now`.
  void prune(Timestamp now);
  // The weight of the events that count at `now`.
  [[nodiscard]] int used(Timestamp now) const;
  [[nodiscard]] bool fits(Timestamp now, int weight, int limit) const { return used(now) + weight <= limit; }
  // The earliest instant >= now at which `weight` more fits under `limit`; nullopt if it never can.
  [[nodiscard]] std::optional<Timestamp> available_at(Timestamp now, int weight, int limit) const;
  void add(Timestamp at, int weight = 1);
  [[nodiscard]] Duration span() const { return span_; }
  [[nodiscard]] bool empty() const { return entries_.empty(); }

 private:
  Duration span_;
  std::deque<std::pair<Timestamp, int>> entries_;  // in time order
};

}  // namespace rt::ib

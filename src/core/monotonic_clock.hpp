#pragma once
// MonotonicClock: the only source of elapsed real time, for deadlines, timeouts, login floors and
// rate limits. Unlike the wall clock (Clock) it never jumps; unlike the market clock it never runs
// faster than real time (the emulator's clock runs 300x under --sim, which would cut a 30 s
// deadline to 100 ms). Live code gets SteadyClock; tests inject a ManualMonotonicClock to pass a
// deadline without waiting for it.
//
// Only differences between two readings mean anything. Asio timers are given durations computed
// from readings (deadline - now()), never the readings themselves, so a manual clock's points are
// never mistaken for steady_clock's. Implementations must be safe to call from any thread.
#include <atomic>
#include <chrono>

namespace rt {

class MonotonicClock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  virtual ~MonotonicClock() = default;
  [[nodiscard]] virtual TimePoint now() const = 0;
};

class SteadyClock final : public MonotonicClock {
 public:
  [[nodiscard]] TimePoint now() const override { return std::chrono::steady_clock::now(); }
};

// A monotonic clock that moves only when told to (forward: it is monotonic).
class ManualMonotonicClock final : public MonotonicClock {
 public:
  [[nodiscard]] TimePoint now() const override { return TimePoint{TimePoint::duration{elapsed_.load()}}; }
  void advance(TimePoint::duration d) { elapsed_.fetch_add(d.count()); }

 private:
  std::atomic<TimePoint::duration::rep> elapsed_{0};
};

}  // namespace rt

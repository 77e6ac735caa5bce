#pragma once
// Clock: the only source of wall-clock time. Live code gets SystemClock; tests, the emulator and
// the backtester inject a ManualClock or a simulated clock so time is deterministic.
// Implementations must be safe to call from any thread.
#include <atomic>
#include <chrono>

namespace rt {

using Timestamp = std::chrono::sys_time<std::chrono::nanoseconds>;
using Duration = std::chrono::nanoseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual Timestamp now() const = 0;
};

class SystemClock final : public Clock {
 public:
  [[nodiscard]] Timestamp now() const override { return std::chrono::system_clock::now(); }
};

// A clock that moves only when told to.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start = Timestamp{}) : now_(start.time_since_epoch().count()) {}
  [[nodiscard]] Timestamp now() const override { return Timestamp{Duration{now_.load()}}; }
  void set(Timestamp t) { now_.store(t.time_since_epoch().count()); }
  void advance(Duration d) { now_.fetch_add(d.count()); }

 private:
  std::atomic<Duration::rep> now_;
};

// Seconds since the Unix epoch.
inline std::int64_t epoch_seconds(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace rt

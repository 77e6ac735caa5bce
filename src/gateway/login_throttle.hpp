#pragma once
// LoginThrottle: IB's login throttling as a rolling window. admit(now) is asked once per new TCP
// connection; it says yes for at most `max_logins` connections in any window of `window` length
// (only admitted connections count towards the limit) and counts the refusals.
//
// Thread: the io_context thread of the GatewayServer; a plain value otherwise. The caller passes
// the time in, so tests can drive it without a clock.
#include <chrono>
#include <cstdint>
#include <deque>

#include "core/monotonic_clock.hpp"

namespace rt::gateway {

class LoginThrottle {
 public:
  using TimePoint = MonotonicClock::TimePoint;

  LoginThrottle(std::uint32_t max_logins, std::chrono::steady_clock::duration window)
      : max_logins_(max_logins), window_(window) {}

  // True (and recorded) when fewer than max_logins connections were admitted in (now - window, now].
  bool admit(TimePoint now);

  [[nodiscard]] std::uint64_t refused() const { return refused_; }
  // Admitted connections still inside the window as of the last admit().
  [[nodiscard]] std::size_t in_window() const { return admitted_.size(); }

 private:
  std::uint32_t max_logins_;
  std::chrono::steady_clock::duration window_;
  std::deque<TimePoint> admitted_;
  std::uint64_t refused_ = 0;
};

}  // namespace rt::gateway

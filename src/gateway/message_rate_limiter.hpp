#pragma once
// MessageRateLimiter: TWS's "reject messages above the maximum allowed message rate" mode. More
// than `max_per_second` client messages within one second is a violation: the excess messages
// are rejected (not served) and the first one of each violating second is answered with error
// 100; the 3rd violation ends the session. Runs on wall-clock time (the socket's real rate).
//
// Thread: the io_context thread; one per session. Plain state, no I/O.
#include <cstdint>

#include "core/clock.hpp"

namespace rt::gateway {

enum class RateVerdict {
  kAllowed,
  kRejected,        // over the rate, already reported this second
  kViolation,       // over the rate: send 100
  kDropSession,     // the violation that ends the session
};

class MessageRateLimiter {
 public:
  explicit MessageRateLimiter(std::uint32_t max_per_second) : max_(max_per_second) {}

  RateVerdict on_message(Timestamp now);
  [[nodiscard]] int violations() const { return violations_; }

 private:
  std::uint32_t max_;  // 0 = unlimited
  Timestamp window_start_{};
  std::uint32_t in_window_ = 0;
  bool reported_ = false;
  int violations_ = 0;
};

}  // namespace rt::gateway

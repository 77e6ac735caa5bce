#include "gateway/message_rate_limiter.hpp"

#include <chrono>

#include "gateway/market_config.hpp"

namespace rt::gateway {

RateVerdict MessageRateLimiter::on_message(Timestamp now) {
  if (max_ == 0) return RateVerdict::kAllowed;
  if (in_window_ == 0 || now - window_start_ >= std::chrono::seconds(1)) {
    window_start_ = now;
    in_window_ = 0;
    reported_ = false;
  }
  ++in_window_;
  if (in_window_ <= max_) return RateVerdict::kAllowed;
  if (reported_) return RateVerdict::kRejected;
  reported_ = true;
  ++violations_;
  return violations_ >= kMessageRateViolationsToDrop ? RateVerdict::kDropSession : RateVerdict::kViolation;
}

}  // namespace rt::gateway

#include "gateway/login_throttle.hpp"

namespace rt::gateway {

bool LoginThrottle::admit(TimePoint now) {
  while (!admitted_.empty() && now - admitted_.front() >= window_) admitted_.pop_front();
  if (admitted_.size() >= max_logins_) {
    ++refused_;
    return false;
  }
  admitted_.push_back(now);
  return true;
}

}  // namespace rt::gateway

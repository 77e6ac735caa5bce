#include "gateway/fault_scheduler.hpp"

#include <chrono>
#include <utility>

namespace rt::gateway {

FaultScheduler::FaultScheduler(boost::asio::any_io_executor executor)
    : executor_(std::move(executor)), alive_(std::make_shared<bool>(true)) {}

FaultScheduler::~FaultScheduler() { cancel_all(); }

boost::asio::steady_timer::duration FaultScheduler::to_duration(FaultSeconds seconds) {
  return std::chrono::round<boost::asio::steady_timer::duration>(seconds);
}

void FaultScheduler::after(FaultSeconds delay, std::function<void()> action) {
  auto& timer = timers_.emplace_back(executor_);
  auto it = std::prev(timers_.end());
  timer.expires_after(to_duration(delay));
  timer.async_wait([this, it, alive = alive_, action = std::move(action)](const boost::system::error_code& ec) {
    // `alive` false: cancelled (or the scheduler is gone), so neither `this` nor `it` may be used.
    if (!*alive) return;
    timers_.erase(it);
    if (ec) return;
    action();
  });
}

void FaultScheduler::cancel_all() {
  *alive_ = false;
  alive_ = std::make_shared<bool>(true);
  for (auto& t : timers_) t.cancel();
  timers_.clear();
}

}  // namespace rt::gateway

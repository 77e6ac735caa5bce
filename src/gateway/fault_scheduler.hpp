#pragma once
// FaultScheduler: one-shot timers for scripted faults. after(delay, action) runs `action` once on
// the executor's thread when the delay has passed, unless cancel_all() (or the destructor) came
// first; a cancelled action never runs, even if its timer had already fired and its handler is
// queued. Actions may schedule further actions (repeating faults re-arm themselves).
//
// Thread: the executor's thread only (the io_context thread of the GatewayServer); not
// thread-safe. Ownership: owns its timers; actions own whatever they capture, so they should
// capture weak references to objects that may end before the timer fires.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstddef>
#include <functional>
#include <list>
#include <memory>

#include "gateway/fault_plan.hpp"

namespace rt::gateway {

class FaultScheduler {
 public:
  explicit FaultScheduler(boost::asio::any_io_executor executor);
  ~FaultScheduler();
  FaultScheduler(const FaultScheduler&) = delete;
  FaultScheduler& operator=(const FaultScheduler&) = delete;

  // Runs `action` once after `delay` (a steady_timer; no thread, no polling).
  void after(FaultSeconds delay, std::function<void()> action);
  // Cancels every pending action; none of them will run.
  void cancel_all();
  // Actions scheduled and neither run nor cancelled.
  [[nodiscard]] std::size_t pending() const { return timers_.size(); }

  // A FaultSeconds as the steady clock's duration (rounded to the nearest tick).
  static boost::asio::steady_timer::duration to_duration(FaultSeconds seconds);

 private:
  boost::asio::any_io_executor executor_;
  std::list<boost::asio::steady_timer> timers_;
  std::shared_ptr<bool> alive_;  // replaced by cancel_all(): handlers of older timers see false
};

}  // namespace rt::gateway

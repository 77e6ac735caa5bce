#pragma once
// PacingDriver: runs a PacingScheduler on the trading io_context. One steady_timer is set to the
// scheduler's next_wake(); when it fires (or after any event that may free something) the driver
// takes next_ready() and invokes each dispatch's callback. It never spins: with nothing to do the
// timer is idle until the next submit or event.
//
// Two ways to use it:
// - submit(request) with a `send` callback (and, for rotatable market-data streams, a `cancel`
//   callback): the driver calls them when the request may go out, when a stream is rotated out,
//   and when it gets its line back. Use this for streams.
// - co_await acquire(request, max_wait): resumes once the request may be sent, then the caller
//   sends it at once (`co_await pacer.acquire(r, 5s); session->send(frame);`). For one-shot
//   requests; a market-data request acquired this way is pinned (never rotated out), since the
//   caller cannot resend it.
// Thread: the executor's single thread (the trading event loop); call every method from it.
// Owns the scheduler; the Clock must outlive the driver. Destroying (or stop()) fails every pending
// acquire with kCancelled; callbacks are not called after that.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "ib/pacing/pacing_scheduler.hpp"

namespace rt::ib {

class PacingDriver {
 public:
  PacingDriver(boost::asio::any_io_executor executor, PacingScheduler scheduler, const Clock& clock);
  ~PacingDriver();
  PacingDriver(const PacingDriver&) = delete;
  PacingDriver& operator=(const PacingDriver&) = delete;

  // Queues a request; its callbacks run on the executor when the scheduler releases it.
  Result<RequestId> submit(PacedRequest request);
  // Waits until the request may be sent: its id, or kTimeout after `max_wait` (the request is
  // withdrawn), or kCancelled when the driver stops. `request.send` is replaced.
  boost::asio::awaitable<Result<RequestId>> acquire(PacedRequest request, std::chrono::milliseconds max_wait);
  bool withdraw(RequestId id);

  // Events from the session, forwarded to the scheduler; each may let something go.
  void on_historical_done(RequestId id);
  void on_snapshot_end(RequestId id);
  void on_request_failed(RequestId id);
  PacingReaction on_pacing_error(int code, RequestId request, std::string_view message = {});
  void on_session_reset();

  // Stops the timer and fails pending acquires. Idempotent.
  void stop();

  [[nodiscard]] const PacingScheduler& scheduler() const;
  [[nodiscard]] PacingStats stats() const;
  // How many times the scheduler was run (timer wake-ups and events): lets tests check it idles.
  [[nodiscard]] std::uint64_t pumps() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace rt::ib

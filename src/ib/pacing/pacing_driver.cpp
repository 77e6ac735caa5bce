#include "ib/pacing/pacing_driver.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <set>

namespace rt::ib {

namespace asio = boost::asio;

namespace {

struct Waiter {
  explicit Waiter(const asio::any_io_executor& executor) : timer(executor) {}
  asio::steady_timer timer;
  bool granted = false;
};

}  // namespace

struct PacingDriver::State {
  State(asio::any_io_executor ex, PacingScheduler s, const Clock& c)
      : executor(ex), scheduler(std::move(s)), clock(&c), timer(ex) {}

  asio::any_io_executor executor;
  PacingScheduler scheduler;
  const Clock* clock;
  asio::steady_timer timer;
  std::uint64_t generation = 0;
  std::uint64_t pumps = 0;
  bool pump_posted = false;
  bool stopped = false;
  std::set<std::shared_ptr<Waiter>> waiters;
};

namespace {

void pump(const std::shared_ptr<PacingDriver::State>& st);

// Sets the timer to the scheduler's next wake-up, or leaves it idle when nothing is due.
void arm(const std::shared_ptr<PacingDriver::State>& st) {
  const Timestamp now = st->clock->now();
  auto wake = st->scheduler.next_wake(now);
  const std::uint64_t generation = ++st->generation;  // any earlier wait is stale from here on
  if (!wake) {
    st->timer.cancel();
    return;
  }
  st->timer.expires_after(std::chrono::duration_cast<asio::steady_timer::duration>(*wake - now));
  st->timer.async_wait([weak = std::weak_ptr(st), generation](const boost::system::error_code& ec) {
    auto s = weak.lock();
    if (!s || ec || s->stopped || s->generation != generation) return;
    pump(s);
  });
}

void pump(const std::shared_ptr<PacingDriver::State>& st) {
  st->pump_posted = false;
  if (st->stopped) return;
  ++st->pumps;
  auto ready = st->scheduler.next_ready(st->clock->now());
  for (auto& d : ready) {
    if (st->stopped) return;
    if (d.callback) d.callback();
  }
  arm(st);
}

// Runs the scheduler soon (once, however many events arrive before it runs).
void poke(const std::shared_ptr<PacingDriver::State>& st) {
  if (st->pump_posted || st->stopped) return;
  st->pump_posted = true;
  asio::post(st->executor, [weak = std::weak_ptr(st)] {
    if (auto s = weak.lock()) pump(s);
  });
}

}  // namespace

PacingDriver::PacingDriver(asio::any_io_executor executor, PacingScheduler scheduler, const Clock& clock)
    : state_(std::make_shared<State>(std::move(executor), std::move(scheduler), clock)) {}

PacingDriver::~PacingDriver() { stop(); }

void PacingDriver::stop() {
  if (state_->stopped) return;
  state_->stopped = true;
  ++state_->generation;
  state_->timer.cancel();
  for (const auto& w : state_->waiters) w->timer.cancel();
}

Result<RequestId> PacingDriver::submit(PacedRequest request) {
  if (state_->stopped) return fail(ErrorCode::kCancelled, "pacing driver stopped");
  auto id = state_->scheduler.enqueue(std::move(request));
  if (id) poke(state_);
  return id;
}

asio::awaitable<Result<RequestId>> PacingDriver::acquire(PacedRequest request, std::chrono::milliseconds max_wait) {
  auto st = state_;  // keeps the state alive while this coroutine waits
  auto waiter = std::make_shared<Waiter>(st->executor);
  waiter->timer.expires_after(max_wait);
  const std::string label = request.label;
  request.send = [weak = std::weak_ptr(waiter)] {
    if (auto w = weak.lock()) {
      w->granted = true;
      w->timer.cancel();
    }
  };
  if (request.kind == RequestKind::kMarketData) request.pinned = true;
  auto id = submit(std::move(request));
  if (!id) co_return std::unexpected(id.error());

  st->waiters.insert(waiter);
  boost::system::error_code ec;
  co_await waiter->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  st->waiters.erase(waiter);

  if (waiter->granted) co_return *id;
  st->scheduler.withdraw(*id);
  if (st->stopped) co_return fail(ErrorCode::kCancelled, "pacing driver stopped before '" + label + "' could be sent");
  co_return fail(ErrorCode::kTimeout,
                 "pacing: '" + label + "' could not be sent within " + std::to_string(max_wait.count()) + " ms");
}

bool PacingDriver::withdraw(RequestId id) {
  bool removed = state_->scheduler.withdraw(id);
  if (removed) poke(state_);
  return removed;
}

void PacingDriver::on_historical_done(RequestId id) {
  state_->scheduler.on_historical_done(id);
  poke(state_);
}

void PacingDriver::on_snapshot_end(RequestId id) {
  state_->scheduler.on_snapshot_end(id);
  poke(state_);
}

void PacingDriver::on_request_failed(RequestId id) {
  state_->scheduler.on_request_failed(id);
  poke(state_);
}

PacingReaction PacingDriver::on_pacing_error(int code, RequestId request, std::string_view message) {
  auto reaction = state_->scheduler.on_pacing_error(code, request, message);
  poke(state_);
  return reaction;
}

void PacingDriver::on_session_reset() {
  state_->scheduler.on_session_reset();
  poke(state_);
}

const PacingScheduler& PacingDriver::scheduler() const { return state_->scheduler; }
PacingStats PacingDriver::stats() const { return state_->scheduler.stats(); }
std::uint64_t PacingDriver::pumps() const { return state_->pumps; }

}  // namespace rt::ib

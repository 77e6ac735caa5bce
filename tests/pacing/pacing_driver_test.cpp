// PacingDriver on a real io_context with short real timings: acquire() resumes when the scheduler
// lets the request go (after a timer, not a poll), times out and withdraws when it cannot, and
// fails when the driver stops. Every wait is bounded by io_context::run_for.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "core/clock.hpp"
#include "ib/pacing/pacing_driver.hpp"

namespace rt::ib {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;

PacingScheduler make_scheduler(const Clock& clock, PacingPolicy p) {
  auto s = PacingScheduler::create(p, clock);
  EXPECT_TRUE(s.has_value());
  return std::move(*s);
}

PacingPolicy two_per_400ms() {
  PacingPolicy p;
  p.max_messages_per_second = 2;  // per rate_window
  p.rate_window = 400ms;
  p.urgent_reserve = 0;
  p.min_messages_per_second = 1;
  return p;
}

PacedRequest other(std::string label) {
  PacedRequest r;
  r.kind = RequestKind::kOther;
  r.label = std::move(label);
  return r;
}

// Runs the io_context until `done` or the deadline; true when done.
template <class Pred>
bool run_until(asio::io_context& io, Pred done, std::chrono::milliseconds deadline = 5s) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (!done() && std::chrono::steady_clock::now() < until) {
    io.restart();
    io.run_for(20ms);
  }
  return done();
}

TEST(PacingDriver, AcquireResumesWhenTheRequestMayBeSent) {
  asio::io_context io;
  SystemClock clock;
  PacingDriver driver(io.get_executor(), make_scheduler(clock, two_per_400ms()), clock);
  std::vector<std::chrono::steady_clock::time_point> granted;
  bool done = false;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    for (int i = 0; i < 4; ++i) {
      auto id = co_await driver.acquire(other("r" + std::to_string(i)), 2s);
      EXPECT_TRUE(id.has_value()) << (id ? "" : id.error().message);
      granted.push_back(std::chrono::steady_clock::now());
    }
    done = true;
  }, asio::detached);
  ASSERT_TRUE(run_until(io, [&] { return done; }));
  ASSERT_EQ(granted.size(), 4u);
  EXPECT_GE(granted[2] - granted[0], 390ms) << "the third waited for the first window to end";
  EXPECT_LT(granted[1] - granted[0], 300ms) << "the second fitted in the first window";
  EXPECT_EQ(driver.stats().messages_sent, 4u);
  EXPECT_LE(driver.pumps(), 12u) << "woken by its timer, not polling";
}

TEST(PacingDriver, SubmitInvokesCallbacksAndIdlesWhenNothingIsQueued) {
  asio::io_context io;
  SystemClock clock;
  PacingDriver driver(io.get_executor(), make_scheduler(clock, two_per_400ms()), clock);
  int sends = 0;
  for (int i = 0; i < 3; ++i) {
    auto r = other("cb");
    r.send = [&] { ++sends; };
    ASSERT_TRUE(driver.submit(std::move(r)).has_value());
  }
  ASSERT_TRUE(run_until(io, [&] { return sends == 3; }));
  const auto pumps = driver.pumps();
  io.restart();
  io.run_for(150ms);
  EXPECT_EQ(driver.pumps(), pumps) << "nothing queued: no wake-ups";
}

TEST(PacingDriver, AcquireTimesOutAndWithdrawsWhenTheRequestCannotGo) {
  asio::io_context io;
  SystemClock clock;
  PacingPolicy p;
  p.max_open_historical = 1;
  PacingDriver driver(io.get_executor(), make_scheduler(clock, p), clock);
  auto hist = [](std::string contract) {
    PacedRequest r;
    r.kind = RequestKind::kHistorical;
    r.label = contract;
    r.historical = HistoricalKey{contract, "SMART", "1 day", "1 M", "TRADES", "", true};
    return r;
  };
  std::optional<Result<RequestId>> first, second;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    first = co_await driver.acquire(hist("AAPL"), 1s);
    second = co_await driver.acquire(hist("MSFT"), 100ms);
  }, asio::detached);
  ASSERT_TRUE(run_until(io, [&] { return second.has_value(); }));
  ASSERT_TRUE(first->has_value());
  ASSERT_FALSE(second->has_value());
  EXPECT_EQ(second->error().code, ErrorCode::kTimeout);
  EXPECT_EQ(driver.scheduler().queued(), 0u) << "the timed-out request was withdrawn";

  // Once the first completes, a new request goes through.
  driver.on_historical_done(**first);
  std::optional<Result<RequestId>> third;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> { third = co_await driver.acquire(hist("MSFT"), 1s); },
                 asio::detached);
  ASSERT_TRUE(run_until(io, [&] { return third.has_value(); }));
  EXPECT_TRUE(third->has_value());
}

TEST(PacingDriver, StopFailsPendingAcquiresWithCancelled) {
  asio::io_context io;
  SystemClock clock;
  PacingPolicy p;
  p.market_data_lines = 1;
  p.rotation = LineRotation::kStrictQueue;
  PacingDriver driver(io.get_executor(), make_scheduler(clock, p), clock);
  auto md = [](std::string s) {
    PacedRequest r;
    r.kind = RequestKind::kMarketData;
    r.label = std::move(s);
    return r;
  };
  std::optional<Result<RequestId>> a, b;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> { a = co_await driver.acquire(md("A"), 5s); }, asio::detached);
  asio::co_spawn(io, [&]() -> asio::awaitable<void> { b = co_await driver.acquire(md("B"), 5s); }, asio::detached);
  ASSERT_TRUE(run_until(io, [&] { return a.has_value(); }));
  EXPECT_TRUE(a->has_value());
  EXPECT_FALSE(b.has_value()) << "no line for B";
  driver.stop();
  ASSERT_TRUE(run_until(io, [&] { return b.has_value(); }, 1s));
  ASSERT_FALSE(b->has_value());
  EXPECT_EQ(b->error().code, ErrorCode::kCancelled);
}

}  // namespace
}  // namespace rt::ib

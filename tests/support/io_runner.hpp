#pragma once
// Helpers for tests that drive Asio coroutines: run one coroutine to completion on an io_context
// (with a guard deadline so a hung test fails instead of hanging), and wait for a condition with a
// deadline by re-checking it whenever a short timer fires.
#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/this_coro.hpp>
#include <chrono>
#include <exception>
#include <functional>

// ASSERT_* cannot be used inside a coroutine (it expands to `return;`): this one co_returns.
#define CO_ASSERT(cond, ...)                                                          \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      ADD_FAILURE() << "assertion failed: " #cond " " __VA_OPT__(<< (__VA_ARGS__)); \
      co_return;                                                                      \
    }                                                                                 \
  } while (0)

namespace rt::test {

// Runs `make()` as a coroutine on `io` until it finishes; fails the test if it takes longer than
// `guard` or throws. Other work on `io` (servers) is left in place for the next call.
inline void run_coroutine(boost::asio::io_context& io, std::function<boost::asio::awaitable<void>()> make,
                          std::chrono::milliseconds guard = std::chrono::seconds(30)) {
  bool done = false;
  std::exception_ptr error;
  io.restart();
  boost::asio::co_spawn(io, make(), [&](std::exception_ptr e) {
    error = e;
    done = true;
    io.stop();
  });
  boost::asio::steady_timer guard_timer(io, guard);
  guard_timer.async_wait([&](boost::system::error_code ec) {
    if (!ec && !done) io.stop();
  });
  io.run();
  guard_timer.cancel();
  ASSERT_TRUE(done) << "the test coroutine did not finish within its guard deadline";
  if (error) std::rethrow_exception(error);
}

// Re-checks `condition` every few milliseconds until it holds or `deadline` passes.
inline boost::asio::awaitable<bool> eventually(std::function<bool()> condition,
                                               std::chrono::milliseconds deadline = std::chrono::seconds(5)) {
  auto ex = co_await boost::asio::this_coro::executor;
  auto until = std::chrono::steady_clock::now() + deadline;
  boost::asio::steady_timer timer(ex);
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= until) co_return false;
    timer.expires_after(std::chrono::milliseconds(5));
    co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  }
  co_return true;
}

}  // namespace rt::test

// ConnectionManager against the emulator over loopback TCP, with short timings: it gets ready,
// heartbeats, survives the server going away and coming back on the same port, re-applies its
// subscriptions, never logs in faster than its floor, and stops cleanly. Its waits are measured on
// the injected monotonic clock: with a manual one, an hour-long deadline passes when the test
// moves the clock, not after an hour.
#include "ib/connection_manager.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "ib/handshake_lock.hpp"

#include "support/emulator_fixture.hpp"
#include "support/io_runner.hpp"
#include "support/socket_census.hpp"

namespace rt::ib {
namespace {

using namespace std::chrono_literals;

class ConnectionManagerTest : public test::EmulatorFixture {
 protected:
  ConnectionManagerConfig config() const { return fast_config(300ms, 200ms, 200ms); }
};

TEST_F(ConnectionManagerTest, StartsReadyAndKeepsAHeartbeat) {
  start_gateway();
  ConnectionManager manager(io_.get_executor(), config(), clock_, steady_);
  manager.start();
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    CO_ASSERT(co_await manager.wait_ready(5s));
    EXPECT_EQ(manager.state(), ConnectionState::kReady);
    bool beating = co_await test::eventually([&] { return manager.stats().last_heartbeat.has_value(); });
    EXPECT_TRUE(beating);
    EXPECT_GE(manager.stats().heartbeats_sent, 1U);
    EXPECT_EQ(manager.stats().heartbeats_missed, 0U);
    EXPECT_EQ(manager.down_for(), Duration::zero());
    CO_ASSERT(manager.history().size() >= 2U);
    EXPECT_EQ(manager.history().front().to, ConnectionState::kConnecting);
    EXPECT_EQ(manager.history().back().to, ConnectionState::kReady);
    // The farm notices from the handshake are recorded as healthy farms.
    bool farms = co_await test::eventually([&] { return manager.farms().size() >= 3; });
    EXPECT_TRUE(farms);
    manager.stop();
    co_await test::eventually([&] { return manager.state() == ConnectionState::kStopped; });
    EXPECT_EQ(manager.state(), ConnectionState::kStopped);
  });
  EXPECT_TRUE(test::SocketCensus::take(port_).client_side_held.empty());
}

TEST_F(ConnectionManagerTest, ServerGoneThenBackOnTheSamePortReconnectsAndResubscribes) {
  start_gateway();
  ConnectionManager manager(io_.get_executor(), config(), clock_, steady_);
  int applied = 0;
  manager.subscribe({"test-stream", [&](tws::ClientSession&) { ++applied; }, {}});
  manager.start();
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    CO_ASSERT(co_await manager.wait_ready(5s));
    EXPECT_EQ(applied, 1);
    server_->stop();
    bool down = co_await test::eventually([&] { return manager.state() != ConnectionState::kReady; });
    CO_ASSERT(down);
    bool measuring = co_await test::eventually([&] { return manager.down_for() > Duration::zero(); });
    EXPECT_TRUE(measuring) << "the liveness clock keeps running while disconnected";
    // While the port is closed, attempts keep failing and backing off.
    bool backing_off = co_await test::eventually(
        [&] { return manager.stats().entered[static_cast<std::size_t>(ConnectionState::kBackingOff)] >= 2; });
    EXPECT_TRUE(backing_off);
    start_gateway();  // the same port
    bool back = co_await test::eventually([&] { return manager.state() == ConnectionState::kReady; }, 5s);
    CO_ASSERT(back);
    EXPECT_EQ(applied, 2) << "the subscription is re-applied on the new session";
    EXPECT_EQ(manager.stats().reconnects, 1U);
    EXPECT_EQ(manager.down_for(), Duration::zero());
    manager.stop();
  });
}

TEST_F(ConnectionManagerTest, LoginsNeverComeFasterThanTheFloor) {
  start_gateway();
  server_->stop();  // the port is closed: every attempt fails at TCP
  auto c = config();
  c.backoff.initial = 1ms;  // the backoff alone would hammer the port
  c.backoff.max = 1ms;
  c.backoff.min_login_interval = 100ms;
  ConnectionManager manager(io_.get_executor(), c, clock_, steady_);
  auto started = std::chrono::steady_clock::now();
  manager.start();
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    co_await test::eventually([&] { return manager.stats().logins >= 5; }, 5s);
  });
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_GE(manager.stats().logins, 5U);
  // n logins need at least (n - 1) floors between them.
  EXPECT_GE(elapsed, (manager.stats().logins - 1) * 100ms);
  EXPECT_TRUE(manager.last_failure().has_value());
  manager.stop();
}

TEST_F(ConnectionManagerTest, StopWhileBackingOffEndsPromptly) {
  start_gateway();
  server_->stop();
  auto c = config();
  c.backoff.initial = 10s;
  c.backoff.max = 10s;
  ConnectionManager manager(io_.get_executor(), c, clock_, steady_);
  manager.start();
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    bool waiting = co_await test::eventually([&] { return manager.state() == ConnectionState::kBackingOff; });
    CO_ASSERT(waiting);
    auto t0 = std::chrono::steady_clock::now();
    manager.stop();
    bool stopped = co_await test::eventually([&] { return manager.state() == ConnectionState::kStopped; }, 2s);
    EXPECT_TRUE(stopped);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  });
}

TEST_F(ConnectionManagerTest, UnsubscribedStreamsAreNotReapplied) {
  start_gateway();
  ConnectionManager manager(io_.get_executor(), config(), clock_, steady_);
  int applied = 0;
  int cancelled = 0;
  auto id = manager.subscribe({"s", [&](tws::ClientSession&) { ++applied; }, [&](tws::ClientSession&) { ++cancelled; }});
  manager.start();
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    CO_ASSERT(co_await manager.wait_ready(5s));
    manager.unsubscribe(id);
    EXPECT_EQ(cancelled, 1);
    EXPECT_EQ(manager.subscription_count(), 0U);
    manager.stop();
  });
  EXPECT_EQ(applied, 1);
}

// The waits of an hour below can only end within the test's few seconds if the manager measures
// them on the clock the test moves.
constexpr std::chrono::milliseconds kHour = std::chrono::hours(1);

TEST_F(ConnectionManagerTest, TheAnnouncedRetryIsTheWholeLoginFloorWhileTheMonotonicClockStandsStill) {
  start_gateway();
  server_->stop();  // the first login fails at TCP
  auto c = config();
  c.backoff.initial = 1ms;
  c.backoff.max = 1ms;
  c.backoff.min_login_interval = kHour;
  ManualMonotonicClock monotonic;
  ConnectionManager manager(io_.get_executor(), c, clock_, monotonic);
  manager.start();
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    bool waiting = co_await test::eventually([&] { return manager.state() == ConnectionState::kBackingOff; });
    CO_ASSERT(waiting);
    // On a running clock some of the floor would already be spent (3599999 ms or less).
    EXPECT_EQ(manager.history().back().reason, "retrying in 3600000 ms");
    EXPECT_EQ(manager.stats().logins, 1U);
    manager.stop();
    co_await test::eventually([&] { return manager.state() == ConnectionState::kStopped; });
  });
  EXPECT_EQ(manager.state(), ConnectionState::kStopped);
}

TEST_F(ConnectionManagerTest, AHandshakeLockHeldElsewhereTimesOutWhenTheMonotonicClockPassesTheWait) {
  start_gateway();
  auto c = config();
  c.handshake_lock_wait = kHour;
  HandshakeLock elsewhere;  // another process's handshake on the same port
  auto got = HandshakeLock::try_acquire(lock_dir_, c.connect.host, c.connect.port, elsewhere);
  ASSERT_TRUE(got.has_value() && *got);
  ManualMonotonicClock monotonic;
  ConnectionManager manager(io_.get_executor(), c, clock_, monotonic);
  manager.start();
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    bool connecting = co_await test::eventually([&] { return manager.state() == ConnectionState::kConnecting; });
    CO_ASSERT(connecting);
    monotonic.advance(kHour);
    bool gave_up = co_await test::eventually([&] { return manager.state() == ConnectionState::kBackingOff; });
    EXPECT_TRUE(gave_up) << "the lock wait ends when the monotonic clock passes it";
    EXPECT_EQ(manager.stats().logins, 0U) << "no handshake starts without the lock";
    manager.stop();
    co_await test::eventually([&] { return manager.state() == ConnectionState::kStopped; });
  });
  EXPECT_EQ(manager.state(), ConnectionState::kStopped);
}

TEST_F(ConnectionManagerTest, WaitReadyGivesUpWhenTheMonotonicClockPassesItsTimeout) {
  ManualMonotonicClock monotonic;
  ConnectionManager manager(io_.get_executor(), config(), clock_, monotonic);  // never started
  std::optional<bool> ready;
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    auto ex = co_await boost::asio::this_coro::executor;
    boost::asio::co_spawn(ex, [&]() -> boost::asio::awaitable<void> { ready = co_await manager.wait_ready(kHour); },
                          boost::asio::detached);
    monotonic.advance(kHour);
    bool answered = co_await test::eventually([&] { return ready.has_value(); });
    CO_ASSERT(answered);
    EXPECT_FALSE(*ready);
  });
}

}  // namespace
}  // namespace rt::ib

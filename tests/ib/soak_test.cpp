// A bounded soak: the emulator drops sessions, flaps a farm and restarts on a schedule for a
// fixed time; the ConnectionManager must recover after every disturbance and never log in more
// often than its floor allows.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "gateway/gateway_server.hpp"
#include "ib/connection_manager.hpp"
#include "support/io_runner.hpp"
#include "support/socket_census.hpp"

namespace rt::ib {
namespace {

using namespace std::chrono_literals;

TEST(ConnectionSoak, RecoversFromEveryScheduledDisturbanceWithinTheLoginFloor) {
  constexpr auto kSoak = 15s;
  constexpr auto kFloor = 200ms;
  char tmpl[] = "/tmp/rt-soak-XXXXXX";
  std::filesystem::path lock_dir = ::mkdtemp(tmpl);
  auto sockets_before = test::own_socket_count();

  boost::asio::io_context io;
  SystemClock clock;
  SteadyClock steady;
  gateway::GatewayConfig gw;
  gw.port = 0;
  for (const char* spec : {"drop-after:1.3", "farm-flap:0.4", "restart-every:3.1:0.7"}) {
    auto st = gateway::add_fault_spec(gw, spec);
    ASSERT_TRUE(st.has_value()) << st.error().message;
  }
  gateway::GatewayServer server(io, gw, clock, steady);
  auto port = server.start();
  ASSERT_TRUE(port.has_value()) << port.error().message;

  ConnectionManagerConfig c;
  c.connect.port = *port;
  c.connect.tcp_timeout = c.connect.version_timeout = c.connect.ready_timeout = 500ms;
  c.ids.backoff = 5ms;
  c.backoff.initial = 50ms;
  c.backoff.max = 400ms;
  c.backoff.min_login_interval = kFloor;
  c.heartbeat_interval = 200ms;
  c.heartbeat_timeout = 300ms;
  c.handshake_lock_dir = lock_dir;
  ConnectionManager manager(io.get_executor(), c, clock, steady);
  int applied = 0;
  manager.subscribe({"stream", [&](tws::ClientSession&) { ++applied; }, {}});
  manager.start();

  auto started = std::chrono::steady_clock::now();
  std::uint64_t ready_periods = 0;
  manager.on_state_change([&](const StateChange& change) {
    if (change.to == ConnectionState::kReady && change.from != ConnectionState::kDegraded) ++ready_periods;
  });
  test::run_coroutine(
      io,
      [&]() -> boost::asio::awaitable<void> {
        auto ex = co_await boost::asio::this_coro::executor;
        boost::asio::steady_timer t(ex);
        t.expires_after(kSoak);
        co_await t.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        // Whatever the schedule did last, the manager must be back within a bounded time.
        bool ready = co_await manager.wait_ready(5s);
        EXPECT_TRUE(ready) << "not ready after the soak; state " << to_string(manager.state());
        manager.stop();
      },
      kSoak + 20s);
  auto elapsed = std::chrono::steady_clock::now() - started;

  const auto& s = manager.stats();
  EXPECT_GE(server.restarts(), 3U);
  EXPECT_GE(s.reconnects, 6U) << "drops and restarts should have forced many reconnects";
  EXPECT_EQ(s.connects, ready_periods) << "every connect reached ready once";
  EXPECT_EQ(static_cast<std::uint64_t>(applied), s.connects) << "the stream was re-applied on every session";
  // The floor: n logins need at least (n - 1) floors.
  EXPECT_GE(elapsed, (s.logins - 1) * kFloor);
  EXPECT_LE(s.logins, static_cast<std::uint64_t>(elapsed / kFloor) + 1);
  server.stop();
  io.restart();
  io.poll();
  EXPECT_EQ(test::own_socket_count(), sockets_before);
}

}  // namespace
}  // namespace rt::ib

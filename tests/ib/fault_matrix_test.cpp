// The connection fault matrix: one test per RELIABILITY row C1-C13, each running the production
// ConnectionManager (or client session) against the emulator's scripted fault over loopback TCP,
// asserting the outcome (state sequence, recovery within a bound, the message the user sees) and
// that no socket of this process leaked. Timings are short and configured; waits are on
// conditions with deadlines.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "diag/doctor.hpp"
#include "gateway/gateway_server.hpp"
#include "ib/connection_manager.hpp"
#include "support/emulator_fixture.hpp"
#include "support/io_runner.hpp"
#include "support/socket_census.hpp"

namespace rt::ib {
namespace {

using namespace std::chrono_literals;

class FaultMatrix : public test::EmulatorFixture {
 protected:
  void SetUp() override {
    EmulatorFixture::SetUp();
    sockets_before_ = test::own_socket_count();
  }

  void TearDown() override {
    manager_.reset();
    if (server_) server_->stop();
    // Let the io_context finish the closes it has queued, then count: nothing may leak.
    test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
      co_await test::eventually([&] { return server_ == nullptr || server_->connected_clients() == 0; });
    });
    server_.reset();
    io_.restart();
    io_.poll();
    EXPECT_EQ(test::own_socket_count(), sockets_before_) << "a socket of this process leaked";
    EmulatorFixture::TearDown();
  }

  void start_gateway(const std::vector<std::string>& faults, int server_version = 193) {
    gateway::GatewayConfig config;
    config.server_version = server_version;
    EmulatorFixture::start_gateway(std::move(config), faults);
  }

  ConnectionManagerConfig config() const { return fast_config(250ms, 100ms, 150ms); }

  ConnectionManager& start_manager(ConnectionManagerConfig c) {
    manager_ = std::make_unique<ConnectionManager>(io_.get_executor(), std::move(c), clock_, steady_);
    manager_->start();
    return *manager_;
  }
  ConnectionManager& start_manager() { return start_manager(config()); }

  bool visited(ConnectionState s) const {
    return manager_->stats().entered[static_cast<std::size_t>(s)] > 0;
  }

  void run(std::function<boost::asio::awaitable<void>()> body) { test::run_coroutine(io_, std::move(body), 30s); }

  std::unique_ptr<ConnectionManager> manager_;
  std::size_t sockets_before_ = 0;
};

// C1: TCP connects, the API never answers the preamble.
TEST_F(FaultMatrix, C1ApiNeverAnswersThenAttemptFailsAtItsDeadlineWithTheRemedy) {
  start_gateway({"no-version-reply"});
  auto& m = start_manager();
  run([&]() -> boost::asio::awaitable<void> {
    bool failed = co_await test::eventually([&] { return m.last_failure().has_value(); }, 5s);
    CO_ASSERT(failed);
    EXPECT_EQ(m.last_failure()->stage, tws::ConnectStage::kVersionReply);
    auto text = m.last_failure()->describe("127.0.0.1", port_);
    EXPECT_NE(text.find("the API never answered"), std::string::npos) << text;
    EXPECT_NE(text.find("robotrader doctor"), std::string::npos) << text;
    bool backing_off = co_await test::eventually([&] { return visited(ConnectionState::kBackingOff); });
    EXPECT_TRUE(backing_off);
    EXPECT_EQ(m.stats().connects, 0U);
    m.stop();
    EXPECT_TRUE(test::SocketCensus::take(port_).client_side_held.empty());
  });
}

// C2: the version reply arrives, nextValidId/managedAccounts never do.
TEST_F(FaultMatrix, C2ReadyNeverArrivesThenItsOwnDeadlineAndMessage) {
  start_gateway({"no-next-valid-id"});
  auto& m = start_manager();
  run([&]() -> boost::asio::awaitable<void> {
    bool failed = co_await test::eventually([&] { return m.last_failure().has_value(); }, 5s);
    CO_ASSERT(failed);
    EXPECT_EQ(m.last_failure()->stage, tws::ConnectStage::kReady);
    EXPECT_EQ(m.last_failure()->kind, tws::ConnectFailureKind::kTimeout);
    EXPECT_NE(m.last_failure()->describe("h", 1).find("never sent nextValidId"), std::string::npos);
    m.stop();
    EXPECT_TRUE(test::SocketCensus::take(port_).client_side_held.empty());
  });
}

// C3: each closed client leaves a CLOSE_WAIT in the server; after K, handshakes stall. robotrader
// always closes its own side, doctor names the zombies and says to restart.
TEST_F(FaultMatrix, C3ZombieSocketsAreShownByDoctorAndNeverCreatedByUs) {
  start_gateway({"zombie:2"});
  run([&]() -> boost::asio::awaitable<void> {
    for (int i = 0; i < 2; ++i) {
      auto session = tws::ClientSession::create(co_await boost::asio::this_coro::executor);
      auto opt = config().connect;
      opt.client_id = 100 + i;
      auto info = co_await session->connect(opt);
      CO_ASSERT(info.has_value());
      session->close("done");
    }
    bool zombies = co_await test::eventually([&] { return server_->zombie_count() == 2; });
    CO_ASSERT(zombies);
    bool kernel_sees = co_await test::eventually(
        [&] { return test::SocketCensus::take(port_).server_close_wait.size() == 2; });
    EXPECT_TRUE(kernel_sees) << "the emulator's zombies are real CLOSE_WAIT sockets";
    // Our side: nothing held, so the CLOSE_WAITs are the server's alone.
    EXPECT_TRUE(test::SocketCensus::take(port_).client_side_held.empty());

    diag::Doctor doctor;
    auto report = doctor.examine(diag::PortChoice{port_, "test"});
    CO_ASSERT(report.has_value(), report.error().message);
    EXPECT_EQ(report->diagnosis.verdict, diag::Verdict::kZombieSockets);
    EXPECT_EQ(report->diagnosis.exit_code, diag::kExitZombieSockets);
    std::string remedies;
    for (const auto& r : report->diagnosis.remedies) remedies += r + "\n";
    EXPECT_NE(remedies.find("estart"), std::string::npos) << remedies;

    // After K zombies the next handshake stalls: the root cause in the restart guide.
    auto session = tws::ClientSession::create(co_await boost::asio::this_coro::executor);
    auto stalled = co_await session->connect(config().connect);
    CO_ASSERT(!stalled.has_value());
    EXPECT_EQ(stalled.error().stage, tws::ConnectStage::kVersionReply);
    server_->clear_zombies();
  });
}

// C4: 326 client id in use: a fresh id at once, bounded, saying which id was stuck.
TEST_F(FaultMatrix, C4ClientIdInUseRetriesWithAFreshIdAtOnce) {
  start_gateway({});
  run([&]() -> boost::asio::awaitable<void> {
    auto holder = tws::ClientSession::create(co_await boost::asio::this_coro::executor);
    auto opt = config().connect;
    opt.client_id = 31337;
    CO_ASSERT((co_await holder->connect(opt)).has_value());
    auto c = config();
    c.ids.configured_id = 31337;
    auto& m = start_manager(c);
    CO_ASSERT(co_await m.wait_ready(5s));
    EXPECT_NE(m.session_info()->client_id, 31337);
    EXPECT_EQ(m.stats().logins, 1U) << "the fresh id is part of the same login attempt";
    m.stop();
    holder->close("done");
  });
}

// C5: the server closes or resets mid-session: reconnect with backoff, re-subscribe, fail in-flight.
class FaultMatrixDrop : public FaultMatrix, public ::testing::WithParamInterface<const char*> {};

TEST_P(FaultMatrixDrop, C5ServerDropsMidSessionThenReconnectAndResubscribe) {
  start_gateway({GetParam()});
  auto& m = start_manager();
  int applied = 0;
  m.subscribe({"bars", [&](tws::ClientSession&) { ++applied; }, {}});
  run([&]() -> boost::asio::awaitable<void> {
    CO_ASSERT(co_await m.wait_ready(5s));
    auto s = m.session();
    CO_ASSERT(s != nullptr);
    // A request in flight when the drop comes fails at once with a clear error.
    auto reply = co_await s->request_current_time(10s);
    if (!reply) {
      EXPECT_EQ(reply.error().code, ErrorCode::kDisconnected);
    }
    bool reconnected = co_await test::eventually([&] { return m.stats().reconnects >= 1 && m.session(); }, 5s);
    CO_ASSERT(reconnected);
    EXPECT_GE(applied, 2) << "the stream is re-applied on the new session";
    EXPECT_TRUE(visited(ConnectionState::kDisconnected));
    m.stop();
  });
}

INSTANTIATE_TEST_SUITE_P(CloseAndReset, FaultMatrixDrop, ::testing::Values("drop-after:0.15:once", "reset-after:0.15:once"));

// C6: 1100 then 1102: degraded, subscriptions kept, no reconnect.
TEST_F(FaultMatrix, C6ConnectivityLostThenMaintainedMarksDegradedWithoutReconnect) {
  start_gateway({"lost-restored:0.1:0.1:data-maintained"});
  auto& m = start_manager();
  int applied = 0;
  m.subscribe({"bars", [&](tws::ClientSession&) { ++applied; }, {}});
  run([&]() -> boost::asio::awaitable<void> {
    bool degraded = co_await test::eventually([&] { return m.state() == ConnectionState::kDegraded; }, 5s);
    CO_ASSERT(degraded);
    EXPECT_NE(m.session(), nullptr) << "a degraded session is still usable";
    bool back = co_await test::eventually([&] { return m.state() == ConnectionState::kReady; }, 5s);
    CO_ASSERT(back);
    EXPECT_EQ(m.stats().logins, 1U);
    EXPECT_EQ(applied, 1) << "data maintained: nothing re-subscribed";
    m.stop();
  });
}

// C7: 1100 then 1101: every stream is re-subscribed, on the same session.
TEST_F(FaultMatrix, C7ConnectivityRestoredWithDataLostResubscribesEveryStream) {
  start_gateway({"lost-restored:0.1:0.1:data-lost"});
  auto& m = start_manager();
  int a = 0, b = 0;
  m.subscribe({"a", [&](tws::ClientSession&) { ++a; }, {}});
  m.subscribe({"b", [&](tws::ClientSession&) { ++b; }, {}});
  run([&]() -> boost::asio::awaitable<void> {
    bool resubscribed = co_await test::eventually([&] { return a == 2 && b == 2; }, 5s);
    EXPECT_TRUE(resubscribed) << "a=" << a << " b=" << b;
    EXPECT_EQ(m.stats().logins, 1U);
    EXPECT_EQ(m.state(), ConnectionState::kReady);
    m.stop();
  });
}

// C8: a data farm flaps: logged and marked, the session is never torn down.
TEST_F(FaultMatrix, C8FarmFlappingMarksTheFarmAndKeepsTheSession) {
  start_gateway({"farm-flap:0.05:4"});
  auto& m = start_manager();
  std::vector<bool> seen;
  m.on_message([&](const tws::Response& r) {
    if (auto* e = std::get_if<tws::ErrorMessage>(&r); e && (e->code == 2103 || e->code == 2104)) {
      seen.push_back(e->code == 2104);
    }
  });
  run([&]() -> boost::asio::awaitable<void> {
    bool flapped = co_await test::eventually([&] { return seen.size() >= 8; }, 5s);
    CO_ASSERT(flapped);
    bool saw_down = false;
    for (bool ok : seen) saw_down |= !ok;
    EXPECT_TRUE(saw_down);
    CO_ASSERT(m.farms().contains("usfarm"));
    EXPECT_EQ(m.stats().logins, 1U);
    EXPECT_EQ(m.state(), ConnectionState::kReady);
    EXPECT_FALSE(visited(ConnectionState::kDisconnected));
    m.stop();
  });
}

// C9: the gateway restarts: port closed for a while, then back; trading resumes without a human.
TEST_F(FaultMatrix, C9GatewayRestartIsRiddenOutWithCappedBackoff) {
  start_gateway({"restart-after:0.2:0.4"});
  auto& m = start_manager();
  run([&]() -> boost::asio::awaitable<void> {
    CO_ASSERT(co_await m.wait_ready(5s));
    bool went_down = co_await test::eventually([&] { return !server_->listening(); }, 5s);
    CO_ASSERT(went_down);
    bool back = co_await test::eventually([&] { return m.stats().reconnects >= 1 && m.session(); }, 5s);
    CO_ASSERT(back);
    EXPECT_GE(server_->restarts(), 1U);
    EXPECT_TRUE(visited(ConnectionState::kBackingOff));
    m.stop();
  });
}

// C10: the server throttles logins; one session, backoff never below its floor, no storm.
TEST_F(FaultMatrix, C10LoginThrottlingNeverProvokesALoginStorm) {
  start_gateway({"throttle:1:10", "drop-after:0.05"});
  auto c = config();
  c.backoff.initial = 1ms;
  c.backoff.max = 1ms;
  c.backoff.min_login_interval = 100ms;
  auto& m = start_manager(c);
  auto started = std::chrono::steady_clock::now();
  run([&]() -> boost::asio::awaitable<void> {
    co_await test::eventually([&] { return server_->throttled_connections() >= 3; }, 5s);
    m.stop();
  });
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_GE(server_->throttled_connections(), 3U);
  EXPECT_EQ(m.stats().connects, 1U) << "only the first login got through the throttle";
  // n logins need at least (n - 1) floors.
  EXPECT_GE(elapsed, (m.stats().logins - 1) * c.backoff.min_login_interval);
}

// C11: a silent half-open socket: the heartbeat notices within its interval and reconnects.
TEST_F(FaultMatrix, C11SilentSocketIsCaughtByTheHeartbeat) {
  start_gateway({"silence-after:0.1:once"});
  auto& m = start_manager();
  run([&]() -> boost::asio::awaitable<void> {
    CO_ASSERT(co_await m.wait_ready(5s));
    auto silent_since = std::chrono::steady_clock::now();
    bool missed = co_await test::eventually([&] { return m.stats().heartbeats_missed >= 1; }, 5s);
    CO_ASSERT(missed);
    // Noticed within one interval + one heartbeat deadline (+ scheduling slack).
    EXPECT_LT(std::chrono::steady_clock::now() - silent_since, 100ms + 100ms + 150ms + 500ms);
    bool back = co_await test::eventually([&] { return m.stats().reconnects >= 1 && m.session(); }, 5s);
    EXPECT_TRUE(back);
    m.stop();
  });
}

// C12: a server version outside the client's range, or a frame over the size limit.
TEST_F(FaultMatrix, C12FrameOverTheSizeLimitClosesCleanlyWithAClearMessage) {
  start_gateway({});
  run([&]() -> boost::asio::awaitable<void> {
    auto session = tws::ClientSession::create(co_await boost::asio::this_coro::executor);
    auto opt = config().connect;
    opt.client_id = 5;
    opt.max_frame = 24;  // smaller than the farm notices that follow the handshake
    auto info = co_await session->connect(opt);
    if (info) {
      bool closed = co_await test::eventually([&] { return !session->is_connected(); });
      EXPECT_TRUE(closed) << "an over-size frame ends the session";
    } else {
      EXPECT_NE(info.error().detail.find("over the limit"), std::string::npos) << info.error().detail;
    }
    EXPECT_TRUE(test::SocketCensus::take(port_).client_side_held.empty());
  });
}

TEST_F(FaultMatrix, C12ServerVersionBelowTheRangeIsRefused) {
  start_gateway({}, 150);
  auto& m = start_manager();
  run([&]() -> boost::asio::awaitable<void> {
    bool failed = co_await test::eventually([&] { return m.last_failure().has_value(); }, 5s);
    CO_ASSERT(failed);
    EXPECT_EQ(m.last_failure()->stage, tws::ConnectStage::kVersionReply);
    EXPECT_EQ(m.stats().connects, 0U);
    m.stop();
  });
}

// C13: the reply to a request that timed out arrives late while another request waits: it is
// dropped and counted; the waiting request gets only its own reply.
TEST_F(FaultMatrix, C13LateReplyIsDroppedAndNeverHandedToTheNextRequest) {
  start_gateway({"latency:200"});
  run([&]() -> boost::asio::awaitable<void> {
    auto session = tws::ClientSession::create(co_await boost::asio::this_coro::executor);
    auto opt = config().connect;
    opt.client_id = 13;
    // Every reply is 200 ms late, the handshake's too: the connect's stages get room for it.
    opt.tcp_timeout = opt.version_timeout = opt.ready_timeout = 2s;
    CO_ASSERT((co_await session->connect(opt)).has_value());
    // By request id: the first summary times out; its rows arrive while the second one waits.
    auto first = co_await session->request_account_summary("NetLiquidation", 50ms);
    CO_ASSERT(!first.has_value());
    EXPECT_EQ(first.error().code, ErrorCode::kTimeout);
    auto second = co_await session->request_account_summary("TotalCashValue", 2s);
    CO_ASSERT(second.has_value(), second.error().message);
    for (const auto& row : *second) EXPECT_EQ(row.tag, "TotalCashValue") << "a late row was handed over";
    EXPECT_GE(session->stats().late_replies_dropped, 1U);
    // Without request ids (reqCurrentTime): a timed-out waiter leaves a skip for its late reply.
    auto early = co_await session->request_current_time(50ms);
    CO_ASSERT(!early.has_value());
    auto dropped_before = session->stats().late_replies_dropped;
    auto on_time = co_await session->request_current_time(2s);
    CO_ASSERT(on_time.has_value(), on_time.error().message);
    EXPECT_EQ(session->stats().late_replies_dropped, dropped_before + 1);
    session->close("done");
  });
}

}  // namespace
}  // namespace rt::ib

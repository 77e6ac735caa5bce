// The emulator's fault scripts over real loopback TCP, each proven by what a raw Asio client (not
// the robotrader client) and the kernel's socket table observe. Everything runs on one io_context
// on the test thread; waits are on events (a frame, EOF/RST, a fault event, a counter changed by a
// handler) with deadlines. Kernel socket states are re-read on a short timer until a deadline.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "diag/socket_table.hpp"
#include "gateway/gateway_server.hpp"
#include "gateway_test_client.hpp"
#include "support/socket_census.hpp"

namespace rt::gateway {
namespace {

using namespace std::chrono_literals;
using testing::Fields;
using testing::kDeadline;
using testing::kQuiet;
using testing::RawClient;
using testing::run_until;
using SteadyClock = std::chrono::steady_clock;
namespace asio = boost::asio;

constexpr int kSv = 193;
// Rounding slack for "not before T"; lateness is only bounded by the deadlines (shared machines).
constexpr auto kEarlyTolerance = 2ms;

std::chrono::milliseconds since(SteadyClock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - t);
}

// Server-side CLOSE_WAIT sockets on `port`, straight from the kernel table (diag::SocketTable).
std::size_t close_wait_on(std::uint16_t port) {
  auto table = diag::SocketTable::read_proc("/proc");
  EXPECT_TRUE(table.has_value()) << (table ? "" : table.error().message);
  if (!table) return 0;
  return static_cast<std::size_t>(std::count_if(table->entries().begin(), table->entries().end(), [&](const auto& s) {
    return s.local.port == port && s.state == diag::TcpState::kCloseWait;
  }));
}

class FaultTest : public ::testing::Test {
 protected:
  FaultTest() : clock_(Timestamp{std::chrono::seconds(testing::kGoldenEpoch)}), guard_(io_.get_executor()) {}

  void start(const std::vector<std::string>& specs) {
    GatewayConfig config;
    for (const auto& s : specs) ASSERT_TRUE(add_fault_spec(config, s).has_value()) << s;
    ASSERT_TRUE(validate(config).has_value());
    config.port = 0;
    server_ = std::make_unique<GatewayServer>(io_, std::move(config), clock_, steady_);
    server_->set_session_closed_handler([this](const SessionStats&, const std::string& reason) {
      closed_reasons_.push_back(reason);
    });
    server_->set_fault_event_handler([this](const FaultEvent& e) { events_.push_back(e); });
    auto port = server_->start();
    ASSERT_TRUE(port.has_value()) << port.error().message;
    port_ = *port;
  }

  std::unique_ptr<RawClient> client() {
    auto c = std::make_unique<RawClient>(io_);
    EXPECT_TRUE(c->connect(port_));
    return c;
  }

  // A client that completed the handshake (version reply + the five start frames). login_ is
  // taken before the preamble is sent, so "since(login_) >= T" can only pass if the fault waited.
  std::unique_ptr<RawClient> logged_in(int client_id) {
    auto c = client();
    login_ = SteadyClock::now();
    c->handshake(client_id);
    return c;
  }

  template <class Pred>
  bool wait(Pred done, std::chrono::milliseconds timeout = kDeadline) {
    return run_until(io_, done, timeout);
  }

  // Re-checks `done` (kernel state, which no handler announces) every few ms until the deadline.
  template <class Pred>
  bool poll(Pred done, std::chrono::milliseconds timeout = kDeadline) {
    const auto deadline = SteadyClock::now() + timeout;
    asio::steady_timer tick(io_);
    while (!done()) {
      if (SteadyClock::now() >= deadline) return false;
      bool fired = false;
      tick.expires_after(5ms);
      tick.async_wait([&](const boost::system::error_code&) { fired = true; });
      run_until(io_, [&] { return fired; }, kDeadline);
    }
    return true;
  }

  bool wait_event(const std::string& name, std::size_t nth = 1) {
    return wait([&] { return count_events(name) >= nth; });
  }
  std::size_t count_events(const std::string& name) const {
    return static_cast<std::size_t>(
        std::count_if(events_.begin(), events_.end(), [&](const FaultEvent& e) { return e.name == name; }));
  }
  const FaultEvent* find_event(const std::string& name, std::size_t nth = 1) const {
    for (const auto& e : events_) {
      if (e.name == name && --nth == 0) return &e;
    }
    return nullptr;
  }

  // An ERR_MSG frame's (id, code, text) at server version 193: [4, 2, id, code, text, json].
  static void expect_notice(const RawClient::Read& r, const char* code, const char* text) {
    ASSERT_EQ(r.status, RawClient::Status::kFrame) << "expected notice " << code;
    ASSERT_GE(r.fields.size(), 5U);
    EXPECT_EQ(r.fields[0], "4");
    EXPECT_EQ(r.fields[2], "-1");
    EXPECT_EQ(r.fields[3], code);
    EXPECT_EQ(r.fields[4], text);
  }

  asio::io_context io_;
  ManualClock clock_;
  ::rt::SteadyClock steady_;  // the server's monotonic clock, not the std::chrono alias above
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::unique_ptr<GatewayServer> server_;
  std::uint16_t port_ = 0;
  std::vector<FaultEvent> events_;
  std::vector<std::string> closed_reasons_;
  SteadyClock::time_point login_;
};

// --- zombie (C3) ---------------------------------------------------------------------------------

TEST_F(FaultTest, ZombieKeepsClientClosedSocketsInCloseWaitAndStallsHandshakesAfterK) {
  start({"zombie:2"});
  auto first = logged_in(1);
  first->close();
  ASSERT_TRUE(wait([&] { return server_->zombie_count() == 1; }));
  // One zombie is below the limit: a handshake still completes.
  auto second = logged_in(2);
  EXPECT_FALSE(server_->handshakes_stalled());
  second->close();
  ASSERT_TRUE(wait([&] { return server_->zombie_count() == 2; }));
  EXPECT_TRUE(server_->handshakes_stalled());
  EXPECT_EQ(server_->connected_clients(), 0U);
  EXPECT_TRUE(closed_reasons_.empty()) << "a zombie's socket must not be closed";

  // The kernel agrees: two server-side sockets in CLOSE_WAIT on the emulator's port.
  EXPECT_EQ(close_wait_on(port_), 2U);
  EXPECT_EQ(test::SocketCensus::take(port_).server_close_wait.size(), 2U);

  // A new client gets TCP and sends its preamble, but no version reply ever comes.
  auto stalled = client();
  ASSERT_TRUE(stalled->send(tws::encode_preamble({100, kSv, ""})));
  EXPECT_EQ(stalled->read_frame(kQuiet).status, RawClient::Status::kTimeout);
  EXPECT_EQ(server_->logins(), 2U);
  ASSERT_NE(find_event("handshakes-stalled"), nullptr);
  EXPECT_EQ(count_events("zombie"), 2U);

  // Clearing them closes the sockets for real and the next handshake is answered again.
  EXPECT_EQ(server_->clear_zombies(), 2U);
  EXPECT_EQ(server_->zombie_count(), 0U);
  EXPECT_FALSE(server_->handshakes_stalled());
  EXPECT_EQ(close_wait_on(port_), 0U);
  EXPECT_EQ(std::count(closed_reasons_.begin(), closed_reasons_.end(), "zombie cleared"), 2);
  auto fresh = logged_in(3);
  EXPECT_EQ(server_->logins(), 3U);
}

TEST_F(FaultTest, ZombieIsNotMadeFromAConnectionTheServerClosedItself) {
  start({"zombie:1", "drop-after-messages:6"});
  auto c = logged_in(1);
  EXPECT_EQ(c->read_frame().status, RawClient::Status::kEof);
  c->close();
  ASSERT_TRUE(wait([&] { return closed_reasons_.size() == 1; }));
  EXPECT_EQ(server_->zombie_count(), 0U);
  EXPECT_FALSE(server_->handshakes_stalled());
  EXPECT_EQ(close_wait_on(port_), 0U);
}

// --- drop / reset (C5) ---------------------------------------------------------------------------

TEST_F(FaultTest, DropAfterMessagesSendsExactlyNFramesThenFin) {
  start({"drop-after-messages:7"});
  auto c = logged_in(1);  // 6 frames: version reply + managedAccounts, nextValidId, 3 farm notices
  ASSERT_TRUE(c->send(tws::encode(tws::ReqCurrentTime{}, kSv) + tws::encode(tws::ReqIds{1}, kSv)));
  auto seventh = c->read_frame();
  ASSERT_EQ(seventh.status, RawClient::Status::kFrame);
  EXPECT_EQ(seventh.fields[0], "49");
  auto end = c->read_frame();
  ASSERT_EQ(end.status, RawClient::Status::kEof) << "the 8th frame (nextValidId) must never be sent";
  EXPECT_EQ(c->error(), asio::error::eof);
  ASSERT_NE(find_event("drop"), nullptr);
  EXPECT_NE(find_event("drop")->detail.find("after_messages=7"), std::string::npos);
}

TEST_F(FaultTest, ResetAfterMessagesEndsWithConnectionReset) {
  start({"reset-after-messages:6"});
  auto c = logged_in(1);
  auto end = c->read_frame();
  ASSERT_EQ(end.status, RawClient::Status::kEof);
  EXPECT_EQ(c->error(), asio::error::connection_reset) << c->error().message();
  EXPECT_EQ(count_events("reset"), 1U);
}

TEST_F(FaultTest, DropAfterSecondsClosesWithFinNoEarlierThanT) {
  start({"drop-after:0.2"});
  auto c = logged_in(1);
  ASSERT_TRUE(c->send(tws::encode(tws::ReqCurrentTime{}, kSv)));
  EXPECT_EQ(c->read_frame().fields[0], "49");  // still served before T
  EXPECT_EQ(c->read_frame().status, RawClient::Status::kEof);
  EXPECT_GE(since(login_), 200ms - kEarlyTolerance);
  EXPECT_EQ(c->error(), asio::error::eof);
}

TEST_F(FaultTest, ResetAfterSecondsEndsWithConnectionResetNoEarlierThanT) {
  start({"reset-after:0.1"});
  auto c = logged_in(1);
  EXPECT_EQ(c->read_frame().status, RawClient::Status::kEof);
  EXPECT_GE(since(login_), 100ms - kEarlyTolerance);
  EXPECT_EQ(c->error(), asio::error::connection_reset) << c->error().message();
}

TEST_F(FaultTest, DropOnceAffectsOnlyTheFirstSession) {
  start({"drop-after-messages:6:once"});
  auto first = logged_in(1);
  EXPECT_EQ(first->read_frame().status, RawClient::Status::kEof);
  auto second = logged_in(2);
  ASSERT_TRUE(second->send(tws::encode(tws::ReqCurrentTime{}, kSv)));
  auto reply = second->read_frame();
  ASSERT_EQ(reply.status, RawClient::Status::kFrame);
  EXPECT_EQ(reply.fields[0], "49");
  EXPECT_EQ(count_events("drop"), 1U);
}

// --- connectivity notices (C6, C7) ---------------------------------------------------------------

TEST_F(FaultTest, LostThenRestoredDataLostArrivesAsIdMinusOne1100Then1101OnTime) {
  start({"lost-restored:0.1:0.2:data-lost"});
  auto c = logged_in(1);
  auto lost = c->read_frame();
  expect_notice(lost, "1100", "Connectivity between IB and Trader Workstation has been lost.");
  EXPECT_GE(since(login_), 100ms - kEarlyTolerance);
  // The session is still served while "lost".
  ASSERT_TRUE(c->send(tws::encode(tws::ReqCurrentTime{}, kSv)));
  EXPECT_EQ(c->read_frame().fields[0], "49");
  auto restored = c->read_frame();
  expect_notice(restored, "1101", "Connectivity between IB and Trader Workstation has been restored - data lost.");
  ASSERT_NE(find_event("connectivity-restored"), nullptr);
  EXPECT_GE(find_event("connectivity-restored")->at - find_event("connectivity-lost")->at, 200ms - kEarlyTolerance);
  // Not repeating: nothing more, and the connection stays open.
  EXPECT_EQ(c->read_frame(kQuiet).status, RawClient::Status::kTimeout);
  EXPECT_EQ(server_->connected_clients(), 1U);
}

TEST_F(FaultTest, LostRestoredDataMaintainedRepeats) {
  start({"lost-restored:0.05:0.05:data-maintained:repeat"});
  auto c = logged_in(1);
  for (int round = 0; round < 2; ++round) {
    expect_notice(c->read_frame(), "1100", "Connectivity between IB and Trader Workstation has been lost.");
    expect_notice(c->read_frame(), "1102",
                  "Connectivity between IB and Trader Workstation has been restored - data maintained.");
  }
  EXPECT_GE(count_events("connectivity-restored"), 2U);
}

// --- farm flapping (C8) --------------------------------------------------------------------------

TEST_F(FaultTest, FarmFlapAlternates2103And2104CountTimesAndNeverCloses) {
  start({"farm-flap:0.05:2"});
  auto c = logged_in(1);
  for (int i = 0; i < 2; ++i) {
    expect_notice(c->read_frame(), "2103", "Market data farm connection is broken:usfarm");
    expect_notice(c->read_frame(), "2104", "Market data farm connection is OK:usfarm");
  }
  ASSERT_EQ(count_events("farm-broken"), 2U);
  ASSERT_EQ(count_events("farm-ok"), 2U);
  EXPECT_GE(find_event("farm-broken")->at - login_, 50ms - kEarlyTolerance);
  EXPECT_GE(find_event("farm-ok")->at - find_event("farm-broken")->at, 50ms - kEarlyTolerance);
  EXPECT_GE(find_event("farm-broken", 2)->at - find_event("farm-ok")->at, 50ms - kEarlyTolerance);
  EXPECT_EQ(c->read_frame(kQuiet).status, RawClient::Status::kTimeout) << "COUNT pairs, then quiet";
  ASSERT_TRUE(c->send(tws::encode(tws::ReqCurrentTime{}, kSv)));
  EXPECT_EQ(c->read_frame().fields[0], "49");
  EXPECT_EQ(server_->connected_clients(), 1U);
  EXPECT_EQ(count_events("farm-broken"), 2U);
  EXPECT_EQ(count_events("farm-ok"), 2U);
}

// --- restart (C9) and 1300 -----------------------------------------------------------------------

TEST_F(FaultTest, RestartClosesEverythingRefusesConnectsWhileDownThenListensOnTheSamePort) {
  start({"restart-after:0.1:0.3"});
  EXPECT_TRUE(server_->listening());
  auto c = logged_in(1);
  EXPECT_EQ(c->read_frame().status, RawClient::Status::kEof);
  ASSERT_TRUE(wait([&] { return !server_->listening(); }));
  EXPECT_TRUE(server_->running());
  EXPECT_EQ(server_->connected_clients(), 0U);

  RawClient refused(io_);
  EXPECT_EQ(refused.connect_error(port_), asio::error::connection_refused);
  EXPECT_FALSE(diag::SocketTable::read_proc("/proc")->is_listening(port_));

  ASSERT_TRUE(wait([&] { return server_->listening(); }));
  EXPECT_EQ(server_->port(), port_);
  EXPECT_TRUE(diag::SocketTable::read_proc("/proc")->is_listening(port_));
  auto again = logged_in(1);
  EXPECT_EQ(server_->restarts(), 1U);
  const auto* down = find_event("restart-down");
  const auto* up = find_event("restart-up");
  ASSERT_NE(down, nullptr);
  ASSERT_NE(up, nullptr);
  EXPECT_GE(up->at - down->at, 300ms - kEarlyTolerance);
  // restart-after plays once: the new session is left alone.
  ASSERT_TRUE(again->send(tws::encode(tws::ReqCurrentTime{}, kSv)));
  EXPECT_EQ(again->read_frame().fields[0], "49");
}

TEST_F(FaultTest, RestartEveryRepeats) {
  start({"restart-every:0.05:0.05"});
  ASSERT_TRUE(wait([&] { return server_->restarts() >= 2; }));
  ASSERT_TRUE(wait([&] { return server_->listening(); }));
  auto c = logged_in(1);
}

TEST_F(FaultTest, PortResetSends1300ThenCloses) {
  start({"port-reset-after:0.1"});
  auto c = logged_in(1);
  expect_notice(c->read_frame(), "1300", "TWS socket port has been reset and this connection is being dropped");
  EXPECT_GE(since(login_), 100ms - kEarlyTolerance);
  EXPECT_EQ(c->read_frame().status, RawClient::Status::kEof);
  EXPECT_EQ(c->error(), asio::error::eof);
  EXPECT_EQ(count_events("port-reset"), 1U);
}

// --- throttle (C10) ------------------------------------------------------------------------------

TEST_F(FaultTest, ThrottleResetsTheConnectionBeyondNWithinTheWindowAndCountsIt) {
  start({"throttle:2:60"});
  auto a = logged_in(1);
  auto b = logged_in(2);
  auto third = client();  // TCP completes in the kernel; the emulator then resets it
  EXPECT_EQ(third->read_frame().status, RawClient::Status::kEof);
  EXPECT_EQ(third->error(), asio::error::connection_reset) << third->error().message();
  EXPECT_EQ(server_->throttled_connections(), 1U);
  EXPECT_EQ(server_->total_connections(), 3U);
  EXPECT_EQ(server_->connected_clients(), 2U);
  EXPECT_EQ(count_events("throttled"), 1U);
  // The admitted sessions are untouched.
  ASSERT_TRUE(a->send(tws::encode(tws::ReqCurrentTime{}, kSv)));
  EXPECT_EQ(a->read_frame().fields[0], "49");
}

TEST_F(FaultTest, ThrottleAdmitsAgainOnceTheWindowHasPassed) {
  start({"throttle:1:0.2"});
  const auto admitted = SteadyClock::now();  // before the server admits the first connection
  auto a = logged_in(1);
  auto refused = client();
  EXPECT_EQ(refused->read_frame().status, RawClient::Status::kEof);
  EXPECT_EQ(server_->throttled_connections(), 1U);
  // Keep trying (each try is reset at once while throttled) until one is admitted.
  std::unique_ptr<RawClient> later;
  ASSERT_TRUE(poll([&] {
    later = client();
    return later->read_frame(20ms).status == RawClient::Status::kTimeout;  // not reset: admitted
  }));
  EXPECT_GE(since(admitted), 200ms - kEarlyTolerance);
  later->handshake(2);
}

// --- latency -------------------------------------------------------------------------------------

TEST_F(FaultTest, LatencyDelaysEveryReplyAndKeepsTheirOrder) {
  start({"latency:150"});
  auto c = client();
  auto sent = SteadyClock::now();
  ASSERT_TRUE(c->send(tws::encode_preamble({100, kSv, ""})));
  ASSERT_EQ(c->read_frame().status, RawClient::Status::kFrame);
  EXPECT_GE(since(sent), 150ms - kEarlyTolerance);
  ASSERT_TRUE(c->send(tws::encode(tws::StartApi{1, ""}, kSv)));
  ASSERT_EQ(c->read_frames(5).size(), 5U);
  sent = SteadyClock::now();
  ASSERT_TRUE(c->send(tws::encode(tws::ReqCurrentTime{}, kSv) + tws::encode(tws::ReqIds{1}, kSv) +
                      tws::encode(tws::ReqManagedAccts{}, kSv)));
  auto first = c->read_frame();
  EXPECT_GE(since(sent), 150ms - kEarlyTolerance);
  ASSERT_EQ(first.status, RawClient::Status::kFrame);
  EXPECT_EQ(first.fields[0], "49");
  EXPECT_EQ(c->read_frame().fields[0], "9");
  EXPECT_EQ(c->read_frame().fields[0], "15");
}

// --- silence (C11) -------------------------------------------------------------------------------

TEST_F(FaultTest, SilenceAfterTStopsEveryReplyWhileTheSocketStaysOpenAndRead) {
  start({"silence-after:0.1"});
  auto c = logged_in(1);
  ASSERT_TRUE(c->send(tws::encode(tws::ReqCurrentTime{}, kSv)));
  EXPECT_EQ(c->read_frame().fields[0], "49");  // answered before T
  ASSERT_TRUE(wait_event("silence"));
  ASSERT_TRUE(c->send(tws::encode(tws::ReqCurrentTime{}, kSv)));
  EXPECT_EQ(c->read_frame(kQuiet).status, RawClient::Status::kTimeout) << "no reply, and no EOF either";
  EXPECT_EQ(server_->connected_clients(), 1U);
  // Still open and still read: the server's end is ESTABLISHED with nothing left unread.
  ASSERT_TRUE(poll([&] {
    auto table = diag::SocketTable::read_proc("/proc");
    return table && std::any_of(table->entries().begin(), table->entries().end(), [&](const auto& s) {
             return s.local.port == port_ && s.state == diag::TcpState::kEstablished && s.rx_queue == 0;
           });
  }));
  EXPECT_TRUE(closed_reasons_.empty());
}

// --- combinations --------------------------------------------------------------------------------

TEST_F(FaultTest, ZombieAndThrottleCombine) {
  start({"zombie:2", "throttle:3:60"});
  for (int id = 1; id <= 2; ++id) {
    auto c = logged_in(id);
    c->close();
    ASSERT_TRUE(wait([&] { return server_->zombie_count() == static_cast<std::size_t>(id); }));
  }
  EXPECT_TRUE(server_->handshakes_stalled());
  auto third = client();  // admitted (3rd in the window) but stalled by the zombies
  ASSERT_TRUE(third->send(tws::encode_preamble({100, kSv, ""})));
  EXPECT_EQ(third->read_frame(kQuiet).status, RawClient::Status::kTimeout);
  auto fourth = client();  // over the throttle: reset at once
  EXPECT_EQ(fourth->read_frame().status, RawClient::Status::kEof);
  EXPECT_EQ(fourth->error(), asio::error::connection_reset);
  EXPECT_EQ(server_->zombie_count(), 2U);
  EXPECT_EQ(server_->throttled_connections(), 1U);
  EXPECT_EQ(server_->total_connections(), 4U);
  EXPECT_EQ(server_->logins(), 2U);
  EXPECT_EQ(close_wait_on(port_), 2U);
}

TEST_F(FaultTest, FarmFlapAndConnectivityAndLatencyInterleaveOnOneSession) {
  // 2103 at 0.1 s, 1100 at 0.15 s, 2104 at 0.2 s, 1102 at 0.35 s after login, each 10 ms late.
  start({"farm-flap:0.1:1", "lost-restored:0.15:0.2", "latency:10"});
  auto c = logged_in(1);
  std::vector<std::string> codes;
  for (int i = 0; i < 4; ++i) {
    auto r = c->read_frame();
    ASSERT_EQ(r.status, RawClient::Status::kFrame);
    codes.push_back(r.fields[3]);
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"2103", "1100", "2104", "1102"}));
}

TEST_F(FaultTest, StopClosesZombiesAndCancelsFaultTimers) {
  start({"zombie:5", "restart-after:0.1:0.1", "farm-flap:0.05"});
  auto a = logged_in(1);
  a->close();
  ASSERT_TRUE(wait([&] { return server_->zombie_count() == 1; }));
  auto b = logged_in(2);
  server_->stop();
  EXPECT_EQ(server_->zombie_count(), 0U);
  EXPECT_FALSE(server_->listening());
  EXPECT_EQ(close_wait_on(port_), 0U);
  const auto events_at_stop = events_.size();
  // No timer may fire after stop: the restart would listen again.
  EXPECT_FALSE(wait([&] { return server_->listening() || events_.size() > events_at_stop; }, 300ms));
}

}  // namespace
}  // namespace rt::gateway

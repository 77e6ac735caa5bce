// GatewayServer over real loopback TCP, driven by a raw Asio client written here (not the
// robotrader client). Everything runs on one io_context on the test thread; waits are on events
// (a frame, EOF, a closed session) with deadlines, never sleeps.
#include "gateway/gateway_server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "gateway_test_client.hpp"
#include "gateway_test_support.hpp"
#include "tws/messages/codec.hpp"
#include "tws/wire/frame_decoder.hpp"

namespace rt::gateway {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;
using testing::Fields;
using testing::fields_of;
using testing::kDeadline;
using testing::kQuiet;
using testing::RawClient;
using testing::run_until;

// TCP sockets of this host whose local port is `port`, by kernel state (/proc/net/tcp, IPv4).
// States: 01 ESTABLISHED, 06 TIME_WAIT, 08 CLOSE_WAIT, 09 LAST_ACK, 0A LISTEN.
std::vector<std::string> socket_states_on_local_port(std::uint16_t port) {
  std::vector<std::string> states;
  std::ifstream in("/proc/net/tcp");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string slot, local, remote, state;
    row >> slot >> local >> remote >> state;
    const auto colon = local.find(':');
    if (colon == std::string::npos) continue;
    if (std::stoul(local.substr(colon + 1), nullptr, 16) == port) states.push_back(state);
  }
  return states;
}

// True when the server side holds no connection open on `port`: nothing ESTABLISHED and, above
// all, nothing in CLOSE_WAIT (a socket whose peer left but which was never closed).
bool server_side_released(std::uint16_t port) {
  for (const auto& s : socket_states_on_local_port(port)) {
    if (s == "01" || s == "08") return false;
  }
  return true;
}

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() : clock_(Timestamp{std::chrono::seconds(testing::kGoldenEpoch)}), guard_(io_.get_executor()) {}

  void start(GatewayConfig config = {}) {
    config.port = 0;
    server_ = std::make_unique<GatewayServer>(io_, std::move(config), clock_, steady_);
    server_->set_session_closed_handler([this](const SessionStats& stats, const std::string& reason) {
      closed_.push_back(stats);
      reasons_.push_back(reason);
    });
    auto port = server_->start();
    ASSERT_TRUE(port.has_value()) << port.error().message;
    ASSERT_NE(*port, 0);
    port_ = *port;
  }

  std::unique_ptr<RawClient> client() {
    auto c = std::make_unique<RawClient>(io_);
    EXPECT_TRUE(c->connect(port_));
    return c;
  }

  // Waits until the server has accepted `n` connections in total.
  bool wait_accepted(std::uint64_t n) {
    return run_until(io_, [&] { return server_->total_connections() >= n; }, kDeadline);
  }
  bool wait_closed(std::size_t n) {
    return run_until(io_, [&] { return closed_.size() >= n; }, kDeadline);
  }

  asio::io_context io_;
  ManualClock clock_;
  SteadyClock steady_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::unique_ptr<GatewayServer> server_;
  std::uint16_t port_ = 0;
  std::vector<SessionStats> closed_;
  std::vector<std::string> reasons_;
};

TEST_F(ServerTest, HandshakeOverTcpGivesVersionAccountsNextIdAndFarmNotices) {
  start();
  auto c = client();
  ASSERT_TRUE(c->send(tws::encode_preamble({100, 193, ""})));
  auto hello = c->read_frame();
  ASSERT_EQ(hello.status, RawClient::Status::kFrame);
  EXPECT_EQ(hello.fields, (Fields{"193", "20250115 14:30:00 UTC"}));
  ASSERT_TRUE(c->send(tws::encode(tws::StartApi{7, ""}, 193)));
  auto frames = c->read_frames(5);
  ASSERT_EQ(frames.size(), 5U);
  EXPECT_EQ(frames[0], (Fields{"15", "1", "DU1234567"}));
  EXPECT_EQ(frames[1], (Fields{"9", "1", "1"}));
  EXPECT_EQ(frames[2][3], "2104");
  EXPECT_EQ(frames[3][3], "2106");
  EXPECT_EQ(frames[4][3], "2158");
  EXPECT_EQ(server_->connected_clients(), 1U);
}

TEST_F(ServerTest, ConcurrentClientsEachGetTheirOwnReplies) {
  start();
  constexpr int kClients = 16;
  std::vector<std::unique_ptr<RawClient>> clients;
  for (int i = 0; i < kClients; ++i) clients.push_back(client());
  ASSERT_TRUE(wait_accepted(kClients));
  // Interleave: every preamble first, then every START_API, then every request.
  for (auto& c : clients) ASSERT_TRUE(c->send(tws::encode_preamble({100, 193, ""})));
  for (int i = 0; i < kClients; ++i) {
    ASSERT_EQ(clients[i]->read_frame().status, RawClient::Status::kFrame);
    ASSERT_TRUE(clients[i]->send(tws::encode(tws::StartApi{100 + i, ""}, 193)));
  }
  for (int i = 0; i < kClients; ++i) {
    ASSERT_TRUE(clients[i]->send(tws::encode(tws::ReqAccountSummary{5000 + i, "All", "NetLiquidation"}, 193) +
                                 tws::encode(tws::ReqCurrentTime{}, 193)));
  }
  for (int i = 0; i < kClients; ++i) {
    auto frames = clients[i]->read_frames(5 + 3);
    ASSERT_EQ(frames.size(), 8U);
    EXPECT_EQ(frames[5], (Fields{"63", "1", std::to_string(5000 + i), "DU1234567", "NetLiquidation", "100000.00", "USD"}));
    EXPECT_EQ(frames[6], (Fields{"64", "1", std::to_string(5000 + i)}));
    EXPECT_EQ(frames[7], (Fields{"49", "1", std::to_string(testing::kGoldenEpoch)}));
  }
  EXPECT_EQ(server_->connected_clients(), static_cast<std::size_t>(kClients));
  for (auto& c : clients) c->close();
  ASSERT_TRUE(wait_closed(kClients));
  EXPECT_EQ(server_->connected_clients(), 0U);
  EXPECT_TRUE(server_side_released(port_));
  for (const auto& s : closed_) EXPECT_EQ(s.messages_in, 3U);
}

TEST_F(ServerTest, DuplicateClientIdGets326AndOnlyThatSocketIsClosed) {
  start();
  auto first = client();
  first->handshake(5);
  auto second = client();
  ASSERT_TRUE(second->send(tws::encode_preamble({100, 193, ""})));
  ASSERT_EQ(second->read_frame().status, RawClient::Status::kFrame);
  ASSERT_TRUE(second->send(tws::encode(tws::StartApi{5, ""}, 193)));
  auto refused = second->read_frame();
  ASSERT_EQ(refused.status, RawClient::Status::kFrame);
  EXPECT_EQ(refused.fields[3], "326");
  EXPECT_EQ(refused.fields[2], "-1");
  EXPECT_EQ(second->read_frame().status, RawClient::Status::kEof);
  second->close();
  ASSERT_TRUE(wait_closed(1));
  EXPECT_EQ(closed_[0].client_id, 5);
  // The first session is untouched.
  ASSERT_TRUE(first->send(tws::encode(tws::ReqIds{1}, 193)));
  EXPECT_EQ(first->read_frame().fields, (Fields{"9", "1", "1"}));
  EXPECT_EQ(server_->connected_clients(), 1U);
}

TEST_F(ServerTest, ClientIdCanBeReusedAfterItsConnectionCloses) {
  start();
  auto first = client();
  first->handshake(5);
  first->close();
  ASSERT_TRUE(wait_closed(1));
  auto again = client();
  again->handshake(5);
  EXPECT_EQ(server_->connected_clients(), 1U);
}

TEST_F(ServerTest, FaultNoVersionReplyKeepsSilentUntilTheClientLeaves) {
  GatewayConfig config;
  config.faults = {Fault::kNoVersionReply};
  start(config);
  auto c = client();
  ASSERT_TRUE(c->send(tws::encode_preamble({100, 193, ""})));
  EXPECT_EQ(c->read_frame(kQuiet).status, RawClient::Status::kTimeout);
  EXPECT_EQ(server_->connected_clients(), 1U);
  c->close();
  ASSERT_TRUE(wait_closed(1));
  EXPECT_EQ(closed_[0].messages_out, 0U);
  EXPECT_TRUE(server_side_released(port_));
}

TEST_F(ServerTest, FaultCloseAfterPreambleClosesWithoutAReply) {
  GatewayConfig config;
  config.faults = {Fault::kCloseAfterPreamble};
  start(config);
  auto c = client();
  ASSERT_TRUE(c->send(tws::encode_preamble({100, 193, ""})));
  EXPECT_EQ(c->read_frame().status, RawClient::Status::kEof);
  c->close();
  ASSERT_TRUE(wait_closed(1));
  EXPECT_EQ(closed_[0].messages_out, 0U);
  EXPECT_TRUE(server_side_released(port_));
}

TEST_F(ServerTest, FaultNoNextValidIdAnswersTheVersionThenNothing) {
  GatewayConfig config;
  config.faults = {Fault::kNoNextValidId};
  start(config);
  auto c = client();
  ASSERT_TRUE(c->send(tws::encode_preamble({100, 193, ""})));
  EXPECT_EQ(c->read_frame().status, RawClient::Status::kFrame);
  ASSERT_TRUE(c->send(tws::encode(tws::StartApi{3, ""}, 193)));
  EXPECT_EQ(c->read_frame(kQuiet).status, RawClient::Status::kTimeout);
  c->close();
  ASSERT_TRUE(wait_closed(1));
  EXPECT_EQ(closed_[0].messages_out, 1U);
  EXPECT_TRUE(server_side_released(port_));
}

TEST_F(ServerTest, FaultClientIdInUseSends326ThenCloses) {
  GatewayConfig config;
  config.faults = {Fault::kClientIdInUse};
  start(config);
  auto c = client();
  ASSERT_TRUE(c->send(tws::encode_preamble({100, 193, ""})));
  EXPECT_EQ(c->read_frame().status, RawClient::Status::kFrame);
  ASSERT_TRUE(c->send(tws::encode(tws::StartApi{3, ""}, 193)));
  auto refused = c->read_frame();
  ASSERT_EQ(refused.status, RawClient::Status::kFrame);
  EXPECT_EQ(refused.fields[3], "326");
  EXPECT_EQ(c->read_frame().status, RawClient::Status::kEof);
  c->close();
  ASSERT_TRUE(wait_closed(1));
  EXPECT_TRUE(server_side_released(port_));
}

// The client leaves at each stage of a session; the server must close its side every time.
class ClientLeaves : public ServerTest, public ::testing::WithParamInterface<int> {};

TEST_P(ClientLeaves, ServerClosesItsSocketAndLeavesNoCloseWait) {
  start();
  auto c = client();
  ASSERT_TRUE(wait_accepted(1));
  const std::string preamble = tws::encode_preamble({100, 193, ""});
  switch (GetParam()) {
    case 0:  // connected, sent nothing
      break;
    case 1:  // half a preamble
      ASSERT_TRUE(c->send(preamble.substr(0, 6)));
      break;
    case 2:  // version received, no START_API
      ASSERT_TRUE(c->send(preamble));
      ASSERT_EQ(c->read_frame().status, RawClient::Status::kFrame);
      break;
    case 3:  // ready, then half a request
      c->handshake(11);
      ASSERT_TRUE(c->send(tws::encode(tws::ReqCurrentTime{}, 193).substr(0, 5)));
      break;
  }
  // The socket table is read correctly: the listener and the server's end of this connection.
  const auto before = socket_states_on_local_port(port_);
  EXPECT_NE(std::find(before.begin(), before.end(), "0A"), before.end());
  EXPECT_NE(std::find(before.begin(), before.end(), "01"), before.end());
  EXPECT_FALSE(server_side_released(port_));
  c->close();
  ASSERT_TRUE(wait_closed(1));
  EXPECT_EQ(server_->connected_clients(), 0U);
  EXPECT_TRUE(server_side_released(port_));
}

INSTANTIATE_TEST_SUITE_P(Stages, ClientLeaves, ::testing::Values(0, 1, 2, 3));

TEST_F(ServerTest, ServerClosesAfterTheLingerTimeWhenTheClientKeepsItsSocketOpen) {
  GatewayConfig config;
  config.faults = {Fault::kClientIdInUse};
  start(config);
  auto c = client();
  // START_API right behind the preamble, then a request the server will never read: the 326
  // must still arrive intact, followed by EOF.
  ASSERT_TRUE(c->send(tws::encode_preamble({100, 193, ""}) + tws::encode(tws::StartApi{3, ""}, 193) +
                      tws::encode(tws::ReqCurrentTime{}, 193)));
  EXPECT_EQ(c->read_frame().status, RawClient::Status::kFrame);
  auto refused = c->read_frame();
  ASSERT_EQ(refused.status, RawClient::Status::kFrame);
  EXPECT_EQ(refused.fields[3], "326");
  EXPECT_EQ(c->read_frame().status, RawClient::Status::kEof);
  ASSERT_TRUE(wait_closed(1));  // without the client closing
  EXPECT_EQ(server_->connected_clients(), 0U);
  EXPECT_TRUE(server_side_released(port_));
}

TEST_F(ServerTest, GarbagePreambleIsClosedCleanly) {
  start();
  auto c = client();
  ASSERT_TRUE(c->send("GET / HTTP/1.1\r\n\r\n"));
  EXPECT_EQ(c->read_frame().status, RawClient::Status::kEof);
  c->close();
  ASSERT_TRUE(wait_closed(1));
  EXPECT_TRUE(server_side_released(port_));
}

TEST_F(ServerTest, OverSizeFrameIsClosedCleanly) {
  start();
  auto c = client();
  c->handshake(1);
  ASSERT_TRUE(c->send(std::string("\x7f\xff\xff\xff", 4)));
  EXPECT_EQ(c->read_frame().status, RawClient::Status::kEof);
  c->close();
  ASSERT_TRUE(wait_closed(1));
  EXPECT_TRUE(server_side_released(port_));
}

TEST_F(ServerTest, BadFieldGetsAnErrorAndTheConnectionStaysUsable) {
  start();
  auto c = client();
  c->handshake(1);
  ASSERT_TRUE(c->send(testing::frame_of({"62", "1", "notanumber", "All", "NetLiquidation"})));
  auto err = c->read_frame();
  ASSERT_EQ(err.status, RawClient::Status::kFrame);
  EXPECT_EQ(err.fields[3], "320");
  EXPECT_NE(err.fields[4].find("reqId"), std::string::npos) << err.fields[4];
  ASSERT_TRUE(c->send(tws::encode(tws::ReqCurrentTime{}, 193)));
  EXPECT_EQ(c->read_frame().fields[0], "49");
}

TEST_F(ServerTest, StopClosesEveryConnection) {
  start();
  auto a = client();
  a->handshake(1);
  auto b = client();
  ASSERT_TRUE(wait_accepted(2));
  server_->stop();
  EXPECT_FALSE(server_->running());
  EXPECT_EQ(server_->connected_clients(), 0U);
  EXPECT_EQ(a->read_frame().status, RawClient::Status::kEof);
  EXPECT_EQ(b->read_frame().status, RawClient::Status::kEof);
  EXPECT_TRUE(server_side_released(port_));
  // Nothing listens any more: a new connection is refused.
  RawClient late(io_);
  EXPECT_FALSE(late.connect(port_));
}

TEST_F(ServerTest, NegotiatesDownToTheConfiguredVersion) {
  GatewayConfig config;
  config.server_version = 178;
  start(config);
  auto c = client();
  c->handshake(2);
  EXPECT_EQ(c->server_version(), 178);
}

TEST_F(ServerTest, SecondServerOnTheSamePortFailsToStart) {
  start();
  GatewayConfig config;
  config.port = port_;
  GatewayServer other(io_, config, clock_, steady_);
  auto r = other.start();
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find(std::to_string(port_)), std::string::npos);
}

TEST_F(ServerTest, InvalidConfigFailsToStart) {
  GatewayConfig config;
  config.server_version = 250;
  GatewayServer server(io_, config, clock_, steady_);
  EXPECT_FALSE(server.start().has_value());
}

}  // namespace
}  // namespace rt::gateway

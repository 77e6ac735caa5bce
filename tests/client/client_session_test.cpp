// The client session against the emulator over real loopback TCP: the handshake at every supported
// server version, 326 and a fresh id, every stall fault failing at its own deadline with its own
// message, and after every outcome no socket left behind on either side.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "core/clock.hpp"
#include "gateway/gateway_server.hpp"
#include "support/io_runner.hpp"
#include "support/socket_census.hpp"
#include "tws/client/connector.hpp"
#include "tws/messages/codec.hpp"
#include "tws/wire/message_writer.hpp"

#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

namespace rt {
namespace {

using namespace std::chrono_literals;
using tws::ConnectFailureKind;
using tws::ConnectStage;

// A scripted server's first steps: accept one client, read its preamble, reply with `version` and
// a connection time. Returns the connection.
boost::asio::awaitable<boost::asio::ip::tcp::socket> accept_and_reply_version(boost::asio::ip::tcp::acceptor& acceptor,
                                                                              std::string version) {
  auto peer = co_await acceptor.async_accept(boost::asio::use_awaitable);
  std::array<char, 256> preamble{};
  co_await peer.async_read_some(boost::asio::buffer(preamble), boost::asio::use_awaitable);
  tws::MessageWriter w;
  w.add(version).add("20250115 09:30:00 EST");
  std::string reply = w.finish();
  co_await boost::asio::async_write(peer, boost::asio::buffer(reply), boost::asio::use_awaitable);
  co_return peer;
}

class ClientSessionTest : public ::testing::Test {
 protected:
  void start_gateway(gateway::GatewayConfig config = {}) {
    config.port = 0;
    server_ = std::make_unique<gateway::GatewayServer>(io_, std::move(config), clock_, steady_);
    auto port = server_->start();
    ASSERT_TRUE(port.has_value()) << port.error().message;
    port_ = *port;
  }

  tws::ConnectOptions options(int client_id, std::chrono::milliseconds stage_deadline = 2s) const {
    tws::ConnectOptions o;
    o.port = port_;
    o.client_id = client_id;
    o.tcp_timeout = o.version_timeout = o.ready_timeout = stage_deadline;
    return o;
  }

  // After a session ended: the client holds no socket to the emulator, and once the emulator
  // has seen the close, it holds no CLOSE_WAIT socket either.
  void expect_no_socket_left() {
    test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
      bool server_done = co_await test::eventually([&] { return server_->connected_clients() == 0; });
      EXPECT_TRUE(server_done) << "the emulator still has " << server_->connected_clients() << " clients";
    });
    auto census = test::SocketCensus::take(port_);
    EXPECT_TRUE(census.client_side_held.empty()) << census.client_side_held.size() << " client socket(s) left open";
    EXPECT_TRUE(census.server_close_wait.empty()) << census.server_close_wait.size() << " CLOSE_WAIT socket(s)";
  }

  boost::asio::io_context io_;
  SystemClock clock_;
  SteadyClock steady_;
  std::unique_ptr<gateway::GatewayServer> server_;
  std::uint16_t port_ = 0;
};

class ClientSessionAtVersion : public ClientSessionTest, public ::testing::WithParamInterface<int> {};

TEST_P(ClientSessionAtVersion, HandshakeCompletesAndServerTimeAnswers) {
  gateway::GatewayConfig config;
  config.server_version = GetParam();
  start_gateway(config);
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    auto session = tws::ClientSession::create(co_await boost::asio::this_coro::executor);
    auto info = co_await session->connect(options(999));
    if (!info) {
      ADD_FAILURE() << info.error().describe("127.0.0.1", port_);
      co_return;
    }
    EXPECT_EQ(info->server_version, GetParam());
    EXPECT_EQ(info->accounts, std::vector<std::string>{"DU1234567"});
    EXPECT_GT(info->next_valid_id, 0);
    EXPECT_FALSE(info->connection_time.empty());
    auto now = co_await session->request_current_time(2s);
    CO_ASSERT(now.has_value(), now.error().message);
    EXPECT_GT(*now, 1'600'000'000);
    session->close("test finished");
  });
  expect_no_socket_left();
}

INSTANTIATE_TEST_SUITE_P(ServerVersions, ClientSessionAtVersion, ::testing::Values(176, 178, 187, 193, 200));

TEST_F(ClientSessionTest, AccountSummaryAndPositionsComeFromTheEmulatorsAccount) {
  gateway::GatewayConfig config;
  auto pos = gateway::parse_position("AAPL:100:150.25");
  ASSERT_TRUE(pos.has_value());
  config.positions.push_back(*pos);
  start_gateway(config);
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    auto session = tws::ClientSession::create(co_await boost::asio::this_coro::executor);
    auto info = co_await session->connect(options(12345));
    CO_ASSERT(info.has_value());
    auto summary = co_await session->request_account_summary("NetLiquidation,TotalCashValue", 2s);
    CO_ASSERT(summary.has_value(), summary.error().message);
    std::map<std::string, std::string> values;
    for (const auto& row : *summary) values[row.tag] = row.value;
    EXPECT_TRUE(values.contains("NetLiquidation"));
    EXPECT_TRUE(values.contains("TotalCashValue"));
    auto positions = co_await session->request_positions(2s);
    CO_ASSERT(positions.has_value(), positions.error().message);
    CO_ASSERT((positions->size()) == (1U));
    EXPECT_EQ((*positions)[0].contract.symbol, "AAPL");
    EXPECT_EQ((*positions)[0].position, Decimal::from_int(100));
    EXPECT_EQ((*positions)[0].avg_cost, *Decimal::parse("150.25"));
    session->close("test finished");
  });
  expect_no_socket_left();
}

TEST_F(ClientSessionTest, ClientIdInUseThenRetrySucceedsWithAFreshId) {
  start_gateway();
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    auto ex = co_await boost::asio::this_coro::executor;
    auto holder = tws::ClientSession::create(ex);
    auto held = co_await holder->connect(options(4242));
    CO_ASSERT(held.has_value());

    tws::ClientIdPolicy policy;
    policy.configured_id = 4242;
    policy.backoff = 10ms;
    auto outcome = co_await tws::connect_with_retry(ex, options(0), policy);
    CO_ASSERT(outcome.ok(), outcome.last_failure->describe("127.0.0.1", port_));
    CO_ASSERT((outcome.attempts.size()) == (2U));
    EXPECT_EQ(outcome.attempts[0].client_id, 4242);
    CO_ASSERT(outcome.attempts[0].failure.has_value());
    EXPECT_EQ(outcome.attempts[0].failure->kind, ConnectFailureKind::kClientIdInUse);
    EXPECT_NE(outcome.attempts[1].client_id, 4242);
    EXPECT_EQ(outcome.session->info().client_id, outcome.attempts[1].client_id);
    outcome.session->close("test finished");
    holder->close("test finished");
  });
  expect_no_socket_left();
}

TEST_F(ClientSessionTest, ClientIdAlwaysInUseGivesUpAfterBoundedAttemptsNamingTheId) {
  gateway::GatewayConfig config;
  config.faults.push_back(gateway::Fault::kClientIdInUse);
  start_gateway(config);
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    tws::ClientIdPolicy policy;
    policy.configured_id = 77;
    policy.max_attempts = 3;
    policy.backoff = 5ms;
    auto outcome = co_await tws::connect_with_retry(co_await boost::asio::this_coro::executor, options(0), policy);
    EXPECT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.attempts.size(), 3U);
    CO_ASSERT(outcome.last_failure.has_value());
    EXPECT_EQ(outcome.last_failure->kind, ConnectFailureKind::kClientIdInUse);
    auto text = outcome.last_failure->describe("127.0.0.1", port_);
    EXPECT_NE(text.find("already in use"), std::string::npos) << text;
  });
  expect_no_socket_left();
}

struct StallCase {
  gateway::Fault fault;
  ConnectStage stage;
  ConnectFailureKind kind;
  const char* message_part;
};

class ClientSessionStall : public ClientSessionTest, public ::testing::WithParamInterface<StallCase> {};

TEST_P(ClientSessionStall, FailsAtItsStageDeadlineWithItsMessageAndLeavesNoSocket) {
  const auto& c = GetParam();
  gateway::GatewayConfig config;
  config.faults.push_back(c.fault);
  start_gateway(config);
  auto sockets_before = test::own_socket_count();
  constexpr auto kDeadline = 300ms;
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    auto session = tws::ClientSession::create(co_await boost::asio::this_coro::executor);
    auto started = std::chrono::steady_clock::now();
    auto info = co_await session->connect(options(999, kDeadline));
    auto elapsed = std::chrono::steady_clock::now() - started;
    CO_ASSERT(!(info.has_value()));
    EXPECT_EQ(info.error().stage, c.stage);
    EXPECT_EQ(info.error().kind, c.kind);
    auto text = info.error().describe("127.0.0.1", port_);
    EXPECT_NE(text.find(c.message_part), std::string::npos) << text;
    if (c.kind == ConnectFailureKind::kTimeout) {
      EXPECT_GE(elapsed, kDeadline);
    }
    EXPECT_LT(elapsed, 10 * kDeadline) << "the attempt outlived its deadline";
    EXPECT_FALSE(session->is_connected());
  });
  expect_no_socket_left();
  EXPECT_EQ(test::own_socket_count(), sockets_before);
}

INSTANTIATE_TEST_SUITE_P(
    Faults, ClientSessionStall,
    ::testing::Values(StallCase{gateway::Fault::kNoVersionReply, ConnectStage::kVersionReply,
                                ConnectFailureKind::kTimeout, "the API never answered"},
                      StallCase{gateway::Fault::kNoNextValidId, ConnectStage::kReady, ConnectFailureKind::kTimeout,
                                "never sent nextValidId"},
                      StallCase{gateway::Fault::kCloseAfterPreamble, ConnectStage::kVersionReply,
                                ConnectFailureKind::kClosedByServer, "closed the connection"}),
    [](const auto& param_info) {
      switch (param_info.param.fault) {
        case gateway::Fault::kNoVersionReply: return std::string("NoVersionReply");
        case gateway::Fault::kNoNextValidId: return std::string("NoNextValidId");
        case gateway::Fault::kCloseAfterPreamble: return std::string("CloseAfterPreamble");
        default: return std::string("Other");
      }
    });

TEST_F(ClientSessionTest, EmulatorBelowTheClientRangeClosesAndTheClientSaysSo) {
  gateway::GatewayConfig config;
  config.server_version = 150;  // below robotrader's minimum of 157
  start_gateway(config);
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    auto session = tws::ClientSession::create(co_await boost::asio::this_coro::executor);
    auto info = co_await session->connect(options(999));
    CO_ASSERT(!info.has_value());
    EXPECT_EQ(info.error().stage, ConnectStage::kVersionReply);
  });
  expect_no_socket_left();
}

// A server that answers the preamble with a version above what robotrader speaks (RELIABILITY C12).
TEST_F(ClientSessionTest, ServerVersionAboveTheClientRangeIsRefusedAndClosed) {
  using boost::asio::ip::tcp;
  tcp::acceptor acceptor(io_, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  port_ = acceptor.local_endpoint().port();
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    auto ex = co_await boost::asio::this_coro::executor;
    boost::asio::co_spawn(
        ex,
        [&]() -> boost::asio::awaitable<void> {
          auto peer = co_await accept_and_reply_version(acceptor, "201");
          std::array<char, 64> buf{};
          // Wait for the client to close its side, then close ours.
          auto [ec, n] = co_await peer.async_read_some(boost::asio::buffer(buf),
                                                        boost::asio::as_tuple(boost::asio::use_awaitable));
          EXPECT_TRUE(ec) << "the client should have closed the connection";
        },
        boost::asio::detached);
    auto session = tws::ClientSession::create(ex);
    auto info = co_await session->connect(options(999));
    CO_ASSERT(!info.has_value());
    EXPECT_EQ(info.error().kind, ConnectFailureKind::kUnsupportedVersion);
    EXPECT_NE(info.error().describe("h", 1).find("201"), std::string::npos);
  });
  EXPECT_TRUE(test::SocketCensus::take(port_).client_side_held.empty());
}

// Messages the codec does not model (news bulletins, orderBound) are skipped by their frames: the
// stream stays aligned and the next reply is read as usual.
TEST_F(ClientSessionTest, MessagesOfIdsTheCodecDoesNotModelAreSkippedAndCounted) {
  using boost::asio::ip::tcp;
  tcp::acceptor acceptor(io_, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  port_ = acceptor.local_endpoint().port();
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    auto ex = co_await boost::asio::this_coro::executor;
    boost::asio::co_spawn(
        ex,
        [&]() -> boost::asio::awaitable<void> {
          auto peer = co_await accept_and_reply_version(acceptor, "200");
          std::array<char, 256> buf{};
          co_await peer.async_read_some(boost::asio::buffer(buf), boost::asio::use_awaitable);  // START_API
          std::string out = tws::encode(tws::ManagedAccounts{{"DU1"}}, 200) + tws::encode(tws::NextValidId{1}, 200);
          tws::MessageWriter news(14);
          news.add(1).add(7).add(1).add("Exchange halted").add("NYSE");
          tws::MessageWriter bound(100);
          bound.add(std::int64_t{5}).add(9).add(7);
          out += news.finish() + bound.finish();
          co_await boost::asio::async_write(peer, boost::asio::buffer(out), boost::asio::use_awaitable);
          co_await peer.async_read_some(boost::asio::buffer(buf), boost::asio::use_awaitable);  // reqCurrentTime
          out = tws::encode(tws::CurrentTime{1736951400}, 200);
          co_await boost::asio::async_write(peer, boost::asio::buffer(out), boost::asio::use_awaitable);
          auto [ec, n] = co_await peer.async_read_some(boost::asio::buffer(buf),
                                                        boost::asio::as_tuple(boost::asio::use_awaitable));
          (void)ec;
          (void)n;
        },
        boost::asio::detached);
    auto session = tws::ClientSession::create(ex);
    auto info = co_await session->connect(options(999));
    CO_ASSERT(info.has_value(), info.error().describe("127.0.0.1", port_));
    auto now = co_await session->request_current_time(2s);
    CO_ASSERT(now.has_value(), now.error().message);
    EXPECT_EQ(*now, 1736951400);
    EXPECT_EQ(session->stats().unknown_messages, 2U);
    EXPECT_EQ(session->stats().decode_errors, 0U);
    session->close("test finished");
  });
}

TEST_F(ClientSessionTest, NothingListeningFailsAtTcpWithTheRemedy) {
  start_gateway();
  server_->stop();
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    auto session = tws::ClientSession::create(co_await boost::asio::this_coro::executor);
    auto info = co_await session->connect(options(999));
    CO_ASSERT(!(info.has_value()));
    EXPECT_EQ(info.error().stage, ConnectStage::kTcp);
    EXPECT_EQ(info.error().kind, ConnectFailureKind::kRefused);
    EXPECT_NE(info.error().describe("127.0.0.1", port_).find("Enable ActiveX and Socket Clients"), std::string::npos);
  });
  EXPECT_TRUE(test::SocketCensus::take(port_).client_side_held.empty());
}

TEST_F(ClientSessionTest, ServerClosingMidSessionFailsRequestsInFlightAtOnce) {
  start_gateway();
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    auto session = tws::ClientSession::create(co_await boost::asio::this_coro::executor);
    bool disconnected = false;
    session->set_disconnect_handler([&](const Error&) { disconnected = true; });
    auto info = co_await session->connect(options(555));
    CO_ASSERT(info.has_value());
    server_->stop();
    bool saw = co_await test::eventually([&] { return disconnected; });
    EXPECT_TRUE(saw);
    auto now = co_await session->request_current_time(2s);
    CO_ASSERT(!(now.has_value()));
    EXPECT_EQ(now.error().code, ErrorCode::kDisconnected);
  });
  EXPECT_TRUE(test::SocketCensus::take(port_).client_side_held.empty());
}

// 321 ("error validating request") refuses the request and no reply follows: the request fails on
// the error with the code, not at its deadline. (The session used to read 321 as a warning.)
TEST_F(ClientSessionTest, ErrorValidatingRequestFailsTheRequestOnItsIdWithTheCode) {
  start_gateway();
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    auto session = tws::ClientSession::create(co_await boost::asio::this_coro::executor);
    auto info = co_await session->connect(options(556));
    CO_ASSERT(info.has_value());
    tws::ReqHistoricalData bad;
    bad.req_id = session->next_request_id();
    bad.contract.symbol = "AAPL";
    bad.bar_size = "7 mins";  // not a bar size TWS knows
    bad.duration = "1 D";
    bad.use_rth = true;
    bad.what_to_show = "TRADES";
    bad.format_date = 1;
    bool replied = false;
    auto status = co_await session->request(
        bad.req_id, tws::encode(bad, info->server_version),
        [&](const tws::Response&) { return replied = true; }, 30s);
    CO_ASSERT(!status.has_value());
    EXPECT_FALSE(replied);
    EXPECT_EQ(status.error().code, ErrorCode::kBroker);
    EXPECT_EQ(status.error().broker_code, 321);
    session->close("test finished");
  });
  expect_no_socket_left();
}

}  // namespace
}  // namespace rt

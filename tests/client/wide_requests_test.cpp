// The client's wider typed requests against the emulator over loopback TCP, at the server
// versions real TWS builds report, plus the startup that a mainstream Python client sends by
// default: every request is answered and neither side sees a decode error.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <set>

#include "core/clock.hpp"
#include "gateway/gateway_server.hpp"
#include "support/io_runner.hpp"
#include "tws/client/connector.hpp"
#include "tws/client/wide_requests.hpp"

namespace rt {
namespace {

using namespace std::chrono_literals;

class WideRequestsTest : public ::testing::TestWithParam<int> {
 protected:
  void start_gateway(int server_version) {
    gateway::GatewayConfig config;
    config.port = 0;
    config.server_version = server_version;
    config.market.start = *gateway::parse_new_york_time("2025-01-15 10:00");
    config.positions = {*gateway::parse_position("AAPL:100:150.25:151")};
    server_ = std::make_unique<gateway::GatewayServer>(io_, std::move(config), clock_, steady_);
    auto port = server_->start();
    ASSERT_TRUE(port.has_value()) << port.error().message;
    port_ = *port;
  }
  tws::ConnectOptions options(int client_id) const {
    tws::ConnectOptions o;
    o.port = port_;
    o.client_id = client_id;
    return o;
  }
  static tws::Contract aapl() {
    tws::Contract c;
    c.symbol = "AAPL";
    return c;
  }

  boost::asio::io_context io_;
  SystemClock clock_;
  SteadyClock steady_;
  std::unique_ptr<gateway::GatewayServer> server_;
  std::uint16_t port_ = 0;
};

TEST_P(WideRequestsTest, EveryTypedRequestIsAnsweredWithoutADecodeError) {
  start_gateway(GetParam());
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    auto session = tws::ClientSession::create(co_await boost::asio::this_coro::executor);
    auto info = co_await session->connect(options(31));
    CO_ASSERT(info.has_value(), info.error().describe("127.0.0.1", port_));
    EXPECT_EQ(info->server_version, GetParam());
    auto& s = *session;

    auto positions = co_await tws::request_positions_multi(s, "", 2s);
    CO_ASSERT(positions.has_value(), positions.error().message);
    CO_ASSERT(positions->size() == 1U);
    EXPECT_EQ((*positions)[0].contract.symbol, "AAPL");
    EXPECT_EQ((*positions)[0].position, Decimal::from_int(100));

    auto values = co_await tws::request_account_values_multi(s, "DU1234567", false, 2s);
    CO_ASSERT(values.has_value(), values.error().message);
    EXPECT_TRUE(std::any_of(values->begin(), values->end(), [](const auto& v) { return v.key == "NetLiquidation"; }));

    auto pnl = co_await tws::request_pnl(s, "DU1234567", 2s);
    CO_ASSERT(pnl.has_value(), pnl.error().message);
    EXPECT_TRUE(pnl->daily.has_value());

    auto book = co_await tws::request_depth_snapshot(s, aapl(), 5, false, 2s);
    CO_ASSERT(book.has_value(), book.error().message);
    EXPECT_EQ(book->size(), 10U);

    auto ticks = co_await tws::request_ticks(s, aapl(), "BidAsk", 1, 2s);
    CO_ASSERT(ticks.has_value(), ticks.error().message);
    EXPECT_GT((*ticks)[0].ask_price, (*ticks)[0].bid_price);

    auto head = co_await tws::request_head_timestamp(s, aapl(), "TRADES", 2s);
    CO_ASSERT(head.has_value(), head.error().message);
    EXPECT_EQ(head->size(), 17U);

    auto matches = co_await tws::request_matching_symbols(s, "MSF", 2s);
    CO_ASSERT(matches.has_value(), matches.error().message);
    EXPECT_TRUE(std::any_of(matches->begin(), matches->end(),
                            [](const auto& d) { return d.contract.symbol == "MSFT" && d.contract.con_id == 272093; }));

    auto chains = co_await tws::request_option_chains(s, "AAPL", "STK", 265598, 2s);
    CO_ASSERT(chains.has_value(), chains.error().message);
    CO_ASSERT(chains->size() == 1U);
    EXPECT_FALSE((*chains)[0].strikes.empty());

    tws::Contract nonsense;
    nonsense.symbol = "1234";
    auto unknown = co_await tws::request_head_timestamp(s, nonsense, "TRADES", 2s);
    CO_ASSERT(!unknown.has_value());
    EXPECT_NE(unknown.error().message.find("200"), std::string::npos) << unknown.error().message;

    EXPECT_EQ(s.stats().decode_errors, 0U);
    session->close("test finished");
  });
  EXPECT_EQ(server_->limits().violations(), 0U);
}

INSTANTIATE_TEST_SUITE_P(ServerVersions, WideRequestsTest, ::testing::Values(176, 178, 187, 193, 200));

// ib_async's connect(): positions, open orders, completed orders, account updates and account
// updates multi for the account, then executions; each must end, or it waits out its timeout.
TEST_P(WideRequestsTest, APythonClientsDefaultStartupRequestsAllEnd) {
  start_gateway(GetParam());
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    auto session = tws::ClientSession::create(co_await boost::asio::this_coro::executor);
    auto info = co_await session->connect(options(32));
    CO_ASSERT(info.has_value(), info.error().describe("127.0.0.1", port_));
    std::set<std::string> ended;
    std::vector<int> errors;
    session->set_message_handler([&](const tws::Response& r) {
      if (std::holds_alternative<tws::PositionEnd>(r)) ended.insert("positions");
      if (std::holds_alternative<tws::OpenOrderEnd>(r)) ended.insert("open orders");
      if (std::holds_alternative<tws::CompletedOrdersEnd>(r)) ended.insert("completed orders");
      if (std::holds_alternative<tws::AccountDownloadEnd>(r)) ended.insert("account updates");
      if (std::holds_alternative<tws::AccountUpdateMultiEnd>(r)) ended.insert("account updates multi");
      if (std::holds_alternative<tws::ExecutionDataEnd>(r)) ended.insert("executions");
      if (const auto* e = std::get_if<tws::ErrorMessage>(&r); e && e->code < 2100) errors.push_back(e->code);
    });
    const int v = info->server_version;
    for (auto frame : {tws::encode(tws::ReqPositions{}, v), tws::encode(tws::ReqOpenOrders{}, v),
                       tws::encode(tws::ReqCompletedOrders{false}, v),
                       tws::encode(tws::ReqAccountUpdates{true, "DU1234567"}, v),
                       tws::encode(tws::ReqAccountUpdatesMulti{9001, "DU1234567", "", false}, v),
                       tws::encode(tws::ReqExecutions{9002, {}}, v)}) {
      CO_ASSERT(session->send(std::move(frame)).has_value());
    }
    const bool all = co_await test::eventually([&] { return ended.size() == 6; }, 4s);
    EXPECT_TRUE(all) << ended.size() << " of 6 startup requests ended";
    EXPECT_TRUE(errors.empty()) << "first error code " << errors.front();
    EXPECT_EQ(session->stats().decode_errors, 0U);
    session->close("test finished");
  });
}

}  // namespace
}  // namespace rt

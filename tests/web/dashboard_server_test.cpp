// DashboardServer over loopback: routes, JSON shapes, Prometheus text, readiness, WebSocket pushes.
#include "web/dashboard_server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "support/io_runner.hpp"
#include "web/prometheus_text.hpp"
#include "web/web_client.hpp"

namespace rt::web {
namespace {

using nlohmann::json;
using test::HttpReply;

class DashboardServerTest : public ::testing::Test {
 protected:
  std::unique_ptr<DashboardServer> start(DashboardServerConfig config = {}) {
    config.port = 0;
    auto server = DashboardServer::start(io_.get_executor(), std::move(config), metrics_, callbacks_, steady_);
    EXPECT_TRUE(server.has_value()) << (server ? "" : server.error().describe());
    return server ? std::move(*server) : nullptr;
  }

  static DashboardModel model_with_equity(const char* equity) {
    DashboardModel m;
    m.mode = "sim";
    m.connection.state = "ready";
    m.connection.connected = true;
    m.account.net_liquidation = *Decimal::parse(equity);
    PositionView p;
    p.symbol = "AAPL";
    p.quantity = Decimal::from_int(10);
    m.positions.push_back(p);
    return m;
  }

  boost::asio::io_context io_;
  MetricsRegistry metrics_;
  SteadyClock steady_;
  DashboardCallbacks callbacks_;
};

TEST_F(DashboardServerTest, HealthzWhenRunningThen200) {
  auto server = start();
  ASSERT_TRUE(server);
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    HttpReply r = co_await test::http_get(server->port(), "/healthz");
    CO_ASSERT(r.status == 200, r.error);
    EXPECT_EQ(json::parse(r.body)["status"], "alive");
    EXPECT_EQ(r.headers["cache-control"], "no-store");
  });
}

TEST_F(DashboardServerTest, ApiStateBeforeAnyPublishThenDisconnected) {
  auto server = start();
  ASSERT_TRUE(server);
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    HttpReply r = co_await test::http_get(server->port(), "/api/state");
    CO_ASSERT(r.status == 200, r.error);
    EXPECT_EQ(r.headers["content-type"], "application/json");
    json j = json::parse(r.body);
    EXPECT_EQ(j["connection"]["connected"], false);
    EXPECT_EQ(j["sequence"], 0);
  });
}

TEST_F(DashboardServerTest, ApiStateAfterPublishThenLatestModelWithSequence) {
  auto server = start();
  ASSERT_TRUE(server);
  server->publish(model_with_equity("1000"));
  server->publish(model_with_equity("1234.5"));
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    HttpReply r = co_await test::http_get(server->port(), "/api/state");
    CO_ASSERT(r.status == 200, r.error);
    json j = json::parse(r.body);
    EXPECT_EQ(j["sequence"], 2);
    EXPECT_EQ(j["connection"]["state"], "ready");
    EXPECT_EQ(j["account"]["net_liquidation"], "1234.5");
    CO_ASSERT(j["positions"].size() == 1U);
    EXPECT_EQ(j["positions"][0]["symbol"], "AAPL");
  });
}

TEST_F(DashboardServerTest, MetricsThenPrometheusTextThatParses) {
  metrics_.gauge("rt_connection_up", "1 while connected.").set(1);
  metrics_.counter("rt_reconnects_total", "Reconnects.").inc(2);
  metrics_.gauge("rt_subscription_age_seconds", "Staleness.", {{"subscription", "bars \"AAPL\""}}).set(3.5);
  metrics_.histogram("rt_order_ack_seconds", "Order to ack.", {0.01, 0.1, 1}).observe(0.05);
  int refreshed = 0;
  callbacks_.before_metrics = [&] {
    ++refreshed;
    metrics_.gauge("rt_heartbeat_age_seconds", "Heartbeat age.").set(4);
  };
  auto server = start();
  ASSERT_TRUE(server);
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    HttpReply r = co_await test::http_get(server->port(), "/metrics");
    CO_ASSERT(r.status == 200, r.error);
    EXPECT_EQ(r.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
    auto text = test::parse_prometheus(r.body);
    CO_ASSERT(text.error.empty(), text.error);
    EXPECT_EQ(text.type["rt_reconnects_total"], "counter");
    EXPECT_EQ(text.type["rt_order_ack_seconds"], "histogram");
    EXPECT_EQ(text.value("rt_connection_up"), 1.0);
    EXPECT_EQ(text.value("rt_reconnects_total"), 2.0);
    EXPECT_EQ(text.value("rt_subscription_age_seconds", {{"subscription", "bars \"AAPL\""}}), 3.5);
    EXPECT_EQ(text.value("rt_order_ack_seconds_bucket", {{"le", "0.1"}}), 1.0);
    EXPECT_EQ(text.value("rt_heartbeat_age_seconds"), 4.0);
    EXPECT_EQ(refreshed, 1);
  });
}

TEST_F(DashboardServerTest, ReadyzFollowsTheReadinessCallback) {
  Readiness now;
  now.connected = true;
  now.reconciled = false;
  callbacks_.readiness = [&] { return now; };
  auto server = start();
  ASSERT_TRUE(server);
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    HttpReply r = co_await test::http_get(server->port(), "/readyz");
    EXPECT_EQ(r.status, 503U);
    EXPECT_EQ(json::parse(r.body)["reconciled"], false);
    now.reconciled = true;
    r = co_await test::http_get(server->port(), "/readyz");
    EXPECT_EQ(r.status, 200U);
    EXPECT_EQ(json::parse(r.body)["ready"], true);
    now.kill_switched = true;
    r = co_await test::http_get(server->port(), "/readyz");
    EXPECT_EQ(r.status, 503U);
    EXPECT_EQ(json::parse(r.body)["kill_switched"], true);
  });
}

TEST_F(DashboardServerTest, ReadyzWithoutCallbackThenNotReady) {
  auto server = start();
  ASSERT_TRUE(server);
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    HttpReply r = co_await test::http_get(server->port(), "/readyz");
    EXPECT_EQ(r.status, 503U);
  });
}

TEST_F(DashboardServerTest, PageAndAssetsServedEmbeddedWithTypesAndPolicy) {
  auto server = start();
  ASSERT_TRUE(server);
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    HttpReply page = co_await test::http_get(server->port(), "/");
    CO_ASSERT(page.status == 200, page.error);
    EXPECT_EQ(page.headers["content-type"], "text/html; charset=utf-8");
    EXPECT_NE(page.headers["content-security-policy"].find("default-src 'self'"), std::string::npos);
    EXPECT_NE(page.body.find("app.js"), std::string::npos);
    EXPECT_EQ(page.body.find("__QUERY__"), std::string::npos);
    HttpReply js = co_await test::http_get(server->port(), "/app.js");
    EXPECT_EQ(js.status, 200U);
    EXPECT_EQ(js.headers["content-type"], "text/javascript; charset=utf-8");
    HttpReply css = co_await test::http_get(server->port(), "/app.css");
    EXPECT_EQ(css.status, 200U);
    HttpReply missing = co_await test::http_get(server->port(), "/nope");
    EXPECT_EQ(missing.status, 404U);
    HttpReply ws_plain = co_await test::http_get(server->port(), "/ws");
    EXPECT_EQ(ws_plain.status, 426U);
  });
}

TEST_F(DashboardServerTest, WebSocketGetsStateOnConnectAndAPushAfterPublish) {
  DashboardServerConfig config;
  config.push_interval = std::chrono::milliseconds(20);
  auto server = start(config);
  ASSERT_TRUE(server);
  server->publish(model_with_equity("1000"));
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    test::WsTestClient client(co_await boost::asio::this_coro::executor);
    std::string err = co_await client.connect(server->port(), "/ws");
    CO_ASSERT(err.empty(), err);
    auto first = co_await client.read();
    CO_ASSERT(first.has_value());
    EXPECT_EQ(json::parse(*first)["account"]["net_liquidation"], "1000");
    EXPECT_EQ(server->client_count(), 1U);
    server->publish(model_with_equity("2000"));
    auto second = co_await client.read();
    CO_ASSERT(second.has_value());
    json j = json::parse(*second);
    EXPECT_EQ(j["account"]["net_liquidation"], "2000");
    EXPECT_EQ(j["sequence"], 2);
  });
}

TEST_F(DashboardServerTest, ManyPublishesInOneIntervalThenOneCoalescedPush) {
  DashboardServerConfig config;
  config.push_interval = std::chrono::milliseconds(200);
  auto server = start(config);
  ASSERT_TRUE(server);
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    test::WsTestClient client(co_await boost::asio::this_coro::executor);
    std::string err = co_await client.connect(server->port(), "/ws");
    CO_ASSERT(err.empty(), err);
    auto initial = co_await client.read();
    CO_ASSERT(initial.has_value());
    for (int i = 1; i <= 10; ++i) server->publish(model_with_equity(std::to_string(1000 + i).c_str()));
    auto pushed = co_await client.read();
    CO_ASSERT(pushed.has_value());
    json j = json::parse(*pushed);
    EXPECT_EQ(j["sequence"], 10);  // the newest state, not the first of ten
    EXPECT_EQ(j["account"]["net_liquidation"], "1010");
    bool sent = co_await test::eventually([&] { return server->pushes() >= 2; });
    EXPECT_TRUE(sent);
    EXPECT_EQ(server->pushes(), 2U);  // the initial state and one coalesced push
  });
}

TEST_F(DashboardServerTest, StopThenWebSocketClientsClosedAndListenerGone) {
  auto server = start();
  ASSERT_TRUE(server);
  std::uint16_t port = server->port();
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    test::WsTestClient client(co_await boost::asio::this_coro::executor);
    std::string err = co_await client.connect(port, "/ws");
    CO_ASSERT(err.empty(), err);
    auto initial = co_await client.read();
    CO_ASSERT(initial.has_value());
    server->stop();
    auto after = co_await client.read();
    EXPECT_FALSE(after.has_value());
    EXPECT_EQ(server->client_count(), 0U);
    HttpReply r = co_await test::http_get(port, "/healthz");
    EXPECT_EQ(r.status, 0U);  // connection refused
  });
}

}  // namespace
}  // namespace rt::web

// DashboardServer access rules: loopback-only by default, tokens on every request when set,
// non-loopback binds refused without a token, and the kill-switch POST rules.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "support/io_runner.hpp"
#include "web/dashboard_server.hpp"
#include "web/web_client.hpp"

namespace rt::web {
namespace {

using nlohmann::json;
namespace http = boost::beast::http;
using test::HttpCall;
using test::HttpReply;

constexpr const char* kToken = "s3cret-token-0123456789";

class DashboardSecurityTest : public ::testing::Test {
 protected:
  Result<std::unique_ptr<DashboardServer>> try_start(std::string host, std::string token) {
    DashboardServerConfig config;
    config.host = std::move(host);
    config.port = 0;
    config.token = std::move(token);
    return DashboardServer::start(io_.get_executor(), std::move(config), metrics_, callbacks_, steady_);
  }
  std::unique_ptr<DashboardServer> start(std::string token = {}) {
    auto server = try_start("127.0.0.1", std::move(token));
    EXPECT_TRUE(server.has_value()) << (server ? "" : server.error().describe());
    return server ? std::move(*server) : nullptr;
  }
  void wire_kill_switch() {
    callbacks_.engage_kill_switch = [this](const std::string& reason) -> Status {
      reasons_.push_back(reason);
      return {};
    };
  }

  boost::asio::io_context io_;
  MetricsRegistry metrics_;
  SteadyClock steady_;
  DashboardCallbacks callbacks_;
  std::vector<std::string> reasons_;
};

TEST_F(DashboardSecurityTest, NonLoopbackBindWithoutTokenThenRefusedWithClearError) {
  auto server = try_start("0.0.0.0", "");
  ASSERT_FALSE(server.has_value());
  EXPECT_EQ(server.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(server.error().message.find("without a token"), std::string::npos) << server.error().message;
}

TEST_F(DashboardSecurityTest, NonLoopbackBindWithShortOrOddTokenThenRefused) {
  EXPECT_FALSE(try_start("0.0.0.0", "short").has_value());
  EXPECT_FALSE(try_start("0.0.0.0", "has spaces in the token value").has_value());
}

TEST_F(DashboardSecurityTest, NonLoopbackBindWithTokenThenStarts) {
  auto server = try_start("0.0.0.0", kToken);
  ASSERT_TRUE(server.has_value()) << server.error().describe();
  EXPECT_GT((*server)->port(), 0);
}

TEST_F(DashboardSecurityTest, BadHostThenInvalidArgument) {
  auto server = try_start("not-an-address", "");
  ASSERT_FALSE(server.has_value());
  EXPECT_EQ(server.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(DashboardSecurityTest, TokenMissingOrWrongThen401RightThen200) {
  auto server = start(kToken);
  ASSERT_TRUE(server);
  std::uint16_t port = server->port();
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    for (const char* target : {"/api/state", "/metrics", "/healthz", "/readyz", "/", "/app.js"}) {
      HttpReply missing = co_await test::http_get(port, target);
      EXPECT_EQ(missing.status, 401U) << target;
    }
    HttpReply missing = co_await test::http_get(port, "/api/state");
    EXPECT_EQ(missing.headers["www-authenticate"], "Bearer");
    HttpReply wrong = co_await test::http_get(port, std::string("/api/state?token=") + kToken + "x");
    EXPECT_EQ(wrong.status, 401U);
    HttpCall bearer_wrong;
    bearer_wrong.target = "/api/state";
    bearer_wrong.headers["Authorization"] = "Bearer nope";
    HttpReply wrong_bearer = co_await test::http_call(port, bearer_wrong);
    EXPECT_EQ(wrong_bearer.status, 401U);
    HttpCall bearer;
    bearer.target = "/api/state";
    bearer.headers["Authorization"] = std::string("Bearer ") + kToken;
    HttpReply right_bearer = co_await test::http_call(port, bearer);
    EXPECT_EQ(right_bearer.status, 200U);
    HttpReply right_query = co_await test::http_get(port, std::string("/api/state?token=") + kToken);
    EXPECT_EQ(right_query.status, 200U);
    // The page passes its token on to its assets and its WebSocket.
    HttpReply page = co_await test::http_get(port, std::string("/?token=") + kToken);
    CO_ASSERT(page.status == 200U);
    EXPECT_NE(page.body.find(std::string("app.js?token=") + kToken), std::string::npos);
  });
}

TEST_F(DashboardSecurityTest, WebSocketWithoutTokenRefusedWithTokenReceivesState) {
  auto server = start(kToken);
  ASSERT_TRUE(server);
  std::uint16_t port = server->port();
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    auto ex = co_await boost::asio::this_coro::executor;
    test::WsTestClient refused(ex);
    std::string err = co_await refused.connect(port, "/ws");
    EXPECT_FALSE(err.empty());
    EXPECT_EQ(refused.handshake_status(), 401U);
    test::WsTestClient wrong(ex);
    err = co_await wrong.connect(port, "/ws?token=wrong-token-0123456789");
    EXPECT_FALSE(err.empty());
    test::WsTestClient allowed(ex);
    err = co_await allowed.connect(port, std::string("/ws?token=") + kToken);
    CO_ASSERT(err.empty(), err);
    auto state = co_await allowed.read();
    CO_ASSERT(state.has_value());
    EXPECT_TRUE(json::parse(*state).contains("connection"));
  });
}

TEST_F(DashboardSecurityTest, LoopbackWithForeignHostOrOriginThenForbidden) {
  auto server = start();
  ASSERT_TRUE(server);
  std::uint16_t port = server->port();
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    HttpCall rebound;
    rebound.target = "/api/state";
    rebound.headers["Host"] = "evil.example:" + std::to_string(port);
    HttpReply r = co_await test::http_call(port, rebound);
    EXPECT_EQ(r.status, 403U);
    HttpCall localhost;
    localhost.target = "/api/state";
    localhost.headers["Host"] = "localhost:" + std::to_string(port);
    r = co_await test::http_call(port, localhost);
    EXPECT_EQ(r.status, 200U);
    auto ex = co_await boost::asio::this_coro::executor;
    test::WsTestClient cross_site(ex);
    std::map<std::string, std::string> origin{{"Origin", "http://evil.example"}};
    std::string err = co_await cross_site.connect(port, "/ws", origin);
    EXPECT_FALSE(err.empty());
    EXPECT_EQ(cross_site.handshake_status(), 403U);
    test::WsTestClient same_site(ex);
    std::map<std::string, std::string> own{{"Origin", "http://127.0.0.1:" + std::to_string(port)}};
    err = co_await same_site.connect(port, "/ws", own);
    EXPECT_TRUE(err.empty()) << err;
  });
}

TEST_F(DashboardSecurityTest, KillSwitchPostOnLoopbackThenCallbackWithReason) {
  wire_kill_switch();
  auto server = start();
  ASSERT_TRUE(server);
  std::uint16_t port = server->port();
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    HttpReply get = co_await test::http_get(port, "/api/kill-switch");
    EXPECT_EQ(get.status, 405U);
    HttpCall form;
    form.method = http::verb::post;
    form.target = "/api/kill-switch";
    form.headers["Content-Type"] = "application/x-www-form-urlencoded";
    form.body = "reason=x";
    HttpReply r = co_await test::http_call(port, form);
    EXPECT_EQ(r.status, 415U);
    HttpCall bad;
    bad.method = http::verb::post;
    bad.target = "/api/kill-switch";
    bad.headers["Content-Type"] = "application/json";
    bad.body = "{not json";
    r = co_await test::http_call(port, bad);
    EXPECT_EQ(r.status, 400U);
    EXPECT_TRUE(reasons_.empty());
    HttpCall good;
    good.method = http::verb::post;
    good.target = "/api/kill-switch";
    good.headers["Content-Type"] = "application/json";
    good.body = R"({"reason":"spread looks wrong"})";
    r = co_await test::http_call(port, good);
    EXPECT_EQ(r.status, 200U);
    EXPECT_EQ(json::parse(r.body)["engaged"], true);
    CO_ASSERT(reasons_.size() == 1U);
    EXPECT_EQ(reasons_[0], "spread looks wrong");
    HttpCall cross_site = good;
    cross_site.headers["Origin"] = "http://evil.example";
    r = co_await test::http_call(port, cross_site);
    EXPECT_EQ(r.status, 403U);
    EXPECT_EQ(reasons_.size(), 1U);
  });
}

TEST_F(DashboardSecurityTest, KillSwitchPostWithTokenServerNeedsTheToken) {
  wire_kill_switch();
  auto server = start(kToken);
  ASSERT_TRUE(server);
  std::uint16_t port = server->port();
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    HttpCall post;
    post.method = http::verb::post;
    post.target = "/api/kill-switch";
    post.headers["Content-Type"] = "application/json";
    post.body = "{}";
    HttpReply r = co_await test::http_call(port, post);
    EXPECT_EQ(r.status, 401U);
    EXPECT_TRUE(reasons_.empty());
    post.headers["Authorization"] = std::string("Bearer ") + kToken;
    r = co_await test::http_call(port, post);
    EXPECT_EQ(r.status, 200U);
    CO_ASSERT(reasons_.size() == 1U);
    EXPECT_EQ(reasons_[0], "engaged from the dashboard");
  });
}

TEST_F(DashboardSecurityTest, KillSwitchNotWiredThen501) {
  auto server = start();
  ASSERT_TRUE(server);
  test::run_coroutine(io_, [&]() -> boost::asio::awaitable<void> {
    HttpCall post;
    post.method = http::verb::post;
    post.target = "/api/kill-switch";
    post.headers["Content-Type"] = "application/json";
    HttpReply r = co_await test::http_call(server->port(), post);
    EXPECT_EQ(r.status, 501U);
  });
}

TEST(TokenEqual, ComparesWholeStrings) {
  EXPECT_TRUE(token_equal("abcdef", "abcdef"));
  EXPECT_FALSE(token_equal("abcdef", "abcdeg"));
  EXPECT_FALSE(token_equal("abcdef", "abcde"));
  EXPECT_FALSE(token_equal("", "a"));
  EXPECT_TRUE(token_equal("", ""));
}

}  // namespace
}  // namespace rt::web

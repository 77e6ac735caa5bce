// The runner-facing helpers: --http parsing, TraderMetrics and the log tail.
#include <gtest/gtest.h>

#include <spdlog/logger.h>
#include <spdlog/sinks/sink.h>

#include "web/dashboard_wiring.hpp"
#include "web/log_tail.hpp"
#include "web/prometheus_text.hpp"
#include "web/trader_metrics.hpp"

namespace rt::web {
namespace {

TEST(ParseWebOptions, HostAndPortForms) {
  auto a = parse_web_options("127.0.0.1:8080");
  ASSERT_TRUE(a.has_value());
  EXPECT_TRUE(a->enabled);
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 8080);
  auto b = parse_web_options(":9000");
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->host, "127.0.0.1");
  EXPECT_EQ(b->port, 9000);
  auto c = parse_web_options("[::1]:8081", "tok");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->host, "::1");
  EXPECT_EQ(c->port, 8081);
  EXPECT_EQ(c->token, "tok");
  auto d = parse_web_options("7000");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->port, 7000);
}

TEST(ParseWebOptions, OffDisables) {
  auto off = parse_web_options("off");
  ASSERT_TRUE(off.has_value());
  EXPECT_FALSE(off->enabled);
}

TEST(ParseWebOptions, BadPortIsAnErrorNamingTheValue) {
  auto bad = parse_web_options("127.0.0.1:http");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.error().message.find("127.0.0.1:http"), std::string::npos);
  EXPECT_FALSE(parse_web_options("127.0.0.1:70000").has_value());
}

TEST(CheckWebOptions, BeyondLoopbackWithoutATokenIsRefusedBeforeAnythingBinds) {
  auto open = parse_web_options("0.0.0.0:8080").value();
  auto refused = check_web_options(open);
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message.find("without a token"), std::string::npos) << refused.error().message;
  EXPECT_TRUE(check_web_options(parse_web_options("0.0.0.0:8080", "a-token-of-24-characters").value()).has_value());
  EXPECT_FALSE(check_web_options(parse_web_options("0.0.0.0:8080", "short").value()).has_value());
  EXPECT_TRUE(check_web_options(parse_web_options("127.0.0.1:0").value()).has_value());
  EXPECT_TRUE(check_web_options(parse_web_options("off").value()).has_value());
}

TEST(TraderMetrics, UpdateFromModelSetsAccountGauges) {
  MetricsRegistry registry;
  TraderMetrics metrics(registry);
  DashboardModel model;
  model.account.net_liquidation = Decimal::from_int(101000);
  model.account.day_pnl = *Decimal::parse("-250.5");
  PositionView p;
  p.symbol = "AAPL";
  p.quantity = Decimal::from_int(5);
  model.positions.push_back(p);
  model.kill_switch.engaged = true;
  metrics.update_from(model);
  metrics.fills.inc();
  metrics.order_ack_seconds.observe(0.02);
  metrics.set_staleness({{"bars AAPL", 2.5}, {"bars MSFT", 30}});
  auto text = test::parse_prometheus(registry.render());
  ASSERT_TRUE(text.error.empty()) << text.error;
  EXPECT_EQ(text.value("rt_equity"), 101000.0);
  EXPECT_EQ(text.value("rt_pnl_day"), -250.5);
  EXPECT_EQ(text.value("rt_positions_open"), 1.0);
  EXPECT_EQ(text.value("rt_kill_switch_engaged"), 1.0);
  EXPECT_EQ(text.value("rt_fills_total"), 1.0);
  EXPECT_EQ(text.value("rt_order_ack_seconds_count"), 1.0);
  EXPECT_EQ(text.value("rt_subscription_staleness_seconds", {{"subscription", "bars MSFT"}}), 30.0);
  metrics.set_staleness({{"bars MSFT", 1}});
  text = test::parse_prometheus(registry.render());
  EXPECT_FALSE(text.value("rt_subscription_staleness_seconds", {{"subscription", "bars AAPL"}}).has_value());
}

TEST(LogTail, KeepsTheNewestLinesFromTheSpdlogSink) {
  auto tail = std::make_shared<LogTail>(3);
  spdlog::logger logger("tail-test", LogTail::make_sink(tail));
  logger.debug("not shown: below info");
  for (int i = 0; i < 5; ++i) logger.info("line {}", i);
  logger.warn("careful");
  std::vector<LogLine> lines;
  tail->copy_to(lines);
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[0].text, "line 3");
  EXPECT_EQ(lines[2].text, "careful");
  EXPECT_EQ(lines[2].level, "warning");
  EXPECT_EQ(tail->total(), 6U);
}

}  // namespace
}  // namespace rt::web

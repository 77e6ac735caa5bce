// IbMetrics: ConnectionStats and PacingStats copied into Prometheus series.
#include "web/ib_metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "web/prometheus_text.hpp"

namespace rt::web {
namespace {

using namespace std::chrono_literals;

TEST(IbMetrics, ConnectionStatsThenStateReconnectsAndHeartbeatAge) {
  MetricsRegistry registry;
  IbMetrics metrics(registry);
  Timestamp now{std::chrono::seconds(1000)};
  ib::ConnectionStats stats;
  stats.logins = 4;
  stats.connects = 3;
  stats.reconnects = 2;
  stats.heartbeats_missed = 1;
  stats.last_heartbeat = now - 7s;
  metrics.update(stats, ib::ConnectionState::kReady, now);
  auto text = test::parse_prometheus(registry.render());
  ASSERT_TRUE(text.error.empty()) << text.error;
  EXPECT_EQ(text.value("rt_connection_up"), 1.0);
  EXPECT_EQ(text.value("rt_connection_state", {{"state", "ready"}}), 1.0);
  EXPECT_EQ(text.value("rt_connection_state", {{"state", "disconnected"}}), 0.0);
  EXPECT_EQ(text.value("rt_connection_reconnects_total"), 2.0);
  EXPECT_EQ(text.value("rt_heartbeat_age_seconds"), 7.0);

  stats.last_heartbeat.reset();
  stats.down_since = now - 3s;
  metrics.update(stats, ib::ConnectionState::kBackingOff, now);
  text = test::parse_prometheus(registry.render());
  ASSERT_TRUE(text.error.empty()) << text.error;
  EXPECT_EQ(text.value("rt_connection_up"), 0.0);
  EXPECT_EQ(text.value("rt_connection_state", {{"state", "backing off"}}), 1.0);
  EXPECT_TRUE(std::isnan(*text.value("rt_heartbeat_age_seconds")));
  EXPECT_EQ(text.value("rt_connection_down_seconds"), 3.0);
}

TEST(IbMetrics, PacingStatsThenQueueLinesErrorsAndWaits) {
  MetricsRegistry registry;
  IbMetrics metrics(registry);
  ib::PacingStats stats;
  stats.messages_sent = 120;
  stats.queued = 5;
  stats.lines_in_use = 42;
  stats.line_limit = 100;
  stats.pacing_errors[162] = 2;
  auto& hist = stats.by_kind[ib::index_of(ib::RequestKind::kHistorical)];
  hist.queued = 3;
  hist.wait.record(std::chrono::milliseconds(3));
  hist.wait.record(std::chrono::milliseconds(700));
  metrics.update(stats);
  auto text = test::parse_prometheus(registry.render());
  ASSERT_TRUE(text.error.empty()) << text.error;
  std::string kind(ib::to_string(ib::RequestKind::kHistorical));
  EXPECT_EQ(text.value("rt_messages_out_total"), 120.0);
  EXPECT_EQ(text.value("rt_pacing_queue_depth"), 5.0);
  EXPECT_EQ(text.value("rt_market_data_lines_in_use"), 42.0);
  EXPECT_EQ(text.value("rt_pacing_errors_total", {{"code", "162"}}), 2.0);
  EXPECT_EQ(text.value("rt_pacing_queued", {{"kind", kind}}), 3.0);
  EXPECT_EQ(text.value("rt_pacing_wait_seconds_bucket", {{"kind", kind}, {"le", "0.005"}}), 1.0);
  EXPECT_EQ(text.value("rt_pacing_wait_seconds_bucket", {{"kind", kind}, {"le", "1"}}), 2.0);
  EXPECT_EQ(text.value("rt_pacing_wait_seconds_count", {{"kind", kind}}), 2.0);
}

}  // namespace
}  // namespace rt::web

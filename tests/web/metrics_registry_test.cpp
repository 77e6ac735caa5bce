#include "web/metrics_registry.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "web/prometheus_text.hpp"

namespace rt::web {
namespace {

TEST(MetricsRegistry, RenderWhenCounterGaugeAndHistogramThenExactPrometheusText) {
  MetricsRegistry registry;
  registry.counter("rt_fills_total", "Fills received.").inc(3);
  registry.gauge("rt_equity", "Account equity.", {{"currency", "USD"}}).set(100250.5);
  auto& latency = registry.histogram("rt_ack_seconds", "Order to ack.", {0.1, 1.0});
  latency.observe(0.0625);
  latency.observe(0.5);
  latency.observe(7);

  EXPECT_EQ(registry.render(),
            "# HELP rt_fills_total Fills received.\n"
            "# TYPE rt_fills_total counter\n"
            "rt_fills_total 3\n"
            "# HELP rt_equity Account equity.\n"
            "# TYPE rt_equity gauge\n"
            "rt_equity{currency=\"USD\"} 100250.5\n"
            "# HELP rt_ack_seconds Order to ack.\n"
            "# TYPE rt_ack_seconds histogram\n"
            "rt_ack_seconds_bucket{le=\"0.1\"} 1\n"
            "rt_ack_seconds_bucket{le=\"1\"} 2\n"
            "rt_ack_seconds_bucket{le=\"+Inf\"} 3\n"
            "rt_ack_seconds_sum 7.5625\n"
            "rt_ack_seconds_count 3\n");
}

TEST(MetricsRegistry, RegisterSameNameAndLabelsTwiceThenSameSeries) {
  MetricsRegistry registry;
  Counter& a = registry.counter("rt_x_total", "x", {{"kind", "a"}});
  Counter& again = registry.counter("rt_x_total", "x", {{"kind", "a"}});
  Counter& b = registry.counter("rt_x_total", "x", {{"kind", "b"}});
  EXPECT_EQ(&a, &again);
  EXPECT_NE(&a, &b);
  a.inc();
  b.inc(2);
  auto text = test::parse_prometheus(registry.render());
  ASSERT_TRUE(text.error.empty()) << text.error;
  EXPECT_EQ(text.value("rt_x_total", {{"kind", "a"}}), 1.0);
  EXPECT_EQ(text.value("rt_x_total", {{"kind", "b"}}), 2.0);
}

TEST(MetricsRegistry, LabelValuesAndHelpWithSpecialCharactersThenEscapedAndParseBack) {
  MetricsRegistry registry;
  registry.gauge("rt_stale_seconds", "Line one\nback\\slash", {{"sub", "quote \"AAPL\"\nnext\\"}}).set(1.5);
  std::string rendered = registry.render();
  EXPECT_NE(rendered.find("# HELP rt_stale_seconds Line one\\nback\\\\slash\n"), std::string::npos) << rendered;
  auto text = test::parse_prometheus(rendered);
  ASSERT_TRUE(text.error.empty()) << text.error;
  EXPECT_EQ(text.value("rt_stale_seconds", {{"sub", "quote \"AAPL\"\nnext\\"}}), 1.5);
}

TEST(MetricsRegistry, CounterSetTotalNeverGoesDown) {
  Counter c;
  c.set_total(5);
  c.set_total(3);
  EXPECT_EQ(c.value(), 5);
  c.inc();
  EXPECT_EQ(c.value(), 6);
}

TEST(MetricsRegistry, HistogramAssignThenCountsAndSumMirrored) {
  MetricsRegistry registry;
  auto& h = registry.histogram("rt_wait_seconds", "Waits.", {0.001, 0.01});
  std::vector<std::uint64_t> counts{4, 0, 2};
  h.assign(counts, 12.5);
  EXPECT_EQ(h.count(), 6U);
  auto text = test::parse_prometheus(registry.render());
  ASSERT_TRUE(text.error.empty()) << text.error;
  EXPECT_EQ(text.value("rt_wait_seconds_bucket", {{"le", "0.001"}}), 4.0);
  EXPECT_EQ(text.value("rt_wait_seconds_bucket", {{"le", "0.01"}}), 4.0);
  EXPECT_EQ(text.value("rt_wait_seconds_bucket", {{"le", "+Inf"}}), 6.0);
  EXPECT_EQ(text.value("rt_wait_seconds_count"), 6.0);
}

TEST(MetricsRegistry, ClearGaugeFamilyThenSeriesGoneButFamilyDeclared) {
  MetricsRegistry registry;
  registry.gauge("rt_sub_age_seconds", "Age.", {{"sub", "AAPL"}}).set(1);
  registry.clear_gauge_family("rt_sub_age_seconds");
  registry.gauge("rt_sub_age_seconds", "Age.", {{"sub", "MSFT"}}).set(2);
  auto text = test::parse_prometheus(registry.render());
  ASSERT_TRUE(text.error.empty()) << text.error;
  EXPECT_FALSE(text.value("rt_sub_age_seconds", {{"sub", "AAPL"}}).has_value());
  EXPECT_EQ(text.value("rt_sub_age_seconds", {{"sub", "MSFT"}}), 2.0);
}

TEST(MetricsRegistry, NamesFollowPrometheusRules) {
  EXPECT_TRUE(MetricsRegistry::valid_metric_name("rt_a:b_1"));
  EXPECT_FALSE(MetricsRegistry::valid_metric_name("1abc"));
  EXPECT_FALSE(MetricsRegistry::valid_metric_name("a-b"));
  EXPECT_TRUE(MetricsRegistry::valid_label_name("symbol"));
  EXPECT_FALSE(MetricsRegistry::valid_label_name("le"));
  EXPECT_FALSE(MetricsRegistry::valid_label_name("__name"));
  EXPECT_FALSE(MetricsRegistry::valid_label_name("a:b"));
}

TEST(MetricsRegistry, InvalidNameIsAContractViolation) {
  MetricsRegistry registry;
  EXPECT_DEATH(registry.counter("bad name", "x"), "invalid metric name");
}

TEST(MetricsRegistry, SameNameWithAnotherTypeIsAContractViolation) {
  MetricsRegistry registry;
  registry.counter("rt_thing", "x");
  EXPECT_DEATH(registry.gauge("rt_thing", "x"), "another type");
}

TEST(MetricsRegistry, FormatSampleSpecialValues) {
  EXPECT_EQ(format_sample(3), "3");
  EXPECT_EQ(format_sample(0.25), "0.25");
  EXPECT_EQ(format_sample(std::nan("")), "NaN");
  EXPECT_EQ(format_sample(INFINITY), "+Inf");
  EXPECT_EQ(format_sample(-INFINITY), "-Inf");
}

TEST(PrometheusParser, RejectsMalformedText) {
  EXPECT_FALSE(test::parse_prometheus("# TYPE a gauge\na{b=\"x} 1\n").error.empty());
  EXPECT_FALSE(test::parse_prometheus("a 1\n").error.empty());  // no TYPE
  EXPECT_FALSE(test::parse_prometheus("# TYPE a gauge\na one\n").error.empty());
  EXPECT_FALSE(test::parse_prometheus("# TYPE a gauge\na 1").error.empty());  // no final newline
  EXPECT_TRUE(test::parse_prometheus("# TYPE a gauge\na{b=\"x\"} 1\n").error.empty());
}

}  // namespace
}  // namespace rt::web

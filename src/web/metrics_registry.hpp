#pragma once
// MetricsRegistry: counters, gauges and histograms with labels, rendered in the Prometheus text
// exposition format (version 0.0.4) for GET /metrics.
//
// Registration (counter()/gauge()/histogram()) allocates and returns a reference that stays valid
// for the registry's lifetime; keep it and update through it: inc()/set()/observe() never allocate
// and never look anything up. Registering the same name and labels again returns the same series.
// A name registered with a different type, or a different set of label names, or an invalid
// metric/label name, is a programming error and aborts (contract check).
//
// Thread: the trading event loop. Updates and render() are not synchronised; the dashboard server
// renders on the same loop.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rt::web {

// Label name/value pairs, in the order they are rendered.
using Labels = std::vector<std::pair<std::string, std::string>>;

// A monotonically increasing total. set_total() is for mirroring a total kept elsewhere (e.g.
// ConnectionStats::reconnects); it must not go down.
class Counter {
 public:
  void inc(double by = 1.0) { value_ += by; }
  void set_total(double total) {
    if (total > value_) value_ = total;
  }
  [[nodiscard]] double value() const { return value_; }

 private:
  double value_ = 0.0;
};

class Gauge {
 public:
  void set(double value) { value_ = value; }
  void add(double by) { value_ += by; }
  [[nodiscard]] double value() const { return value_; }

 private:
  double value_ = 0.0;
};

// Cumulative buckets with fixed upper bounds (ascending), plus +Inf, _sum and _count.
class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void observe(double value);
  // Replaces the whole state, for mirroring a histogram kept elsewhere. `bucket_counts` holds
  // per-bucket (not cumulative) counts, one per bound plus one for +Inf.
  void assign(std::span<const std::uint64_t> bucket_counts, double sum);

  [[nodiscard]] const std::vector<double>& upper_bounds() const { return bounds_; }
  // Per-bucket counts (not cumulative); the last one is above the last bound.
  [[nodiscard]] const std::vector<std::uint64_t>& bucket_counts() const { return counts_; }
  [[nodiscard]] std::uint64_t count() const { return count_; }
  [[nodiscard]] double sum() const { return sum_; }

 private:
  std::vector<double> bounds_;
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  double sum_ = 0.0;
};

class MetricsRegistry {
 public:
  MetricsRegistry();
  ~MetricsRegistry();
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {});
  Histogram& histogram(std::string_view name, std::string_view help, std::vector<double> upper_bounds,
                       const Labels& labels = {});

  // Drops every series of a gauge family (e.g. per-subscription staleness when the set changes).
  // References to the dropped series become invalid.
  void clear_gauge_family(std::string_view name);

  // The whole registry in Prometheus text format, families in registration order.
  [[nodiscard]] std::string render() const;

  [[nodiscard]] static bool valid_metric_name(std::string_view name);
  [[nodiscard]] static bool valid_label_name(std::string_view name);

  struct Family;

 private:
  Family& family(std::string_view name, std::string_view help, int type, const Labels& labels);
  std::vector<std::unique_ptr<Family>> families_;
};

// Prometheus escaping: HELP text escapes \ and newline; label values also escape ".
[[nodiscard]] std::string escape_help(std::string_view text);
[[nodiscard]] std::string escape_label_value(std::string_view text);
// A sample value as Prometheus writes it: integers without a fraction, NaN, +Inf, -Inf.
[[nodiscard]] std::string format_sample(double value);

}  // namespace rt::web

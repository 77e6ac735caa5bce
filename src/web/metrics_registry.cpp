#include "web/metrics_registry.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace rt::web {
namespace {

enum FamilyType { kCounterType = 0, kGaugeType = 1, kHistogramType = 2 };

const char* type_name(int type) {
  switch (type) {
    case kCounterType: return "counter";
    case kGaugeType: return "gauge";
    default: return "histogram";
  }
}

[[noreturn]] void contract_failure(std::string_view what, std::string_view name) {
  std::fprintf(stderr, "MetricsRegistry: %.*s: %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(name.size()), name.data());
  std::abort();
}

bool name_char(char c, bool first, bool allow_colon) {
  bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (allow_colon && c == ':');
  return first ? alpha : (alpha || (c >= '0' && c <= '9'));
}

void append_labels(std::string& out, const std::vector<std::string>& names, const std::vector<std::string>& values,
                   std::string_view extra_name = {}, std::string_view extra_value = {}) {
  if (names.empty() && extra_name.empty()) return;
  out += '{';
  bool first = true;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!first) out += ',';
    first = false;
    out += names[i];
    out += "=\"";
    out += escape_label_value(values[i]);
    out += '"';
  }
  if (!extra_name.empty()) {
    if (!first) out += ',';
    out += extra_name;
    out += "=\"";
    out += extra_value;
    out += '"';
  }
  out += '}';
}

}  // namespace

struct MetricsRegistry::Family {
  std::string name;
  std::string help;
  int type = kCounterType;
  std::vector<std::string> label_names;
  struct Series {
    std::vector<std::string> label_values;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
  };
  std::vector<Series> series;

  Series* find(const Labels& labels) {
    for (auto& s : series) {
      bool same = true;
      for (std::size_t i = 0; i < labels.size() && same; ++i) same = s.label_values[i] == labels[i].second;
      if (same) return &s;
    }
    return nullptr;
  }
  Series& add(const Labels& labels) {
    Series s;
    for (const auto& [k, v] : labels) s.label_values.push_back(v);
    series.push_back(std::move(s));
    return series.back();
  }
};

Histogram::Histogram(std::vector<double> upper_bounds) : bounds_(std::move(upper_bounds)) {
  if (!std::is_sorted(bounds_.begin(), bounds_.end())) contract_failure("histogram bounds not ascending", "");
  counts_.assign(bounds_.size() + 1, 0);
}

void Histogram::observe(double value) {
  auto it = std::lower_bound(bounds_.begin(), bounds_.end(), value);
  ++counts_[static_cast<std::size_t>(it - bounds_.begin())];
  ++count_;
  sum_ += value;
}

void Histogram::assign(std::span<const std::uint64_t> bucket_counts, double sum) {
  if (bucket_counts.size() != counts_.size()) contract_failure("histogram assign with wrong bucket count", "");
  count_ = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    counts_[i] = bucket_counts[i];
    count_ += bucket_counts[i];
  }
  sum_ = sum;
}

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

bool MetricsRegistry::valid_metric_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (!name_char(name[i], i == 0, true)) return false;
  return true;
}

bool MetricsRegistry::valid_label_name(std::string_view name) {
  if (name.empty() || name.starts_with("__") || name == "le") return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (!name_char(name[i], i == 0, false)) return false;
  return true;
}

MetricsRegistry::Family& MetricsRegistry::family(std::string_view name, std::string_view help, int type,
                                                 const Labels& labels) {
  if (!valid_metric_name(name)) contract_failure("invalid metric name", name);
  for (const auto& [k, v] : labels)
    if (!valid_label_name(k)) contract_failure("invalid label name", k);
  for (auto& f : families_) {
    if (f->name != name) continue;
    if (f->type != type) contract_failure("metric registered with another type", name);
    bool same = f->label_names.size() == labels.size();
    for (std::size_t i = 0; same && i < labels.size(); ++i) same = f->label_names[i] == labels[i].first;
    if (!same) contract_failure("metric registered with other label names", name);
    return *f;
  }
  auto f = std::make_unique<Family>();
  f->name = std::string(name);
  f->help = std::string(help);
  f->type = type;
  for (const auto& [k, v] : labels) f->label_names.push_back(k);
  families_.push_back(std::move(f));
  return *families_.back();
}

Counter& MetricsRegistry::counter(std::string_view name, std::string_view help, const Labels& labels) {
  auto& f = family(name, help, kCounterType, labels);
  if (auto* s = f.find(labels)) return *s->counter;
  auto& s = f.add(labels);
  s.counter = std::make_unique<Counter>();
  return *s.counter;
}

Gauge& MetricsRegistry::gauge(std::string_view name, std::string_view help, const Labels& labels) {
  auto& f = family(name, help, kGaugeType, labels);
  if (auto* s = f.find(labels)) return *s->gauge;
  auto& s = f.add(labels);
  s.gauge = std::make_unique<Gauge>();
  return *s.gauge;
}

Histogram& MetricsRegistry::histogram(std::string_view name, std::string_view help, std::vector<double> upper_bounds,
                                      const Labels& labels) {
  auto& f = family(name, help, kHistogramType, labels);
  if (auto* s = f.find(labels)) return *s->histogram;
  auto& s = f.add(labels);
  s.histogram = std::make_unique<Histogram>(std::move(upper_bounds));
  return *s.histogram;
}

void MetricsRegistry::clear_gauge_family(std::string_view name) {
  for (auto& f : families_)
    if (f->name == name && f->type == kGaugeType) f->series.clear();
}

std::string MetricsRegistry::render() const {
  std::string out;
  out.reserve(4096);
  for (const auto& f : families_) {
    out += "# HELP " + f->name + ' ' + escape_help(f->help) + '\n';
    out += "# TYPE " + f->name + ' ' + type_name(f->type) + '\n';
    for (const auto& s : f->series) {
      if (f->type == kHistogramType) {
        const Histogram& h = *s.histogram;
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i <= h.upper_bounds().size(); ++i) {
          cumulative += h.bucket_counts()[i];
          std::string le = i < h.upper_bounds().size() ? format_sample(h.upper_bounds()[i]) : "+Inf";
          out += f->name + "_bucket";
          append_labels(out, f->label_names, s.label_values, "le", le);
          out += ' ' + std::to_string(cumulative) + '\n';
        }
        out += f->name + "_sum";
        append_labels(out, f->label_names, s.label_values);
        out += ' ' + format_sample(h.sum()) + '\n';
        out += f->name + "_count";
        append_labels(out, f->label_names, s.label_values);
        out += ' ' + std::to_string(h.count()) + '\n';
      } else {
        out += f->name;
        append_labels(out, f->label_names, s.label_values);
        double v = f->type == kCounterType ? s.counter->value() : s.gauge->value();
        out += ' ' + format_sample(v) + '\n';
      }
    }
  }
  return out;
}

std::string escape_help(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string escape_label_value(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '"') out += "\\\"";
    else out += c;
  }
  return out;
}

std::string format_sample(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  if (ec != std::errc{}) return "NaN";
  return std::string(buf, end);
}

}  // namespace rt::web

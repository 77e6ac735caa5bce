#include "backtest/sweep_task.hpp"

#include <cstdint>
#include <cstring>
#include <type_traits>

#include "backtest/engine.hpp"
#include "trading/strategy/strategy.hpp"

namespace rt::backtest {

namespace {

static_assert(std::is_trivially_copyable_v<EquityPoint>);
static_assert(std::is_trivially_copyable_v<TradeRecord>);
static_assert(std::is_trivially_copyable_v<Metrics>);
static_assert(std::is_trivially_copyable_v<Timestamp>);
static_assert(std::is_trivially_copyable_v<Decimal>);

class Writer {
 public:
  template <typename T>
  void value(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void text(std::string_view s) {
    value<std::uint64_t>(s.size());
    out_.append(s);
  }
  template <typename T>
  void values(std::span<const T> v) {
    static_assert(std::is_trivially_copyable_v<T>);
    value<std::uint64_t>(v.size());
    out_.append(reinterpret_cast<const char*>(v.data()), v.size_bytes());
  }
  void time(const std::optional<Timestamp>& t) {
    value<bool>(t.has_value());
    value(t.value_or(Timestamp{}));
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads what Writer wrote; any shortfall marks it bad and reads zeros from then on.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <typename T>
  T value() {
    T v{};
    if (!take(&v, sizeof v)) return T{};
    return v;
  }
  std::string text() {
    const auto n = value<std::uint64_t>();
    if (n > in_.size()) return bad(), std::string();
    std::string s(in_.substr(0, n));
    in_.remove_prefix(n);
    return s;
  }
  template <typename T>
  std::vector<T> values() {
    const auto n = value<std::uint64_t>();
    if (n > in_.size() / sizeof(T)) return bad(), std::vector<T>();
    std::vector<T> v(n);
    take(v.data(), n * sizeof(T));
    return v;
  }
  std::optional<Timestamp> time() {
    const bool has = value<bool>();
    const auto t = value<Timestamp>();
    return has ? std::optional(t) : std::nullopt;
  }
  [[nodiscard]] bool ok() const { return ok_; }
  // Everything read, nothing left over.
  [[nodiscard]] bool good() const { return ok_ && in_.empty(); }

 private:
  bool take(void* out, std::size_t n) {
    if (!ok_ || in_.size() < n) return bad(), false;
    if (n == 0) return true;  // an empty vector's data() may be null
    std::memcpy(out, in_.data(), n);
    in_.remove_prefix(n);
    return true;
  }
  void bad() { ok_ = false; }

  std::string_view in_;
  bool ok_ = true;
};

void write_params(Writer& w, const trading::StrategyParams& params) {
  w.value<std::uint64_t>(params.size());
  for (const auto& [k, v] : params) {
    w.text(k);
    w.text(v);
  }
}

trading::StrategyParams read_params(Reader& r) {
  trading::StrategyParams params;
  const auto n = r.value<std::uint64_t>();
  for (std::uint64_t i = 0; i < n && r.ok(); ++i) {
    auto k = r.text();
    params[std::move(k)] = r.text();
  }
  return params;
}

std::string joined(const std::vector<std::string>& lines, const char* separator) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : separator) + l;
  return out;
}

}  // namespace

SweepOutcome run_sweep_task(std::span<const BarSeries> series, const BacktestConfig& base, const SweepTask& task) {
  SweepOutcome out;
  SweepRun& run = out.run;
  run.params = task.params;
  BacktestConfig config = base;
  config.params = task.params;
  config.keep_records = false;
  config.trade_from = task.trade_from;
  config.trade_to = task.trade_to;
  auto result = run_backtest(series, config);
  if (!result) {
    run.failure = RunFailure::kRejected;
    run.error = result.error().message;
    return out;
  }
  if (!result->strategy_failures.empty()) {
    // "ORCL: on_bar raised: Traceback ..." per symbol: one line each for the table, all of it kept.
    std::vector<std::string> summaries;
    for (const auto& f : result->strategy_failures) summaries.push_back(trading::failure_summary(f));
    run.failure = RunFailure::kRaised;
    run.error = "strategy raised: " + joined(summaries, "; ");
    run.detail = joined(result->strategy_failures, "\n");
    return out;
  }
  run.ok = true;
  run.metrics = compute_metrics(*result);
  if (task.keep_curve) {
    out.counts = BacktestCounts::of(*result);
    out.equity = std::move(result->equity);
    out.trades = std::move(result->trades);
  }
  return out;
}

std::string encode(const SweepTask& task) {
  Writer w;
  write_params(w, task.params);
  w.time(task.trade_from);
  w.time(task.trade_to);
  w.value(task.keep_curve);
  return w.take();
}

Result<SweepTask> decode_task(std::string_view bytes) {
  Reader r(bytes);
  SweepTask task;
  task.params = read_params(r);
  task.trade_from = r.time();
  task.trade_to = r.time();
  task.keep_curve = r.value<bool>();
  if (!r.good()) return fail(ErrorCode::kParse, "sweep task: malformed (" + std::to_string(bytes.size()) + " bytes)");
  return task;
}

std::string encode(const SweepOutcome& outcome) {
  Writer w;
  const SweepRun& run = outcome.run;
  w.value(run.ok);
  w.value(run.failure);
  w.text(run.error);
  w.text(run.detail);
  w.value(run.metrics);
  const BacktestCounts& c = outcome.counts;
  for (const auto n : {c.bars, c.traded_bars, c.quarantined_bars, c.signals, c.orders, c.fills, c.sized_to_zero,
                       c.unfilled_at_end}) {
    w.value(n);
  }
  w.value<std::uint64_t>(c.denials.size());
  for (const auto& [rule, n] : c.denials) {
    w.text(rule);
    w.value(n);
  }
  w.value(c.commissions);
  w.values(std::span<const EquityPoint>(outcome.equity));
  w.values(std::span<const TradeRecord>(outcome.trades));
  return w.take();
}

Result<SweepOutcome> decode_outcome(std::string_view bytes) {
  Reader r(bytes);
  SweepOutcome out;
  SweepRun& run = out.run;
  run.ok = r.value<bool>();
  run.failure = r.value<RunFailure>();
  run.error = r.text();
  run.detail = r.text();
  run.metrics = r.value<Metrics>();
  BacktestCounts& c = out.counts;
  for (auto* n : {&c.bars, &c.traded_bars, &c.quarantined_bars, &c.signals, &c.orders, &c.fills, &c.sized_to_zero,
                  &c.unfilled_at_end}) {
    *n = r.value<std::int64_t>();
  }
  const auto denials = r.value<std::uint64_t>();
  for (std::uint64_t i = 0; i < denials && r.ok(); ++i) {
    auto rule = r.text();
    c.denials[std::move(rule)] = r.value<std::int64_t>();
  }
  c.commissions = r.value<Decimal>();
  out.equity = r.values<EquityPoint>();
  out.trades = r.values<TradeRecord>();
  if (!r.good()) return fail(ErrorCode::kParse, "sweep outcome: malformed (" + std::to_string(bytes.size()) + " bytes)");
  return out;
}

}  // namespace rt::backtest

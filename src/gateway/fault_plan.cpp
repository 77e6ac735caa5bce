#include "gateway/fault_plan.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/text.hpp"

namespace rt::gateway {
namespace {

constexpr std::array<std::string_view, 15> kPlanFaultNames{
    "zombie",      "drop-after-messages", "reset-after-messages", "drop-after",       "reset-after",
    "lost-restored", "farm-flap",         "restart-after",        "restart-every",    "port-reset-after",
    "throttle",    "latency",             "silence-after",        "slow-historical",  "mute-symbol",
};

// Parses one spec; `where` names it in every error.
class SpecParser {
 public:
  explicit SpecParser(std::string_view spec) : where_("fault '" + std::string(spec) + "'"), parts_(split_trimmed(spec, ':')) {}

  [[nodiscard]] std::string_view name() const { return parts_.front(); }
  [[nodiscard]] std::size_t args() const { return parts_.size() - 1; }
  [[nodiscard]] std::string_view arg(std::size_t i) const { return parts_[i + 1]; }

  std::unexpected<Error> error(const std::string& what) const {
    return fail(ErrorCode::kInvalidArgument, where_ + ": " + what);
  }

  Status arity(std::size_t min, std::size_t max, const char* syntax) const {
    if (args() < min || args() > max) return error(std::string("expected ") + syntax);
    return {};
  }

  Result<FaultSeconds> seconds(std::size_t i, const char* what) const {
    const auto text = arg(i);
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value) ||
        value <= 0 || value > kMaxFaultSeconds) {
      return error(std::string(what) + " '" + std::string(text) + "' is not a duration in seconds (0 < T <= " +
                   format_seconds(FaultSeconds{kMaxFaultSeconds}) + ")");
    }
    return FaultSeconds{value};
  }

  // A stock symbol (letters and '.', up to 8), upper-cased.
  Result<std::string> symbol(std::size_t i) const {
    const auto text = arg(i);
    const bool ok = !text.empty() && text.size() <= 8 && std::all_of(text.begin(), text.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.';
    });
    if (!ok) return error("SYMBOL '" + std::string(text) + "' is not a stock symbol");
    std::string upper;
    for (char c : text) upper.push_back((c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c);
    return upper;
  }

  Result<std::uint64_t> count(std::size_t i, const char* what, std::uint64_t min, std::uint64_t max) const {
    const auto text = arg(i);
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
      return error(std::string(what) + " '" + std::string(text) + "' is not a whole number in " +
                   std::to_string(min) + ".." + std::to_string(max));
    }
    return value;
  }

  // The optional trailing "once" at argument i.
  Result<bool> once(std::size_t i) const {
    if (args() <= i) return false;
    if (arg(i) == "once") return true;
    return error("unknown modifier '" + std::string(arg(i)) + "' (only 'once' is allowed)");
  }

 private:
  std::string where_;
  std::vector<std::string_view> parts_;
};

template <class T>
Status set_once(std::optional<T>& slot, T value, const SpecParser& p) {
  if (slot) return p.error("this fault is already set; give it once");
  slot = std::move(value);
  return {};
}

Status add_drop(FaultPlan& plan, const SpecParser& p, DropKind kind, bool by_messages) {
  if (auto st = p.arity(1, 2, by_messages ? "N[:once]" : "T[:once]"); !st) return st;
  DropFault d;
  d.kind = kind;
  if (by_messages) {
    auto n = p.count(0, "N", 1, std::numeric_limits<std::uint32_t>::max());
    if (!n) return std::unexpected(n.error());
    d.after_messages = *n;
  } else {
    auto t = p.seconds(0, "T");
    if (!t) return std::unexpected(t.error());
    d.after = *t;
  }
  auto once = p.once(1);
  if (!once) return std::unexpected(once.error());
  d.once = *once;
  if (plan.drop) return p.error("only one drop/reset fault can be played at a time");
  plan.drop = d;
  return {};
}

Status add_connectivity(FaultPlan& plan, const SpecParser& p) {
  if (auto st = p.arity(2, 4, "T1:T2[:data-lost|data-maintained][:repeat]"); !st) return st;
  ConnectivityFault c;
  auto t1 = p.seconds(0, "T1");
  if (!t1) return std::unexpected(t1.error());
  auto t2 = p.seconds(1, "T2");
  if (!t2) return std::unexpected(t2.error());
  c.lost_after = *t1;
  c.restored_after = *t2;
  bool kind_given = false;
  for (std::size_t i = 2; i < p.args(); ++i) {
    const auto m = p.arg(i);
    if ((m == "data-lost" || m == "data-maintained") && !kind_given) {
      c.restore = m == "data-lost" ? RestoreKind::kDataLost : RestoreKind::kDataMaintained;
      kind_given = true;
    } else if (m == "repeat" && !c.repeat) {
      c.repeat = true;
    } else {
      return p.error("unexpected '" + std::string(m) + "' (expected data-lost, data-maintained or repeat, each once)");
    }
  }
  return set_once(plan.connectivity, c, p);
}

}  // namespace

bool FaultPlan::empty() const {
  return !zombie && !drop && !connectivity && !farm_flap && !restart && !port_reset && !throttle && !latency &&
         !silence && !slow_historical && !mute_symbol;
}

bool FaultPlan::has_session_faults() const {
  return drop.has_value() || connectivity.has_value() || farm_flap.has_value() || port_reset.has_value() ||
         silence.has_value() || mute_symbol.has_value();
}

bool is_fault_plan_spec(std::string_view spec) {
  const auto name = trim(trim(spec).substr(0, trim(spec).find(':')));
  for (auto n : kPlanFaultNames) {
    if (n == name) return true;
  }
  return false;
}

Status FaultPlan::add(std::string_view spec) {
  const SpecParser p(trim(spec));
  const auto name = p.name();
  if (name == "zombie") {
    if (auto st = p.arity(0, 1, "zombie[:K]"); !st) return st;
    ZombieFault z;
    if (p.args() == 1) {
      auto k = p.count(0, "K", 1, 1000000);
      if (!k) return std::unexpected(k.error());
      z.stall_after = static_cast<std::size_t>(*k);
    }
    return set_once(zombie, z, p);
  }
  if (name == "drop-after-messages") return add_drop(*this, p, DropKind::kClose, true);
  if (name == "reset-after-messages") return add_drop(*this, p, DropKind::kReset, true);
  if (name == "drop-after") return add_drop(*this, p, DropKind::kClose, false);
  if (name == "reset-after") return add_drop(*this, p, DropKind::kReset, false);
  if (name == "lost-restored") return add_connectivity(*this, p);
  if (name == "farm-flap") {
    if (auto st = p.arity(1, 2, "PERIOD[:COUNT]"); !st) return st;
    FarmFlapFault f;
    auto period = p.seconds(0, "PERIOD");
    if (!period) return std::unexpected(period.error());
    f.period = *period;
    if (p.args() == 2) {
      auto n = p.count(1, "COUNT", 1, std::numeric_limits<std::uint32_t>::max());
      if (!n) return std::unexpected(n.error());
      f.cycles = static_cast<std::uint32_t>(*n);
    }
    return set_once(farm_flap, f, p);
  }
  if (name == "restart-after" || name == "restart-every") {
    if (auto st = p.arity(2, 2, "T:DOWN"); !st) return st;
    RestartFault r;
    auto t = p.seconds(0, "T");
    if (!t) return std::unexpected(t.error());
    auto down = p.seconds(1, "DOWN");
    if (!down) return std::unexpected(down.error());
    r.after = *t;
    r.down = *down;
    r.repeat = name == "restart-every";
    if (restart) return p.error("only one restart-after/restart-every fault can be played at a time");
    restart = r;
    return {};
  }
  if (name == "port-reset-after") {
    if (auto st = p.arity(1, 2, "T[:once]"); !st) return st;
    auto t = p.seconds(0, "T");
    if (!t) return std::unexpected(t.error());
    auto once = p.once(1);
    if (!once) return std::unexpected(once.error());
    return set_once(port_reset, PortResetFault{*t, *once}, p);
  }
  if (name == "throttle") {
    if (auto st = p.arity(1, 2, "N[:WINDOW]"); !st) return st;
    ThrottleFault t;
    auto n = p.count(0, "N", 0, 1000000);
    if (!n) return std::unexpected(n.error());
    t.max_logins = static_cast<std::uint32_t>(*n);
    if (p.args() == 2) {
      auto w = p.seconds(1, "WINDOW");
      if (!w) return std::unexpected(w.error());
      t.window = *w;
    }
    return set_once(throttle, t, p);
  }
  if (name == "latency") {
    if (auto st = p.arity(1, 1, "MS"); !st) return st;
    auto s = p.seconds(0, "MS");  // same number rules, read as milliseconds
    if (!s) return std::unexpected(s.error());
    const auto us = std::chrono::microseconds(static_cast<std::int64_t>(std::llround(s->count() * 1000.0)));
    return set_once(latency, LatencyFault{us}, p);
  }
  if (name == "silence-after") {
    if (auto st = p.arity(1, 2, "T[:once]"); !st) return st;
    auto t = p.seconds(0, "T");
    if (!t) return std::unexpected(t.error());
    auto once = p.once(1);
    if (!once) return std::unexpected(once.error());
    return set_once(silence, SilenceFault{*t, *once}, p);
  }
  if (name == "slow-historical") {
    if (auto st = p.arity(1, 2, "MS[:SYMBOL]"); !st) return st;
    auto ms = p.count(0, "MS", 1, static_cast<std::uint64_t>(kMaxFaultSeconds) * 1000);
    if (!ms) return std::unexpected(ms.error());
    SlowHistoricalFault f;
    f.delay = std::chrono::milliseconds(static_cast<std::int64_t>(*ms));
    if (p.args() == 2) {
      auto sym = p.symbol(1);
      if (!sym) return std::unexpected(sym.error());
      f.symbol = std::move(*sym);
    }
    return set_once(slow_historical, f, p);
  }
  if (name == "mute-symbol") {
    if (auto st = p.arity(3, 3, "SYMBOL:T:FOR"); !st) return st;
    auto sym = p.symbol(0);
    if (!sym) return std::unexpected(sym.error());
    MuteSymbolFault f;
    f.symbol = std::move(*sym);
    auto t = p.seconds(1, "T");
    if (!t) return std::unexpected(t.error());
    auto d = p.seconds(2, "FOR");
    if (!d) return std::unexpected(d.error());
    f.after = *t;
    f.duration = *d;
    return set_once(mute_symbol, f, p);
  }
  std::string known;
  for (auto n : kPlanFaultNames) {
    if (!known.empty()) known += ", ";
    known += n;
  }
  return p.error("unknown fault '" + std::string(name) + "' (known: " + known + ")");
}

std::string format_seconds(FaultSeconds seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", seconds.count());
  return buf;
}

std::vector<std::string> FaultPlan::specs() const {
  std::vector<std::string> out;
  const auto with_once = [](std::string s, bool once) { return once ? s + ":once" : s; };
  if (zombie) out.push_back("zombie:" + std::to_string(zombie->stall_after));
  if (drop) {
    const bool reset = drop->kind == DropKind::kReset;
    if (drop->after_messages) {
      out.push_back(with_once(std::string(reset ? "reset" : "drop") + "-after-messages:" +
                                  std::to_string(*drop->after_messages),
                              drop->once));
    } else if (drop->after) {
      out.push_back(with_once(std::string(reset ? "reset" : "drop") + "-after:" + format_seconds(*drop->after),
                              drop->once));
    }
  }
  if (connectivity) {
    std::string s = "lost-restored:" + format_seconds(connectivity->lost_after) + ":" +
                    format_seconds(connectivity->restored_after) + ":" +
                    (connectivity->restore == RestoreKind::kDataLost ? "data-lost" : "data-maintained");
    if (connectivity->repeat) s += ":repeat";
    out.push_back(std::move(s));
  }
  if (farm_flap) {
    std::string s = "farm-flap:" + format_seconds(farm_flap->period);
    if (farm_flap->cycles) s += ":" + std::to_string(*farm_flap->cycles);
    out.push_back(std::move(s));
  }
  if (restart) {
    out.push_back(std::string(restart->repeat ? "restart-every:" : "restart-after:") + format_seconds(restart->after) +
                  ":" + format_seconds(restart->down));
  }
  if (port_reset) out.push_back(with_once("port-reset-after:" + format_seconds(port_reset->after), port_reset->once));
  if (throttle) {
    out.push_back("throttle:" + std::to_string(throttle->max_logins) + ":" + format_seconds(throttle->window));
  }
  if (latency) {
    out.push_back("latency:" +
                  format_seconds(FaultSeconds{static_cast<double>(latency->delay.count()) / 1000.0}));
  }
  if (silence) out.push_back(with_once("silence-after:" + format_seconds(silence->after), silence->once));
  if (slow_historical) {
    std::string s = "slow-historical:" + std::to_string(slow_historical->delay.count());
    if (!slow_historical->symbol.empty()) s += ":" + slow_historical->symbol;
    out.push_back(std::move(s));
  }
  if (mute_symbol) {
    out.push_back("mute-symbol:" + mute_symbol->symbol + ":" + format_seconds(mute_symbol->after) + ":" +
                  format_seconds(mute_symbol->duration));
  }
  return out;
}

Status validate(const FaultPlan& plan) {
  const auto in_range = [](FaultSeconds s) { return std::isfinite(s.count()) && s.count() > 0 && s.count() <= kMaxFaultSeconds; };
  const auto bad = [](const std::string& what) {
    return fail(ErrorCode::kInvalidArgument,
                "fault " + what + " is out of range (durations 0 < T <= " +
                    format_seconds(FaultSeconds{kMaxFaultSeconds}) + " s, counts >= 1)");
  };
  if (plan.zombie && plan.zombie->stall_after < 1) return bad("zombie K");
  if (plan.drop) {
    if (plan.drop->after_messages.has_value() == plan.drop->after.has_value()) {
      return fail(ErrorCode::kInvalidArgument, "fault drop: set exactly one of after_messages and after");
    }
    if (plan.drop->after_messages && *plan.drop->after_messages < 1) return bad("drop-after-messages N");
    if (plan.drop->after && !in_range(*plan.drop->after)) return bad("drop-after T");
  }
  if (plan.connectivity &&
      (!in_range(plan.connectivity->lost_after) || !in_range(plan.connectivity->restored_after))) {
    return bad("lost-restored T1/T2");
  }
  if (plan.farm_flap && (!in_range(plan.farm_flap->period) || (plan.farm_flap->cycles && *plan.farm_flap->cycles < 1))) {
    return bad("farm-flap PERIOD/COUNT");
  }
  if (plan.restart && (!in_range(plan.restart->after) || !in_range(plan.restart->down))) return bad("restart T/DOWN");
  if (plan.port_reset && !in_range(plan.port_reset->after)) return bad("port-reset-after T");
  if (plan.throttle && !in_range(plan.throttle->window)) return bad("throttle WINDOW");
  if (plan.latency && (plan.latency->delay.count() <= 0 ||
                       plan.latency->delay > std::chrono::duration_cast<std::chrono::microseconds>(
                                                 FaultSeconds{kMaxFaultSeconds}))) {
    return bad("latency MS");
  }
  if (plan.silence && !in_range(plan.silence->after)) return bad("silence-after T");
  if (plan.slow_historical && plan.slow_historical->delay.count() <= 0) return bad("slow-historical MS");
  if (plan.mute_symbol && (!in_range(plan.mute_symbol->after) || !in_range(plan.mute_symbol->duration))) {
    return bad("mute-symbol T/FOR");
  }
  return {};
}

}  // namespace rt::gateway

#include "runner/runner_config.hpp"

#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <functional>

#include "core/text.hpp"
#include "plugins/python_loader.hpp"
#include "plugins/strategy_loader.hpp"
#include "trading/bar.hpp"
#include "trading/instrument/instrument_name.hpp"
#include "trading/strategy/strategy_factory.hpp"

extern char** environ;

namespace rt::runner {
namespace {

// A key's parser: turns text into the config field, or says what is allowed.
using Apply = std::function<Status(RunnerConfig&, const std::string& text, const std::string& where)>;

struct KeySpec {
  std::string key;
  std::string allowed;  // for messages and --help
  Apply apply;
};

Error bad(const std::string& where, const std::string& key, const std::string& text, const std::string& allowed) {
  return Error{ErrorCode::kInvalidArgument, where + ": " + key + " = " + text + ": must be " + allowed};
}

std::optional<double> to_double(std::string_view s) {
  double v = 0;
  if (!read_double(s, v)) return std::nullopt;
  return v;
}

std::optional<std::int64_t> to_int(std::string_view s) {
  std::int64_t v = 0;
  if (!read_int(s, v)) return std::nullopt;
  return v;
}

std::optional<bool> to_bool(const std::string& s) {
  if (s == "true" || s == "1" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "0" || s == "no" || s == "off") return false;
  return std::nullopt;
}

KeySpec string_key(std::string key, std::string RunnerConfig::*field) {
  return {key, "a string", [field](RunnerConfig& c, const std::string& t, const std::string&) -> Status {
            c.*field = t;
            return {};
          }};
}

KeySpec bool_key(std::string key, bool RunnerConfig::*field) {
  return {key, "true or false", [key, field](RunnerConfig& c, const std::string& t, const std::string& w) -> Status {
            auto v = to_bool(t);
            if (!v) return std::unexpected(bad(w, key, t, "true or false"));
            c.*field = *v;
            return {};
          }};
}

KeySpec double_key(std::string key, double RunnerConfig::*field, double lo, double hi) {
  std::string allowed = "a number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  return {key, allowed, [=](RunnerConfig& c, const std::string& t, const std::string& w) -> Status {
            auto v = to_double(t);
            if (!v || *v < lo || *v > hi) return std::unexpected(bad(w, key, t, allowed));
            c.*field = *v;
            return {};
          }};
}

// A Decimal reached through `get` (so it can live inside a nested struct), range [lo, hi].
KeySpec decimal_key(std::string key, std::function<Decimal&(RunnerConfig&)> get, Decimal lo, Decimal hi,
                    bool lo_open = false) {
  std::string allowed = "a number in " + std::string(lo_open ? "(" : "[") + lo.to_string() + ", " + hi.to_string() + "]";
  return {key, allowed, [=](RunnerConfig& c, const std::string& t, const std::string& w) -> Status {
            auto v = Decimal::parse(t);
            if (!v) {
              if (auto d = to_double(t)) v = Decimal::from_double(*d);
            }
            if (!v || *v > hi || (lo_open ? *v <= lo : *v < lo)) return std::unexpected(bad(w, key, t, allowed));
            get(c) = *v;
            return {};
          }};
}

// "AAPL, MSFT,," -> {"AAPL", "MSFT"}: a list value's items, trimmed, empty ones dropped.
std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  for (auto item : split_trimmed(text, ',')) {
    if (!item.empty()) out.emplace_back(item);
  }
  return out;
}

// A name's form is checked here (the date only places a one-digit year such as ESZ6, so any date
// checks the form); the trader reads it again on its market day. Futures and currency pairs have
// their contracts, markets and history (quote, bars, backtest) but not yet their orders and
// account at the broker, so `run` refuses them rather than trade them as stocks.
Status check_instrument_name(const std::string& name) {
  using namespace std::chrono;
  auto parsed = trading::parse_instrument(name, year_month_day{year{2000}, January, day{1}});
  if (!parsed) return std::unexpected(parsed.error());
  if (parsed->type != trading::SecType::kStock) {
    return fail(ErrorCode::kInvalidArgument,
                "'" + name + "' is a " +
                    (parsed->type == trading::SecType::kFuture ? "future" : "currency pair") +
                    "; run trades stocks only for now (quote, bars and backtest take futures and currency "
                    "pairs: docs/instruments.md)");
  }
  return {};
}

const std::vector<KeySpec>& schema() {
  static const std::vector<KeySpec> keys = [] {
    std::vector<KeySpec> k;
    k.push_back(string_key("connection.host", &RunnerConfig::host));
    k.push_back({"connection.port", "a port number (1-65535) or \"auto\"",
                 [](RunnerConfig& c, const std::string& t, const std::string& w) -> Status {
                   auto v = to_int(t);
                   if (t != "auto" && (!v || *v < 1 || *v > 65535)) {
                     return std::unexpected(bad(w, "connection.port", t, "a port number (1-65535) or \"auto\""));
                   }
                   c.port = t;
                   return {};
                 }});
    k.push_back({"connection.client_id", "an integer in [0, 2147483646]",
                 [](RunnerConfig& c, const std::string& t, const std::string& w) -> Status {
                   auto v = to_int(t);
                   if (!v || *v < 0 || *v > 2147483646) {
                     return std::unexpected(bad(w, "connection.client_id", t, "an integer in [0, 2147483646]"));
                   }
                   c.client_id = static_cast<int>(*v);
                   return {};
                 }});
    k.push_back(double_key("connection.timeout_seconds", &RunnerConfig::connect_timeout_seconds, 0.1, 600));
    k.push_back(double_key("connection.heartbeat_seconds", &RunnerConfig::heartbeat_seconds, 0.1, 3600));
    k.push_back(double_key("connection.startup_wait_seconds", &RunnerConfig::startup_wait_seconds, 0, 31'536'000));
    k.push_back({"reconcile.on_mismatch", "halt or adopt",
                 [](RunnerConfig& c, const std::string& t, const std::string& w) -> Status {
                   if (t != "halt" && t != "adopt") {
                     return std::unexpected(bad(w, "reconcile.on_mismatch", t, "halt or adopt"));
                   }
                   c.on_mismatch = t == "adopt" ? MismatchPolicy::kAdopt : MismatchPolicy::kHalt;
                   return {};
                 }});
    k.push_back({"trading.symbols", "a list of instrument names (AAPL, ES.FUT.CME, ESZ6, EUR.USD)",
                 [](RunnerConfig& c, const std::string& t, const std::string& w) -> Status {
                   auto list = split_list(t);
                   for (auto& s : list) {
                     s = to_upper(s);
                     if (auto st = check_instrument_name(s); !st) {
                       return std::unexpected(Error{ErrorCode::kInvalidArgument,
                                                    w + ": trading.symbols: " + st.error().message});
                     }
                   }
                   c.symbols = list;
                   return {};
                 }});
    k.push_back({"trading.strategy",
                 "sma_cross, momentum, mean_reversion, breakout, file.py:Class or lib.so:Class (docs/strategies.md)",
                 [](RunnerConfig& c, const std::string& t, const std::string& w) -> Status {
                   const bool builtin = std::ranges::find(trading::kKnownStrategies, t) != trading::kKnownStrategies.end();
                   if (!builtin && !plugins::is_plugin_spec(t) && !python::is_python_spec(t)) {
                     return std::unexpected(bad(w, "trading.strategy", t,
                                                "one of sma_cross, momentum, mean_reversion, breakout, "
                                                "file.py:Class or lib.so:Class"));
                   }
                   c.strategy = t;
                   return {};
                 }});
    // Checked here, with the key's origin (file:line), not when the trader starts: by then the
    // database is open and the emulator may be running.
    k.push_back({"trading.bar_size", "a TWS bar size (\"1 secs\" .. \"1 day\", e.g. \"5 mins\")",
                 [](RunnerConfig& c, const std::string& t, const std::string& w) -> Status {
                   if (!trading::BarSize::parse(t)) {
                     return std::unexpected(bad(w, "trading.bar_size", t,
                                                "one of 1 secs, 5 secs, 10 secs, 15 secs, 30 secs, 1 min, 2 mins, "
                                                "3 mins, 5 mins, 10 mins, 15 mins, 20 mins, 30 mins, 1 hour, 2 hours, "
                                                "3 hours, 4 hours, 8 hours, 1 day"));
                   }
                   c.bar_size = t;
                   return {};
                 }});
    // TWS's duration form, checked here rather than by IB's error reply once the trader is connected.
    k.push_back({"trading.history_duration", "a TWS duration \"N S|D|W|M|Y\" (e.g. \"2 D\")",
                 [](RunnerConfig& c, const std::string& t, const std::string& w) -> Status {
                   const auto parts = split(t, ' ');
                   std::int64_t n = 0;
                   if (parts.size() != 2 || !read_int(parts[0], n) || n < 1 || parts[1].size() != 1 ||
                       std::string_view("SDWMY").find(parts[1][0]) == std::string_view::npos) {
                     return std::unexpected(bad(w, "trading.history_duration", t,
                                                "a TWS duration \"N S|D|W|M|Y\" (e.g. \"2 D\")"));
                   }
                   c.history_duration = t;
                   return {};
                 }});
    k.push_back(double_key("trading.stale_data_seconds", &RunnerConfig::stale_data_seconds, 5, 86400));
    k.push_back(bool_key("trading.extended_hours", &RunnerConfig::extended_hours));
    k.push_back(bool_key("trading.dry_run", &RunnerConfig::dry_run));
    k.push_back(bool_key("trading.allow_live", &RunnerConfig::allow_live));
    k.push_back(bool_key("trading.cancel_entries_on_stop", &RunnerConfig::cancel_entries_on_stop));
    k.push_back(string_key("trading.account", &RunnerConfig::account));
    k.push_back({"connection.restart_window", "\"HH:MM-HH:MM\" in New York time, or \"\" for none",
                 [](RunnerConfig& c, const std::string& t, const std::string& w) -> Status {
                   if (t.empty()) {
                     c.restart_window.reset();
                     return {};
                   }
                   auto hhmm = [](std::string_view v) -> std::optional<Duration> {
                     if (v.size() != 5 || v[2] != ':') return std::nullopt;
                     auto h = to_int(v.substr(0, 2));
                     auto m = to_int(v.substr(3, 2));
                     if (!h || !m || *h < 0 || *h > 23 || *m < 0 || *m > 59) return std::nullopt;
                     return std::chrono::hours(*h) + std::chrono::minutes(*m);
                   };
                   const auto dash = t.find('-');
                   auto from = dash == std::string::npos ? std::nullopt : hhmm(std::string_view(t).substr(0, dash));
                   auto to = dash == std::string::npos ? std::nullopt : hhmm(std::string_view(t).substr(dash + 1));
                   if (!from || !to || *from == *to) {
                     return std::unexpected(bad(w, "connection.restart_window", t,
                                                "\"HH:MM-HH:MM\" in New York time, or \"\" for none"));
                   }
                   c.restart_window = std::pair{*from, *to};
                   return {};
                 }});
    k.push_back(bool_key("risk.kill_switch", nullptr));
    k.back().apply = [](RunnerConfig& c, const std::string& t, const std::string& w) -> Status {
      auto v = to_bool(t);
      if (!v) return std::unexpected(bad(w, "risk.kill_switch", t, "true or false"));
      c.risk.kill_switch = *v;
      return {};
    };
    k.push_back({"risk.max_open_positions", "an integer in [1, 1000]",
                 [](RunnerConfig& c, const std::string& t, const std::string& w) -> Status {
                   auto v = to_int(t);
                   if (!v || *v < 1 || *v > 1000) {
                     return std::unexpected(bad(w, "risk.max_open_positions", t, "an integer in [1, 1000]"));
                   }
                   c.risk.max_open_positions = static_cast<int>(*v);
                   return {};
                 }});
    auto hundred = Decimal::from_int(100);
    auto zero = Decimal{};
    auto big = Decimal::from_int(1'000'000'000);
    k.push_back(bool_key("risk.margin_check", &RunnerConfig::margin_check));
    k.push_back({"risk.protection", "one of broker, local, both",
                 [](RunnerConfig& c, const std::string& t, const std::string& w) -> Status {
                   auto p = trading::parse_protection(t);
                   if (!p) return std::unexpected(bad(w, "risk.protection", t, "one of broker, local, both"));
                   c.protection = *p;
                   return {};
                 }});
    k.push_back(decimal_key("risk.max_margin_pct", [](RunnerConfig& c) -> Decimal& { return c.max_margin_pct; }, zero,
                            hundred, true));
    k.push_back(decimal_key("risk.max_position_pct", [](RunnerConfig& c) -> Decimal& { return c.risk.max_position_pct; },
                            zero, hundred, true));
    k.push_back(decimal_key("risk.min_position_value",
                            [](RunnerConfig& c) -> Decimal& { return c.risk.min_position_value; }, zero, big));
    k.push_back(decimal_key("risk.max_order_notional",
                            [](RunnerConfig& c) -> Decimal& { return c.risk.max_order_notional; }, zero, big, true));
    k.push_back(decimal_key("risk.max_daily_notional",
                            [](RunnerConfig& c) -> Decimal& { return c.risk.max_daily_notional; }, zero, big, true));
    k.push_back(decimal_key("risk.max_leverage", [](RunnerConfig& c) -> Decimal& { return c.risk.max_leverage; }, zero,
                            Decimal::from_int(10), true));
    k.push_back(decimal_key("risk.portfolio_heat_pct",
                            [](RunnerConfig& c) -> Decimal& { return c.risk.max_portfolio_heat_pct; }, zero, hundred,
                            true));
    k.push_back(decimal_key("risk.daily_loss_limit_pct",
                            [](RunnerConfig& c) -> Decimal& { return c.risk.daily_loss_limit_pct; }, zero, hundred, true));
    k.push_back({"risk.cooldown_seconds", "an integer in [0, 86400]",
                 [](RunnerConfig& c, const std::string& t, const std::string& w) -> Status {
                   auto v = to_int(t);
                   if (!v || *v < 0 || *v > 86400) {
                     return std::unexpected(bad(w, "risk.cooldown_seconds", t, "an integer in [0, 86400]"));
                   }
                   c.risk.cooldown = std::chrono::seconds(*v);
                   return {};
                 }});
    k.push_back({"risk.max_quote_age_seconds", "a number in (0, 3600]",
                 [](RunnerConfig& c, const std::string& t, const std::string& w) -> Status {
                   auto v = to_double(t);
                   if (!v || *v <= 0 || *v > 3600) {
                     return std::unexpected(bad(w, "risk.max_quote_age_seconds", t, "a number in (0, 3600]"));
                   }
                   c.risk.max_quote_age = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(*v));
                   return {};
                 }});
    k.push_back({"sizing.method", "one of fixed_fraction, atr, half_kelly",
                 [](RunnerConfig& c, const std::string& t, const std::string& w) -> Status {
                   if (t == "fixed_fraction") {
                     c.sizing = SizingMethod::kFixedFraction;
                   } else if (t == "atr") {
                     c.sizing = SizingMethod::kAtr;
                   } else if (t == "half_kelly") {
                     c.sizing = SizingMethod::kHalfKelly;
                   } else {
                     return std::unexpected(bad(w, "sizing.method", t, "one of fixed_fraction, atr, half_kelly"));
                   }
                   return {};
                 }});
    k.push_back(decimal_key("sizing.fraction_pct", [](RunnerConfig& c) -> Decimal& { return c.sizing_fraction_pct; },
                            zero, hundred, true));
    k.push_back(decimal_key("sizing.atr_multiplier", [](RunnerConfig& c) -> Decimal& { return c.atr_multiplier; }, zero,
                            Decimal::from_int(20), true));
    k.push_back(decimal_key("sizing.kelly_cap_pct", [](RunnerConfig& c) -> Decimal& { return c.kelly_cap_pct; }, zero,
                            hundred, true));
    k.push_back(bool_key("stops.trailing", &RunnerConfig::trailing_stops));
    k.push_back(decimal_key("stops.percent", [](RunnerConfig& c) -> Decimal& { return c.stop_pct; }, zero,
                            Decimal::from_int(50), true));
    k.push_back(decimal_key("stops.take_profit_pct", [](RunnerConfig& c) -> Decimal& { return c.take_profit_pct; },
                            zero, Decimal::from_int(1000)));
    k.push_back({"store.database", "a file path", [](RunnerConfig& c, const std::string& t, const std::string&) -> Status {
                   c.database = t;
                   return {};
                 }});
    k.push_back(string_key("http.listen", &RunnerConfig::http_listen));
    k.push_back(string_key("http.token", &RunnerConfig::http_token));
    k.push_back(bool_key("http.enabled", &RunnerConfig::http_enabled));
    k.push_back(double_key("sim.speed", &RunnerConfig::sim_speed, 0.01, 100000));
    k.push_back({"sim.seed", "a non-negative integer",
                 [](RunnerConfig& c, const std::string& t, const std::string& w) -> Status {
                   auto v = to_int(t);
                   if (!v || *v < 0) return std::unexpected(bad(w, "sim.seed", t, "a non-negative integer"));
                   c.sim_seed = static_cast<std::uint64_t>(*v);
                   return {};
                 }});
    k.push_back({"sim.commission", "fixed or tiered",
                 [](RunnerConfig& c, const std::string& t, const std::string& w) -> Status {
                   if (t != "fixed" && t != "tiered") return std::unexpected(bad(w, "sim.commission", t, "fixed or tiered"));
                   c.sim_commission = t;
                   return {};
                 }});
    return k;
  }();
  return keys;
}

// Names that were once spelt differently (`backtest --risk` had its own). Each is refused with its
// new name rather than read as an alias, so one file never carries two spellings of one limit.
struct RenamedKey {
  std::string_view old_name;
  std::string_view new_name;
};
constexpr RenamedKey kRenamedKeys[] = {
    {"risk.max_portfolio_heat_pct", "risk.portfolio_heat_pct"},
    {"risk.cooldown_s", "risk.cooldown_seconds"},
};

Status apply_key(RunnerConfig& c, const std::string& key, const std::string& text, const std::string& where) {
  for (const auto& renamed : kRenamedKeys) {
    if (key == renamed.old_name) {
      return fail(ErrorCode::kInvalidArgument, where + ": '" + key + "' is an old name: the key is now '" +
                                                   std::string(renamed.new_name) + "'");
    }
  }
  if (key.starts_with("strategy.params.")) {
    c.strategy_params[key.substr(16)] = text;
    return {};
  }
  for (const auto& spec : schema()) {
    if (spec.key == key) return spec.apply(c, text, where);
  }
  std::string known;
  for (const auto& spec : schema()) {
    auto section = spec.key.substr(0, spec.key.find('.'));
    if (key.substr(0, key.find('.')) == section) known += (known.empty() ? "" : ", ") + spec.key;
  }
  return fail(ErrorCode::kInvalidArgument,
              where + ": unknown key '" + key + "'" + (known.empty() ? "" : " (known keys in its section: " + known + ")"));
}

std::string node_text(const toml::node& node) {
  if (auto s = node.as_string()) return s->get();
  if (auto i = node.as_integer()) return std::to_string(i->get());
  if (auto b = node.as_boolean()) return b->get() ? "true" : "false";
  if (auto f = node.as_floating_point()) {
    char buf[40];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, f->get());
    return std::string(buf, end);
  }
  if (auto a = node.as_array()) {
    std::string out;
    for (const auto& item : *a) out += (out.empty() ? "" : ",") + node_text(item);
    return out;
  }
  return "";
}

void walk(const toml::table& table, const std::string& prefix, const std::string& file,
          std::vector<ConfigOverride>& out) {
  for (const auto& [k, node] : table) {
    std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (auto sub = node.as_table()) {
      walk(*sub, key, file, out);
      continue;
    }
    out.push_back({key, node_text(node), file + ":" + std::to_string(node.source().begin.line)});
  }
}

// ROBOTRADER_RISK_MAX_POSITION_PCT -> risk.max_position_pct (first underscore splits the section).
std::optional<std::string> env_to_key(const std::string& name) {
  static constexpr std::string_view kPrefix = "ROBOTRADER_";
  if (!name.starts_with(kPrefix)) return std::nullopt;
  std::string rest = to_lower(std::string_view(name).substr(kPrefix.size()));
  auto us = rest.find('_');
  if (us == std::string::npos) return std::nullopt;
  if (rest.starts_with("strategy_params_")) return "strategy.params." + rest.substr(16);
  return rest.substr(0, us) + "." + rest.substr(us + 1);
}

}  // namespace

Result<std::vector<ConfigOverride>> read_config_file(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) {
    return fail(ErrorCode::kInvalidArgument, "config file " + file.string() + " does not exist");
  }
  toml::table parsed;
  try {
    parsed = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    return fail(ErrorCode::kInvalidArgument,
                file.string() + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
  std::vector<ConfigOverride> out;
  walk(parsed, "", file.string(), out);
  return out;
}

Status apply_config_key(RunnerConfig& config, const ConfigOverride& entry) {
  return apply_key(config, entry.key, entry.value, entry.origin);
}

std::vector<std::string> config_key_names() {
  std::vector<std::string> out;
  for (const auto& spec : schema()) out.push_back(spec.key);
  return out;
}

Result<RunnerConfig> load_runner_config(const std::optional<std::filesystem::path>& file,
                                        const std::vector<std::pair<std::string, std::string>>& environment,
                                        const std::vector<ConfigOverride>& overrides) {
  RunnerConfig c;
  if (file) {
    auto entries = read_config_file(*file);
    if (!entries) return std::unexpected(entries.error());
    for (const auto& e : *entries) {
      if (auto st = apply_config_key(c, e); !st) return std::unexpected(st.error());
    }
  }
  for (const auto& [name, value] : environment) {
    if (name == "ROBOTRADER_CONFIG") continue;  // names the file, not a key
    auto key = env_to_key(name);
    if (!key) continue;
    if (auto st = apply_key(c, *key, value, "environment " + name); !st) return std::unexpected(st.error());
  }
  for (const auto& o : overrides) {
    if (auto st = apply_key(c, o.key, o.value, o.origin); !st) return std::unexpected(st.error());
  }
  if (auto st = c.risk.validate(); !st) return std::unexpected(st.error());
  // A plugin is loaded and its parameters checked here too: before anything connects.
  if (auto strategy = plugins::strategy_maker(c.strategy, c.strategy_params); !strategy) {
    return std::unexpected(strategy.error());
  }
  return c;
}

std::vector<std::string> describe_config_keys() {
  std::vector<std::string> out;
  for (const auto& spec : schema()) out.push_back(spec.key + ": " + spec.allowed);
  out.emplace_back("strategy.params.<name>: strategy parameters (see the strategy's own ranges)");
  return out;
}

std::vector<std::pair<std::string, std::string>> process_environment() {
  std::vector<std::pair<std::string, std::string>> out;
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) out.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return out;
}

}  // namespace rt::runner

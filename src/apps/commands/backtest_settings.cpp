#include "apps/commands/backtest_settings.hpp"

#include <algorithm>

#include "plugins/strategy_loader.hpp"

namespace rt::app {
namespace {

using backtest::BacktestConfig;
using runner::RunnerConfig;

// Copies one key's value, already checked by the shared vocabulary, from the runner's form into the
// backtest's. `origin` and `value` name the key's source for a refusal or a note.
struct Source {
  const std::string& origin;
  const std::string& value;
};
using Copy = Status (*)(const RunnerConfig&, BacktestConfig&, const Source&, std::vector<std::string>& notes);

struct BacktestKey {
  std::string_view key;
  Copy copy;
};

Status copy_sizing(const RunnerConfig& r, BacktestConfig& b, const Source&, std::vector<std::string>&) {
  switch (r.sizing) {
    case runner::SizingMethod::kFixedFraction:
      b.sizing.method = backtest::SizingMethod::kFraction;
      b.sizing.fraction_pct = r.sizing_fraction_pct;
      break;
    case runner::SizingMethod::kAtr:  // as live: the fraction is the equity risked over the ATR distance
      b.sizing.method = backtest::SizingMethod::kAtr;
      b.sizing.risk_pct = r.sizing_fraction_pct;
      b.sizing.atr_multiple = r.atr_multiplier;
      break;
    case runner::SizingMethod::kHalfKelly: break;  // refused by the sizing.method key itself
  }
  return {};
}

Status copy_sizing_method(const RunnerConfig& r, BacktestConfig& b, const Source& s,
                          std::vector<std::string>& n) {
  if (r.sizing == runner::SizingMethod::kHalfKelly) {
    return fail(ErrorCode::kInvalidArgument,
                s.origin + ": sizing.method = " + s.value +
                    ": the backtester sizes by fixed_fraction or atr (or --sizing shares:N)");
  }
  return copy_sizing(r, b, s, n);
}

// As the live desk: a trailing stop when stops.trailing is on and stops.percent above zero.
Status copy_stops(const RunnerConfig& r, BacktestConfig& b, const Source&, std::vector<std::string>&) {
  b.trailing_stop_pct.reset();
  if (r.trailing_stops && r.stop_pct > Decimal{}) b.trailing_stop_pct = r.stop_pct;
  return {};
}

Status note_take_profit(const RunnerConfig& r, BacktestConfig&, const Source& s,
                        std::vector<std::string>& notes) {
  if (r.take_profit_pct > Decimal{}) {
    notes.push_back(s.origin + ": stops.take_profit_pct = " + s.value +
                    ": the backtester does not simulate a take-profit; this run has none");
  }
  return {};
}

Status copy_commission(const RunnerConfig& r, BacktestConfig& b, const Source& s, std::vector<std::string>&) {
  if (r.sim_commission != "fixed") {
    return fail(ErrorCode::kInvalidArgument,
                s.origin + ": sim.commission = " + s.value +
                    ": the backtester charges the fixed schedule only (0.005 a share, 1.00 minimum); "
                    "--commission and --commission-min set other rates");
  }
  const backtest::CostModel fixed;  // IB's fixed schedule, as the emulator's "fixed"
  b.costs.per_share = fixed.per_share;
  b.costs.minimum = fixed.minimum;
  b.costs.max_pct_of_value = fixed.max_pct_of_value;
  return {};
}

// The risk limits are the same RiskLimits on both sides, with the same defaults: the scratch
// config holds the defaults and every risk key given so far.
Status copy_risk_limits(const RunnerConfig& r, BacktestConfig& b, const Source&, std::vector<std::string>&) {
  b.limits = r.risk;
  return {};
}

Status copy_strategy(const RunnerConfig& r, BacktestConfig& b, const Source&, std::vector<std::string>&) {
  b.strategy = r.strategy;
  return {};
}

const std::vector<BacktestKey>& backtest_key_table() {
  static const std::vector<BacktestKey> table = {
      {"trading.strategy", copy_strategy},
      {"risk.kill_switch", copy_risk_limits},
      {"risk.max_open_positions", copy_risk_limits},
      {"risk.max_position_pct", copy_risk_limits},
      {"risk.min_position_value", copy_risk_limits},
      {"risk.max_order_notional", copy_risk_limits},
      {"risk.max_daily_notional", copy_risk_limits},
      {"risk.max_leverage", copy_risk_limits},
      {"risk.portfolio_heat_pct", copy_risk_limits},
      {"risk.daily_loss_limit_pct", copy_risk_limits},
      {"risk.cooldown_seconds", copy_risk_limits},
      {"risk.max_quote_age_seconds", copy_risk_limits},
      {"sizing.method", copy_sizing_method},
      {"sizing.fraction_pct", copy_sizing},
      {"sizing.atr_multiplier", copy_sizing},
      {"sizing.kelly_cap_pct", copy_sizing},  // read by half-Kelly sizing only, which a backtest refuses
      {"stops.trailing", copy_stops},
      {"stops.percent", copy_stops},
      {"stops.take_profit_pct", note_take_profit},
      {"sim.commission", copy_commission},
  };
  return table;
}

const BacktestKey* find_backtest_key(std::string_view key) {
  for (const auto& k : backtest_key_table()) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

bool is_live_only(std::string_view key) {
  const auto& live = live_only_keys();
  return std::find(live.begin(), live.end(), key) != live.end();
}

}  // namespace

const std::vector<std::string_view>& backtest_keys() {
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> out;
    for (const auto& k : backtest_key_table()) out.push_back(k.key);
    return out;
  }();
  return keys;
}

const std::vector<std::string_view>& live_only_keys() {
  // The session, the dashboard, the database and the emulator's clock; the symbols and the bar size
  // (the CSV files give both); the live-only risk checks (a what-if margin order at IB, where the
  // stop rests).
  static const std::vector<std::string_view> keys = {
      "connection.host",
      "connection.port",
      "connection.client_id",
      "connection.timeout_seconds",
      "connection.heartbeat_seconds",
      "connection.startup_wait_seconds",
      "connection.restart_window",
      "reconcile.on_mismatch",
      "trading.symbols",
      "trading.bar_size",
      "trading.history_duration",
      "trading.stale_data_seconds",
      "trading.extended_hours",
      "trading.dry_run",
      "trading.allow_live",
      "trading.cancel_entries_on_stop",
      "trading.account",
      "risk.margin_check",
      "risk.max_margin_pct",
      "risk.protection",
      "store.database",
      "http.listen",
      "http.token",
      "http.enabled",
      "sim.speed",
      "sim.seed",
  };
  return keys;
}

Result<BacktestSettings> load_backtest_settings(const BacktestSettingsInput& input) {
  std::vector<runner::ConfigOverride> entries;
  if (input.file) {
    auto read = runner::read_config_file(*input.file);
    if (!read) return std::unexpected(read.error());
    entries = std::move(*read);
  }
  const std::size_t from_file = entries.size();
  entries.insert(entries.end(), input.overrides.begin(), input.overrides.end());

  // Every entry is checked by the shared vocabulary first (ranges, unknown and old names), then
  // copied into the backtest's configuration in order, so a later entry wins.
  RunnerConfig scratch;
  BacktestSettings out;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    if (auto st = runner::apply_config_key(scratch, e); !st) return std::unexpected(st.error());
    if (e.key.starts_with("strategy.params.")) {
      out.config.params[e.key.substr(16)] = e.value;
      continue;
    }
    if (const auto* k = find_backtest_key(e.key)) {
      if (auto st = k->copy(scratch, out.config, Source{e.origin, e.value}, out.notes); !st)
        return std::unexpected(st.error());
      continue;
    }
    if (is_live_only(e.key) && i >= from_file) {
      return fail(
          ErrorCode::kInvalidArgument,
          e.origin + ": " + e.key + " is read only by a live trader (robotrader run), not by a backtest");
    }
    if (!is_live_only(e.key)) {
      return fail(ErrorCode::kInternal,
                  e.origin + ": " + e.key + " is in neither the backtest's nor the live keys");
    }
  }
  if (input.strategy) out.config.strategy = *input.strategy;
  if (auto st = out.config.limits.validate(); !st) return std::unexpected(st.error());
  // The strategy and its parameters are checked before any file is read: a bad one is a usage error.
  if (auto maker = plugins::strategy_maker(out.config.strategy, out.config.params); !maker) {
    return std::unexpected(maker.error());
  }
  return out;
}

}  // namespace rt::app

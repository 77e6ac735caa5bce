#pragma once
// RunnerConfig: everything `robotrader run` needs, from defaults, then a TOML file, then
// ROBOTRADER_<SECTION>_<KEY> environment variables, then command-line flags (later wins).
// Unknown keys and out-of-range values stop the start with a message naming the key, where it came
// from and the allowed range (RELIABILITY P3). Plain data; built once at start-up.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "trading/risk/protection.hpp"
#include "trading/risk/risk_limits.hpp"
#include "trading/strategy/strategy_params.hpp"

namespace rt::runner {

enum class SizingMethod { kFixedFraction, kAtr, kHalfKelly };

// What the trader does with a symbol whose position disagrees with the broker's at reconciliation:
// halt its orders until an operator acts (`robotrader halts adopt|release`), or adopt the broker's
// position into the ledger at once (recorded, at the broker's average cost).
enum class MismatchPolicy { kHalt, kAdopt };

struct RunnerConfig {
  // [connection]
  std::string host = "127.0.0.1";
  std::string port = "7497";  // a number or "auto"
  std::optional<int> client_id;
  double connect_timeout_seconds = 5.0;
  double heartbeat_seconds = 10.0;
  double startup_wait_seconds = 0;  // how long the first connection may take; 0 = until stopped
  // [reconcile]
  MismatchPolicy on_mismatch = MismatchPolicy::kHalt;
  // [trading]
  std::vector<std::string> symbols;
  std::string strategy = "sma_cross";
  trading::StrategyParams strategy_params;  // [strategy.params]
  std::string bar_size = "5 mins";
  std::string history_duration = "2 D";
  bool extended_hours = false;
  bool dry_run = false;
  bool allow_live = false;
  bool cancel_entries_on_stop = true;
  // Before each entry, ask IB what the order would do to the margin (a what-if order) and deny it
  // when the initial margin after it would exceed max_margin_pct of the equity with loan.
  bool margin_check = false;
  Decimal max_margin_pct = Decimal::from_int(100);
  // Where each position's protective stop lives (risk.protection): at the broker by default, so a
  // position stays protected while the trader is down.
  trading::Protection protection = trading::Protection::kBroker;
  // A streaming symbol with no update this long (market seconds) while its market is open is
  // re-subscribed, and its entries are gated until data returns (trading.stale_data_seconds).
  double stale_data_seconds = 60;
  // The gateway's daily restart (connection.restart_window, New York time "HH:MM-HH:MM"; "" = none):
  // no entry is sent inside it.
  std::optional<std::pair<Duration, Duration>> restart_window =
      std::pair<Duration, Duration>{std::chrono::hours(23) + std::chrono::minutes(40), std::chrono::minutes(20)};
  std::string account;  // empty = the first managed account
  // [risk]
  trading::RiskLimits risk;
  // [sizing]
  SizingMethod sizing = SizingMethod::kFixedFraction;
  Decimal sizing_fraction_pct = Decimal::from_int(2);
  Decimal atr_multiplier = Decimal::from_int(2);
  Decimal kelly_cap_pct = Decimal::from_int(10);
  // [stops]
  bool trailing_stops = true;
  Decimal stop_pct = Decimal::from_int(5);
  // A take-profit limit this far (percent) beyond the entry, held at the broker in the stop's OCA
  // group (stops.take_profit_pct; 0 = none). With risk.protection broker or both.
  Decimal take_profit_pct;
  // [store]
  std::filesystem::path database = "robotrader.db";
  // [http]
  std::string http_listen = "127.0.0.1:8080";
  std::string http_token;
  bool http_enabled = true;
  // [sim]
  double sim_speed = 60.0;
  std::uint64_t sim_seed = 1;
  std::string sim_commission = "fixed";  // the embedded emulator's schedule: fixed or tiered
};

// One `key = value` from a config file, the environment or the command line, with where it came from.
struct ConfigOverride {
  std::string key;     // "risk.max_position_pct"
  std::string value;   // text, parsed per the key's type
  std::string origin;  // "robotrader.toml:12", "--set", "environment ROBOTRADER_RISK_MAX_POSITION_PCT", ...
};

// Loads defaults + file (if given) + environment (`environ`-style list) + overrides, validates.
Result<RunnerConfig> load_runner_config(const std::optional<std::filesystem::path>& file,
                                        const std::vector<std::pair<std::string, std::string>>& environment,
                                        const std::vector<ConfigOverride>& overrides);

// The `key = value` entries of a TOML file, in the file's key order, each with its origin
// "file:line"; a file that is missing or not TOML fails with file:line. Values are not checked here.
Result<std::vector<ConfigOverride>> read_config_file(const std::filesystem::path& file);

// Checks one entry's value and sets it in `config`. Fails naming the origin, the key and what is
// allowed; an unknown key fails with the known keys of its section, an old name with its new one.
Status apply_config_key(RunnerConfig& config, const ConfigOverride& entry);

// Every key of the vocabulary ("risk.max_position_pct", ...), strategy.params.<name> aside. The
// live trader and the backtester read the same names.
std::vector<std::string> config_key_names();

// Every known key with its type and allowed range, for --help and docs.
std::vector<std::string> describe_config_keys();

// The process environment as name/value pairs.
std::vector<std::pair<std::string, std::string>> process_environment();

}  // namespace rt::runner

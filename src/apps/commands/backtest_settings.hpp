#pragma once
// The backtest's side of the one configuration vocabulary: `robotrader backtest --config FILE`
// reads the TOML file `robotrader run --config` reads, with the same key names, the same checks and
// the same messages (runner_config.hpp), into a BacktestConfig.
//
// Contract
// - Precedence, later wins: the backtest's defaults, the file's keys, then the command line's
//   overrides in the order given. Only the keys given change the defaults.
// - Every value is checked here, before any CSV is read or any output written: a bad value, an
//   unknown key or an old name fails naming its origin (file:line for the file) and the key.
// - A key only a live trader uses (connection, http, store, sim speed, margin check, ...) is accepted
//   and ignored when it comes from the file, and refused when it comes from the command line.
// - A key the backtester reads but cannot simulate as given (a take-profit) adds a note; one it
//   cannot honour at all (half-Kelly sizing, the tiered commission schedule) fails.
// Pure function of its arguments and the files it names; any thread.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backtest/backtest_config.hpp"
#include "core/result.hpp"
#include "runner/runner_config.hpp"

namespace rt::app {

struct BacktestSettings {
  backtest::BacktestConfig config;
  std::vector<std::string> notes;  // "file:line: key = value: what the backtest does instead"
};

struct BacktestSettingsInput {
  std::optional<std::filesystem::path> file;      // --config
  std::vector<runner::ConfigOverride> overrides;  // --set, --risk, --param as keys, with their flag
  // --strategy: set after the file's trading.strategy; checked with its parameters like any other.
  std::optional<std::string> strategy;
};

Result<BacktestSettings> load_backtest_settings(const BacktestSettingsInput& input);

// The keys of the vocabulary a backtest reads, and those only a live trader uses. Together they are
// runner::config_key_names(), each in exactly one list.
const std::vector<std::string_view>& backtest_keys();
const std::vector<std::string_view>& live_only_keys();

}  // namespace rt::app

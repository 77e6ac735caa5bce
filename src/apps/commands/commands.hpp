#pragma once
// The list of subcommands; each factory is defined in its own commands/<name>_command.cpp.
#include <vector>

#include "apps/command.hpp"

namespace rt::app {

CommandRunner add_check_command(CLI::App& app, const GlobalOptions& global);
CommandRunner add_account_command(CLI::App& app, const GlobalOptions& global);
CommandRunner add_gateway_command(CLI::App& app, const GlobalOptions& global);
CommandRunner add_doctor_command(CLI::App& app, const GlobalOptions& global);
CommandRunner add_report_command(CLI::App& app, const GlobalOptions& global);
CommandRunner add_backtest_command(CLI::App& app, const GlobalOptions& global);
CommandRunner add_quote_command(CLI::App& app, const GlobalOptions& global);
CommandRunner add_bars_command(CLI::App& app, const GlobalOptions& global);
CommandRunner add_run_command(CLI::App& app, const GlobalOptions& global);
CommandRunner add_kill_switch_command(CLI::App& app, const GlobalOptions& global);
CommandRunner add_halts_command(CLI::App& app, const GlobalOptions& global);

inline std::vector<CommandFactory> all_commands() {
  return {&add_check_command, &add_account_command, &add_doctor_command, &add_report_command, &add_gateway_command, &add_quote_command,
          &add_bars_command, &add_backtest_command, &add_run_command, &add_kill_switch_command, &add_halts_command};
}

}  // namespace rt::app

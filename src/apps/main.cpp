// robotrader: one binary, one subcommand per job. Parses flags and wires objects; nothing else.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>

#include "apps/cli_reference.hpp"
#include "apps/command.hpp"
#include "apps/commands/commands.hpp"
#include "apps/version.hpp"
#include "core/exit_codes.hpp"
#include "core/logging.hpp"
#include "tws/messages/ids.hpp"

int main(int argc, char** argv) {
  CLI::App app{"robotrader: an automated trader for Interactive Brokers (TWS API), with its own IB Gateway emulator"};
  app.require_subcommand(1);
  // Global flags (--log-level, --log-format) are accepted after the subcommand too: subcommands created below
  // inherit this and hand the options they do not know to the top level.
  app.fallthrough();
  app.set_version_flag("--version", std::string("robotrader ") + RT_VERSION + " (TWS API server versions " +
                                        std::to_string(rt::tws::sv::kClientMin) + "-" +
                                        std::to_string(rt::tws::sv::kClientMax) + ")");
  rt::app::GlobalOptions global;
  app.add_option("--log-level", global.log_level, "trace, debug, info, warn, error, off")->capture_default_str();
  app.add_option("--log-format", global.log_format, "text, or json: one JSON object a line (time, level, logger, message)")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));

  std::map<CLI::App*, rt::app::CommandRunner> runners;
  // Runs `add` and gives its runner to every subcommand it added.
  const auto register_runner = [&](const std::function<rt::app::CommandRunner()>& add) {
    auto before = app.get_subcommands({});
    auto runner = add();
    for (auto* sub : app.get_subcommands({})) {
      if (std::find(before.begin(), before.end(), sub) == before.end()) runners[sub] = runner;
    }
  };
  for (auto factory : rt::app::all_commands()) register_runner([&] { return factory(app, global); });
  // Last, so the completion scripts and the man page they print describe every command above.
  register_runner([&] { return rt::app::add_reference_commands(app, std::string("robotrader ") + RT_VERSION); });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every other parse failure is a usage error: exit 2, as
    // documented, whatever CLI11's own code for it.
    return app.exit(e) == 0 ? rt::kExitOk : rt::kExitUsage;
  }
  if (auto st = rt::setup_logging(global.log_level, global.log_format); !st) {
    std::fprintf(stderr, "%s\n", st.error().message.c_str());
    return rt::kExitUsage;
  }
  for (auto* sub : app.get_subcommands()) {
    if (auto it = runners.find(sub); it != runners.end()) return it->second();
  }
  return rt::kExitUsage;
}

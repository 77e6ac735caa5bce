#pragma once
// A robotrader subcommand: registers its flags on the CLI app and runs when chosen.
// Each command lives in commands/<name>_command.cpp and is listed in main.cpp.
#include <functional>
#include <memory>
#include <string>

namespace CLI {
class App;
}

namespace rt::app {

struct GlobalOptions {
  std::string log_level = "info";
  std::string log_format = "text";  // "text" or "json" (one JSON object a line)
};

// Adds the subcommand to `app`; the returned function runs it and gives the process exit code.
using CommandRunner = std::function<int()>;
using CommandFactory = CommandRunner (*)(CLI::App& app, const GlobalOptions& global);

}  // namespace rt::app

#pragma once
// Shell completions (bash, zsh) and the man page, generated from the CLI11 definitions of the whole
// command line, so they list exactly the commands and flags the binary parses. The build writes them
// with the hidden `robotrader completion bash|zsh` and `robotrader manpage` commands; packaging
// installs what the build wrote. Pure text functions over a fully built app.
#include <string>
#include <string_view>

#include "apps/command.hpp"

namespace CLI {
class App;
}

namespace rt::app {

// A bash script defining the completion function and `complete -F _robotrader robotrader`.
std::string bash_completion(const CLI::App& app);

// A zsh completion file (`#compdef robotrader`), for a directory in $fpath as `_robotrader`.
std::string zsh_completion(const CLI::App& app);

// robotrader(1) in man(7) markup: every command, its options and the exit codes.
std::string man_page(const CLI::App& app, std::string_view version);

// Adds the hidden `completion` and `manpage` commands to `app`; call after every other command has
// been added, since they describe `app` as it is when they run.
CommandRunner add_reference_commands(CLI::App& app, std::string version);

}  // namespace rt::app

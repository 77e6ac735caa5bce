#include "apps/cli_reference.hpp"

#include <CLI/CLI.hpp>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <vector>

#include "core/exit_codes.hpp"

namespace rt::app {

namespace {

// One command of the tree: its words after the binary ("kill-switch engage"; empty for the binary).
struct Node {
  std::string path;
  const CLI::App* app = nullptr;
};

bool visible(const CLI::App* sub) {
  return !sub->get_group().empty();
}

std::vector<const CLI::App*> subcommands_of(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App* sub) { return visible(sub); });
}

void walk(const CLI::App& app, const std::string& path, std::vector<Node>& out) {
  out.push_back({path, &app});
  for (const auto* sub : subcommands_of(app))
    walk(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), out);
}

std::vector<Node> command_tree(const CLI::App& app) {
  std::vector<Node> nodes;
  walk(app, "", nodes);
  return nodes;
}

std::vector<const CLI::Option*> named_options(const CLI::App& app) {
  return app.get_options([](const CLI::Option* o) { return o->nonpositional() && !o->get_group().empty(); });
}

std::vector<const CLI::Option*> positionals(const CLI::App& app) {
  return app.get_options([](const CLI::Option* o) { return !o->nonpositional() && o->get_positional(); });
}

bool takes_value(const CLI::Option* o) {
  return o->get_expected_max() > 0;
}  // flags expect 0 values

std::vector<std::string> names_of(const CLI::Option* o) {
  std::vector<std::string> names;
  for (const auto& s : o->get_snames()) names.push_back("-" + s);
  for (const auto& l : o->get_lnames()) names.push_back("--" + l);
  return names;
}

// The values an option accepts when its validator lists them ("TEXT:{text,json}").
std::vector<std::string> choices_of(const CLI::Option* o) {
  const std::string type = o->get_type_name();
  const auto open = type.find('{');
  const auto close = type.find('}', open);
  std::vector<std::string> out;
  if (open == std::string::npos || close == std::string::npos) return out;
  std::string item;
  for (char c : type.substr(open + 1, close - open - 1)) {
    if (c == ',') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item += c;
    }
  }
  if (!item.empty()) out.push_back(item);
  return out;
}

std::string join(const std::vector<std::string>& items, const char* sep = " ") {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The key a generated script uses for a command: the binary's name, then the command's words.
std::string key_of(const Node& n) {
  return n.path.empty() ? std::string("robotrader") : "robotrader " + n.path;
}

// --- bash -----------------------------------------------------------------------------------------

std::string bash_case(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string out = "  case \"$1\" in\n";
  for (const auto& [key, words] : rows) out += "    " + sh_quote(key) + ") echo " + sh_quote(words) + " ;;\n";
  return out + "  esac\n";
}

// --- roff -----------------------------------------------------------------------------------------

// Text for a man page line: backslashes escaped, a leading '.' or '\'' kept literal.
std::string roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

std::string option_synopsis(const CLI::Option* o) {
  std::string out;
  for (const auto& n : names_of(o)) out += (out.empty() ? "" : ", ") + ("\\fB" + roff(n) + "\\fR");
  if (takes_value(o)) {
    std::string type = o->get_type_name();
    if (type.empty()) type = "VALUE";
    out += " \\fI" + roff(type) + "\\fR";
  }
  return out;
}

std::string positional_synopsis(const CLI::App& app) {
  std::string out;
  for (const auto* p : positionals(app)) {
    std::string name = p->get_name();
    for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (p->get_items_expected_max() > 1) name += "...";
    out += p->get_required() ? " \\fI" + roff(name) + "\\fR" : " [\\fI" + roff(name) + "\\fR]";
  }
  return out;
}

void man_options(const CLI::App& app, std::string& out) {
  for (const auto* o : named_options(app)) {
    out += ".TP\n" + option_synopsis(o) + "\n";
    std::string text = o->get_description();
    if (o->get_required()) text += " (required)";
    if (!o->get_default_str().empty()) text += " (default: " + o->get_default_str() + ")";
    // A description laid out in lines (a table of faults) keeps its lines.
    out += text.find('\n') == std::string::npos ? roff(text) + "\n" : ".nf\n" + roff(text) + "\n.fi\n";
  }
}

// Runs one of the reference commands: writes `text` to --output, or stdout.
int emit(const std::string& text, const std::string& output) {
  if (output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return kExitOk;
  }
  std::ofstream f(output, std::ios::binary | std::ios::trunc);
  f << text;
  if (!f.good()) {
    std::fprintf(stderr, "--output: cannot write %s\n", output.c_str());
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace

std::string bash_completion(const CLI::App& app) {
  const auto nodes = command_tree(app);
  std::vector<std::pair<std::string, std::string>> commands, options, values, choices;
  for (const auto& n : nodes) {
    std::vector<std::string> subs, opts, vals;
    for (const auto* sub : subcommands_of(*n.app)) subs.push_back(sub->get_name());
    for (const auto* o : named_options(*n.app)) {
      for (const auto& name : names_of(o)) {
        opts.push_back(name);
        if (takes_value(o)) vals.push_back(name);
        if (auto c = choices_of(o); !c.empty() && name.starts_with("--"))
          choices.emplace_back(key_of(n) + " " + name, join(c));
      }
    }
    if (!subs.empty()) commands.emplace_back(key_of(n), join(subs));
    options.emplace_back(key_of(n), join(opts));
    if (!vals.empty()) values.emplace_back(key_of(n), join(vals));
  }
  std::string out =
      "# bash completion for robotrader, generated from its command-line definitions by\n"
      "# `robotrader completion bash`.\n\n";
  out += "# The subcommands of a command.\n_robotrader_commands() {\n" + bash_case(commands) + "}\n\n";
  out += "# The flags of a command.\n_robotrader_options() {\n" + bash_case(options) + "}\n\n";
  out += "# The flags of a command that take a value.\n_robotrader_value_options() {\n" + bash_case(values) +
         "}\n\n";
  out += "# The values a flag accepts, when it lists them.\n_robotrader_choices() {\n" + bash_case(choices) +
         "}\n\n";
  out += R"SH(_robotrader() {
  local cur="${COMP_WORDS[COMP_CWORD]}" prev="" path="robotrader" word i
  (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"
  # Global flags are accepted after any command too.
  local globals=" $(_robotrader_value_options robotrader) "
  for (( i = 1; i < COMP_CWORD; i++ )); do
    word="${COMP_WORDS[i]}"
    if [[ $word == -* ]]; then
      if [[ $word != *=* && " $(_robotrader_value_options "$path") $globals" == *" $word "* ]]; then
        i=$((i + 1))
      fi
      continue
    fi
    if [[ " $(_robotrader_commands "$path") " == *" $word "* ]]; then
      path="$path $word"
    fi
  done
  if [[ $prev == -* && " $(_robotrader_value_options "$path") $globals" == *" $prev "* ]]; then
    local choices
    choices="$(_robotrader_choices "$path $prev")"
    [[ -z $choices ]] && choices="$(_robotrader_choices "robotrader $prev")"
    if [[ -n $choices ]]; then
      COMPREPLY=( $(compgen -W "$choices" -- "$cur") )
    else
      COMPREPLY=( $(compgen -f -- "$cur") )
    fi
    return 0
  fi
  if [[ $cur == -* ]]; then
    local opts
    opts="$(_robotrader_options "$path")"
    [[ $path != robotrader ]] && opts="$opts $(_robotrader_options robotrader)"
    COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
    return 0
  fi
  local subs
  subs="$(_robotrader_commands "$path")"
  if [[ -n $subs ]]; then
    COMPREPLY=( $(compgen -W "$subs" -- "$cur") )
  else
    COMPREPLY=( $(compgen -f -- "$cur") )
  fi
  return 0
}
complete -F _robotrader robotrader
)SH";
  return out;
}

std::string zsh_completion(const CLI::App& app) {
  const auto nodes = command_tree(app);
  // _describe entries are "name:description"; a ':' inside the name or the description is escaped.
  const auto entry = [](const std::string& name, const std::string& description) {
    std::string out;
    for (char c : name + "\x01" + description) {
      if (c == '\x01') {
        out += ':';
      } else if (c == ':') {
        out += "\\:";
      } else if (c == '\n') {
        out += ' ';
      } else {
        out += c;
      }
    }
    return out;
  };
  std::string commands, options, values, choices;
  for (const auto& n : nodes) {
    std::vector<std::string> subs, opts, vals;
    for (const auto* sub : subcommands_of(*n.app))
      subs.push_back(entry(sub->get_name(), sub->get_description()));
    for (const auto* o : named_options(*n.app)) {
      for (const auto& name : names_of(o)) {
        opts.push_back(entry(name, o->get_description()));
        if (takes_value(o)) vals.push_back(name);
        if (auto c = choices_of(o); !c.empty() && name.starts_with("--")) {
          choices += "  " + sh_quote(key_of(n) + " " + name) + " " + sh_quote(join(c)) + "\n";
        }
      }
    }
    if (!subs.empty()) commands += "  " + sh_quote(key_of(n)) + " " + sh_quote(join(subs, "\n")) + "\n";
    options += "  " + sh_quote(key_of(n)) + " " + sh_quote(join(opts, "\n")) + "\n";
    if (!vals.empty()) values += "  " + sh_quote(key_of(n)) + " " + sh_quote(join(vals)) + "\n";
  }
  std::string out =
      "#compdef robotrader\n"
      "# zsh completion for robotrader, generated from its command-line definitions by\n"
      "# `robotrader completion zsh`.\n\n"
      "typeset -gA _robotrader_cmds _robotrader_opts _robotrader_vals _robotrader_choices\n";
  out += "_robotrader_cmds=(\n" + commands + ")\n";
  out += "_robotrader_opts=(\n" + options + ")\n";
  out += "_robotrader_vals=(\n" + values + ")\n";
  out += "_robotrader_choices=(\n" + choices + ")\n\n";
  out += R"SH(_robotrader() {
  local path=robotrader word prev=${words[CURRENT-1]} i
  local globals=" ${_robotrader_vals[robotrader]} "
  for (( i = 2; i < CURRENT; i++ )); do
    word=${words[i]}
    if [[ $word == -* ]]; then
      if [[ $word != *=* && " ${_robotrader_vals[$path]} $globals" == *" $word "* ]]; then
        (( i++ ))
      fi
      continue
    fi
    if [[ $'\n'${_robotrader_cmds[$path]}$'\n' == *$'\n'${word}:* ]]; then
      path="$path $word"
    fi
  done
  if [[ $prev == -* && " ${_robotrader_vals[$path]} $globals" == *" $prev "* ]]; then
    local choices=${_robotrader_choices[$path $prev]:-${_robotrader_choices[robotrader $prev]}}
    if [[ -n $choices ]]; then
      local -a values
      values=(${=choices})
      compadd -a values
    else
      _files
    fi
    return
  fi
  local -a list
  if [[ $PREFIX == -* ]]; then
    list=(${(f)_robotrader_opts[$path]})
    [[ $path != robotrader ]] && list+=(${(f)_robotrader_opts[robotrader]})
    _describe -t options 'option' list
  elif [[ -n ${_robotrader_cmds[$path]} ]]; then
    list=(${(f)_robotrader_cmds[$path]})
    _describe -t commands 'command' list
  else
    _files
  fi
}

_robotrader "$@"
)SH";
  return out;
}

std::string man_page(const CLI::App& app, std::string_view version) {
  std::string out =
      ".\\\" robotrader(1), generated from its command-line definitions by `robotrader manpage`.\n";
  out += ".TH ROBOTRADER 1 \"\" \"" + roff(std::string(version)) + "\" \"User Commands\"\n";
  out += ".SH NAME\nrobotrader \\- " + roff(app.get_description()) + "\n";
  out += ".SH SYNOPSIS\n.B robotrader\n[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n";
  out +=
      ".SH DESCRIPTION\n"
      "One binary with one command per job: connection checks, the IB Gateway emulator, quotes and bars, "
      "the diagnosis of a stuck API port, the trader, the backtester and reports. Global options are "
      "accepted before or after the command. Every command has \\fB\\-\\-help\\fR.\n";
  out += ".SH GLOBAL OPTIONS\n";
  man_options(app, out);
  out += ".SH COMMANDS\n";
  for (const auto& n : command_tree(app)) {
    if (n.path.empty()) continue;
    out += ".SS \"robotrader " + roff(n.path) + "\"\n";
    const bool has_subs = !subcommands_of(*n.app).empty();
    out += ".B robotrader " + roff(n.path) + "\n" +
           (has_subs ? std::string("\\fICOMMAND\\fR ") : std::string()) + "[\\fIOPTIONS\\fR]" +
           positional_synopsis(*n.app) + "\n.PP\n" + roff(n.app->get_description()) + "\n";
    man_options(*n.app, out);
    if (const std::string footer = n.app->get_footer(); !footer.empty()) out += ".PP\n" + roff(footer) + "\n";
  }
  out +=
      ".SH EXIT STATUS\n"
      "The same for every command:\n"
      ".TP\n.B 0\nsuccess\n"
      ".TP\n.B 1\nthe check or the command failed\n"
      ".TP\n.B 2\na usage error: an unknown flag, a missing or out\\-of\\-range value, a bad configuration "
      "value "
      "(named with file:line)\n"
      ".TP\n.B 3 and above\nwhat the command documents; \\fBrobotrader doctor\\fR: 3 not listening, 4 API "
      "not "
      "answering, 5 zombie (CLOSE_WAIT) sockets, 6 client id in use\n"
      ".TP\n.B 130\nstopped by SIGINT before it was done\n";
  out +=
      ".SH ENVIRONMENT\n"
      ".TP\n.B ROBOTRADER_<SECTION>_<KEY>\nsets a \\fBrun\\fR configuration key (later wins: defaults, "
      "\\fB\\-\\-config\\fR, environment, flags)\n"
      ".TP\n.B TZ\nthe zone of log times, which are RFC 3339 with the UTC offset\n";
  out +=
      ".SH SEE ALSO\nThe documentation in /usr/share/doc/robotrader: README.md, docs/operations.md "
      "(doctor's verdicts and remedies), docs/runner.md (configuration).\n";
  return out;
}

CommandRunner add_reference_commands(CLI::App& app, std::string version) {
  struct Options {
    std::string shell;
    std::string output;
    CLI::App* completion = nullptr;
    CLI::App* manpage = nullptr;
  };
  auto o = std::make_shared<Options>();
  // Hidden (no group): they describe the command line and are not part of it.
  o->completion =
      app.add_subcommand("completion", "print a shell completion script (bash or zsh)")->group("");
  o->completion->add_option("shell", o->shell, "bash or zsh")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh"}));
  o->completion->add_option("-o,--output", o->output, "write to this file instead of stdout");
  o->manpage = app.add_subcommand("manpage", "print the robotrader(1) man page")->group("");
  o->manpage->add_option("-o,--output", o->output, "write to this file instead of stdout");
  const CLI::App* root = &app;
  return [o, root, version = std::move(version)] {
    if (o->manpage->parsed()) return emit(man_page(*root, version), o->output);
    return emit(o->shell == "zsh" ? zsh_completion(*root) : bash_completion(*root), o->output);
  };
}

}  // namespace rt::app

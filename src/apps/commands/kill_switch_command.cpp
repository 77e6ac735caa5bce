// `robotrader kill-switch status|engage|reset`: the persisted kill switch, on the database, without
// connecting. A loss or manual trip stays engaged across restarts until reset here, naming why.
// The database is the switch's single source: a trader running on it takes an engage or a reset
// within a second (it watches the database for other processes' writes). --json: the state as
// JSON (docs/schemas/kill-switch.schema.json).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <ctime>
#include <memory>

#include "apps/commands/commands.hpp"
#include "apps/commands/json_output.hpp"
#include "apps/commands/state_json.hpp"
#include "runner/risk_state_store.hpp"
#include "store/database.hpp"
#include "trading/risk/kill_switch.hpp"

namespace rt::app {
namespace {

struct KillSwitchOptions {
  std::string database = "robotrader.db";
  std::string reason;
  std::string who;
  bool json = false;
  CLI::App* status = nullptr;
  CLI::App* engage = nullptr;
  CLI::App* reset = nullptr;
};

std::string when(Timestamp t) {
  if (t == Timestamp{}) return "-";
  const std::time_t secs = static_cast<std::time_t>(epoch_seconds(t));
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

void print(const trading::KillSwitchState& s) {
  if (s.engaged) {
    std::printf("kill switch: ENGAGED (%s) since %s\nreason: %s\n", std::string(trading::to_string(s.kind)).c_str(),
                when(s.time).c_str(), s.reason.c_str());
    if (trading::needs_explicit_reset(s.kind)) {
      std::printf("entries are frozen until `robotrader kill-switch reset --reason ...`; stops still exit\n");
    } else {
      std::printf("clears itself when the connection is healthy again\n");
    }
  } else {
    std::printf("kill switch: off\n");
  }
  if (!s.reset_by.empty()) {
    std::printf("last reset: by %s at %s: %s\n", s.reset_by.c_str(), when(s.reset_at).c_str(), s.reset_reason.c_str());
  }
}

int run(const KillSwitchOptions& o) {
  const bool writes = o.engage->parsed() || o.reset->parsed();
  if (!writes && !std::filesystem::exists(o.database)) {
    std::fprintf(stderr, "kill-switch: database %s does not exist\n", o.database.c_str());
    return 1;
  }
  auto db = store::Database::open(o.database);
  if (!db) {
    std::fprintf(stderr, "kill-switch: %s\n", db.error().message.c_str());
    return 1;
  }
  runner::RiskStateStore states(*db);
  auto loaded = states.load_kill_switch();
  if (!loaded) {
    std::fprintf(stderr, "kill-switch: %s\n", loaded.error().message.c_str());
    return 1;
  }
  auto ks = trading::KillSwitch::restore(*loaded);
  if (!ks) {
    std::fprintf(stderr, "kill-switch: stored state is inconsistent: %s\n", ks.error().message.c_str());
    return 1;
  }
  SystemClock clock;
  if (o.engage->parsed() || o.reset->parsed()) {
    if (o.reason.empty()) {
      std::fprintf(stderr, "kill-switch: --reason is required\n");
      return 2;
    }
    if (o.engage->parsed()) {
      ks->trip(trading::KillSwitchKind::Manual, o.reason, clock.now());
    } else {
      if (!ks->engaged()) {
        if (o.json) print_json(kill_switch_json(ks->state()));
        else std::printf("kill switch: already off\n");
        return 0;
      }
      std::string who = o.who;
      if (who.empty()) {
        const char* user = std::getenv("USER");
        who = user ? user : "operator";
      }
      if (auto st = ks->reset(who, o.reason, clock.now()); !st) {
        std::fprintf(stderr, "kill-switch: %s\n", st.error().message.c_str());
        return 1;
      }
    }
    if (auto st = states.save_kill_switch(ks->state()); !st) {
      std::fprintf(stderr, "kill-switch: %s\n", st.error().message.c_str());
      return 1;
    }
  }
  if (o.json) print_json(kill_switch_json(ks->state()));
  else print(ks->state());
  return 0;
}

}  // namespace

CommandRunner add_kill_switch_command(CLI::App& app, const GlobalOptions& /*global*/) {
  auto o = std::make_shared<KillSwitchOptions>();
  auto* cmd = app.add_subcommand("kill-switch", "show, engage or reset the persisted kill switch");
  cmd->add_option("--db", o->database, "SQLite database")->capture_default_str();
  cmd->require_subcommand(1);
  o->status = cmd->add_subcommand("status", "show the kill switch");
  o->engage = cmd->add_subcommand("engage", "freeze entries (stops still exit) until reset");
  o->engage->add_option("--reason", o->reason, "why")->required();
  o->reset = cmd->add_subcommand("reset", "clear an engaged kill switch (a loss trip needs this)");
  o->reset->add_option("--reason", o->reason, "why it is safe to trade again")->required();
  o->reset->add_option("--by", o->who, "who resets it (default: $USER)");
  cmd->add_flag("--json", o->json, "print JSON instead of text");
  for (auto* sub : {o->status, o->engage, o->reset}) {
    sub->add_option("--db", o->database, "SQLite database");
    sub->add_flag("--json", o->json, "print JSON instead of text");
  }
  return [o]() { return run(*o); };
}

}  // namespace rt::app

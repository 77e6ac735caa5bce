// `robotrader halts [status] | adopt SYMBOL | release SYMBOL`: the symbols a trader halted because
// its book disagreed with the broker's at reconciliation. `adopt` asks the running trader to take
// the broker's position into its ledger; `release` asks it to trade the symbol again on its own
// book (the operator has checked it). The request is written to the database; the trader carries
// it out within a second and removes the halt. Works while the trader runs (no lock needed).
// --json: the halts, or the request made, as JSON (docs/schemas/halts.schema.json).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "apps/commands/commands.hpp"
#include "apps/commands/json_output.hpp"
#include "apps/commands/state_json.hpp"
#include "runner/risk_state_store.hpp"
#include "store/database.hpp"

namespace rt::app {
namespace {

struct HaltsOptions {
  std::string database = "robotrader.db";
  std::string symbol;
  bool json = false;
  CLI::App* status = nullptr;
  CLI::App* adopt = nullptr;
  CLI::App* release = nullptr;
};

int run(const HaltsOptions& o) {
  if (!std::filesystem::exists(o.database)) {
    std::fprintf(stderr, "halts: database %s does not exist\n", o.database.c_str());
    return 1;
  }
  auto db = store::Database::open(o.database);
  if (!db) {
    std::fprintf(stderr, "halts: %s\n", db.error().message.c_str());
    return 1;
  }
  runner::RiskStateStore states(*db);
  if (o.adopt->parsed() || o.release->parsed()) {
    const char* action = o.adopt->parsed() ? "adopt" : "release";
    if (auto st = states.request_halt_action(o.symbol, action); !st) {
      std::fprintf(stderr, "halts: %s\n", st.error().message.c_str());
      return 1;
    }
    if (o.json) {
      print_json({{"requested", {{"action", action}, {"symbol", o.symbol}}}});
    } else {
      std::printf("%s %s: requested; the running trader carries it out within a second\n", action, o.symbol.c_str());
    }
    return 0;
  }
  auto halts = states.load_halts();
  if (!halts) {
    std::fprintf(stderr, "halts: %s\n", halts.error().message.c_str());
    return 1;
  }
  if (o.json) {
    print_json(halts_json(*halts));
    return 0;
  }
  if (halts->empty()) std::printf("no halted symbols\n");
  for (const auto& h : *halts) {
    std::printf("%s: HALTED: %s%s\n", h.symbol.c_str(), h.reason.c_str(),
                h.request.empty() ? "" : (" (requested: " + h.request + ")").c_str());
  }
  return 0;
}

}  // namespace

CommandRunner add_halts_command(CLI::App& app, const GlobalOptions& /*global*/) {
  auto o = std::make_shared<HaltsOptions>();
  auto* cmd = app.add_subcommand("halts", "symbols halted because their book disagreed with the broker's");
  cmd->add_option("--db", o->database, "SQLite database")->capture_default_str();
  o->status = cmd->add_subcommand("status", "list the halted symbols (the default)");
  o->adopt = cmd->add_subcommand("adopt", "the trader takes the broker's position of SYMBOL into its ledger");
  o->adopt->add_option("symbol", o->symbol, "the halted symbol")->required();
  o->release = cmd->add_subcommand("release", "the trader trades SYMBOL again on its own book");
  o->release->add_option("symbol", o->symbol, "the halted symbol")->required();
  cmd->add_flag("--json", o->json, "print JSON instead of text");
  for (auto* sub : {o->status, o->adopt, o->release}) {
    sub->add_option("--db", o->database, "SQLite database");
    sub->add_flag("--json", o->json, "print JSON instead of text");
  }
  return [o]() { return run(*o); };
}

}  // namespace rt::app

// `robotrader account`: connects with the runner's client-id policy (derived unique ids, a fresh one
// after 326), prints the account summary and positions as tables, disconnects, PASS/FAIL.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "apps/commands/commands.hpp"
#include "apps/commands/connection_flags.hpp"
#include "apps/commands/pass_fail_report.hpp"
#include "apps/commands/table.hpp"
#include "tws/client/connector.hpp"

namespace rt::app {
namespace {

constexpr const char* kSummaryTags =
    "NetLiquidation,TotalCashValue,BuyingPower,AvailableFunds,ExcessLiquidity,GrossPositionValue,"
    "EquityWithLoanValue,UnrealizedPnL,RealizedPnL";

struct AccountRun {
  ConnectionFlags flags;
  int attempts = 3;
  int run();
};

int AccountRun::run() {
  std::string why;
  auto port = resolve_port(flags.port, false, why);
  PassFailReport report(flags.json);
  nlohmann::json& j = report.json();
  auto say = [&](const std::string& line) { report.say(line); };
  auto finish = [&](bool pass, const std::string& reason) { return report.finish(pass, reason); };
  if (!port) return finish(false, why);
  if (flags.port == "auto") say("Port: " + why);

  return run_to_completion([&]() -> boost::asio::awaitable<int> {
    auto ex = co_await boost::asio::this_coro::executor;
    tws::ClientIdPolicy policy;
    policy.configured_id = flags.client_id;
    policy.max_attempts = attempts;
    auto outcome = co_await tws::connect_with_retry(ex, flags.options(*port), policy, say);
    j["attempts"] = nlohmann::json::array();
    for (const auto& a : outcome.attempts) {
      j["attempts"].push_back({{"client_id", a.client_id},
                               {"error", a.failure ? a.failure->describe(flags.host, *port) : ""}});
    }
    if (!outcome.ok()) co_return finish(false, outcome.last_failure->describe(flags.host, *port));
    auto& session = *outcome.session;
    const auto& info = session.info();
    say("Connected: server version " + std::to_string(info.server_version) + ", client id " +
        std::to_string(info.client_id));
    j["server_version"] = info.server_version;
    j["client_id"] = info.client_id;
    j["accounts"] = info.accounts;

    auto summary = co_await session.request_account_summary(kSummaryTags, flags.timeout());
    if (!summary) {
      session.close("account failed");
      co_return finish(false, "account summary: " + summary.error().message);
    }
    Table st({"Account", "Tag", "Value", "Currency"});
    j["summary"] = nlohmann::json::array();
    for (const auto& r : *summary) {
      st.add({r.account, r.tag, r.value, r.currency});
      j["summary"].push_back({{"account", r.account}, {"tag", r.tag}, {"value", r.value}, {"currency", r.currency}});
    }
    say("\nAccount summary");
    if (!flags.json) st.print(stdout);

    auto positions = co_await session.request_positions(flags.timeout());
    if (!positions) {
      session.close("account failed");
      co_return finish(false, "positions: " + positions.error().message);
    }
    Table pt({"Account", "Symbol", "Type", "Exchange", "Currency", "Position", "Avg cost"});
    j["positions"] = nlohmann::json::array();
    for (const auto& p : *positions) {
      pt.add({p.account, p.contract.symbol, p.contract.sec_type, p.contract.exchange, p.contract.currency,
              p.position.to_string(), p.avg_cost.to_string()});
      j["positions"].push_back({{"account", p.account},
                                {"symbol", p.contract.symbol},
                                {"con_id", p.contract.con_id},
                                {"position", p.position.to_string()},
                                {"avg_cost", p.avg_cost.to_string()}});
    }
    say("\nPositions (" + std::to_string(positions->size()) + ")");
    if (!flags.json) {
      if (positions->empty()) {
        say("  (none)");
      } else {
        pt.print(stdout);
      }
    }
    session.close("account finished");
    say("\nDisconnected cleanly");
    co_return finish(true, "");
  });
}

}  // namespace

CommandRunner add_account_command(CLI::App& app, const GlobalOptions&) {
  auto run = std::make_shared<AccountRun>();
  auto* cmd = app.add_subcommand("account", "Connect as the runner does, print account summary and positions");
  run->flags.add_to(*cmd);
  cmd->add_option("--attempts", run->attempts, "connection attempts when a client id is in use (326)")
      ->capture_default_str()
      ->check(CLI::Range(1, 20));
  cmd->footer("Without --client-id a unique id is derived from time and PID (10000-99999).");
  return [run] { return run->run(); };
}

}  // namespace rt::app

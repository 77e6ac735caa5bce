// `robotrader check`: the quick "does the API answer" test. Connects with the diagnostic client id,
// prints the server version, connection time and accounts, asks the server's time, disconnects
// cleanly and prints Result: PASS or Result: FAIL: <stage and reason>.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "apps/commands/commands.hpp"
#include "apps/commands/connection_flags.hpp"
#include "apps/commands/json_output.hpp"
#include "apps/commands/pass_fail_report.hpp"
#include "core/client_id.hpp"
#include "tws/client/connector.hpp"

namespace rt::app {
namespace {

struct CheckRun {
  ConnectionFlags flags;
  int run();
};

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

int CheckRun::run() {
  std::string why;
  auto port = resolve_port(flags.port, false, why);
  PassFailReport report(flags.json);
  nlohmann::json& j = report.json();
  auto say = [&](const std::string& line) { report.say(line); };
  auto finish = [&](bool pass, const std::string& reason) { return report.finish(pass, reason); };
  if (!port) return finish(false, why);
  if (flags.port == "auto") say("Port: " + why);
  int client_id = flags.client_id.value_or(kDiagnosticClientId);
  j["host"] = flags.host;
  j["port"] = *port;
  j["client_id"] = client_id;
  say("Checking the TWS API at " + flags.host + ":" + std::to_string(*port) + " (client id " +
      std::to_string(client_id) + ", " + std::to_string(flags.timeout().count()) + " ms per stage)");

  return run_to_completion([&]() -> boost::asio::awaitable<int> {
    auto ex = co_await boost::asio::this_coro::executor;
    tws::ClientIdPolicy policy;
    policy.configured_id = client_id;
    auto outcome = co_await tws::connect_with_retry(ex, flags.options(*port), policy, say);
    if (!outcome.ok()) co_return finish(false, outcome.last_failure->describe(flags.host, *port));
    auto& session = *outcome.session;
    const auto& info = session.info();
    say("Server version: " + std::to_string(info.server_version));
    say("Connection time: " + info.connection_time);
    say("Accounts: [" + join(info.accounts) + "]");
    say("Next valid order id: " + std::to_string(info.next_valid_id));
    j["server_version"] = info.server_version;
    j["connection_time"] = info.connection_time;
    j["accounts"] = info.accounts;
    j["client_id"] = info.client_id;
    auto now = co_await session.request_current_time(flags.timeout());
    if (!now) {
      session.close("check failed");
      co_return finish(false, "the API did not answer reqCurrentTime: " + now.error().message);
    }
    say("Server time: " + std::to_string(*now) + " (epoch seconds)");
    j["server_time"] = json_time(Timestamp{std::chrono::seconds{*now}});
    session.close("check finished");
    say("Disconnected cleanly");
    co_return finish(true, "");
  });
}

}  // namespace

CommandRunner add_check_command(CLI::App& app, const GlobalOptions&) {
  auto run = std::make_shared<CheckRun>();
  auto* cmd = app.add_subcommand("check", "Connect, show server version and accounts, disconnect: PASS/FAIL");
  run->flags.add_to(*cmd);
  cmd->footer("Exit code 0 on PASS, 1 on FAIL. Uses client id 999 unless --client-id is given.");
  return [run] { return run->run(); };
}

}  // namespace rt::app

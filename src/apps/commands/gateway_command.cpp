// `robotrader gateway`: the IB Gateway emulator as a stand-alone process. Parses the flags into a
// GatewayConfig, serves until SIGINT/SIGTERM, then stops cleanly (every client socket closed).
// Prints one machine-readable line when ready: "listening on <address>:<port>".
#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "apps/commands/commands.hpp"
#include "core/clock.hpp"
#include "gateway/gateway_config.hpp"
#include "gateway/gateway_server.hpp"

namespace rt::app {
namespace {

struct GatewayOptions {
  int port = gateway::kDefaultPort;
  std::string bind = "127.0.0.1";
  int server_version = gateway::kMaxServerVersion;
  std::string accounts = "DU1234567";
  std::string cash = "100000";
  std::vector<std::string> faults;
  std::vector<std::string> positions;
  std::int64_t first_order_id = 1;
};

Result<gateway::GatewayConfig> make_config(const GatewayOptions& o) {
  gateway::GatewayConfig config;
  if (o.port < 0 || o.port > 65535) return fail(ErrorCode::kInvalidArgument, "--port " + std::to_string(o.port) + " is not a port");
  config.port = static_cast<std::uint16_t>(o.port);
  config.bind_address = o.bind;
  config.server_version = o.server_version;
  auto accounts = gateway::parse_accounts(o.accounts);
  if (!accounts) return fail(ErrorCode::kInvalidArgument, "--accounts: " + accounts.error().message);
  config.accounts = std::move(*accounts);
  auto cash = Decimal::parse(o.cash);
  if (!cash || cash->is_negative()) return fail(ErrorCode::kInvalidArgument, "--cash '" + o.cash + "' is not an amount");
  config.starting_cash = *cash;
  for (const auto& f : o.faults) {
    auto fault = gateway::parse_fault(f);
    if (!fault) return fail(ErrorCode::kInvalidArgument, "--fault: " + fault.error().message);
    config.faults.push_back(*fault);
  }
  for (const auto& p : o.positions) {
    auto pos = gateway::parse_position(p);
    if (!pos) return fail(ErrorCode::kInvalidArgument, "--position: " + pos.error().message);
    config.positions.push_back(std::move(*pos));
  }
  config.first_order_id = o.first_order_id;
  if (auto st = gateway::validate(config); !st) return std::unexpected(st.error());
  return config;
}

int run_gateway(const GatewayOptions& options) {
  auto config = make_config(options);
  if (!config) {
    std::fprintf(stderr, "gateway: %s\n", config.error().message.c_str());
    return 2;
  }
  boost::asio::io_context io;
  SystemClock clock;
  gateway::GatewayServer server(io, *config, clock);
  auto port = server.start();
  if (!port) {
    std::fprintf(stderr, "gateway: %s\n", port.error().message.c_str());
    return 1;
  }
  std::printf("listening on %s:%u\n", config->bind_address.c_str(), static_cast<unsigned>(*port));
  std::fflush(stdout);

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal_number) {
    if (ec) return;
    std::fprintf(stderr, "gateway: signal %d, stopping\n", signal_number);
    server.stop();
  });
  io.run();  // returns once the acceptor and every connection are closed
  return 0;
}

}  // namespace

CommandRunner add_gateway_command(CLI::App& app, const GlobalOptions& /*global*/) {
  auto options = std::make_shared<GatewayOptions>();
  auto* cmd = app.add_subcommand(
      "gateway",
      "Run the IB Gateway emulator: TWS API handshake, managed accounts, a simulated account (summary, positions, "
      "account updates) and scripted faults. Prints 'listening on <address>:<port>' when ready; stops on "
      "SIGINT/SIGTERM.");
  cmd->add_option("--port", options->port, "TCP port to listen on; 0 picks a free port")->capture_default_str();
  cmd->add_option("--bind", options->bind, "address to bind")->capture_default_str();
  cmd->add_option("--server-version", options->server_version,
                  "highest server version offered (" + std::to_string(gateway::kMinServerVersion) + "-" +
                      std::to_string(gateway::kMaxServerVersion) + "); each client gets min(its max, this)")
      ->capture_default_str();
  cmd->add_option("--accounts", options->accounts, "managed accounts, comma-separated (e.g. DU1,DU2)")
      ->capture_default_str();
  cmd->add_option("--cash", options->cash, "starting cash of each account")->capture_default_str();
  cmd->add_option("--position", options->positions,
                  "seed a position, repeatable: [ACCOUNT/]SYMBOL:QTY:AVGCOST[:MARK], e.g. AAPL:100:150.25");
  cmd->add_option("--fault", options->faults,
                  "play a fault, repeatable: no-version-reply, no-next-valid-id, close-after-preamble, "
                  "client-id-in-use");
  cmd->add_option("--first-order-id", options->first_order_id, "the nextValidId reported to every client")
      ->capture_default_str();
  return [options]() { return run_gateway(*options); };
}

}  // namespace rt::app

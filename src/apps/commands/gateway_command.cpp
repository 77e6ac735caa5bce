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

// T, T1, T2, DOWN, PERIOD, WINDOW: seconds, fractions allowed. "Login": the accepted START_API.
constexpr const char* kFaultHelp =
    "play a fault, repeatable and combinable (RELIABILITY.md row in brackets).\n"
    "Handshake (one at a time, not with login-timed faults):\n"
    "  no-version-reply        read the preamble, never answer [C1]\n"
    "  no-next-valid-id        answer the version, never send nextValidId/managedAccounts [C2]\n"
    "  close-after-preamble    read the preamble, close without a reply\n"
    "  client-id-in-use        326 on START_API, then close [C4]\n"
    "Connection scripts (seconds, fractions allowed; login = accepted START_API):\n"
    "  zombie[:K]              keep client-closed sockets open (CLOSE_WAIT); after K (3) stop\n"
    "                          answering handshakes [C3]\n"
    "  drop-after-messages:N[:once]   FIN after the Nth frame sent (version reply counts) [C5]\n"
    "  reset-after-messages:N[:once]  RST (SO_LINGER 0) after the Nth frame sent [C5]\n"
    "  drop-after:T[:once]     FIN T s after login [C5]\n"
    "  reset-after:T[:once]    RST T s after login [C5]\n"
    "  lost-restored:T1:T2[:data-lost|data-maintained][:repeat]\n"
    "                          1100 T1 s after login, then 1101 (data-lost) or 1102 (default)\n"
    "                          T2 s later; repeat: again T1 s after each restore [C6, C7]\n"
    "  farm-flap:PERIOD[:COUNT]  2103 broken / 2104 OK (usfarm) alternately every PERIOD s from\n"
    "                          login, COUNT broken+OK pairs (default forever); never closes [C8]\n"
    "  restart-after:T:DOWN    T s after start close everything and the port (connect refused)\n"
    "                          for DOWN s, then listen on the same port [C9]\n"
    "  restart-every:T:DOWN    the same, again T s after each re-listen [C9]\n"
    "  port-reset-after:T[:once]  1300 T s after login, then close [C5]\n"
    "  throttle:N[:WINDOW]     accept at most N connections per rolling WINDOW s (60); reset the\n"
    "                          rest at once [C10]\n"
    "  latency:MS              send every frame MS ms late, in order\n"
    "  silence-after:T[:once]  T s after login send nothing more, keep reading, keep the socket\n"
    "                          open [C11]\n"
    "  slow-historical:MS[:SYMBOL]  historical replies (for SYMBOL, or all) leave MS ms late while\n"
    "                          other replies flow [C13]\n"
    "  mute-symbol:SYMBOL:T:FOR  T s after login SYMBOL's real-time bars and ticks stop for FOR s,\n"
    "                          every other symbol flowing [D8]\n"
    "Order faults (the broker):\n"
    "  fill-after-cancel[:once]     a cancel is confirmed (PendingCancel, 202, Cancelled), then the\n"
    "                          remaining quantity is reported filled [O4]\n"
    "  fills-without-status[:once]  fills send execDetails + commissionReport, no orderStatus [O3]\n"
    "  duplicate-exec[:once]   every execDetails is sent twice, same execId [O5]\n"
    "  drop-before-ack[:once]  close the connection after a placeOrder is accepted, before its\n"
    "                          openOrder/orderStatus; the order keeps working [O2, O9]\n"
    "  reject-orders[:CODE]    reject every placeOrder with CODE (201) [O7]\n"
    "once: only the first session (or order) the fault fires on is affected.";

struct GatewayOptions {
  int port = gateway::kDefaultPort;
  std::string bind = "127.0.0.1";
  int server_version = gateway::kMaxServerVersion;
  std::string accounts = "DU1234567";
  std::string cash = "100000";
  std::vector<std::string> faults;
  std::vector<std::string> positions;
  std::int64_t first_order_id = 1;
  // The broker.
  bool partial_fills = false;
  int slippage_ticks = 0;
  std::string commission_per_share = "0.005";
  std::string commission_min = "1";
  std::string commission_schedule = "fixed";
  // The market.
  std::uint64_t seed = 1;
  double speed = 1.0;
  std::string start;
  std::vector<std::string> replays;
  std::string delayed_only;
  std::string unknown_symbols;
  std::size_t max_lines = gateway::kDefaultMaxLines;
  std::uint32_t max_msg_rate = gateway::kDefaultMaxMsgRate;
  bool no_pacing = false;
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
    if (auto st = gateway::add_fault_spec(config, f); !st) {
      return fail(ErrorCode::kInvalidArgument, "--fault: " + st.error().message);
    }
  }
  for (const auto& p : o.positions) {
    auto pos = gateway::parse_position(p);
    if (!pos) return fail(ErrorCode::kInvalidArgument, "--position: " + pos.error().message);
    config.positions.push_back(std::move(*pos));
  }
  config.first_order_id = o.first_order_id;
  config.broker.partial_fills = o.partial_fills;
  config.broker.slippage_ticks = o.slippage_ticks;
  auto per_share = Decimal::parse(o.commission_per_share);
  if (!per_share || per_share->is_negative()) {
    return fail(ErrorCode::kInvalidArgument, "--commission-per-share '" + o.commission_per_share + "' is not an amount");
  }
  config.broker.commission.per_share = *per_share;
  auto minimum = Decimal::parse(o.commission_min);
  if (!minimum || minimum->is_negative()) {
    return fail(ErrorCode::kInvalidArgument, "--commission-min '" + o.commission_min + "' is not an amount");
  }
  config.broker.commission.minimum = *minimum;
  auto schedule = gateway::parse_commission_schedule(o.commission_schedule);
  if (!schedule) return fail(ErrorCode::kInvalidArgument, "--commission-schedule: " + schedule.error().message);
  config.broker.commission.schedule = *schedule;
  auto& market = config.market;
  market.seed = o.seed;
  market.speed = o.speed;
  if (!o.start.empty()) {
    auto start = gateway::parse_new_york_time(o.start);
    if (!start) return fail(ErrorCode::kInvalidArgument, "--start: " + start.error().message);
    market.start = *start;
  }
  for (const auto& r : o.replays) {
    auto spec = gateway::parse_replay(r);
    if (!spec) return fail(ErrorCode::kInvalidArgument, "--replay: " + spec.error().message);
    market.replays.push_back(std::move(*spec));
  }
  auto delayed = gateway::parse_symbol_list(o.delayed_only);
  if (!delayed) return fail(ErrorCode::kInvalidArgument, "--delayed-only: " + delayed.error().message);
  market.delayed_only = std::move(*delayed);
  auto unknown = gateway::parse_symbol_list(o.unknown_symbols);
  if (!unknown) return fail(ErrorCode::kInvalidArgument, "--unknown-symbol: " + unknown.error().message);
  market.unknown_symbols = std::move(*unknown);
  market.max_lines = o.max_lines;
  market.max_msg_rate = o.max_msg_rate;
  market.historical_pacing = !o.no_pacing;
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
  SystemClock clock;  // the server runs its simulated market clock (--start, --speed) over it
  SteadyClock steady;  // the faults' real-time delays and windows
  gateway::GatewayServer server(io, *config, clock, steady);
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
      "account updates), a simulated market (contract details, quotes, historical and real-time bars, seeded or "
      "replayed from CSV, on a simulated clock, with IB's pacing and line limits) and scripted faults. Prints 'listening on <address>:<port>' when ready; stops on "
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
  cmd->add_option("--fault", options->faults, kFaultHelp);
  cmd->add_option("--first-order-id", options->first_order_id, "the nextValidId reported to every client")
      ->capture_default_str();
  cmd->add_flag("--partial-fills", options->partial_fills,
                "fill each order in 2-4 chunks, one per matching pass (orderStatus Submitted with filled/remaining "
                "between them)");
  cmd->add_option("--slippage-ticks", options->slippage_ticks,
                  "market and triggered stop orders fill this many $0.01 ticks worse than the touch (0-1000)")
      ->capture_default_str();
  cmd->add_option("--commission-per-share", options->commission_per_share,
                  "commission per share, charged per order (capped at 1% of the trade value)")
      ->capture_default_str();
  cmd->add_option("--commission-min", options->commission_min, "minimum commission per order")->capture_default_str();
  cmd->add_option("--commission-schedule", options->commission_schedule,
                  "IB's fixed schedule (--commission-per-share, --commission-min) or its tiered one (0.0035 a share "
                  "falling with the month's volume, 0.35 minimum, plus 0.0002 clearing)")
      ->capture_default_str();
  cmd->add_option("--seed", options->seed, "seed of the synthetic market (same seed, same prices)")->capture_default_str();
  cmd->add_option("--speed", options->speed,
                  "simulated seconds per real second (60: one trading hour per real minute)")
      ->capture_default_str();
  cmd->add_option("--start", options->start,
                  "simulated start time, New York: \"YYYY-MM-DD HH:MM\" (default: now)");
  cmd->add_option("--replay", options->replays,
                  "replay a CSV of daily or minute bars as a symbol's market, repeatable: PATH[:SYMBOL] "
                  "(default symbol: the file name up to '-', e.g. data/orcl-1995-2014.txt -> ORCL)");
  cmd->add_option("--delayed-only", options->delayed_only,
                  "symbols without a live subscription, comma-separated: live requests get 354, "
                  "reqMarketDataType(3) gets 10167 and delayed ticks");
  cmd->add_option("--unknown-symbol", options->unknown_symbols,
                  "symbols with no security definition (200), comma-separated");
  cmd->add_option("--max-lines", options->max_lines,
                  "market data lines per client (reqMktData streams + real-time bars), 101 beyond; 0 = unlimited")
      ->capture_default_str();
  cmd->add_option("--max-msg-rate", options->max_msg_rate,
                  "client messages per second before error 100 (the 3rd violation drops the client); 0 = unlimited")
      ->capture_default_str();
  cmd->add_flag("--no-pacing", options->no_pacing,
                "do not enforce IB's historical pacing rules (identical within 15 s, 5 per contract in 2 s, "
                "60 small-bar requests per 10 min)");
  return [options]() { return run_gateway(*options); };
}

}  // namespace rt::app

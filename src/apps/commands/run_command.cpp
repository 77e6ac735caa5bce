// `robotrader run --symbols AAPL,MSFT`: the trader. Loads the configuration (defaults, --config
// TOML, ROBOTRADER_* environment, flags; later wins), opens the store, and runs the Trader kernel
// on one event loop until Ctrl-C/SIGTERM, --once, or (--until-close) the session close.
// --sim starts the emulator in this process on an ephemeral loopback port (its simulated market
// clock is the trader's clock) and trades against it over TCP; the end-of-run summary is printed,
// and the database is left for `robotrader report`.
// The dashboard (on by default, loopback only) is served from the same event loop; the line
// "dashboard: <url>" on stdout names the address it listens on (--http 127.0.0.1:0 picks a port).
// --json: the summary is one JSON document on stdout (docs/schemas/run.schema.json) and every
// other line, the dashboard's address included, goes to stderr.
#include <CLI/CLI.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#include "apps/commands/commands.hpp"
#include "apps/commands/connection_flags.hpp"
#include "apps/commands/json_output.hpp"
#include "apps/commands/run_json.hpp"
#include "apps/commands/sim_account.hpp"
#include "apps/commands/table.hpp"
#include "gateway/gateway_server.hpp"
#include "runner/runner_config.hpp"
#include "runner/trader.hpp"
#include "store/database.hpp"
#include "store/database_lock.hpp"
#include "trading/market/eastern_time.hpp"
#include "trading/market/market_calendar.hpp"
#include "web/dashboard_wiring.hpp"
#include "web/log_tail.hpp"
#include "web/trader_dashboard.hpp"

namespace rt::app {
namespace {

namespace asio = boost::asio;

struct RunOptions {
  std::string symbols;
  std::string config_file;
  std::string database;
  bool dry_run = false;
  bool once = false;
  bool sim = false;
  std::optional<double> speed;  // unset: the config's sim.speed
  std::string sim_start;
  std::vector<std::string> replays;
  std::vector<std::string> sim_positions;
  bool until_close = false;
  std::string http;
  std::string http_token;
  bool no_http = false;
  bool live = false;
  std::vector<std::string> sets;
  std::vector<std::string> params;
  std::string strategy;
  std::string port;
  std::optional<int> client_id;
  bool json = false;
};

// The open of the last NYSE session that started before now (a whole simulated day lies ahead).
Timestamp default_sim_start(const Clock& clock) {
  trading::MarketCalendar cal;
  auto day = std::chrono::sys_days{trading::EasternTime::local_date(clock.now())} - std::chrono::days{1};
  for (int i = 0; i < 14; ++i, day -= std::chrono::days{1}) {
    if (auto s = cal.session(trading::Date{day})) return s->open;
  }
  return clock.now();
}

// Trader lines worth a colour in the dashboard's log tail.
const char* level_of(const std::string& line) {
  for (const char* prefix : {"DENIED", "KILL SWITCH", "STOP", "connection lost", "connection degraded",
                             "store error", "skipped", "daily loss limit", "reconcile:"}) {
    if (line.starts_with(prefix)) return "warn";
  }
  return "info";
}

std::string dashboard_mode(const RunOptions& o, const runner::RunnerConfig& config) {
  std::string mode = o.sim ? "sim" : (o.live && config.allow_live ? "live" : "paper");
  return config.dry_run ? mode + ", dry run" : mode;
}

void print_summary(const runner::TraderSummary& s) {
  std::printf("\n== run summary (%s)\n", s.ended_by.c_str());
  Table t({"Symbols", "Bars", "Signals", "Orders", "Fills", "Risk denials", "OMS denials", "Stops", "Reconciles"});
  t.add({std::to_string(s.symbols_trading), std::to_string(s.bars), std::to_string(s.signals),
         std::to_string(s.orders), std::to_string(s.fills), std::to_string(s.risk_denials),
         std::to_string(s.oms_denials), std::to_string(s.stops_triggered), std::to_string(s.reconciliations)});
  t.print(stdout);
  Table a({"Start equity", "Equity", "P&L", "Cash", "Realized", "Unrealized", "Commissions", "Positions",
           "Open orders", "Kill switch"});
  a.add({s.start_equity.to_string_fixed(2), s.equity.to_string_fixed(2), (s.equity - s.start_equity).to_string_fixed(2),
         s.cash.to_string_fixed(2), s.realized.to_string_fixed(2), s.unrealized.to_string_fixed(2),
         s.commissions.to_string_fixed(2), std::to_string(s.open_positions), std::to_string(s.open_orders),
         s.kill_switch ? "ENGAGED: " + s.kill_switch_reason : "off"});
  a.print(stdout);
  if (s.broker_net_liquidation) {
    std::printf("IB NetLiquidation %s, cash %s: %s (%s)\n", s.broker_net_liquidation->to_string_fixed(2).c_str(),
                s.broker_cash ? s.broker_cash->to_string_fixed(2).c_str() : "-",
                s.broker_agrees ? "agrees with the books" : "DIFFERS from the books", s.broker_comparison.c_str());
  }
  if (s.broker_positions_checked > 0 || !s.broker_positions_differ.empty()) {
    std::printf("IB positions (reqPnLSingle): %lld checked, %zu differ\n",
                static_cast<long long>(s.broker_positions_checked), s.broker_positions_differ.size());
    for (const auto& d : s.broker_positions_differ) std::printf("  DIFFERS %s\n", d.c_str());
  }
  for (const auto& k : s.skipped) std::printf("skipped %s\n", k.c_str());
  for (const auto& f : s.strategy_failures) std::printf("strategy failed %s (no new entry after it)\n", f.c_str());
  std::fflush(stdout);
}

int run_trader(const RunOptions& o) {
  const JsonStdout json_out(o.json);
  std::vector<runner::ConfigOverride> overrides;
  if (!o.symbols.empty()) overrides.push_back({"trading.symbols", o.symbols, "--symbols"});
  if (!o.database.empty()) overrides.push_back({"store.database", o.database, "--db"});
  if (o.dry_run) overrides.push_back({"trading.dry_run", "true", "--dry-run"});
  if (!o.port.empty()) overrides.push_back({"connection.port", o.port, "--port"});
  for (const auto& kv : o.sets) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "run: --set %s: expected key=value\n", kv.c_str());
      return 2;
    }
    overrides.push_back({kv.substr(0, eq), kv.substr(eq + 1), "--set"});
  }
  if (!o.strategy.empty()) overrides.push_back({"trading.strategy", o.strategy, "--strategy"});
  for (const auto& kv : o.params) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "run: --param %s: expected name=value\n", kv.c_str());
      return 2;
    }
    overrides.push_back({"strategy.params." + kv.substr(0, eq), kv.substr(eq + 1), "--param"});
  }
  if (!o.sim_positions.empty() && !o.sim) {
    std::fprintf(stderr, "run: --sim-position needs --sim (it seeds the in-process emulator's account)\n");
    return 2;
  }
  if (!o.replays.empty() && !o.sim) {
    std::fprintf(stderr, "run: --replay needs --sim (it sets what the in-process emulator plays)\n");
    return 2;
  }
  if (o.sim && o.database.empty()) overrides.push_back({"store.database", "robotrader-sim.db", "--sim"});
  std::optional<std::filesystem::path> file;
  if (!o.config_file.empty()) file = o.config_file;
  auto config = runner::load_runner_config(file, runner::process_environment(), overrides);
  if (!config) {
    std::fprintf(stderr, "run: %s\n", config.error().message.c_str());
    return 2;
  }
  if (o.client_id) config->client_id = o.client_id;
  if (!o.http.empty()) config->http_listen = o.http;
  if (!o.http_token.empty()) config->http_token = o.http_token;
  if (o.no_http) config->http_enabled = false;
  web::WebOptions web_options;
  web_options.enabled = false;
  if (config->http_enabled) {
    auto parsed = web::parse_web_options(config->http_listen, config->http_token);
    if (!parsed) {
      std::fprintf(stderr, "run: %s\n", parsed.error().message.c_str());
      return 2;
    }
    web_options = *parsed;
    // Refuse a bad address or token before anything starts.
    if (auto st = web::check_web_options(web_options); !st) {
      std::fprintf(stderr, "run: %s\n", st.error().message.c_str());
      return 2;
    }
  }
  if (config->symbols.empty()) {
    std::fprintf(stderr, "run: no symbols: give --symbols AAPL,MSFT or trading.symbols in the configuration\n");
    return 2;
  }
  if (o.live && !config->allow_live) {
    std::fprintf(stderr,
                 "run: --live was given but allow_live is not set in the configuration: live trading needs both "
                 "(set trading.allow_live = true); refusing to start\n");
    return 2;
  }

  // One trader per database, taken before the database is touched.
  auto lock = store::DatabaseLock::acquire(config->database.string(), "robotrader run");
  if (!lock) {
    std::fprintf(stderr, "run: %s\n", lock.error().message.c_str());
    return 1;
  }
  auto db = store::Database::open(config->database.string());
  if (!db) {
    std::fprintf(stderr, "run: %s\n", db.error().message.c_str());
    return 1;
  }

  asio::io_context io;
  SystemClock wall;
  SteadyClock steady;  // every real-time wait and deadline, whatever the market clock's speed
  std::unique_ptr<gateway::GatewayServer> emulator;
  const Clock* market_clock = &wall;
  runner::TraderOptions topt;
  topt.config = *config;
  topt.live_flag = o.live;
  topt.once = o.once;
  topt.until_close = o.until_close;
  if (config->startup_wait_seconds > 0) {
    topt.connect_wait = std::chrono::milliseconds(static_cast<std::int64_t>(config->startup_wait_seconds * 1000));
  }

  if (o.sim) {
    gateway::GatewayConfig g;
    g.port = 0;
    g.market.seed = config->sim_seed;
    g.broker.commission.schedule = *gateway::parse_commission_schedule(config->sim_commission);
    g.market.speed = o.speed.value_or(config->sim_speed);
    if (!o.sim_start.empty()) {
      auto start = gateway::parse_new_york_time(o.sim_start);
      if (!start) {
        std::fprintf(stderr, "run: --sim-start: %s\n", start.error().message.c_str());
        return 2;
      }
      g.market.start = *start;
    } else {
      g.market.start = default_sim_start(wall);
    }
    for (const auto& text : o.replays) {
      auto replay = gateway::parse_replay(text);
      if (!replay) {
        std::fprintf(stderr, "run: --replay %s: %s\n", text.c_str(), replay.error().message.c_str());
        return 2;
      }
      g.market.replays.push_back(*replay);
    }
    // The simulated account continues the database's books and never goes back in time.
    auto books = read_sim_account_books(*db);
    if (!books) {
      std::fprintf(stderr, "run: %s\n", books.error().message.c_str());
      return 1;
    }
    if (books->cash) g.starting_cash = *books->cash;
    g.positions = books->positions;
    // A position the broker holds beyond the database's books (a trade made elsewhere).
    for (const auto& text : o.sim_positions) {
      auto extra = gateway::parse_position(text);
      if (!extra) {
        std::fprintf(stderr, "run: --sim-position %s: %s\n", text.c_str(), extra.error().message.c_str());
        return 2;
      }
      auto same = std::find_if(g.positions.begin(), g.positions.end(),
                               [&](const gateway::SeedPosition& p) { return p.symbol == extra->symbol; });
      if (same == g.positions.end()) {
        g.positions.push_back(*extra);
      } else {
        same->quantity += extra->quantity;
      }
    }
    if (g.market.replays.empty()) {
      const Timestamp asked = *g.market.start;
      g.market.start = continue_after(asked, books->last_activity);
      if (*g.market.start != asked) {
        std::printf("simulation: the database's books run to %s; the market clock starts on the next session day, "
                    "%s New York time\n",
                    gateway::format_new_york_time(*books->last_activity).c_str(),
                    gateway::format_new_york_time(*g.market.start).c_str());
      }
    }
    topt.clock_speed = g.market.speed;
    topt.starting_cash = g.starting_cash;
    emulator = std::make_unique<gateway::GatewayServer>(io, g, wall, steady);
    auto port = emulator->start();
    if (!port) {
      std::fprintf(stderr, "run: the emulator did not start: %s\n", port.error().message.c_str());
      return 1;
    }
    topt.port = *port;
    market_clock = &emulator->market_clock();
    std::printf("simulation: emulator on 127.0.0.1:%u, market clock from %s New York time at %gx, account %s, "
                "%zu positions from the database\n",
                static_cast<unsigned>(*port), gateway::format_new_york_time(*g.market.start).c_str(), g.market.speed,
                g.accounts.front().c_str(), g.positions.size());
  } else {
    std::string why;
    auto port = resolve_port(config->port, o.live && config->allow_live, why);
    if (!port) {
      std::fprintf(stderr, "run: %s\n", why.c_str());
      return 1;
    }
    topt.port = *port;
  }
  // Trader lines go to stdout and, for the dashboard, into the log tail with spdlog's lines.
  std::shared_ptr<web::LogTail> log_tail;
  if (web_options.enabled) {
    log_tail = std::make_shared<web::LogTail>();
    web::LogTail::attach_to_default_logger(log_tail);
    topt.out = [log_tail, &wall](const std::string& line) {
      std::fputs(line.c_str(), stdout);
      std::fputc('\n', stdout);
      std::fflush(stdout);
      log_tail->add(std::chrono::duration_cast<std::chrono::milliseconds>(wall.now().time_since_epoch()).count(),
                    level_of(line), line);
    };
  }
  std::printf("run: %zu symbols, strategy %s, bars %s, database %s%s%s\n", config->symbols.size(),
              config->strategy.c_str(), config->bar_size.c_str(), config->database.string().c_str(),
              config->dry_run ? ", DRY RUN (no orders are sent)" : "", o.once ? ", once" : "");
  std::fflush(stdout);

  runner::Trader trader(io.get_executor(), *market_clock, wall, steady, *db, topt);
  std::unique_ptr<web::TraderDashboard> dashboard;
  if (web_options.enabled) {
    web::TraderDashboardOptions dopt;
    dopt.web = web_options;
    dopt.mode = dashboard_mode(o, *config);
    dopt.log = log_tail;
    auto started = web::TraderDashboard::start(io.get_executor(), trader, *db, std::move(dopt));
    if (!started) {
      std::fprintf(stderr, "run: %s\n", started.error().message.c_str());
      return 2;
    }
    dashboard = std::move(*started);
    std::printf("dashboard: %s%s\n", dashboard->url().c_str(),
                web_options.token.empty() ? "" : " (every request needs the token: ?token=... or a Bearer header)");
  }
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    std::printf("%s: stopping entries, flushing, disconnecting\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    std::fflush(stdout);
    trader.stop(sig == SIGINT ? "SIGINT" : "SIGTERM");
  });
  int code = 0;
  asio::steady_timer finish(io);
  asio::co_spawn(io, trader.run(), [&](std::exception_ptr e, Result<runner::TraderSummary> r) {
    signals.cancel();
    if (dashboard) dashboard->stop();
    if (emulator) emulator->stop();
    // The session is closed; give the last socket closes a moment, then leave the loop even if a
    // component still holds an idle timer.
    finish.expires_after(std::chrono::milliseconds(20));
    finish.async_wait([&io](const boost::system::error_code&) { io.stop(); });
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        std::fprintf(stderr, "run: %s\n", ex.what());
      }
      code = 1;
      return;
    }
    if (!r) {
      std::fprintf(stderr, "run: %s\n", r.error().message.c_str());
      code = r.error().code == ErrorCode::kCancelled ? 130 : 1;  // stopped by a signal before it started
      return;
    }
    if (json_out.enabled()) json_out.emit(run_summary_json(*r));
    else print_summary(*r);
  });
  io.run();
  return code;
}

}  // namespace

CommandRunner add_run_command(CLI::App& app, const GlobalOptions& /*global*/) {
  auto o = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand("run", "the trader: market data, strategies, risk, orders and stops on one event loop");
  cmd->add_option("--symbols", o->symbols, "symbols to trade, comma-separated (default: trading.symbols)");
  cmd->add_option("--config", o->config_file, "TOML configuration file (see robotrader.example.toml)");
  cmd->add_option("--db", o->database, "SQLite database (default: store.database)");
  cmd->add_flag("--dry-run", o->dry_run, "everything but sending orders; signals and would-be orders are stored");
  cmd->add_flag("--once", o->once, "evaluate every symbol on its latest bars, act, and exit");
  cmd->add_flag("--sim", o->sim, "start the emulator in this process and trade against it on its simulated clock");
  // The same range as the sim.speed key: 0 or a negative speed is a usage error, not a default.
  cmd->add_option("--speed", o->speed, "with --sim: simulated seconds per real second (default: sim.speed)")
      ->check(CLI::Range(0.01, 100000.0));
  cmd->add_option("--sim-start", o->sim_start, "with --sim: simulated start, New York time (\"2025-01-15 09:30\")");
  cmd->add_option("--replay", o->replays,
                  "with --sim: replay a CSV of real bars as SYMBOL's market: PATH[:SYMBOL] (repeatable; see "
                  "robotrader gateway --replay)");
  cmd->add_option("--sim-position", o->sim_positions,
                  "with --sim: a position the emulator's account holds beyond the database's books, "
                  "SYMBOL:QTY:AVGCOST (repeatable; a trade made elsewhere, for reconciliation)");
  cmd->add_flag("--until-close", o->until_close, "stop by itself at the session close (a simulated day with --sim)");
  cmd->add_option("--http", o->http,
                  "dashboard address host:port (default http.listen, 127.0.0.1:8080; port 0 picks a free one)");
  cmd->add_option("--http-token", o->http_token,
                  "dashboard token (16+ of A-Z a-z 0-9 . _ ~ -); required to bind beyond loopback "
                  "(prefer http.token or ROBOTRADER_HTTP_TOKEN: flags show in the process list)");
  cmd->add_flag("--no-http", o->no_http, "do not serve the dashboard");
  cmd->add_flag("--live", o->live, "allow a live account; also needs trading.allow_live = true");
  cmd->add_option("--set", o->sets, "override a configuration key: --set risk.max_position_pct=1.5 (repeatable)");
  cmd->add_option("--strategy", o->strategy,
                  "sma_cross, momentum, mean_reversion, breakout, file.py:Class or lib.so:Class (trading.strategy)");
  cmd->add_option("--param", o->params, "strategy parameter: --param fast=5 (repeatable)");
  cmd->add_option("--port", o->port, "TWS/Gateway API port, or \"auto\" (default: connection.port)");
  cmd->add_option("--client-id", o->client_id, "API client id (default: derived from time and PID)");
  cmd->add_flag("--json", o->json, "print the end-of-run summary as JSON on stdout; every other line goes to stderr");
  return [o]() { return run_trader(*o); };
}

}  // namespace rt::app

// `robotrader bars AAPL --duration "2 D" --bar-size "5 mins"`: historical bars for one or more
// symbols, paced by the pacing scheduler, printed as a table (times in New York) or as CSV
// (symbol,start_utc,open,high,low,close,volume,wap,trades). Unknown symbols are reported and skipped;
// the exit code is 1 when any symbol failed. --json: one document with every symbol's bars
// (docs/schemas/bars.schema.json).
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>

#include "apps/commands/bars_json.hpp"
#include "apps/commands/commands.hpp"
#include "apps/commands/connection_flags.hpp"
#include "apps/commands/json_output.hpp"
#include "apps/commands/table.hpp"
#include "ib/market_data/instrument_contract.hpp"
#include "ib/market_data/market_data_stack.hpp"
#include "trading/market/eastern_time.hpp"

namespace rt::app {
namespace {

namespace asio = boost::asio;

std::string new_york_text(Timestamp t) {
  auto date = trading::EasternTime::local_date(t);
  auto tod = std::chrono::duration_cast<std::chrono::seconds>(trading::EasternTime::local_time_of_day(t)).count();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02lld:%02lld:%02lld", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<long long>(tod / 3600), static_cast<long long>(tod / 60 % 60),
                static_cast<long long>(tod % 60));
  return buf;
}

std::string utc_text(Timestamp t) {
  auto secs = std::chrono::floor<std::chrono::seconds>(t);
  auto day = std::chrono::floor<std::chrono::days>(secs);
  std::chrono::year_month_day ymd{day};
  auto tod = (secs - day).count();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long long>(tod / 3600), static_cast<long long>(tod / 60 % 60),
                static_cast<long long>(tod % 60));
  return buf;
}

struct BarsRun {
  ConnectionFlags flags;
  std::vector<std::string> symbols;
  ib::HistoricalQuery query;
  bool csv = false;
  int run();
};

int BarsRun::run() {
  std::string why;
  auto port = resolve_port(flags.port, false, why);
  if (!port) {
    std::fprintf(stderr, "Result: FAIL: %s\n", why.c_str());
    return 1;
  }
  return run_to_completion([&]() -> asio::awaitable<int> {
    auto ex = co_await asio::this_coro::executor;
    SystemClock clock;
    SteadyClock steady;
    ib::ConnectionManagerConfig cfg;
    cfg.connect = flags.options(*port);
    cfg.ids.configured_id = flags.client_id;
    auto made = ib::MarketDataStack::create(ex, cfg, ib::PacingPolicy{}, ib::MarketDataOptions{}, clock, steady);
    if (!made) {
      std::fprintf(stderr, "Result: FAIL: %s\n", made.error().message.c_str());
      co_return 1;
    }
    auto& stack = **made;
    stack.client().on_notice([](const ib::MarketDataNotice& n) { std::fprintf(stderr, "%s\n", n.message.c_str()); });
    stack.start();
    if (!co_await stack.connections().wait_ready(flags.timeout())) {
      auto failure = stack.connections().last_failure();
      std::string reason = failure ? failure->describe(flags.host, *port) : "not ready in time";
      stack.stop();
      std::fprintf(stderr, "Result: FAIL: %s\n", reason.c_str());
      co_return 1;
    }
    if (csv && !flags.json) std::printf("symbol,start_utc,open,high,low,close,volume,wap,trades\n");
    nlohmann::json doc = {{"series", nlohmann::json::array()}, {"failed", nlohmann::json::array()}};
    int failed = 0;
    for (const auto& symbol : symbols) {
      auto contract = co_await stack.resolver().resolve(symbol);
      if (!contract) {
        std::fprintf(stderr, "%s: %s, skipped\n", symbol.c_str(), contract.error().message.c_str());
        doc["failed"].push_back({{"symbol", symbol}, {"reason", contract.error().message}});
        ++failed;
        continue;
      }
      auto asked = query;
      if (asked.what_to_show.empty())
        asked.what_to_show = std::string(ib::history_source(contract->instrument));
      auto bars = co_await stack.client().historical_bars(contract->contract, asked);
      if (!bars) {
        std::fprintf(stderr, "%s: %s\n", symbol.c_str(), bars.error().message.c_str());
        doc["failed"].push_back({{"symbol", symbol}, {"reason", bars.error().message}});
        ++failed;
        continue;
      }
      if (flags.json) {
        doc["series"].push_back(bar_series_json(symbol, asked, *bars));
        continue;
      }
      if (csv) {
        for (const auto& b : *bars) {
          std::printf("%s,%s,%s,%s,%s,%s,%s,%s,%d\n", symbol.c_str(), utc_text(b.start).c_str(),
                      b.open.to_string().c_str(), b.high.to_string().c_str(), b.low.to_string().c_str(),
                      b.close.to_string().c_str(), b.volume.to_string().c_str(), b.wap.to_string().c_str(),
                      b.trade_count);
        }
        continue;
      }
      std::printf("%s  %s bars, %s, %s%s (%zu)\n", symbol.c_str(), query.bar_size.c_str(),
                  query.duration.c_str(), asked.what_to_show.c_str(), query.use_rth ? ", regular hours" : "",
                  bars->size());
      Table table({"Start (New York)", "Open", "High", "Low", "Close", "Volume", "WAP", "Trades"});
      for (const auto& b : *bars) {
        table.add({new_york_text(b.start), b.open.to_string(), b.high.to_string(), b.low.to_string(),
                   b.close.to_string(), b.volume.to_string(), b.wap.to_string(), std::to_string(b.trade_count)});
      }
      table.print(stdout);
    }
    stack.stop();
    if (flags.json) print_json(doc);
    std::fflush(stdout);
    co_return failed == 0 ? 0 : 1;
  });
}

}  // namespace

CommandRunner add_bars_command(CLI::App& app, const GlobalOptions&) {
  auto run = std::make_shared<BarsRun>();
  run->query.use_rth = false;
  run->query.what_to_show.clear();  // the instrument's: TRADES, MIDPOINT for a currency pair
  auto* cmd = app.add_subcommand("bars", "Fetch historical bars (paced) as a table or CSV");
  cmd->add_option("symbols", run->symbols,
                  "instrument names: AAPL, ES.FUT.CME, ESZ6, EUR.USD (docs/instruments.md)")
      ->required();
  run->flags.add_to(*cmd);
  cmd->add_option("--duration", run->query.duration, "how far back: \"3600 S\", \"2 D\", \"1 W\", \"1 M\", \"1 Y\"")
      ->capture_default_str();
  // A bar size IB does not know is a usage error, refused before anything connects.
  const CLI::Validator bar_size(
      [](std::string& text) -> std::string {
        auto size = trading::BarSize::parse(text);
        return size ? std::string() : size.error().message;
      },
      "BAR SIZE");
  cmd->add_option("--bar-size", run->query.bar_size, "\"1 min\", \"5 mins\", \"1 hour\", \"1 day\", ...")
      ->capture_default_str()
      ->check(bar_size);
  cmd->add_option(
      "--what", run->query.what_to_show,
      "TRADES, MIDPOINT, BID, ASK, BID_ASK, ADJUSTED_LAST; default TRADES, MIDPOINT for a currency pair");
  cmd->add_option("--end", run->query.end, "end time (\"20250114 16:00:00 US/Eastern\"); default now");
  cmd->add_flag("--rth", run->query.use_rth, "regular trading hours only");
  cmd->add_flag("--csv", run->csv, "print CSV instead of a table")->excludes("--json");
  return [run] { return run->run(); };
}

}  // namespace rt::app

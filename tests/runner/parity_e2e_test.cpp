// Parity between the live trader and the backtester: the same real minute bars replayed by the
// emulator (`run --sim --replay`) to the Trader over TCP, and read from the CSV by the
// BacktestEngine, give the same signals (bar by bar, side and price) and the same trades (side and
// quantity, in order). The two share the strategy, desk, risk, sizing and OMS code; this shows
// nothing on the live path (history warm-up, 5-second bars aggregated, the emulator's replay)
// changes what the strategy sees.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <map>
#include <optional>
#include <unistd.h>

#include "backtest/csv_bars.hpp"
#include "backtest/engine.hpp"
#include "gateway/gateway_server.hpp"
#include "runner/risk_state_store.hpp"
#include "runner/trader.hpp"
#include "store/order_journal.hpp"
#include "support/io_runner.hpp"
#include "support/temp_db.hpp"
#include "trading/market/eastern_time.hpp"

namespace rt::runner {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

const std::string kMinuteFile = std::string(RT_DATA_DIR) + "/2006-01-02-volume-min-001.txt";
constexpr const char* kSymbol = "ES";
// The emulator's clock starts at kTradeFrom; the trader needs a few market minutes to connect,
// reconcile and warm up (at 250x a real second is four market minutes), so the signals are
// compared from kCompareFrom, and the trades from the first buy after the first sell past it,
// when both sides are flat whatever they did before. Both stop at kTradeTo.
// The speed leaves a bar 240 ms of real time: an order placed on one bar has filled (journal and
// fill committed to SQLite with fsync, on a disk other tests share) before the next bar signals.
constexpr const char* kTradeFrom = "2006-01-04 14:30";
constexpr const char* kCompareFrom = "2006-01-04 14:40";
constexpr const char* kTradeTo = "2006-01-04 15:40";
const Decimal kCash = Decimal::from_int(10'000'000);  // the series trades near 3,600 a contract

struct SignalKey {
  std::string side;
  Decimal price;
  bool operator==(const SignalKey&) const = default;
};

std::ostream& operator<<(std::ostream& os, const SignalKey& k) { return os << k.side << "@" << k.price.to_string(); }

struct TradeKey {
  std::string side;
  Decimal quantity;
  bool operator==(const TradeKey&) const = default;
};

struct TimedSignal {
  Timestamp bar_end;
  SignalKey key;
};

struct TimedTrade {
  Timestamp created;
  TradeKey key;
};

// What both sides must agree on: the signals past kCompareFrom, and the trades from the first buy
// signal after the first sell signal past it.
struct Compared {
  std::vector<SignalKey> signals;
  std::vector<TradeKey> trades;
};

Compared compare_window(const std::vector<TimedSignal>& signals, const std::vector<TimedTrade>& trades) {
  const Timestamp from = gateway::parse_new_york_time(kCompareFrom).value();
  Compared c;
  std::optional<Timestamp> flat_buy;
  bool sold = false;
  for (const auto& s : signals) {
    if (s.bar_end <= from) continue;
    c.signals.push_back(s.key);
    if (s.key.side == "sell") sold = true;
    if (sold && !flat_buy && s.key.side == "buy") flat_buy = s.bar_end;
  }
  for (const auto& t : trades) {
    if (flat_buy && t.created >= *flat_buy) c.trades.push_back(t.key);
  }
  return c;
}

std::ostream& operator<<(std::ostream& os, const TradeKey& k) { return os << k.side << " " << k.quantity.to_string(); }

// The strategy both sides run: a built-in by default, or a --strategy spec (a Python file).
std::string g_strategy = "sma_cross";

RunnerConfig shared_config() {
  RunnerConfig c;
  c.symbols = {kSymbol};
  c.strategy = g_strategy;
  c.strategy_params = {{"fast", "3"}, {"slow", "8"}};
  c.bar_size = "1 min";
  c.history_duration = "1 D";
  c.risk.cooldown = Duration{0};
  c.trailing_stops = false;  // the backtest below runs without stops too
  return c;
}

struct LiveRun {
  std::vector<TimedSignal> signals;
  std::vector<TimedTrade> trades;
  std::string ended_by;
};

LiveRun run_live(const std::filesystem::path& db_path) {
  asio::io_context io;
  SystemClock wall;
  SteadyClock steady;
  gateway::GatewayConfig g;
  g.port = 0;
  g.market.speed = 250;  // 70 market minutes in 17 s
  g.market.start = gateway::parse_new_york_time(kTradeFrom).value();
  g.market.replays.push_back({kMinuteFile, kSymbol});
  g.starting_cash = kCash;
  gateway::GatewayServer server(io, g, wall, steady);
  auto port = server.start();
  EXPECT_TRUE(port.has_value()) << port.error().message;
  if (!port) return {};

  auto db = store::Database::open(db_path.string()).value();
  TraderOptions o;
  o.config = shared_config();
  o.port = *port;
  o.clock_speed = g.market.speed;
  o.starting_cash = kCash;
  o.ready_timeout = 10s;
  o.out = [](const std::string&) {};
  Trader trader(io.get_executor(), server.market_clock(), wall, steady, db, o);
  std::optional<Result<TraderSummary>> result;
  const Timestamp until = gateway::parse_new_york_time(kTradeTo).value();
  test::run_coroutine(
      io,
      [&]() -> asio::awaitable<void> {
        asio::co_spawn(co_await asio::this_coro::executor,
                       [&]() -> asio::awaitable<void> { result = co_await trader.run(); }, asio::detached);
        const bool reached = co_await test::eventually([&] { return server.market_clock().now() >= until; }, 60s);
        trader.stop("the window ended");
        CO_ASSERT(co_await test::eventually([&] { return result.has_value(); }, 5s));
        CO_ASSERT(reached);
      },
      90s);
  server.stop();
  EXPECT_TRUE(result.has_value() && result->has_value())
      << (result && !result->has_value() ? result->error().message : "no result");

  LiveRun live;
  if (result && result->has_value()) live.ended_by = (*result)->ended_by;
  const auto signals = RiskStateStore(db).load_signals().value();
  for (const auto& s : signals) live.signals.push_back({s.time, {s.side, s.price}});
  const auto orders = store::OrderJournal(db).load_orders().value();
  for (const auto& order : orders) {
    live.trades.push_back({order.created_at, {std::string(trading::to_string(order.intent.side)), order.intent.quantity}});
  }
  return live;
}

struct BacktestRun {
  std::vector<TimedSignal> signals;
  std::vector<TimedTrade> trades;
};

// The same bars from the CSV: the regular session only (the emulator replays nothing else), the
// day before as warm-up, trading from kTradeFrom to kTradeTo.
BacktestRun run_backtest() {
  backtest::CsvOptions csv;
  csv.symbol = kSymbol;
  auto series = backtest::load_csv_bars(kMinuteFile, csv);
  EXPECT_TRUE(series.has_value()) << series.error().message;
  if (!series) return {};

  const RunnerConfig live = shared_config();
  backtest::BacktestConfig config;
  config.strategy = live.strategy;
  config.params = live.strategy_params;
  config.starting_cash = kCash;
  config.limits = live.risk;
  config.fill = backtest::FillTiming::kNextOpen;
  const Timestamp from = gateway::parse_new_york_time(kTradeFrom).value();
  const Timestamp close = gateway::parse_new_york_time(kTradeTo).value();
  const Timestamp warm_up = gateway::parse_new_york_time("2006-01-03 09:30").value();
  config.trade_from = from;
  config.trade_to = close;
  auto engine = backtest::BacktestEngine::create(config, {kSymbol});
  EXPECT_TRUE(engine.has_value()) << engine.error().message;
  if (!engine) return {};

  std::map<Timestamp, Decimal> close_at_end;
  for (const auto& bar : series->bars) {
    if (bar.start < warm_up || bar.start >= close) continue;
    const auto minute = trading::EasternTime::local_time_of_day(bar.start);
    if (minute < 9h + 30min || minute >= 16h) continue;
    close_at_end[bar.end()] = bar.close;
    EXPECT_TRUE((*engine)->on_bar(0, bar).has_value());
  }
  BacktestRun run;
  for (const auto& s : (*engine)->signals()) {
    if (s.bar_end <= from) continue;
    run.signals.push_back({s.bar_end, {std::string(trading::to_string(s.side)), close_at_end.at(s.bar_end)}});
  }
  for (const auto& order : (*engine)->journal().orders()) {
    if (order.created_at < from) continue;
    run.trades.push_back({order.created_at, {std::string(trading::to_string(order.intent.side)), order.intent.quantity}});
  }
  return run;
}

void expect_parity() {
  test::TempDb db("rt-parity");
  const LiveRun live = run_live(db.path);
  const BacktestRun back = run_backtest();

  EXPECT_EQ(live.ended_by, "the window ended");
  const Compared l = compare_window(live.signals, live.trades);
  const Compared b = compare_window(back.signals, back.trades);
  ASSERT_GE(b.signals.size(), 6U) << "the hour should cross a few times";
  ASSERT_GE(b.trades.size(), 2U);
  EXPECT_EQ(l.signals, b.signals);
  EXPECT_EQ(l.trades, b.trades);
}

TEST(Parity, ReplayedMinuteBarsGiveTheTraderAndTheBacktesterTheSameSignalsAndTrades) {
  g_strategy = "sma_cross";
  expect_parity();
}

// The same Python file in a backtest and in the trader over the emulator: the same orders.
TEST(Parity, APythonStrategyGivesTheTraderAndTheBacktesterTheSameSignalsAndTrades) {
  g_strategy = std::string(RT_SOURCE_DIR) + "/examples/strategies/sma_cross.py:SmaCross";
  expect_parity();
}

}  // namespace
}  // namespace rt::runner

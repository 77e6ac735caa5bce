// The trader end to end against the emulator in the same process, on its simulated clock: real
// loopback TCP, the production connection, pacing, market data, broker bridge, desk and store.
// Each test simulates an hour or two of market time in a few real seconds.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <map>
#include <set>
#include <unistd.h>

#include "gateway/gateway_server.hpp"
#include "runner/risk_state_store.hpp"
#include "runner/trader.hpp"
#include "store/ledger_store.hpp"
#include "store/order_journal.hpp"
#include "support/io_runner.hpp"
#include "support/temp_db.hpp"

namespace rt::runner {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

struct TempDb : test::TempDb {
  TempDb() : test::TempDb("rt-trader") {}
};

struct Sim {
  explicit Sim(std::string start = "2025-01-15 14:00", double sim_speed = 1500, std::vector<std::string> accounts = {},
               std::vector<gateway::SeedPosition> positions = {}) {
    gateway::GatewayConfig g;
    g.port = 0;
    g.market.speed = sim_speed;
    g.market.start = gateway::parse_new_york_time(start).value();
    if (!accounts.empty()) g.accounts = accounts;
    g.positions = std::move(positions);
    cash = g.starting_cash;
    server = std::make_unique<gateway::GatewayServer>(io, g, wall, steady);
    port = server->start().value();
    speed = sim_speed;
  }
  TraderOptions options(std::vector<std::string> symbols) const {
    TraderOptions o;
    o.config.symbols = std::move(symbols);
    o.config.strategy = "sma_cross";
    o.config.strategy_params = {{"fast", "3"}, {"slow", "8"}};
    o.config.bar_size = "1 min";
    o.config.history_duration = "1 D";
    o.config.risk.max_open_positions = 50;
    o.config.risk.cooldown = Duration{0};
    o.port = port;
    o.clock_speed = speed;
    o.starting_cash = cash;
    o.ready_timeout = 10s;
    o.out = [](const std::string&) {};
    return o;
  }
  asio::io_context io;
  SystemClock wall;
  SteadyClock steady;
  std::unique_ptr<gateway::GatewayServer> server;
  std::uint16_t port = 0;
  double speed = 1;
  Decimal cash;
};

// The store's books against the broker's account: cash to the cent (fills and commissions) and
// every open position's quantity.
void expect_books_equal(store::Database& db, const gateway::Account& account) {
  auto ledger = store::LedgerStore(db).load_ledger();
  ASSERT_TRUE(ledger.has_value()) << ledger.error().message;
  EXPECT_EQ(ledger->cash(), account.cash());
  std::map<std::string, Decimal> ours;
  for (const auto& p : ledger->positions()) {
    if (!p.quantity.is_zero()) ours[p.symbol] = p.quantity;
  }
  std::map<std::string, Decimal> theirs;
  for (const auto& p : account.positions()) theirs[p.contract.symbol] = p.quantity;
  EXPECT_EQ(ours, theirs);
}

TEST(TraderE2e, ADayOnSeveralSymbolsTradesAndARestartFindsTheStoreInLineWithTheBroker) {
  Sim sim("2025-01-15 14:00", 1500);
  TempDb tmp;
  auto db = store::Database::open(tmp.path.string()).value();
  TraderOptions o = sim.options({"AAPL", "MSFT", "NVDA", "AMZN"});
  o.until_close = true;
  Trader trader(sim.io.get_executor(), sim.server->market_clock(), sim.wall, sim.steady, db, o);
  std::optional<Result<TraderSummary>> result;
  test::run_coroutine(sim.io, [&]() -> asio::awaitable<void> { result = co_await trader.run(); }, 60s);
  ASSERT_TRUE(result.has_value());
  ASSERT_TRUE(result->has_value()) << result->error().message;
  const auto& s = **result;
  EXPECT_EQ(s.ended_by, "the session closed");
  EXPECT_EQ(s.symbols_trading, 4);
  EXPECT_GT(s.bars, 100);
  EXPECT_GT(s.orders, 0);
  EXPECT_GT(s.fills, 0);
  const auto& account = sim.server->accounts().front();
  EXPECT_EQ(s.cash, account.cash());
  expect_books_equal(db, account);
  EXPECT_EQ(s.open_positions, static_cast<std::int64_t>(account.positions().size()));

  // A second start on the same database and broker: the reconciler compares positions, open
  // orders and today's executions; nothing may be out of line.
  TraderOptions again = sim.options({"AAPL"});
  again.once = true;
  again.config.dry_run = true;
  Trader second(sim.io.get_executor(), sim.server->market_clock(), sim.wall, sim.steady, db, again);
  std::optional<Result<TraderSummary>> r2;
  test::run_coroutine(sim.io, [&]() -> asio::awaitable<void> { r2 = co_await second.run(); }, 30s);
  ASSERT_TRUE(r2 && r2->has_value()) << (r2 && !r2->has_value() ? r2->error().message : "");
  EXPECT_TRUE(second.reconcile_problems().empty()) << second.reconcile_problems().front();
  EXPECT_EQ((*r2)->cash, s.cash);
  EXPECT_EQ((*r2)->realized, s.realized);
}

// The margin check: every entry first goes to IB as a what-if order. With a limit no entry can
// meet, each is denied with IB's figures and nothing trades; with the default limit (the margin
// must only be funded) the day trades as it would without the check.
// The last hour of a session on four symbols with the margin check on, to the close.
std::optional<Result<TraderSummary>> margin_checked_day(Sim& sim, store::Database& db,
                                                        std::optional<Decimal> max_margin_pct) {
  TraderOptions o = sim.options({"AAPL", "MSFT", "NVDA", "AMZN"});
  o.until_close = true;
  o.config.margin_check = true;
  if (max_margin_pct) o.config.max_margin_pct = *max_margin_pct;
  Trader trader(sim.io.get_executor(), sim.server->market_clock(), sim.wall, sim.steady, db, o);
  std::optional<Result<TraderSummary>> result;
  test::run_coroutine(sim.io, [&]() -> asio::awaitable<void> { result = co_await trader.run(); }, 60s);
  return result;
}

TEST(TraderE2e, WithTheMarginCheckAnEntryTheMarginCannotCarryIsDeniedWithIbsFiguresAndNothingIsSent) {
  Sim sim("2025-01-15 15:00", 1500);
  TempDb tmp;
  auto db = store::Database::open(tmp.path.string()).value();
  auto result = margin_checked_day(sim, db, *Decimal::parse("0.01"));
  ASSERT_TRUE(result && result->has_value()) << (result && !result->has_value() ? result->error().message : "");
  EXPECT_EQ((*result)->orders, 0);
  EXPECT_EQ((*result)->fills, 0);
  EXPECT_GT((*result)->risk_denials, 0);
  EXPECT_TRUE(sim.server->accounts().front().positions().empty());
  auto denials = store::OrderJournal(db).load_denials();
  ASSERT_TRUE(denials.has_value());
  ASSERT_FALSE(denials->empty());
  bool margin = false;
  for (const auto& d : *denials) {
    margin |= d.reason.starts_with("margin: initial margin after the order ") &&
              d.reason.find("exceeds 0.01 % of the equity with loan") != std::string::npos;
  }
  EXPECT_TRUE(margin) << denials->front().reason;
}

TEST(TraderE2e, WithTheMarginCheckAFundedEntryIsSentAfterIbAnswers) {
  Sim sim("2025-01-15 15:00", 1500);
  TempDb tmp;
  auto db = store::Database::open(tmp.path.string()).value();
  auto result = margin_checked_day(sim, db, std::nullopt);
  ASSERT_TRUE(result && result->has_value()) << (result && !result->has_value() ? result->error().message : "");
  EXPECT_GT((*result)->orders, 0);
  EXPECT_GT((*result)->fills, 0);
  EXPECT_EQ((*result)->risk_denials, 0);
  expect_books_equal(db, sim.server->accounts().front());
}

// A position the run does not stream (held from before, adopted from the broker) has no trade
// price: it is marked at the bid/ask midpoint of a quote snapshot, and the mark is stored.
TEST(TraderE2e, AHeldPositionWithoutAStreamIsMarkedAtTheQuoteMidpoint) {
  gateway::SeedPosition held{"", "AAPL", Decimal::from_int(10), *Decimal::parse("90"), std::nullopt};
  Sim sim("2025-01-15 15:00", 1500, {}, {held});
  TempDb tmp;
  auto db = store::Database::open(tmp.path.string()).value();
  TraderOptions o = sim.options({"MSFT"});
  o.config.on_mismatch = MismatchPolicy::kAdopt;
  o.config.dry_run = true;
  Trader trader(sim.io.get_executor(), sim.server->market_clock(), sim.wall, sim.steady, db, o);
  std::optional<Result<TraderSummary>> result;
  std::optional<trading::Mark> mark;
  test::run_coroutine(sim.io, [&]() -> asio::awaitable<void> {
    asio::co_spawn(co_await asio::this_coro::executor,
                   [&]() -> asio::awaitable<void> { result = co_await trader.run(); }, asio::detached);
    const bool marked = co_await test::eventually([&] {
      auto marks = store::LedgerStore(db).load_marks();
      if (!marks) return false;
      auto it = marks->find("AAPL");
      if (it == marks->end() || it->second.source != trading::MarkSource::Midpoint) return false;
      mark = it->second;
      return true;
    }, 20s);
    trader.stop("test over");
    CO_ASSERT(co_await test::eventually([&] { return result.has_value(); }, 10s));
    CO_ASSERT(marked, "AAPL was never marked at a midpoint");
  }, 60s);
  ASSERT_TRUE(mark.has_value());
  EXPECT_GT(mark->price, Decimal{});
  EXPECT_NE(mark->price, *Decimal::parse("90"));  // the market's, not the cost
}

// RELIABILITY O1 against the broker: twenty symbols replaying the same real minute bars signal on
// the same bar, every time. No symbol may ever get a second entry while one is working or held
// (orders strictly alternate buy, sell, buy...), every signal is either sent or refused by the
// choke point for exactly that reason (or the daily entry cap), and the broker ends holding what the
// store holds.
TEST(TraderE2e, TwentySymbolsSignallingOnTheSameBarNeverGetASecondEntry) {
  asio::io_context io;
  SystemClock wall;
  SteadyClock steady;
  gateway::GatewayConfig g;
  g.port = 0;
  g.market.speed = 500;
  g.market.start = gateway::parse_new_york_time("2006-01-04 14:30").value();
  g.starting_cash = Decimal::from_int(10'000'000);  // the replayed series trades near 3,600
  std::vector<std::string> symbols;
  for (char c = 'A'; c < 'A' + 20; ++c) {
    symbols.push_back(std::string("TW") + c);
    g.market.replays.push_back({std::string(RT_DATA_DIR) + "/2006-01-02-volume-min-001.txt", symbols.back()});
  }
  gateway::GatewayServer server(io, g, wall, steady);
  const auto port = server.start().value();
  TempDb tmp;
  auto db = store::Database::open(tmp.path.string()).value();
  TraderOptions o;
  o.config.symbols = symbols;
  o.config.strategy = "sma_cross";
  o.config.strategy_params = {{"fast", "3"}, {"slow", "8"}};
  o.config.bar_size = "1 min";
  o.config.history_duration = "1 D";
  o.config.risk.cooldown = Duration{0};
  o.config.risk.max_daily_notional = Decimal::from_int(10'000'000);
  o.port = port;
  o.clock_speed = g.market.speed;
  o.starting_cash = g.starting_cash;
  o.until_close = true;
  o.ready_timeout = 10s;
  o.out = [](const std::string&) {};
  Trader trader(io.get_executor(), server.market_clock(), wall, steady, db, o);
  std::optional<Result<TraderSummary>> result;
  test::run_coroutine(io, [&]() -> asio::awaitable<void> { result = co_await trader.run(); }, 120s);
  ASSERT_TRUE(result && result->has_value()) << (result && !result->has_value() ? result->error().message : "");
  EXPECT_EQ((*result)->symbols_trading, 20);

  std::map<std::string, std::vector<std::string>> orders_by_symbol;
  std::set<std::string> refs;
  const auto journaled = store::OrderJournal(db).load_orders().value();
  std::map<std::string, int> protected_entries;
  for (const auto& order : journaled) {
    EXPECT_TRUE(refs.insert(order.ref()).second) << "order ref " << order.ref() << " journaled twice";
    // Entries and exits alternate; each entry's protective stop rests at the broker beside them.
    if (order.intent.purpose == trading::OrderPurpose::Protect) {
      if (!order.intent.parent_ref.empty()) ++protected_entries[order.intent.symbol];
      continue;
    }
    orders_by_symbol[order.intent.symbol].push_back(std::string(trading::to_string(order.intent.side)));
  }
  ASSERT_EQ(orders_by_symbol.size(), 20U) << "every symbol should have traded";
  for (const auto& [symbol, orders] : orders_by_symbol) {
    EXPECT_GE(orders.size(), 2U) << symbol;
    EXPECT_GE(protected_entries[symbol], 1) << symbol << ": entries go out as brackets with a broker-held stop";
    for (std::size_t i = 0; i < orders.size(); ++i) {
      EXPECT_EQ(orders[i], i % 2 == 0 ? "BUY" : "SELL") << symbol << " order " << i << ": a second entry";
    }
  }
  // The first buy signal arrives for all twenty on one bar: each gets exactly one order for it.
  const auto signals = RiskStateStore(db).load_signals().value();
  std::map<std::string, std::string> first_action;
  for (const auto& row : signals) {
    if (row.side == "buy") first_action.emplace(row.symbol, row.action);
    // The only refusals of an entry: the choke point (an order still working), a position already
    // held, and the OMS's daily entry cap. (A sell while flat is nothing to do.)
    if (row.side == "buy" && row.action != "submitted") {
      const bool working = row.detail.find("is still working") != std::string::npos;
      const bool held = row.detail.find("already long") != std::string::npos;
      const bool cap = row.detail.find("daily entry order cap") != std::string::npos;
      EXPECT_TRUE(working || held || cap) << row.symbol << ": " << row.action << " " << row.detail;
    }
  }
  EXPECT_EQ(first_action.size(), 20U);
  for (const auto& [symbol, action] : first_action) EXPECT_EQ(action, "submitted") << symbol;

  expect_books_equal(db, server.accounts().front());
  server.stop();
}

// A replay CSV (minute layout): 2006-01-03 flat at 100 as warm-up, then 2006-01-04 from 100 with
// each minute's close `step(i)` away from the one before (i = minutes since 09:30).
std::filesystem::path write_minute_days(const std::filesystem::path& path, const std::function<double(int)>& step) {
  std::ofstream out(path);
  out << "Date,Time,Open,High,Low,Close,Volume\n";
  auto row = [&](const char* date, int i, double open, double close) {
    const int minute = 9 * 60 + 30 + i;
    char line[128];
    std::snprintf(line, sizeof line, "%s,%02d:%02d:00,%.2f,%.2f,%.2f,%.2f,1000\n", date, minute / 60, minute % 60, open,
                  std::max(open, close) + 0.01, std::min(open, close) - 0.01, close);
    out << line;
  };
  for (int i = 0; i < 390; ++i) row("2006-01-03", i, 100.0, 100.0);
  double price = 100.0;
  for (int i = 0; i < 390; ++i) {
    const double open = price;
    price += step(i);
    row("2006-01-04", i, open, price);
  }
  return path;
}

// Both drift down from the open and turn up at 10:00 (sma_cross buys both a few minutes later).
// UPX keeps rising until 11:00, then breaks down with a 1 % bar (its 0.5 % stop fires inside it).
std::filesystem::path write_loss_day(const std::filesystem::path& dir) {
  return write_minute_days(dir / "loss-day.csv", [](int i) {
    if (i < 30) return -0.02;
    if (i < 90) return 0.01;
    return i == 90 ? -1.00 : -0.30;
  });
}

// DNX breaks down at 10:20 with a 1 % bar (its stop sells at a loss that trips the daily limit) and
// recovers from 10:30 (a buy signal the kill switch must refuse).
std::filesystem::path write_breakdown_day(const std::filesystem::path& dir) {
  return write_minute_days(dir / "breakdown-day.csv", [](int i) {
    if (i < 30) return -0.02;
    if (i < 50) return 0.01;
    if (i < 60) return i == 50 ? -1.00 : -0.50;
    return 0.05;
  });
}

// The daily loss limit trips the kill switch on the fill that crosses it (a stop's loss); from
// then on every entry is refused, while the trailing stop of the position still held exits it
// (the local stop, risk.protection = local: an exit the trader sends past the kill switch).
TEST(TraderE2e, TheDailyLossLimitTripsTheKillSwitchAndAStopStillExits) {
  char tmpl[] = "/tmp/rt-loss-XXXXXX";
  const std::filesystem::path dir = ::mkdtemp(tmpl);
  asio::io_context io;
  SystemClock wall;
  SteadyClock steady;
  gateway::GatewayConfig g;
  g.port = 0;
  g.market.speed = 600;
  g.market.start = gateway::parse_new_york_time("2006-01-04 10:00").value();
  g.market.replays.push_back({write_loss_day(dir).string(), "UPX"});
  g.market.replays.push_back({write_breakdown_day(dir).string(), "DNX"});
  gateway::GatewayServer server(io, g, wall, steady);
  const auto port = server.start().value();
  TempDb tmp;
  auto db = store::Database::open(tmp.path.string()).value();
  TraderOptions o;
  o.config.symbols = {"UPX", "DNX"};
  o.config.strategy = "sma_cross";
  o.config.strategy_params = {{"fast", "3"}, {"slow", "8"}};
  o.config.bar_size = "1 min";
  o.config.history_duration = "1 D";
  o.config.risk.cooldown = Duration{0};
  o.config.risk.daily_loss_limit_pct = Decimal::from_raw(500'000);  // 0.005 %: five dollars here
  o.config.trailing_stops = true;
  o.config.stop_pct = Decimal::from_raw(50'000'000);  // 0.5 %
  o.config.protection = trading::Protection::kLocal;  // the trader's own stop, exiting past the kill switch
  o.port = port;
  o.clock_speed = g.market.speed;
  o.starting_cash = g.starting_cash;
  o.ready_timeout = 10s;
  o.out = [](const std::string&) {};
  Trader trader(io.get_executor(), server.market_clock(), wall, steady, db, o);
  std::optional<Result<TraderSummary>> result;
  auto upx_stopped = [&] {
    const auto orders = store::OrderJournal(db).load_orders();
    if (!orders) return false;
    for (const auto& order : *orders) {
      // The local stop's exit, or the protective stop held at the broker.
      const bool stop = order.intent.purpose == trading::OrderPurpose::Stop ||
                        order.intent.purpose == trading::OrderPurpose::Protect;
      if (order.intent.symbol == "UPX" && stop && order.status == trading::OrderStatus::Filled) {
        return true;
      }
    }
    return false;
  };
  test::run_coroutine(
      io,
      [&]() -> asio::awaitable<void> {
        asio::co_spawn(co_await asio::this_coro::executor,
                       [&]() -> asio::awaitable<void> { result = co_await trader.run(); }, asio::detached);
        const bool stopped = co_await test::eventually(upx_stopped, 30s);
        trader.stop("test over");
        CO_ASSERT(co_await test::eventually([&] { return result.has_value(); }, 5s));
        CO_ASSERT(stopped, "UPX was never stopped out");
      },
      60s);
  server.stop();
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(result && result->has_value()) << (result && !result->has_value() ? result->error().message : "");

  const auto state = RiskStateStore(db).load_kill_switch().value();
  ASSERT_TRUE(state.engaged);
  EXPECT_EQ(state.kind, trading::KillSwitchKind::Loss) << state.reason;
  const Timestamp tripped = state.time;

  // The orders, in order: both entries, DNX's stop (the loss that trips the switch), UPX's stop.
  std::vector<std::string> orders;
  const auto journaled = store::OrderJournal(db).load_orders().value();
  for (const auto& order : journaled) {
    orders.push_back(order.intent.symbol + " " + std::string(trading::to_string(order.intent.side)) + " " +
                     std::string(trading::to_string(order.intent.purpose)));
    if (order.intent.purpose == trading::OrderPurpose::Entry) {
      EXPECT_LT(order.created_at, tripped) << "an entry was sent after the kill switch tripped";
    }
    if (order.intent.symbol == "UPX" && order.intent.purpose == trading::OrderPurpose::Stop) {
      EXPECT_GT(order.created_at, tripped) << "UPX's stop should come after the trip";
      EXPECT_EQ(order.status, trading::OrderStatus::Filled);
    }
  }
  ASSERT_EQ(orders.size(), 4U) << ::testing::PrintToString(orders);
  EXPECT_EQ(orders[2], "DNX SELL Stop");
  EXPECT_EQ(orders[3], "UPX SELL Stop");
  // DNX's recovery signalled a buy after the trip: refused by the kill switch.
  int refused = 0;
  const auto signals = RiskStateStore(db).load_signals().value();
  for (const auto& row : signals) {
    if (row.time <= tripped || row.side != "buy") continue;
    EXPECT_EQ(row.action, "risk_denied") << row.symbol << ": " << row.detail;
    EXPECT_NE(row.detail.find("KillSwitch"), std::string::npos) << row.detail;
    ++refused;
  }
  EXPECT_GE(refused, 1) << "DNX's recovery should have signalled a buy after the trip";

  expect_books_equal(db, server.accounts().front());
}

TEST(TraderE2e, ARestartMidDayRestoresStopsBeforeTradingAndReconcilesFirst) {
  Sim sim("2025-01-15 10:00", 1500);
  TempDb tmp;
  auto db = store::Database::open(tmp.path.string()).value();
  TraderOptions o = sim.options({"AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META"});
  Trader first(sim.io.get_executor(), sim.server->market_clock(), sim.wall, sim.steady, db, o);
  std::optional<Result<TraderSummary>> r1;
  test::run_coroutine(
      sim.io,
      [&]() -> asio::awaitable<void> {
        asio::co_spawn(co_await asio::this_coro::executor,
                       [&]() -> asio::awaitable<void> { r1 = co_await first.run(); }, asio::detached);
        const bool held = co_await test::eventually([&] { return first.stop_count() > 0; }, 30s);
        first.stop("restart");
        CO_ASSERT(held, "no position with a stop within the simulated morning");
        CO_ASSERT(co_await test::eventually([&] { return r1.has_value(); }, 5s));
      },
      60s);
  ASSERT_TRUE(r1 && r1->has_value());
  RiskStateStore states(db);
  const auto stored = states.load_stops().value();
  ASSERT_FALSE(stored.empty());

  Trader second(sim.io.get_executor(), sim.server->market_clock(), sim.wall, sim.steady, db, o);
  std::optional<Result<TraderSummary>> r2;
  std::size_t stops_at_first_order_gate = 0;
  test::run_coroutine(
      sim.io,
      [&]() -> asio::awaitable<void> {
        asio::co_spawn(co_await asio::this_coro::executor,
                       [&]() -> asio::awaitable<void> { r2 = co_await second.run(); }, asio::detached);
        const bool ready = co_await test::eventually([&] { return second.ready_for_orders(); }, 10s);
        stops_at_first_order_gate = second.stop_count();
        CO_ASSERT(ready);
        CO_ASSERT(second.reconciliations() >= 1);
        second.stop("test over");
        CO_ASSERT(co_await test::eventually([&] { return r2.has_value(); }, 5s));
      },
      60s);
  EXPECT_GE(stops_at_first_order_gate, stored.size());
  ASSERT_TRUE(r2 && r2->has_value());
}

// Without a starting cash given (a real TWS, not --sim), a new database takes the account's cash
// from the broker before anything is sized on it; a database that has its cash keeps it.
TEST(TraderE2e, ANewDatabaseTakesTheAccountsCashFromTheBroker) {
  Sim sim("2025-01-15 10:00", 100);
  TempDb tmp;
  auto db = store::Database::open(tmp.path.string()).value();
  TraderOptions o = sim.options({"AAPL"});
  o.starting_cash.reset();
  o.once = true;
  o.config.dry_run = true;
  Trader trader(sim.io.get_executor(), sim.server->market_clock(), sim.wall, sim.steady, db, o);
  std::optional<Result<TraderSummary>> result;
  test::run_coroutine(sim.io, [&]() -> asio::awaitable<void> { result = co_await trader.run(); }, 30s);
  ASSERT_TRUE(result && result->has_value()) << (result && !result->has_value() ? result->error().message : "");
  EXPECT_EQ((*result)->cash, sim.cash);
  EXPECT_EQ((*result)->start_equity, sim.cash);
  EXPECT_EQ(store::LedgerStore(db).load_ledger().value().cash(), sim.cash);
  EXPECT_FALSE(store::LedgerStore(db).cash_unknown().value());
}

TEST(TraderE2e, AnAccountThatIsNotPaperIsRefusedWithAnExplanation) {
  Sim sim("2025-01-15 10:00", 100, {"U7654321"});
  TempDb tmp;
  auto db = store::Database::open(tmp.path.string()).value();
  Trader trader(sim.io.get_executor(), sim.server->market_clock(), sim.wall, sim.steady, db, sim.options({"AAPL"}));
  std::optional<Result<TraderSummary>> result;
  test::run_coroutine(sim.io, [&]() -> asio::awaitable<void> { result = co_await trader.run(); }, 30s);
  ASSERT_TRUE(result.has_value());
  ASSERT_FALSE(result->has_value());
  EXPECT_NE(result->error().message.find("not a paper account"), std::string::npos) << result->error().message;
  EXPECT_NE(result->error().message.find("--live"), std::string::npos);
  EXPECT_EQ(trader.orders_sent(), 0);
}

TEST(TraderE2e, StopDuringTheDayEndsWithinFiveSecondsWithTheSocketClosed) {
  Sim sim("2025-01-15 11:00", 600);
  TempDb tmp;
  auto db = store::Database::open(tmp.path.string()).value();
  Trader trader(sim.io.get_executor(), sim.server->market_clock(), sim.wall, sim.steady, db,
                sim.options({"AAPL", "MSFT"}));
  std::optional<Result<TraderSummary>> result;
  std::chrono::steady_clock::duration took{};
  test::run_coroutine(
      sim.io,
      [&]() -> asio::awaitable<void> {
        asio::co_spawn(co_await asio::this_coro::executor,
                       [&]() -> asio::awaitable<void> { result = co_await trader.run(); }, asio::detached);
        CO_ASSERT(co_await test::eventually([&] { return trader.streaming_symbols() == 2; }, 10s));
        CO_ASSERT(co_await test::eventually([&] { return trader.bar_cycles() >= 2; }, 10s));
        const auto t0 = std::chrono::steady_clock::now();
        trader.stop("SIGTERM");
        CO_ASSERT(co_await test::eventually([&] { return result.has_value(); }, 5s));
        took = std::chrono::steady_clock::now() - t0;
        CO_ASSERT(co_await test::eventually([&] { return sim.server->connected_clients() == 0; }, 2s));
      },
      40s);
  EXPECT_LT(took, 5s);
  ASSERT_TRUE(result && result->has_value());
  EXPECT_EQ((*result)->ended_by, "SIGTERM");
  EXPECT_EQ(sim.server->connected_clients(), 0u);
}

TEST(TraderE2e, AConnectionDropMidDayRecoversAndReconcilesWithoutADuplicateOrder) {
  gateway::GatewayConfig probe;
  ASSERT_TRUE(gateway::add_fault_spec(probe, "drop-after:1.5:once"));
  Sim sim("2025-01-15 10:00", 1500);
  TempDb tmp;
  auto db = store::Database::open(tmp.path.string()).value();
  // The fault applies to the server started below, so build a second one with it.
  gateway::GatewayConfig g;
  g.port = 0;
  g.market.speed = 1500;
  g.market.start = gateway::parse_new_york_time("2025-01-15 10:00").value();
  g.fault_plan = probe.fault_plan;
  gateway::GatewayServer faulty(sim.io, g, sim.wall, sim.steady);
  const auto port = faulty.start().value();
  TraderOptions o = sim.options({"AAPL", "MSFT", "NVDA", "AMZN"});
  o.port = port;
  Trader trader(sim.io.get_executor(), faulty.market_clock(), sim.wall, sim.steady, db, o);
  std::optional<Result<TraderSummary>> result;
  test::run_coroutine(
      sim.io,
      [&]() -> asio::awaitable<void> {
        asio::co_spawn(co_await asio::this_coro::executor,
                       [&]() -> asio::awaitable<void> { result = co_await trader.run(); }, asio::detached);
        const bool again = co_await test::eventually([&] { return trader.reconciliations() >= 2; }, 20s);
        const bool cycles = co_await test::eventually([&] { return trader.bar_cycles() >= 10; }, 20s);
        trader.stop("test over");
        CO_ASSERT(co_await test::eventually([&] { return result.has_value(); }, 5s));
        CO_ASSERT(again, "no second reconciliation after the drop");
        CO_ASSERT(cycles);
      },
      60s);
  ASSERT_TRUE(result && result->has_value());
  store::OrderJournal journal(db);
  const auto orders = journal.load_orders().value();
  std::set<std::int64_t> broker_ids;
  for (const auto& order : orders) {
    if (order.broker_order_id == 0) continue;
    EXPECT_TRUE(broker_ids.insert(order.broker_order_id).second) << "order id reused: " << order.broker_order_id;
  }
  // At most one entry per symbol at a time: entries and exits alternate per symbol.
  std::map<std::string, int> net_entries;
  for (const auto& order : orders) {
    if (order.status == trading::OrderStatus::Inactive || order.status == trading::OrderStatus::Rejected) continue;
    auto& n = net_entries[order.intent.symbol];
    n += order.intent.purpose == trading::OrderPurpose::Entry ? 1 : -1;
    EXPECT_LE(n, 1) << "two entries without an exit on " << order.intent.symbol;
  }
}

}  // namespace
}  // namespace rt::runner

namespace rt::runner {
namespace {

// RELIABILITY D8: one symbol's stream goes silent while its market is open (the emulator's
// mute-symbol fault), the others keep flowing. The watchdog re-subscribes that symbol, gates its
// entries with a stale_data risk event, and lets them go again when data returns; the other
// symbols keep trading throughout.
TEST(TraderE2e, ASilentSymbolIsResubscribedAndGatedWhileTheOthersKeepTrading) {
  asio::io_context io;
  SystemClock wall;
  SteadyClock steady;
  gateway::GatewayConfig g;
  g.port = 0;
  g.market.speed = 600;
  g.market.start = gateway::parse_new_york_time("2025-01-15 13:30").value();
  ASSERT_TRUE(g.fault_plan.add("mute-symbol:MSFT:1:5"));
  gateway::GatewayServer server(io, g, wall, steady);
  const auto port = server.start().value();
  TempDb tmp;
  auto db = store::Database::open(tmp.path.string()).value();
  TraderOptions o;
  o.config.symbols = {"AAPL", "MSFT", "NVDA"};
  o.config.strategy = "sma_cross";
  o.config.strategy_params = {{"fast", "3"}, {"slow", "8"}};
  o.config.bar_size = "1 min";
  o.config.history_duration = "1 D";
  o.config.risk.cooldown = Duration{0};
  o.config.stale_data_seconds = 60;
  o.port = port;
  o.clock_speed = g.market.speed;
  o.starting_cash = g.starting_cash;
  o.until_close = true;
  o.ready_timeout = 10s;
  std::vector<std::string> lines;
  o.out = [&](const std::string& line) { lines.push_back(line); };
  Trader trader(io.get_executor(), server.market_clock(), wall, steady, db, o);
  std::optional<Result<TraderSummary>> result;
  test::run_coroutine(io, [&]() -> asio::awaitable<void> { result = co_await trader.run(); }, 120s);
  ASSERT_TRUE(result && result->has_value()) << (result && !result->has_value() ? result->error().message : "");

  auto find = [&](const std::string& prefix) {
    return std::find_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.starts_with(prefix); });
  };
  const auto stale = find("STALE MSFT: ");
  ASSERT_NE(stale, lines.end()) << ::testing::PrintToString(lines);
  const auto fresh = find("MSFT: data is fresh again");
  ASSERT_NE(fresh, lines.end()) << "MSFT's data never came back after the re-subscription";
  EXPECT_LT(stale, fresh);
  EXPECT_EQ(find("STALE AAPL"), lines.end());
  EXPECT_EQ(find("STALE NVDA"), lines.end());
  // The risk event, stored.
  bool recorded = false;
  const auto denials = store::OrderJournal(db).load_denials();
  ASSERT_TRUE(denials);
  for (const auto& d : *denials) {
    recorded |= d.symbol == "MSFT" && d.reason.starts_with("stale_data: ");
  }
  EXPECT_TRUE(recorded);
  // No MSFT entry while it was stale; the others kept trading.
  const auto gated_from = std::distance(lines.begin(), stale);
  const auto gated_to = std::distance(lines.begin(), fresh);
  int others_traded = 0;
  for (auto i = gated_from; i < gated_to; ++i) {
    const auto& l = lines[static_cast<std::size_t>(i)];
    EXPECT_FALSE(l.starts_with("ORDER BUY") && l.find(" MSFT ") != std::string::npos) << l;
    others_traded += l.starts_with("ORDER ") || l.starts_with("FILL ") ? 1 : 0;
  }
  EXPECT_GT(others_traded, 0) << "AAPL and NVDA traded while MSFT was silent";
}

// RELIABILITY D8, the farm: the market-data farm reports broken (2103) and stays so past the
// staleness span. Every streaming symbol is re-subscribed once and its entries gated with a
// stale_data risk event naming the farm; data flowing again releases them.
TEST(TraderE2e, AFarmThatReportedBrokenAndStayedSoGetsItsSymbolsResubscribedOnce) {
  asio::io_context io;
  SystemClock wall;
  SteadyClock steady;
  gateway::GatewayConfig g;
  g.port = 0;
  g.market.speed = 600;
  g.market.start = gateway::parse_new_york_time("2025-01-15 14:00").value();
  ASSERT_TRUE(g.fault_plan.add("farm-flap:3:1"));  // broken 3 s after login, OK 3 s later
  gateway::GatewayServer server(io, g, wall, steady);
  const auto port = server.start().value();
  TempDb tmp;
  auto db = store::Database::open(tmp.path.string()).value();
  TraderOptions o;
  o.config.symbols = {"AAPL", "MSFT"};
  o.config.bar_size = "1 min";
  o.config.history_duration = "1 D";
  o.port = port;
  o.clock_speed = g.market.speed;
  o.starting_cash = g.starting_cash;
  o.ready_timeout = 10s;
  std::vector<std::string> lines;
  o.out = [&](const std::string& line) { lines.push_back(line); };
  Trader trader(io.get_executor(), server.market_clock(), wall, steady, db, o);
  std::optional<Result<TraderSummary>> result;
  auto count = [&](const std::string& prefix, const std::string& part) {
    return std::count_if(lines.begin(), lines.end(), [&](const std::string& l) {
      return l.starts_with(prefix) && l.find(part) != std::string::npos;
    });
  };
  test::run_coroutine(
      io,
      [&]() -> asio::awaitable<void> {
        asio::co_spawn(co_await asio::this_coro::executor,
                       [&]() -> asio::awaitable<void> { result = co_await trader.run(); }, asio::detached);
        const bool released = co_await test::eventually(
            [&] { return count("AAPL: data is fresh again", "") > 0 && count("MSFT: data is fresh again", "") > 0; },
            30s);
        trader.stop("test over");
        CO_ASSERT(co_await test::eventually([&] { return result.has_value(); }, 5s));
        CO_ASSERT(released, "the symbols were never released after the farm outage");
      },
      60s);
  server.stop();
  ASSERT_TRUE(result && result->has_value()) << (result && !result->has_value() ? result->error().message : "");
  EXPECT_EQ(count("STALE AAPL: ", "data farm usfarm"), 1) << ::testing::PrintToString(lines);
  EXPECT_EQ(count("STALE MSFT: ", "data farm usfarm"), 1);
}

}  // namespace
}  // namespace rt::runner

// The order side against the emulator over loopback TCP: IbBroker + OrderFeed + Reconciler + the
// SQLite store, one scenario per RELIABILITY row (O1, O3, O4, O5, O6, O7, O9), each played by the
// emulator's order faults. The store is compared with what the emulator's broker holds, read back
// by a second API client.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <set>

#include "emulator_observer.hpp"
#include "gateway/gateway_server.hpp"
#include "ib/broker/broker_stack.hpp"
#include "ib/pacing/pacing_driver.hpp"
#include "store/temp_dir.hpp"
#include "support/io_runner.hpp"

namespace rt::ib {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using trading::OrderStatus;

Decimal d(const char* s) { return *Decimal::parse(s); }
const Decimal kStartingCash = Decimal::from_int(100000);

class OrderFlowTest : public ::testing::Test {
 protected:
  void start_gateway(const std::vector<std::string>& faults = {}) {
    gateway::GatewayConfig config;
    config.port = 0;
    config.starting_cash = kStartingCash;
    config.market.start = gateway::parse_new_york_time("2025-01-15 10:00").value();
    for (const auto& f : faults) ASSERT_TRUE(gateway::add_fault_spec(config, f)) << f;
    server_ = std::make_unique<gateway::GatewayServer>(io_, std::move(config), base_clock_, steady_);
    auto port = server_->start();
    ASSERT_TRUE(port) << port.error().message;
    port_ = *port;
  }

  void start_trader() {
    const Clock& clock = server_->market_clock();
    ConnectionManagerConfig c;
    c.connect.port = port_;
    c.connect.tcp_timeout = c.connect.version_timeout = c.connect.ready_timeout = 1000ms;
    c.ids.configured_id = 11;
    c.ids.backoff = 5ms;
    c.backoff.initial = 20ms;
    c.backoff.max = 200ms;
    c.backoff.min_login_interval = 50ms;
    c.heartbeat_interval = 1000ms;
    c.heartbeat_timeout = 1000ms;
    c.handshake_lock_dir.reset();
    connections_ = std::make_unique<ConnectionManager>(io_.get_executor(), c, clock, steady_);
    auto scheduler = PacingScheduler::create(PacingPolicy{}, clock);
    ASSERT_TRUE(scheduler);
    pacer_ = std::make_unique<PacingDriver>(io_.get_executor(), std::move(*scheduler), clock);
    if (!db_) {
      auto db = store::Database::open(dir_.file("trader.db"));
      ASSERT_TRUE(db) << db.error().describe();
      db_.emplace(std::move(*db));
    }
    BrokerStackConfig config;
    config.starting_cash = kStartingCash;
    config.reconcile.step_timeout = 3000ms;
    config.reconcile.retry_delay = 100ms;
    config.oms.cancel_grace = 30s;
    auto stack = BrokerStack::create(io_.get_executor(), *connections_, pacer_.get(), *db_, clock, steady_, config);
    ASSERT_TRUE(stack) << stack.error().describe();
    stack_ = std::move(*stack);
    stack_->start();
    connections_->start();
  }

  void TearDown() override {
    stack_.reset();
    if (pacer_) pacer_->stop();
    if (connections_) connections_->stop();
    if (server_) server_->stop();
    io_.restart();
    io_.poll();
  }

  asio::awaitable<bool> reconciled() {
    co_return co_await test::eventually([this] { return stack_->ready_for_orders(); }, 10s);
  }

  trading::OrderIntent market_buy(const std::string& symbol, const char* qty = "10") {
    trading::OrderIntent in;
    in.symbol = symbol;
    in.side = trading::Side::Buy;
    in.quantity = d(qty);
    in.type = trading::OrderType::Market;
    in.reference_price = d("100");
    return in;
  }

  bool settled(const std::string& ref) {
    const auto* o = stack_->oms().find(ref);
    return o != nullptr && o->filled_quantity >= o->intent.quantity;
  }

  std::int64_t fill_rows() { return db_->query_int("SELECT count(*) FROM fills").value(); }

  // The store equals the emulator: every execution stored exactly once, positions and cash equal.
  asio::awaitable<void> expect_store_matches_broker() {
    auto obs = co_await test::EmulatorObserver::connect(port_, 90);
    CO_ASSERT(obs.has_value());
    auto view = co_await (*obs)->read(kStartingCash);
    CO_ASSERT(view.has_value(), view.error().message);
    auto fills = stack_->ledger_store().load_fills();
    CO_ASSERT(fills.has_value());
    std::set<std::string> stored;
    for (const auto& f : *fills) stored.insert(f.exec_id);
    EXPECT_EQ(stored.size(), fills->size());
    std::set<std::string> at_broker;
    for (const auto& e : view->executions) at_broker.insert(e.exec_id);
    EXPECT_EQ(stored, at_broker);
    std::map<std::string, Decimal> ledger_positions;
    for (const auto& p : stack_->ledger().positions()) {
      if (!p.quantity.is_zero()) ledger_positions[p.symbol] = p.quantity;
    }
    EXPECT_EQ(ledger_positions, view->positions);
    EXPECT_EQ(stack_->ledger().cash(), view->cash_from_executions);
    auto reloaded = stack_->ledger_store().load_ledger();
    CO_ASSERT(reloaded.has_value());
    EXPECT_EQ(reloaded->cash(), stack_->ledger().cash());
  }

  store::testing::TempDir dir_;
  asio::io_context io_;
  SystemClock base_clock_;
  SteadyClock steady_;
  std::unique_ptr<gateway::GatewayServer> server_;
  std::uint16_t port_ = 0;
  std::unique_ptr<ConnectionManager> connections_;
  std::unique_ptr<PacingDriver> pacer_;
  std::optional<store::Database> db_;
  std::unique_ptr<BrokerStack> stack_;
};

TEST_F(OrderFlowTest, ManySymbolsSignalBuyOnTheSameBarExactlyOneOrderEach) {
  start_gateway();
  start_trader();
  const std::vector<std::string> symbols{"AAPL", "MSFT", "NVDA", "AMZN", "GOOG", "META", "TSLA", "ORCL"};
  test::run_coroutine(io_, [&]() -> asio::awaitable<void> {
    CO_ASSERT(co_await reconciled());
    // Three strategy passes over the same bar, every symbol signalling BUY each time.
    std::vector<std::string> refs;
    int denied = 0;
    for (int pass = 0; pass < 3; ++pass) {
      for (const auto& s : symbols) {
        auto r = stack_->oms().submit(market_buy(s));
        if (r) {
          refs.push_back(r->ref());
        } else {
          EXPECT_EQ(r.error().code, ErrorCode::kRisk) << r.error().message;
          ++denied;
        }
      }
    }
    EXPECT_EQ(refs.size(), symbols.size());
    EXPECT_EQ(denied, 2 * static_cast<int>(symbols.size()));
    bool all = co_await test::eventually([&] {
      for (const auto& r : refs) {
        if (!settled(r)) return false;
      }
      return true;
    });
    CO_ASSERT(all);
    // Later passes, with the positions held, are denied as well.
    for (const auto& s : symbols) EXPECT_FALSE(stack_->oms().submit(market_buy(s)));
    EXPECT_EQ(stack_->broker().stats().placed, static_cast<std::int64_t>(symbols.size()));
    auto obs = co_await test::EmulatorObserver::connect(port_, 91);
    CO_ASSERT(obs.has_value());
    auto view = co_await (*obs)->read(kStartingCash);
    CO_ASSERT(view.has_value(), view.error().message);
    std::map<std::string, std::set<std::int64_t>> orders_per_symbol;
    for (const auto& e : view->executions) orders_per_symbol[e.contract.symbol].insert(e.perm_id);
    EXPECT_EQ(orders_per_symbol.size(), symbols.size());
    for (const auto& [symbol, perms] : orders_per_symbol) EXPECT_EQ(perms.size(), 1u) << symbol;
    co_await expect_store_matches_broker();
  });
}

TEST_F(OrderFlowTest, FillsWithoutOrderStatusStillUpdatePositionCashAndPnl) {
  start_gateway({"fills-without-status"});
  start_trader();
  test::run_coroutine(io_, [&]() -> asio::awaitable<void> {
    CO_ASSERT(co_await reconciled());
    auto r = stack_->oms().submit(market_buy("AAPL"));
    CO_ASSERT(r.has_value(), r.error().message);
    CO_ASSERT(co_await test::eventually([&] { return settled(r->ref()); }));
    EXPECT_EQ(stack_->ledger().quantity("AAPL"), d("10"));
    EXPECT_EQ(stack_->oms().find(r->ref())->status, OrderStatus::Filled);
    // No orderStatus said Filled: the execution itself moved the order (its event is a Fill).
    auto events = stack_->journal().load_events(r->ref());
    CO_ASSERT(events.has_value());
    int filled_by_execution = 0;
    for (const auto& e : *events) {
      EXPECT_FALSE(e.to == OrderStatus::Filled && e.kind == trading::OrderEventKind::Transition) << e.reason;
      if (e.to == OrderStatus::Filled && e.kind == trading::OrderEventKind::Fill) ++filled_by_execution;
    }
    EXPECT_EQ(filled_by_execution, 1);
    co_await test::eventually([&] { return stack_->recorder().stats().commissions_applied +
                                             stack_->recorder().stats().commissions_attached >= 1; });
    co_await expect_store_matches_broker();
  });
}

TEST_F(OrderFlowTest, AFillAfterCancelIsApplied) {
  start_gateway({"fill-after-cancel"});
  start_trader();
  test::run_coroutine(io_, [&]() -> asio::awaitable<void> {
    CO_ASSERT(co_await reconciled());
    auto in = market_buy("MSFT");
    in.type = trading::OrderType::Limit;
    in.limit_price = d("1");  // far below the market: it works until cancelled
    auto r = stack_->oms().submit(in);
    CO_ASSERT(r.has_value(), r.error().message);
    CO_ASSERT(co_await test::eventually([&] {
      return stack_->oms().find(r->ref())->status == OrderStatus::Submitted && stack_->oms().find(r->ref())->perm_id != 0;
    }));
    CO_ASSERT(stack_->oms().cancel(r->ref()).has_value());
    CO_ASSERT(co_await test::eventually([&] { return settled(r->ref()); }));
    EXPECT_EQ(stack_->ledger().quantity("MSFT"), d("10"));
    EXPECT_EQ(fill_rows(), 1);
    co_await expect_store_matches_broker();
  });
}

TEST_F(OrderFlowTest, TheSameExecutionReportedTwiceIsCountedOnce) {
  start_gateway({"duplicate-exec"});
  start_trader();
  test::run_coroutine(io_, [&]() -> asio::awaitable<void> {
    CO_ASSERT(co_await reconciled());
    auto r = stack_->oms().submit(market_buy("NVDA", "7"));
    CO_ASSERT(r.has_value(), r.error().message);
    CO_ASSERT(co_await test::eventually([&] { return settled(r->ref()); }));
    CO_ASSERT(co_await test::eventually([&] { return stack_->feed().stats().fills_duplicate >= 1; }));
    EXPECT_EQ(stack_->ledger().quantity("NVDA"), d("7"));
    EXPECT_EQ(stack_->oms().find(r->ref())->filled_quantity, d("7"));
    EXPECT_EQ(fill_rows(), 1);
    co_await expect_store_matches_broker();
  });
}

TEST_F(OrderFlowTest, AnOrderPlacedByAnotherClientIsFlaggedExternalAtStartup) {
  start_gateway();
  test::run_coroutine(io_, [&]() -> asio::awaitable<void> {
    auto other = co_await test::EmulatorObserver::connect(port_, 77);
    CO_ASSERT(other.has_value());
    tws::PlaceOrder foreign;
    foreign.contract.symbol = "AMZN";
    foreign.order.action = "BUY";
    foreign.order.total_quantity = d("3");
    foreign.order.order_type = "LMT";
    foreign.order.lmt_price = d("1");
    foreign.order.tif = "GTC";
    foreign.order.account = "DU1234567";
    foreign.order.order_ref = "placed-by-hand";
    CO_ASSERT((*other)->place((*other)->next_valid_id(), foreign).has_value());
    auto seen = co_await (*other)->read(kStartingCash);
    CO_ASSERT(seen.has_value() && seen->open_orders.size() == 1);
  });
  start_trader();
  test::run_coroutine(io_, [&]() -> asio::awaitable<void> {
    CO_ASSERT(co_await reconciled());
    auto report = stack_->reconciler().last_report();
    CO_ASSERT(report.has_value());
    CO_ASSERT(report->plan.external_orders.size() == 1u);
    EXPECT_EQ(report->plan.external_orders.front().symbol, "AMZN");
    const auto* o = stack_->oms().find("placed-by-hand");
    CO_ASSERT(o != nullptr);
    EXPECT_TRUE(o->external);
    bool reported = false;
    for (const auto& line : report->problems) reported |= line.find("external order") != std::string::npos;
    EXPECT_TRUE(reported);
    // Flagged, not adopted: the journal keeps it as external, and the OMS does not count it as ours.
    auto stored = stack_->journal().load_orders();
    CO_ASSERT(stored.has_value() && stored->size() == 1u);
    EXPECT_TRUE(stored->front().external);
    // Not traded blindly: while the external order works, no entry of ours goes out beside it.
    EXPECT_FALSE(stack_->oms().submit(market_buy("AMZN")).has_value());
    EXPECT_EQ(stack_->broker().stats().placed, 0);
  });
}

TEST_F(OrderFlowTest, RejectedOrdersAreRecordedWithTheReasonAndNotRetried) {
  start_gateway({"reject-orders"});
  start_trader();
  test::run_coroutine(io_, [&]() -> asio::awaitable<void> {
    CO_ASSERT(co_await reconciled());
    std::vector<std::string> refs;
    for (const char* s : {"AAPL", "MSFT", "NVDA"}) {
      auto r = stack_->oms().submit(market_buy(s));
      CO_ASSERT(r.has_value(), r.error().message);
      refs.push_back(r->ref());
    }
    CO_ASSERT(co_await test::eventually([&] {
      for (const auto& r : refs) {
        if (stack_->oms().find(r)->status != OrderStatus::Rejected) return false;
      }
      return true;
    }));
    for (const auto& r : refs) EXPECT_NE(stack_->oms().find(r)->reject_reason.find("201"), std::string::npos);
    // A round trip on a second connection: anything we might have re-sent would have arrived.
    auto obs = co_await test::EmulatorObserver::connect(port_, 92);
    CO_ASSERT(obs.has_value());
    auto view = co_await (*obs)->read(kStartingCash);
    CO_ASSERT(view.has_value());
    EXPECT_EQ(stack_->broker().stats().sent, 3);
    EXPECT_EQ(stack_->broker().stats().placed, 3);
    EXPECT_EQ(stack_->feed().stats().order_errors, 3);
    EXPECT_TRUE(view->executions.empty());
    auto stored = stack_->journal().load_orders();
    CO_ASSERT(stored.has_value());
    for (const auto& o : *stored) {
      EXPECT_EQ(o.status, OrderStatus::Rejected);
      EXPECT_NE(o.reject_reason.find("201"), std::string::npos);
    }
  });
}

TEST_F(OrderFlowTest, AfterADropBeforeTheAckOrdersAndExecutionsAreReReadBeforeAnythingNewIsSent) {
  start_gateway({"drop-before-ack:once"});
  start_trader();
  test::run_coroutine(io_, [&]() -> asio::awaitable<void> {
    CO_ASSERT(co_await reconciled());
    const auto runs_before = stack_->reconciler().completed();
    auto first = stack_->oms().submit(market_buy("AAPL"));
    CO_ASSERT(first.has_value(), first.error().message);
    // The emulator accepts the order and drops the connection before acknowledging it.
    CO_ASSERT(co_await test::eventually([&] { return !stack_->ready_for_orders(); }));
    auto during = stack_->oms().submit(market_buy("MSFT"));
    EXPECT_FALSE(during.has_value());
    const auto sent_while_down = stack_->broker().stats().sent;
    // Reconnected and reconciled: the first order is known from the broker's report, with its fill.
    CO_ASSERT(co_await reconciled());
    EXPECT_GE(stack_->reconciler().completed(), runs_before + 1);
    EXPECT_EQ(stack_->broker().stats().sent, sent_while_down);  // nothing new went out before that
    CO_ASSERT(co_await test::eventually([&] { return settled(first->ref()); }));
    EXPECT_EQ(stack_->ledger().quantity("AAPL"), d("10"));
    auto report = stack_->reconciler().last_report();
    CO_ASSERT(report.has_value());
    EXPECT_TRUE(report->plan.not_sent.empty());
    EXPECT_TRUE(report->plan.external_orders.empty());
    EXPECT_GE(report->broker_open_orders + report->broker_executions, 1u);
    // New orders flow again, on fresh order ids.
    auto next = stack_->oms().submit(market_buy("NVDA"));
    CO_ASSERT(next.has_value(), next.error().message);
    EXPECT_GT(next->broker_order_id, first->broker_order_id);
    CO_ASSERT(co_await test::eventually([&] { return settled(next->ref()); }));
    co_await expect_store_matches_broker();
  });
}

TEST_F(OrderFlowTest, ACommissionThatArrivesOnlyAfterAReconnectLandsOnItsFillOnce) {
  start_gateway({"drop-before-commission:once"});
  start_trader();
  test::run_coroutine(io_, [&]() -> asio::awaitable<void> {
    CO_ASSERT(co_await reconciled());
    auto order = stack_->oms().submit(market_buy("AAPL"));
    CO_ASSERT(order.has_value(), order.error().message);
    // The execution arrives, then the connection drops before its commissionReport.
    CO_ASSERT(co_await test::eventually([&] { return !stack_->ready_for_orders(); }));
    CO_ASSERT(co_await reconciled());
    CO_ASSERT(co_await test::eventually([&] { return settled(order->ref()); }));
    // The reconnect's reqExecutions brings the commission: it lands on the fill, once.
    CO_ASSERT(co_await test::eventually([&] { return !stack_->ledger().commissions().is_zero(); }));
    auto fills = stack_->ledger_store().load_fills();
    CO_ASSERT(fills.has_value());
    CO_ASSERT(fills->size() == 1u);
    const std::string exec_id = fills->front().exec_id;
    auto commissions = stack_->ledger_store().load_commissions();
    CO_ASSERT(commissions.has_value());
    EXPECT_EQ(commissions->at(exec_id), d("1"));  // a late adjustment of the stored fill
    EXPECT_EQ(stack_->ledger().commissions(), d("1"));  // 10 shares: the $1.00 minimum
    EXPECT_EQ(fill_rows(), 1);
    // The same report delivered again (as a later reqExecutions would) changes nothing.
    const Decimal cash = stack_->ledger().cash();
    const auto applied = stack_->recorder().stats().commissions_applied;
    tws::CommissionReport again;
    again.exec_id = exec_id;
    again.commission = d("1");
    stack_->feed().handle(again);
    auto obs = co_await test::EmulatorObserver::connect(port_, 93);
    CO_ASSERT(obs.has_value());
    auto view = co_await (*obs)->read(kStartingCash);
    CO_ASSERT(view.has_value(), view.error().message);
    EXPECT_EQ(view->commissions.at(exec_id), d("1"));
    EXPECT_EQ(stack_->ledger().cash(), cash);
    EXPECT_EQ(stack_->recorder().stats().commissions_applied, applied);
    EXPECT_EQ(stack_->recorder().waiting_commissions(), 0u);
    co_await expect_store_matches_broker();
  });
}

}  // namespace
}  // namespace rt::ib

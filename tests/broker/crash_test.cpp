// RELIABILITY O2: the trader killed with SIGKILL at random points — between journaling an order
// and sending it, between sending it and its ack, between a fill and its commission — fifty times,
// restarted each time against the same emulator and the same SQLite file. After every restart's
// reconciliation: no order is duplicated at the emulator (one broker order per orderRef), no
// fill is lost (every emulator execution is in the fills table, once), and every journaled order
// has taken exactly the broker's executions for it, and is open only if the broker holds it open
// (an order left open forever blocks its symbol). At the end the store's positions and cash equal
// the emulator's exactly. Each child's log is kept in the test's directory and shown on failure.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "child_process.hpp"
#include "emulator_observer.hpp"
#include "gateway/gateway_server.hpp"
#include "store/ledger_store.hpp"
#include "store/order_journal.hpp"
#include "store/temp_dir.hpp"

namespace rt::ib {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

constexpr int kKills = 50;
constexpr int kSteps = 160;
const Decimal kStartingCash = Decimal::from_int(100000);

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    gateway::GatewayConfig config;
    config.port = 0;
    config.starting_cash = kStartingCash;
    config.market.start = gateway::parse_new_york_time("2025-01-15 10:00").value();
    server_ = std::make_unique<gateway::GatewayServer>(io_, std::move(config), clock_, steady_);
    auto port = server_->start();
    ASSERT_TRUE(port) << port.error().message;
    port_ = *port;
    io_thread_ = std::thread([this] { io_.run(); });
    observer_ = on_io<Result<std::unique_ptr<test::EmulatorObserver>>>(
        [this]() { return test::EmulatorObserver::connect(port_, 95); });
    ASSERT_TRUE(*observer_);
  }

  void TearDown() override {
    asio::post(io_, [this] {
      observer_.reset();
      server_->stop();
    });
    work_.reset();
    io_.stop();
    if (io_thread_.joinable()) io_thread_.join();
  }

  template <class T>
  T on_io(std::function<asio::awaitable<T>()> make) {
    return asio::co_spawn(io_, make(), asio::use_future).get();
  }

  test::BrokerView broker_view(bool with_positions = false) {
    auto view = on_io<Result<test::BrokerView>>(
        [this, with_positions]() { return (**observer_)->read(kStartingCash, with_positions); });
    EXPECT_TRUE(view) << view.error().message;
    return view ? *view : test::BrokerView{};
  }

  // No duplicate order at the emulator, no lost fill in the store, no order the journal keeps
  // open or short of its fills while the broker has finished it.
  void check_after_reconcile(int run) {
    test::BrokerView view = broker_view();
    std::map<std::string, std::set<std::int64_t>> orders_by_ref;
    for (const auto& e : view.executions) orders_by_ref[e.order_ref].insert(e.perm_id);
    for (const auto& o : view.open_orders) orders_by_ref[o.order.order_ref].insert(o.order.perm_id);
    for (const auto& [ref, perms] : orders_by_ref) {
      EXPECT_EQ(perms.size(), 1u) << "run " << run << ": orderRef " << ref << " placed " << perms.size() << " times";
    }
    auto db = store::Database::open(db_path(), store::OpenOptions{.read_only = true});
    ASSERT_TRUE(db) << db.error().describe();
    store::LedgerStore ledger(*db);
    auto fills = ledger.load_fills();
    ASSERT_TRUE(fills);
    std::map<std::string, int> stored;
    for (const auto& f : *fills) ++stored[f.exec_id];
    for (const auto& e : view.executions) {
      EXPECT_EQ(stored[e.exec_id], 1) << "run " << run << ": execution " << e.exec_id << " of " << e.order_ref;
    }
    EXPECT_EQ(stored.size(), view.executions.size()) << "run " << run;

    std::map<std::string, Decimal> executed;
    for (const auto& e : view.executions) executed[e.order_ref] += e.shares;
    std::set<std::string> open_at_broker;
    for (const auto& o : view.open_orders) open_at_broker.insert(o.order.order_ref);
    store::OrderJournal journal(*db);
    auto orders = journal.load_orders();
    ASSERT_TRUE(orders) << orders.error().describe();
    for (const auto& o : *orders) {
      EXPECT_EQ(o.filled_quantity.to_string(), executed[o.ref()].to_string())
          << "run " << run << ": filled quantity of order " << o.ref() << " (" << trading::to_string(o.status)
          << ") against the broker's executions";
      if (trading::is_open(o.status)) {
        EXPECT_TRUE(open_at_broker.contains(o.ref()))
            << "run " << run << ": order " << o.ref() << " stays " << trading::to_string(o.status)
            << " in the journal but is not open at the broker";
      }
    }
  }

  std::string db_path() const { return dir_.file("trader.db"); }
  std::string log_path(int run) const { return dir_.file("child-" + std::to_string(run) + ".log"); }
  std::vector<std::string> child_args() const {
    return {RT_ORDER_FLOW_CHILD, std::to_string(port_), db_path(), std::to_string(kSteps)};
  }

  store::testing::TempDir dir_;
  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_{io_.get_executor()};
  SystemClock clock_;
  SteadyClock steady_;
  std::unique_ptr<gateway::GatewayServer> server_;
  std::uint16_t port_ = 0;
  std::thread io_thread_;
  std::optional<Result<std::unique_ptr<test::EmulatorObserver>>> observer_;
};

TEST_F(CrashTest, FiftySigkillsThenTheStoreEqualsTheBrokerWithNoDuplicateOrderOrLostFill) {
  std::mt19937 rng(20250115);
  std::uniform_int_distribution<int> orders_before_kill(0, 3);
  std::uniform_int_distribution<int> extra_micros(0, 3000);
  int kills = 0;
  bool finished = false;
  for (int run = 0; run < kKills && !finished; ++run) {
    test::Child child(child_args(), log_path(run));
    ASSERT_TRUE(child.started());
    ASSERT_TRUE(child.wait_for("RECONCILED")) << "run " << run << "\n" << child.transcript();
    {
      SCOPED_TRACE(child.transcript());
      check_after_reconcile(run);
    }
    if (HasFailure()) return;
    child.go();
    const int k = orders_before_kill(rng);
    for (int i = 0; i < k; ++i) {
      if (!child.wait_for("PLACED", 10s)) {
        finished = std::find(child.lines().begin(), child.lines().end(), "DONE") != child.lines().end();
        if (!finished) {
          ADD_FAILURE() << "run " << run << ": the child stopped placing orders\n" << child.transcript();
          return;
        }
        break;
      }
    }
    std::this_thread::sleep_for(std::chrono::microseconds(extra_micros(rng)));  // the kill point, not a sync
    child.kill();
    ++kills;
  }
  EXPECT_EQ(kills, kKills) << "the sequence ended before every kill; raise kSteps";

  test::Child last(child_args(), log_path(kKills));
  ASSERT_TRUE(last.started());
  ASSERT_TRUE(last.wait_for("RECONCILED")) << last.transcript();
  {
    SCOPED_TRACE(last.transcript());
    check_after_reconcile(kKills);
  }
  last.go();
  ASSERT_TRUE(last.wait_for("DONE", 60s)) << last.transcript();
  EXPECT_EQ(last.wait(), 0);
  SCOPED_TRACE(last.transcript());

  test::BrokerView view = broker_view(true);
  EXPECT_GT(view.executions.size(), 20u);
  check_after_reconcile(kKills + 1);
  auto db = store::Database::open(db_path(), store::OpenOptions{.read_only = true});
  ASSERT_TRUE(db);
  store::LedgerStore store(*db);
  auto ledger = store.load_ledger();
  ASSERT_TRUE(ledger);
  // Compared as text so a difference prints readably.
  std::map<std::string, std::string> positions;
  for (const auto& p : ledger->positions()) {
    if (!p.quantity.is_zero()) positions[p.symbol] = p.quantity.to_string();
  }
  std::map<std::string, std::string> broker_positions;
  for (const auto& [symbol, quantity] : view.positions) broker_positions[symbol] = quantity.to_string();
  EXPECT_EQ(positions, broker_positions);
  EXPECT_EQ(ledger->cash().to_string(), view.cash_from_executions.to_string());
  for (const auto& e : view.executions) EXPECT_TRUE(e.order_ref.starts_with("flow-")) << e.order_ref;
}

}  // namespace
}  // namespace rt::ib

// RELIABILITY P6: protection that survives the trader. The real trader (risk.protection = broker)
// trades a sawtooth market: every rise gives an entry, sent as a bracket with a 1 % trailing stop
// held at the emulator; every drop runs through that stop. The trader is killed with SIGKILL twenty
// times: some kills come right after an entry fills, and then the market moves through the stop
// while the trader is dead: the broker-held stop must close the position. The others come at a
// random moment. After every restart's reconciliation the store's position equals the broker's,
// the broker holds at most one protective order for the symbol and exactly one while a position
// is held, and no orderRef is placed twice. At the end positions and cash equal the emulator's.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <filesystem>
#include <iostream>
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

constexpr int kKills = 20;
constexpr double kSpeed = 600;
constexpr const char* kSymbol = "SAW";
const Decimal kStartingCash = Decimal::from_int(100000);

// A flat day of warm-up, then ten-minute teeth: seven rising minutes (sma_cross 3/8 buys on the
// third), one 2.7 % drop through the 1 % trailing stop, two flat minutes.
std::filesystem::path write_sawtooth(const std::filesystem::path& path) {
  std::ofstream out(path);
  out << "Date,Time,Open,High,Low,Close,Volume\n";
  auto row = [&](const char* date, int i, double open, double close) {
    const int minute = 9 * 60 + 30 + i;
    char line[128];
    std::snprintf(line, sizeof line, "%s,%02d:%02d:00,%.2f,%.2f,%.2f,%.2f,1000\n", date, minute / 60, minute % 60, open,
                  std::max(open, close) + 0.01, std::min(open, close) - 0.01, close);
    out << line;
  };
  for (int i = 0; i < 390; ++i) row("2025-01-14", i, 100.0, 100.0);
  double price = 100.0;
  for (int i = 0; i < 390; ++i) {
    const int phase = i % 10;
    const double open = price;
    price += phase < 7 ? 0.4 : (phase == 7 ? -2.8 : 0.0);
    row("2025-01-15", i, open, price);
  }
  return path;
}

class ProtectionKillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    gateway::GatewayConfig config;
    config.port = 0;
    config.starting_cash = kStartingCash;
    config.market.speed = kSpeed;
    config.market.historical_pacing = false;
    config.market.start = gateway::parse_new_york_time("2025-01-15 09:31").value();
    config.market.replays.push_back({write_sawtooth(dir_.file("saw.csv")).string(), kSymbol});
    server_ = std::make_unique<gateway::GatewayServer>(io_, std::move(config), clock_, steady_);
    // The market clock's anchor, for the child to read the same market time.
    anchor_real_ = clock_.now();
    anchor_market_ = server_->market_clock().now();
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

  std::vector<std::string> child_args() const {
    auto ns = [](Timestamp t) { return std::to_string(t.time_since_epoch().count()); };
    return {RT_PROTECTED_TRADER_CHILD, std::to_string(port_), db_path(), ns(anchor_real_), ns(anchor_market_),
            std::to_string(kSpeed), kSymbol};
  }
  [[nodiscard]] std::string db_path() const { return dir_.file("trader.db"); }
  [[nodiscard]] std::string log_path(int run) const { return dir_.file("child-" + std::to_string(run) + ".log"); }

  // The emulator's position: the sum of its executions (what reqPositions reports, without
  // asking for it on every poll).
  static Decimal position(const test::BrokerView& view) {
    Decimal held;
    for (const auto& e : view.executions) {
      if (e.contract.symbol == kSymbol) held += e.side == "BOT" ? e.shares : -e.shares;
    }
    return held;
  }
  static int protective_orders(const test::BrokerView& view) {
    int n = 0;
    for (const auto& o : view.open_orders) n += o.contract.symbol == kSymbol && o.order.order_type == "TRAIL" ? 1 : 0;
    return n;
  }
  Decimal stored_position() const {
    auto db = store::Database::open(db_path(), store::OpenOptions{.read_only = true});
    EXPECT_TRUE(db) << db.error().describe();
    if (!db) return {};
    auto ledger = store::LedgerStore(*db).load_ledger();
    EXPECT_TRUE(ledger);
    return ledger ? ledger->quantity(kSymbol) : Decimal{};
  }

  // After a restart: the books equal the broker, and the broker protects what is held, once.
  void check_after_reconcile(int run) {
    const auto view = broker_view();
    EXPECT_EQ(stored_position().to_string(), position(view).to_string()) << "run " << run;
    EXPECT_LE(protective_orders(view), 1) << "run " << run << ": a duplicate protective order";
    std::map<std::string, std::set<std::int64_t>> perms_by_ref;
    for (const auto& e : view.executions) perms_by_ref[e.order_ref].insert(e.perm_id);
    for (const auto& o : view.open_orders) perms_by_ref[o.order.order_ref].insert(o.order.perm_id);
    for (const auto& [ref, perms] : perms_by_ref) {
      EXPECT_EQ(perms.size(), 1U) << "run " << run << ": orderRef " << ref << " placed " << perms.size() << " times";
    }
  }

  // Polls the emulator (no event reaches the test from it) until `done`, at most `timeout`.
  bool broker_until(const std::function<bool(const test::BrokerView&)>& done, std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      if (done(broker_view())) return true;
      std::this_thread::sleep_for(50ms);  // a poll interval: the emulator pushes nothing to the test
    }
    return false;
  }

  store::testing::TempDir dir_;
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_{io_.get_executor()};
  SystemClock clock_;
  SteadyClock steady_;
  Timestamp anchor_real_;
  Timestamp anchor_market_;
  std::unique_ptr<gateway::GatewayServer> server_;
  std::uint16_t port_ = 0;
  std::thread io_thread_;
  std::optional<Result<std::unique_ptr<test::EmulatorObserver>>> observer_;
};

TEST_F(ProtectionKillTest, TheBrokerHeldStopClosesAPositionWhileTheTraderIsDeadAndRestartsNeverDuplicateIt) {
  std::mt19937 rng(20261207);
  std::uniform_int_distribution<int> pause_ms(100, 700);
  int stopped_while_dead = 0;
  int held_at_restart = 0;  // restarts that found a position, to be protected once
  for (int run = 0; run < kKills; ++run) {
    test::Child child(child_args(), log_path(run));
    ASSERT_TRUE(child.started());
    ASSERT_TRUE(child.wait_for("reconciled:", 20s)) << child.transcript();
    ASSERT_TRUE(child.wait_for("SAW: ", 20s)) << child.transcript();  // streaming: protection kept
    {
      SCOPED_TRACE(child.transcript());
      check_after_reconcile(run);
      if (!position(broker_view()).is_zero()) {
        ++held_at_restart;
        EXPECT_TRUE(broker_until([](const test::BrokerView& v) { return protective_orders(v) == 1; }, 5s))
            << "run " << run << ": a held position without its protective order";
      }
    }
    if (HasFailure()) return;
    if (run % 3 == 0) {
      // Killed right after an entry fills; the next drop must be taken by the broker's stop.
      ASSERT_TRUE(child.wait_for("FILL SAW position 0 -> ", 20s)) << child.transcript();
      child.kill();
      const bool closed = broker_until([](const test::BrokerView& v) { return position(v).is_zero(); }, 10s);
      EXPECT_TRUE(closed) << "run " << run << ": the broker-held stop did not close the position\n"
                          << child.transcript();
      stopped_while_dead += closed ? 1 : 0;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));  // the kill point, not a sync
      child.kill();
    }
  }
  EXPECT_GE(stopped_while_dead, kKills / 3);
  EXPECT_GE(held_at_restart, 1) << "no restart found a position to adopt the protection of";
  std::cout << "stopped while dead " << stopped_while_dead << ", held at restart " << held_at_restart << "\n";

  test::Child last(child_args(), log_path(kKills));
  ASSERT_TRUE(last.wait_for("reconciled:", 20s)) << last.transcript();
  ASSERT_TRUE(last.wait_for("SAW: ", 20s)) << last.transcript();
  SCOPED_TRACE(last.transcript());
  check_after_reconcile(kKills);
  last.kill();
  const auto view = broker_view(true);
  EXPECT_EQ(view.positions.contains(kSymbol) ? view.positions.at(kSymbol).to_string() : "0",
            position(view).to_string());
  auto db = store::Database::open(db_path(), store::OpenOptions{.read_only = true});
  ASSERT_TRUE(db);
  auto ledger = store::LedgerStore(*db).load_ledger();
  ASSERT_TRUE(ledger);
  EXPECT_EQ(ledger->quantity(kSymbol).to_string(), position(view).to_string());
  EXPECT_EQ(ledger->cash().to_string(), view.cash_from_executions.to_string());
  int protect_fills = 0;
  const auto orders = store::OrderJournal(*db).load_orders();
  ASSERT_TRUE(orders);
  for (const auto& o : *orders) {
    if (o.intent.purpose == trading::OrderPurpose::Protect && o.status == trading::OrderStatus::Filled) ++protect_fills;
  }
  EXPECT_GE(protect_fills, stopped_while_dead) << "each stop taken while the trader was dead is journaled as filled";
}

}  // namespace
}  // namespace rt::ib

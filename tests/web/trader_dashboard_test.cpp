// The dashboard of a real Trader: the kernel trading against the emulator in the same process (real
// loopback TCP, simulated market time), the dashboard on the same event loop, checked over HTTP and
// WebSocket as a user or a script would see it.
#include "web/trader_dashboard.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "gateway/gateway_server.hpp"
#include "runner/risk_state_store.hpp"
#include "runner/trader.hpp"
#include "store/ledger_store.hpp"
#include "support/io_runner.hpp"
#include "support/temp_db.hpp"
#include "web/prometheus_text.hpp"
#include "web/web_client.hpp"

namespace rt::web {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using nlohmann::json;

struct TempDb : test::TempDb {
  TempDb() : test::TempDb("rt-trader-dashboard") {}
};

// The emulator at 1500x from a mid-morning start: the fast SMA pair trades within seconds.
class TraderDashboardTest : public ::testing::Test {
 protected:
  TraderDashboardTest() : db_(store::Database::open(tmp_.path.string()).value()) {
    gateway::GatewayConfig g;
    g.port = 0;
    g.market.speed = 1500;
    g.market.start = gateway::parse_new_york_time("2025-01-15 10:00").value();
    emulator_ = std::make_unique<gateway::GatewayServer>(io_, g, wall_, steady_);
    runner::TraderOptions o;
    o.config.symbols = {"AAPL", "MSFT", "NVDA", "AMZN"};
    o.config.strategy_params = {{"fast", "3"}, {"slow", "8"}};
    o.config.bar_size = "1 min";
    o.config.history_duration = "1 D";
    o.config.risk.cooldown = Duration{0};
    o.config.heartbeat_seconds = 0.2;  // the panel shows a heartbeat within the test
    o.port = emulator_->start().value();
    o.clock_speed = g.market.speed;
    o.starting_cash = g.starting_cash;
    o.ready_timeout = 10s;
    o.out = [](const std::string&) {};
    trader_ = std::make_unique<runner::Trader>(io_.get_executor(), emulator_->market_clock(), wall_, steady_, db_, o);
    TraderDashboardOptions d;
    d.web.port = 0;
    d.mode = "sim";
    d.refresh = 200ms;
    dashboard_ = TraderDashboard::start(io_.get_executor(), *trader_, db_, d).value();
  }

  // Starts the trader's run() beside the test coroutine.
  asio::awaitable<void> start_trader() {
    asio::co_spawn(co_await asio::this_coro::executor,
                   [this]() -> asio::awaitable<void> { result_ = co_await trader_->run(); }, asio::detached);
  }
  asio::awaitable<bool> stop_trader() {
    trader_->stop("test over");
    co_return co_await test::eventually([&] { return result_.has_value(); }, 5s);
  }
  asio::awaitable<json> state() {
    auto r = co_await test::http_get(port(), "/api/state");
    co_return r.status == 200 ? json::parse(r.body) : json{};
  }
  std::uint16_t port() const { return dashboard_->port(); }

  TempDb tmp_;
  store::Database db_;
  asio::io_context io_;
  SystemClock wall_;
  SteadyClock steady_;
  std::unique_ptr<gateway::GatewayServer> emulator_;
  std::unique_ptr<runner::Trader> trader_;
  std::unique_ptr<TraderDashboard> dashboard_;
  std::optional<Result<runner::TraderSummary>> result_;
};

TEST_F(TraderDashboardTest, ReadyzIs503UntilTheBrokerIsReconciledThen200) {
  test::run_coroutine(io_, [&]() -> asio::awaitable<void> {
    auto before = co_await test::http_get(port(), "/readyz");
    EXPECT_EQ(before.status, 503u) << before.body;
    EXPECT_EQ(json::parse(before.body)["ready"], false);
    co_await start_trader();
    CO_ASSERT(co_await test::eventually([&] { return trader_->ready_for_orders(); }, 10s));
    auto after = co_await test::http_get(port(), "/readyz");
    EXPECT_EQ(after.status, 200u) << after.body;
    auto body = json::parse(after.body);
    EXPECT_EQ(body["connected"], true);
    EXPECT_EQ(body["reconciled"], true);
    EXPECT_EQ(body["kill_switched"], false);
    CO_ASSERT(co_await stop_trader());
  }, 30s);
}

TEST_F(TraderDashboardTest, ApiStateShowsTheSessionThePositionsWithStopsTheFillsAndTheEquityCurve) {
  json s;
  test::run_coroutine(io_, [&]() -> asio::awaitable<void> {
    co_await start_trader();
    CO_ASSERT(co_await test::eventually([&] { return trader_->stop_count() > 0; }, 20s),
              "no position with a stop within the simulated morning");
    // A refresh later the published model has it.
    CO_ASSERT(co_await test::eventually([&] { return !dashboard_->model().positions.empty(); }, 2s));
    CO_ASSERT(co_await test::eventually([&] { return dashboard_->model().equity.size() >= 2; }, 10s));
    CO_ASSERT(co_await test::eventually([&] { return dashboard_->model().connection.last_heartbeat_ms > 0; }, 5s));
    s = co_await state();
    CO_ASSERT(co_await stop_trader());
  }, 60s);
  ASSERT_TRUE(s.is_object());
  EXPECT_EQ(s["mode"], "sim");
  const auto& c = s["connection"];
  EXPECT_EQ(c["state"], "ready");
  EXPECT_EQ(c["connected"], true);
  EXPECT_GT(c["server_version"].get<int>(), 100);
  ASSERT_FALSE(c["accounts"].empty());
  EXPECT_TRUE(c["accounts"][0].get<std::string>().starts_with("DU"));
  ASSERT_TRUE(c["last_heartbeat"].is_string()) << c.dump();
  EXPECT_EQ(c["last_heartbeat"].get<std::string>().size(), 29u) << "RFC 3339 with milliseconds and offset";
  ASSERT_FALSE(s["positions"].empty());
  bool stop_shown = false;
  for (const auto& p : s["positions"]) stop_shown |= p["stop_price"].is_string();
  EXPECT_TRUE(stop_shown) << s["positions"].dump();
  EXPECT_FALSE(s["fills"].empty());
  EXPECT_FALSE(s["signals"].empty());
  EXPECT_GE(s["equity"].size(), 2u);
  EXPECT_GT(Decimal::parse(s["account"]["net_liquidation"].get<std::string>()).value_or(Decimal{}), Decimal{});
  EXPECT_EQ(s["kill_switch"]["engaged"], false);
  EXPECT_FALSE(s["limits"].empty());
}

TEST_F(TraderDashboardTest, EachPositionShowsIbsQuantityAndValueAndTheEquityByDayComesFromStoredSnapshots) {
  // The day before, as an earlier run left it in the database.
  trading::DailySnapshot before;
  before.date = std::chrono::year_month_day{std::chrono::year{2025}, std::chrono::January, std::chrono::day{14}};
  before.equity = before.cash = before.start_equity = *Decimal::parse("99000");
  ASSERT_TRUE(store::LedgerStore(db_).record_snapshot(before));
  const auto ib_answered = [&] {
    for (const auto& p : dashboard_->model().positions) {
      if (p.ib_known) return true;
    }
    return false;
  };
  json s;
  test::run_coroutine(io_, [&]() -> asio::awaitable<void> {
    co_await start_trader();
    CO_ASSERT(co_await test::eventually(ib_answered, 30s), "no position with IB's reqPnLSingle beside it");
    CO_ASSERT(co_await test::eventually([&] { return dashboard_->model().equity_days.size() >= 2; }, 10s));
    s = co_await state();
    CO_ASSERT(co_await stop_trader());
  }, 60s);
  ASSERT_TRUE(s.is_object());
  bool shown = false;
  for (const auto& p : s["positions"]) {
    if (p["ib"].is_null()) continue;
    shown = true;
    EXPECT_EQ(p["ib"]["quantity"], p["quantity"]) << p.dump();
    EXPECT_TRUE(p["ib"]["value"].is_string()) << p.dump();
  }
  EXPECT_TRUE(shown) << s["positions"].dump();
  ASSERT_GE(s["equity_days"].size(), 2u);
  EXPECT_EQ(s["equity_days"][0][0], "2025-01-14");  // the snapshot's trading date
  EXPECT_EQ(s["equity_days"][0][1], "99000");
  EXPECT_TRUE(s["account"]["ib"]["day_pnl"].is_string()) << s["account"].dump();
}

TEST_F(TraderDashboardTest, MetricsReportTheLiveSessionAndTheTrading) {
  test::PromText metrics;
  test::run_coroutine(io_, [&]() -> asio::awaitable<void> {
    co_await start_trader();
    CO_ASSERT(co_await test::eventually([&] { return trader_->stop_count() > 0; }, 20s));
    CO_ASSERT(co_await test::eventually([&] { return !dashboard_->model().fills.empty(); }, 2s));
    auto r = co_await test::http_get(port(), "/metrics");
    CO_ASSERT(r.status == 200, r.error);
    metrics = test::parse_prometheus(r.body);
    CO_ASSERT(co_await stop_trader());
  }, 60s);
  ASSERT_TRUE(metrics.error.empty()) << metrics.error;
  EXPECT_EQ(metrics.value("rt_connection_up"), 1.0);
  EXPECT_GT(metrics.value("rt_messages_in_total").value_or(0), 0);
  EXPECT_GT(metrics.value("rt_orders_submitted_total").value_or(0), 0);
  EXPECT_GT(metrics.value("rt_fills_total").value_or(0), 0);
  EXPECT_GT(metrics.value("rt_order_ack_seconds_count").value_or(0), 0);
  EXPECT_GT(metrics.value("rt_equity").value_or(0), 0);
}

TEST_F(TraderDashboardTest, KillSwitchPostEngagesTheKernelsKillSwitchAndPersistsIt) {
  test::run_coroutine(io_, [&]() -> asio::awaitable<void> {
    co_await start_trader();
    CO_ASSERT(co_await test::eventually([&] { return trader_->ready_for_orders(); }, 10s));
    test::HttpCall call;
    call.method = test::http::verb::post;
    call.target = "/api/kill-switch";
    call.headers["Content-Type"] = "application/json";
    call.body = R"({"reason":"news at noon"})";
    auto r = co_await test::http_call(port(), call);
    EXPECT_EQ(r.status, 200u) << r.body;
    EXPECT_TRUE(trader_->kill_switch_engaged());
    auto ready = co_await test::http_get(port(), "/readyz");
    EXPECT_EQ(ready.status, 503u);
    EXPECT_EQ(json::parse(ready.body)["kill_switched"], true);
    CO_ASSERT(co_await test::eventually([&] { return dashboard_->model().kill_switch.engaged; }, 2s));
    auto s = co_await state();
    EXPECT_EQ(s["kill_switch"]["kind"], "manual");
    EXPECT_NE(s["kill_switch"]["reason"].get<std::string>().find("news at noon"), std::string::npos);
    CO_ASSERT(co_await stop_trader());
  }, 30s);
  runner::RiskStateStore stored(db_);
  auto ks = stored.load_kill_switch();
  ASSERT_TRUE(ks.has_value());
  EXPECT_TRUE(ks->engaged);
  EXPECT_EQ(ks->kind, trading::KillSwitchKind::Manual);
  EXPECT_NE(ks->reason.find("news at noon"), std::string::npos);
}

TEST_F(TraderDashboardTest, AWebSocketClientGetsTheConnectedStateThenLiveUpdatesAndStopEndsItQuickly) {
  std::chrono::steady_clock::duration took{};
  test::run_coroutine(io_, [&]() -> asio::awaitable<void> {
    co_await start_trader();
    CO_ASSERT(co_await test::eventually([&] { return trader_->ready_for_orders(); }, 10s));
    test::WsTestClient ws(co_await asio::this_coro::executor);
    auto err = co_await ws.connect(port(), "/ws");
    CO_ASSERT(err.empty(), err);
    std::uint64_t first_sequence = 0;
    bool connected = false;
    for (int i = 0; i < 50 && !connected; ++i) {
      auto msg = co_await ws.read();
      CO_ASSERT(msg.has_value());
      auto s = json::parse(*msg);
      connected = s["connection"]["connected"] == true;
      first_sequence = s["sequence"].get<std::uint64_t>();
    }
    CO_ASSERT(connected, "no pushed state showed the session connected");
    auto next = co_await ws.read();
    CO_ASSERT(next.has_value());
    EXPECT_GT(json::parse(*next)["sequence"].get<std::uint64_t>(), first_sequence);
    // Stopping the trader with the page connected stays well within 5 s.
    const auto t0 = std::chrono::steady_clock::now();
    CO_ASSERT(co_await stop_trader());
    dashboard_->stop();
    took = std::chrono::steady_clock::now() - t0;
    for (int i = 0; i < 20; ++i)
      if (!(co_await ws.read())) co_return;
    ADD_FAILURE() << "the WebSocket stayed open after stop()";
  }, 30s);
  EXPECT_LT(took, 5s);
}

}  // namespace
}  // namespace rt::web

// dashboard_demo_server: a DashboardServer fed with a synthetic, changing DashboardModel, for the
// browser test and for looking at the page without a trader. Prints "listening <url>" once bound,
// (with ?token=... when --token is given), then runs until SIGINT/SIGTERM. Not part of the product.
//
//   dashboard_demo_server [--port N] [--token T] [--interval-ms N]
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>

#include "web/dashboard_server.hpp"

namespace {

using namespace rt::web;

struct DemoMarket {
  std::int64_t t_ms = 1718899200000;  // a fixed start, so every run looks the same
  int step = 0;
  DashboardModel model;

  std::mt19937 rng{20240620};  // fixed seed: every run draws the same market
  double drift[3] = {0, 0, 0};

  // A random walk around each symbol's base price, in basis points.
  double next_move(int i) {
    std::normal_distribution<double> move(0.15, 6.0);
    drift[i] = drift[i] * 0.995 + move(rng);
    return drift[i] / 10000.0;
  }

  void init() {
    model.mode = "sim";
    model.started_ms = t_ms;
    auto& c = model.connection;
    c.state = "ready";
    c.connected = true;
    c.server_version = 176;
    c.client_id = 41327;
    c.host = "127.0.0.1";
    c.port = 4002;
    c.accounts = {"DU1234567"};
    c.farms = {{"usfarm", "market_data", true, 2104}, {"ushmds", "historical", true, 2106},
               {"secdefil", "secdef", true, 2158}};
    model.account.account = "DU1234567";
    model.limits = {{"max position notional", "25,000.00"}, {"max gross exposure", "100,000.00"},
                    {"daily loss limit", "2,000.00"},      {"max orders per minute", "20"},
                    {"max open positions", "8"},           {"one working entry per symbol", "yes"}};
    model.kill_switch.kind = "";
    add_log("info", "connected to 127.0.0.1:4002 (server version 176, client id 41327)");
    add_log("info", "reconciled: 3 positions, 1 open order, 12 executions");
  }

  void add_log(std::string level, std::string text) {
    model.log.push_back(LogLine{t_ms, std::move(level), std::move(text)});
    trim_to(model.log, DashboardModel::kMaxLogLines);
  }

  void tick() {
    ++step;
    t_ms += 5000;
    model.now_ms = t_ms;
    model.connection.last_heartbeat_ms = t_ms - 2000;
    model.connection.connected_since_ms = model.started_ms;
    struct Holding {
      const char* symbol;
      double qty, cost, base, stop;
    };
    const Holding holdings[] = {{"AAPL", 100, 187.42, 189.0, 182.5},
                                {"MSFT", 40, 411.10, 414.0, 401.0},
                                {"NVDA", -25, 121.80, 120.5, 126.0}};
    model.positions.clear();
    double unrealized = 0;
    int index = 0;
    for (const auto& h : holdings) {
      PositionView p;
      p.symbol = h.symbol;
      p.quantity = h.qty;
      p.average_cost = h.cost;
      p.price = std::round(h.base * (1.0 + next_move(index++)) * 100) / 100;
      p.market_value = p.quantity * p.price;
      p.unrealized_pnl = (p.price - p.average_cost) * p.quantity;
      p.realized_pnl = h.qty > 0 ? 35.10 : -12.40;
      p.stop_price = h.stop;
      unrealized += p.unrealized_pnl;
      model.positions.push_back(p);
    }
    auto& a = model.account;
    a.realized_pnl = 22.70 + (step / 40) * 18.5;
    a.unrealized_pnl = unrealized;
    a.cash = 61250.00 + a.realized_pnl;
    a.net_liquidation = 100000.0 + a.realized_pnl + unrealized + 4012.5;
    a.total_pnl = a.net_liquidation - 100000.0;
    a.day_pnl = a.total_pnl - 3780.0;
    model.equity.push_back(EquityPoint{t_ms, a.net_liquidation});
    trim_to(model.equity, DashboardModel::kMaxEquityPoints);

    model.orders = {OrderView{"rt-AMZN-0007", 1042, "AMZN", "BUY", "LMT", 30, 0, 183.20, 0, "Submitted", t_ms - 60000},
                    OrderView{"rt-AAPL-stop", 1038, "AAPL", "SELL", "STP", 100, 0, 0, 182.50, "PreSubmitted",
                              model.started_ms}};
    if (step % 6 == 0) {
      const char* sym = holdings[(step / 6) % 3].symbol;
      model.signals.push_back(SignalView{sym, "sma_cross", step % 12 == 0 ? "buy" : "sell",
                                         step % 12 == 0 ? "sma20 > sma50" : "sma20 < sma50", t_ms});
      trim_to(model.signals, DashboardModel::kMaxSignals);
    }
    if (step % 9 == 0) {
      model.fills.push_back(FillView{"0000e1f2." + std::to_string(step), "MSFT", step % 18 == 0 ? "BUY" : "SELL", 10,
                                     model.positions[1].price, 1.00, t_ms});
      trim_to(model.fills, DashboardModel::kMaxFills);
      add_log("info", "fill MSFT 10 @ " + std::to_string(model.positions[1].price).substr(0, 6));
    }
    if (step % 15 == 0) {
      model.denials.push_back(DenialView{"TSLA", "max_position_notional", "order notional 31,050.00 above 25,000.00", t_ms});
      trim_to(model.denials, DashboardModel::kMaxDenials);
      add_log("warn", "risk denied TSLA buy: order notional 31,050.00 above 25,000.00");
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  DashboardServerConfig config;
  config.port = 0;
  int interval_ms = 500;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    std::string value = argv[i + 1];
    if (flag == "--port") config.port = static_cast<std::uint16_t>(std::atoi(value.c_str()));
    else if (flag == "--token") config.token = value;
    else if (flag == "--interval-ms") interval_ms = std::atoi(value.c_str());
    else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }

  boost::asio::io_context io;
  MetricsRegistry metrics;
  DemoMarket market;
  market.init();
  // Start with an hour of history so the chart has a shape from the first frame.
  for (int i = 0; i < 720; ++i) market.tick();

  DashboardCallbacks callbacks;
  callbacks.readiness = [&] {
    Readiness r;
    r.connected = true;
    r.reconciled = true;
    r.kill_switched = market.model.kill_switch.engaged;
    return r;
  };
  callbacks.engage_kill_switch = [&](const std::string& reason) -> rt::Status {
    market.model.kill_switch = KillSwitchView{true, "manual", reason, market.t_ms};
    market.add_log("warn", "kill switch engaged: " + reason);
    return {};
  };
  auto& updates = metrics.counter("rt_demo_updates_total", "Synthetic model updates published.");

  auto server = DashboardServer::start(io.get_executor(), config, metrics, callbacks);
  if (!server) {
    std::fprintf(stderr, "%s\n", server.error().describe().c_str());
    return 1;
  }
  // With a token, the address printed is the one to open: the page passes the token on.
  std::string url = (*server)->url() + (config.token.empty() ? "" : "?token=" + config.token);
  std::printf("listening %s\n", url.c_str());
  std::fflush(stdout);

  boost::asio::steady_timer timer(io);
  std::function<void()> next = [&] {
    timer.expires_after(std::chrono::milliseconds(interval_ms));
    timer.async_wait([&](boost::system::error_code ec) {
      if (ec) return;
      market.tick();
      updates.inc();
      (*server)->publish(market.model);
      next();
    });
  };
  (*server)->publish(market.model);
  next();

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int) {
    timer.cancel();
    (*server)->stop();
  });
  io.run();
  return 0;
}

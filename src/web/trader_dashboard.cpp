#include "web/trader_dashboard.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>
#include <map>
#include <utility>

#include "ib/connection_manager.hpp"
#include "ib/pacing/pacing_driver.hpp"
#include "runner/runner_config.hpp"
#include "runner/trader.hpp"
#include "store/ledger_store.hpp"
#include "trading/desk/trading_desk.hpp"
#include "trading/portfolio/ledger.hpp"
#include "trading/risk/money_text.hpp"
#include "tws/client/client_session.hpp"
#include "web/dashboard_server.hpp"
#include "web/ib_metrics.hpp"
#include "web/log_tail.hpp"
#include "web/metrics_registry.hpp"
#include "web/trader_metrics.hpp"

namespace rt::web {

namespace asio = boost::asio;

namespace {

constexpr std::size_t kRecentFills = DashboardModel::kMaxFills;
// An order not acknowledged within this long is no longer timed (it shows as working anyway).
constexpr auto kAckGiveUp = std::chrono::seconds(60);

std::int64_t unix_ms(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

std::vector<LimitView> limits_of(const runner::RunnerConfig& c) {
  const auto& r = c.risk;
  const auto secs = [](Duration d) {
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(d).count()) + " s";
  };
  std::string sizing;
  switch (c.sizing) {
    case runner::SizingMethod::kFixedFraction: sizing = "fixed fraction " + trading::format_percent(c.sizing_fraction_pct); break;
    case runner::SizingMethod::kAtr: sizing = "ATR x" + c.atr_multiplier.to_string(); break;
    case runner::SizingMethod::kHalfKelly: sizing = "half Kelly, cap " + trading::format_percent(c.kelly_cap_pct); break;
  }
  return {
      {"max open positions", std::to_string(r.max_open_positions)},
      {"max position size", trading::format_percent(r.max_position_pct) + " of equity"},
      {"min position value", trading::format_money(r.min_position_value)},
      {"max order notional", trading::format_money(r.max_order_notional)},
      {"max daily notional", trading::format_money(r.max_daily_notional)},
      {"max leverage", r.max_leverage.to_string() + "x"},
      {"portfolio heat", trading::format_percent(r.max_portfolio_heat_pct)},
      {"daily loss limit", trading::format_percent(r.daily_loss_limit_pct) + " of day-start equity"},
      {"cooldown per symbol", secs(r.cooldown)},
      {"max quote age", secs(r.max_quote_age)},
      {"trailing stop", c.stop_pct.is_zero() ? std::string("none") : trading::format_percent(c.stop_pct)},
      {"sizing", sizing},
  };
}

}  // namespace

struct TraderDashboard::Impl : runner::TraderObserver, std::enable_shared_from_this<TraderDashboard::Impl> {
  Impl(asio::any_io_executor ex, runner::Trader& t, store::Database& database, TraderDashboardOptions opts)
      : executor(ex),
        trader(t),
        db(database),
        fill_store(database),
        options(std::move(opts)),
        trader_metrics(metrics),
        ib_metrics(metrics),
        timer(ex) {
    model.mode = options.mode;
    model.started_ms = unix_ms(trader.view().wall_clock->now());
  }

  asio::any_io_executor executor;
  runner::Trader& trader;
  store::Database& db;
  store::LedgerStore fill_store;
  TraderDashboardOptions options;
  MetricsRegistry metrics;  // declared before the server, which borrows it
  TraderMetrics trader_metrics;
  IbMetrics ib_metrics;
  std::unique_ptr<DashboardServer> server;
  asio::steady_timer timer;
  bool rebuild_posted = false;
  bool stopped = false;

  DashboardModel model;
  std::optional<Decimal> fills_loaded_at_cash;  // the ledger's cash when the fills were last read
  std::optional<std::int64_t> fills_at_start;   // rows in `fills` when this process first looked
  std::map<std::string, Timestamp> awaiting_ack;  // order ref -> when it was sent (wall clock)
  std::weak_ptr<tws::ClientSession> counted_session;
  std::uint64_t counted_messages = 0;

  Timestamp wall_now() const { return trader.view().wall_clock->now(); }

  // --- TraderObserver ---
  void on_signal(const runner::SignalRow& row) override {
    SignalView s;
    s.symbol = row.symbol;
    s.strategy = trader.view().config->strategy;
    s.action = row.side;
    // What became of it first; a submitted order's ref is in the orders and fills already.
    s.detail = row.action + ": " + (row.action == "submitted" || row.detail.empty() ? row.reason
                                                                                    : row.detail + "; " + row.reason);
    s.time_ms = unix_ms(row.time);
    model.signals.push_back(std::move(s));
    trim_to(model.signals, DashboardModel::kMaxSignals);
    schedule();
  }
  void on_denial(const runner::DenialRow& d) override {
    model.denials.push_back(DenialView{d.symbol, d.rule, d.reason, unix_ms(d.time)});
    trim_to(model.denials, DashboardModel::kMaxDenials);
    trader_metrics.risk_denials.inc();
    schedule();
  }
  void on_order_sent(const std::string& order_ref) override {
    trader_metrics.orders_submitted.inc();
    awaiting_ack[order_ref] = wall_now();
  }
  void on_changed() override {
    time_acknowledgements();
    schedule();
  }
  void on_cycle() override {
    const auto view = trader.view();
    if (view.ledger) add_equity_point(view);
    schedule();
  }

  void add_equity_point(const runner::TraderView& view) {
    model.equity.push_back(EquityPoint{unix_ms(view.market_clock->now()), view.ledger->equity()});
    trim_to(model.equity, DashboardModel::kMaxEquityPoints);
  }

  // One rebuild per turn of the event loop, however many changes were reported in it.
  void schedule() {
    if (rebuild_posted || stopped) return;
    rebuild_posted = true;
    asio::post(executor, [weak = weak_from_this()] {
      if (auto me = weak.lock()) {
        me->rebuild_posted = false;
        if (!me->stopped) me->publish();
      }
    });
  }

  void arm_refresh() {
    timer.expires_after(options.refresh);
    timer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      auto me = weak.lock();
      if (ec || !me || me->stopped) return;
      me->publish();
      me->arm_refresh();
    });
  }

  // Orders whose broker acknowledgement arrived since they were sent: time them once.
  void time_acknowledgements() {
    if (awaiting_ack.empty()) return;
    const auto view = trader.view();
    if (!view.oms) return;
    const Timestamp now = view.wall_clock->now();
    for (auto it = awaiting_ack.begin(); it != awaiting_ack.end();) {
      const auto* order = view.oms->find(it->first);
      const bool acknowledged = order && (order->perm_id != 0 || (order->status != trading::OrderStatus::New &&
                                                                  order->status != trading::OrderStatus::PendingSubmit));
      if (acknowledged) trader_metrics.order_ack_seconds.observe(seconds(now - it->second));
      if (!order || acknowledged || now - it->second > kAckGiveUp) it = awaiting_ack.erase(it);
      else ++it;
    }
  }

  // Messages in, summed over sessions: a new session starts its own count.
  void count_messages(const runner::TraderView& view) {
    if (!view.connections) return;
    auto session = view.connections->session();
    if (!session) return;
    const auto in = session->stats().messages_in;
    if (counted_session.lock() != session) {
      counted_session = session;
      counted_messages = 0;
    }
    if (in > counted_messages) trader_metrics.messages_in.inc(static_cast<double>(in - counted_messages));
    counted_messages = in;
  }

  void fill_account(const runner::TraderView& view) {
    const auto& ledger = *view.ledger;
    auto& a = model.account;
    a.account = view.config->account;
    if (a.account.empty() && !model.connection.accounts.empty()) a.account = model.connection.accounts.front();
    a.net_liquidation = ledger.equity();
    a.cash = ledger.cash();
    a.realized_pnl = ledger.realized();
    a.unrealized_pnl = ledger.unrealized();
    a.total_pnl = (ledger.realized() + ledger.unrealized());
    a.day_pnl = view.desk ? view.desk->daily().day_pnl() : Decimal{};
    a.ib_known = view.broker_view != nullptr;
    if (view.broker_view) {
      a.ib_net_liquidation = view.broker_view->net_liquidation;
      a.ib_cash = view.broker_view->cash;
    }
    if (view.broker_comparison) {
      a.ib_agrees = view.broker_comparison->agrees();
      a.ib_detail = view.broker_comparison->describe();
    }
    a.ib_day_pnl.reset();
    if (view.broker_pnl && view.broker_pnl->daily) a.ib_day_pnl = *view.broker_pnl->daily;
  }

  // The equity curve across days, from the stored daily snapshots (each dated at its midnight UTC).
  void fill_equity_days(const runner::TraderView& view) {
    model.equity_days.clear();
    if (!view.snapshots) return;
    for (const auto& s : *view.snapshots) {
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::sys_days{s.date}.time_since_epoch()).count();
      model.equity_days.push_back(EquityPoint{ms, s.equity});
    }
    trim_to(model.equity_days, DashboardModel::kMaxEquityDays);
  }

  void fill_positions(const runner::TraderView& view) {
    model.positions.clear();
    for (const auto& p : view.ledger->positions()) {
      if (p.quantity.is_zero()) continue;
      PositionView v;
      v.symbol = p.symbol;
      v.quantity = p.quantity;
      v.average_cost = p.avg_cost;
      v.price = p.mark;
      v.market_value = (p.quantity * p.mark);
      v.unrealized_pnl = view.ledger->unrealized(p.symbol);
      v.realized_pnl = p.realized;
      bool local = false;
      if (view.desk) {
        if (const auto* stop = view.desk->stops().find(p.symbol)) v.stop_price = stop->level;
        // The StopBook only mirrors a broker-held stop unless the trader exits on it too.
        local = v.stop_price > Decimal{} && view.desk->config().protection != trading::Protection::kBroker;
      }
      const trading::Order* held_at_broker = nullptr;
      if (view.oms) {
        for (const auto* o : view.oms->open_protection()) {
          if (o->intent.symbol == p.symbol && trading::is_stop_type(o->intent.type)) held_at_broker = o;
        }
      }
      if (held_at_broker != nullptr) v.protection_ref = held_at_broker->ref();
      v.protection = held_at_broker != nullptr ? (local ? "broker+local" : "broker") : (local ? "local" : "none");
      if (view.marks) {
        if (auto it = view.marks->find(p.symbol); it != view.marks->end()) {
          v.mark_time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(it->second.time.time_since_epoch()).count();
          v.mark_source = std::string(trading::to_string(it->second.source));
        }
      }
      fill_position_ib(view, v);
      model.positions.push_back(std::move(v));
    }
  }

  static void fill_position_ib(const runner::TraderView& view, PositionView& v) {
    if (!view.broker_positions) return;
    for (const auto& c : *view.broker_positions) {
      if (c.symbol != v.symbol || !c.ib_known) continue;
      v.ib_known = true;
      v.ib_quantity = c.ib_quantity;
      if (c.ib_value) v.ib_value = *c.ib_value;
      v.ib_agrees = c.agrees();
      v.ib_detail = c.describe();
    }
  }

  void fill_orders(const runner::TraderView& view) {
    model.orders.clear();
    for (const auto& o : view.oms->open_orders()) {
      OrderView v;
      v.order_ref = o.ref();
      v.order_id = o.broker_order_id;
      v.symbol = o.intent.symbol;
      v.side = std::string(trading::to_string(o.intent.side));
      v.type = std::string(trading::to_string(o.intent.type));
      v.quantity = o.intent.quantity;
      v.filled = o.filled_quantity;
      v.limit_price = o.intent.limit_price.value_or(Decimal{});
      v.stop_price = o.intent.stop_price.value_or(Decimal{});
      v.status = std::string(trading::to_string(o.status)) + (o.external ? " (external)" : "");
      v.submitted_ms = unix_ms(o.created_at);
      model.orders.push_back(std::move(v));
    }
    trim_to(model.orders, DashboardModel::kMaxOrders);
  }

  // Fills come from the store (the record), read again only when the ledger's cash moved: every
  // fill and every commission changes it.
  void fill_fills(const runner::TraderView& view) {
    const Decimal cash = view.ledger->cash();
    if (fills_loaded_at_cash && *fills_loaded_at_cash == cash) return;
    auto fills = fill_store.load_recent_fills(kRecentFills);
    if (!fills) {
      spdlog::warn("dashboard: the recent fills could not be read: {}", fills.error().message);
      return;
    }
    fills_loaded_at_cash = cash;
    model.fills.clear();
    for (const auto& f : *fills) {
      model.fills.push_back(FillView{f.exec_id, f.symbol, std::string(trading::to_string(f.side)),
                                     f.quantity, f.price, f.commission,
                                     unix_ms(f.time)});
    }
    if (auto rows = db.query_int("SELECT count(*) FROM fills")) {
      if (!fills_at_start) fills_at_start = *rows;
      trader_metrics.fills.set_total(static_cast<double>(*rows - *fills_at_start));
    }
  }

  void fill_kill_switch(const runner::TraderView& view) {
    const auto& ks = view.desk->kill_switch();
    model.kill_switch.engaged = ks.engaged();
    model.kill_switch.kind = ks.engaged() ? std::string(trading::to_string(ks.kind())) : std::string();
    model.kill_switch.reason = ks.engaged() ? ks.reason() : std::string();
    model.kill_switch.since_ms = ks.engaged() ? unix_ms(ks.time()) : 0;
  }

  // Per symbol, rebuilt for each scrape (symbols come and go with held positions).
  void set_staleness(const runner::TraderView& view) {
    std::vector<std::pair<std::string, double>> ages;
    const Timestamp now = view.wall_clock->now();
    for (const auto& s : trader.symbols())
      if (s.last_bar_at) ages.emplace_back(s.symbol, seconds(now - *s.last_bar_at));
    trader_metrics.set_staleness(ages);
  }

  void rebuild() {
    const auto view = trader.view();
    model.now_ms = unix_ms(view.wall_clock->now());
    if (model.limits.empty()) model.limits = limits_of(*view.config);
    if (view.connections) fill_connection_view(model.connection, *view.connections);
    if (view.ledger) {
      if (model.equity.empty()) add_equity_point(view);
      fill_account(view);
      fill_positions(view);
      fill_fills(view);
      fill_equity_days(view);
    }
    if (view.oms) fill_orders(view);
    if (view.desk) fill_kill_switch(view);
    if (view.desk) model.halted = view.desk->halts();
    if (options.log) options.log->copy_to(model.log);
    trader_metrics.update_from(model);
  }

  void publish() {
    rebuild();
    if (server) server->publish(model);
  }

  Readiness readiness() const {
    const auto view = trader.view();
    Readiness r;
    const auto state = view.connections ? view.connections->state() : ib::ConnectionState::kDisconnected;
    r.connected = state == ib::ConnectionState::kReady || state == ib::ConnectionState::kDegraded;
    r.reconciled = r.connected && view.reconciled;
    r.kill_switched = view.desk && view.desk->kill_switch().engaged();
    std::vector<std::string> why;
    if (!view.connections) why.push_back("starting");
    else if (!r.connected) why.push_back(std::string("connection ") + ib::to_string(state));
    if (r.connected && !r.reconciled) why.push_back(view.gate_reason);
    if (view.stopping) why.push_back("stopping");
    if (r.kill_switched) {
      const auto& ks = view.desk->kill_switch();
      why.push_back("kill switch engaged (" + std::string(trading::to_string(ks.kind())) + "): " + ks.reason());
    }
    if (view.desk) {
      for (const auto& [symbol, reason] : view.desk->halts()) {
        r.halted.push_back(symbol);
        why.push_back(symbol + " halted: " + reason);
      }
    }
    for (const auto& w : why) r.detail += (r.detail.empty() ? "" : "; ") + w;
    if (r.detail.empty()) r.detail = "connected, reconciled, kill switch off";
    return r;
  }

  void before_metrics() {
    const auto view = trader.view();
    if (view.connections && view.pacer) ib_metrics.update(*view.connections, view.pacer->stats(), view.wall_clock->now());
    count_messages(view);
    set_staleness(view);
    trader_metrics.update_from(model);
  }

  void stop() {
    if (stopped) return;
    stopped = true;
    timer.cancel();
    trader.set_observer(nullptr);
    if (server) server->stop();
  }
};

Result<std::unique_ptr<TraderDashboard>> TraderDashboard::start(asio::any_io_executor executor, runner::Trader& trader,
                                                                store::Database& db, TraderDashboardOptions options) {
  if (!options.web.enabled) return fail(ErrorCode::kInvalidArgument, "the dashboard is disabled");
  auto impl = std::make_shared<Impl>(executor, trader, db, std::move(options));
  DashboardCallbacks callbacks;
  std::weak_ptr<Impl> weak = impl;
  callbacks.readiness = [weak] {
    auto me = weak.lock();
    return me ? me->readiness() : Readiness{};
  };
  callbacks.engage_kill_switch = [weak](const std::string& reason) -> Status {
    auto me = weak.lock();
    if (!me) return fail(ErrorCode::kCancelled, "the dashboard is stopping");
    auto st = me->trader.engage_kill_switch("dashboard: " + reason);
    me->schedule();
    return st;
  };
  callbacks.before_metrics = [weak] {
    if (auto me = weak.lock()) me->before_metrics();
  };
  auto server = start_dashboard(executor, impl->options.web, impl->metrics, std::move(callbacks),
                                trader.monotonic_clock());
  if (!server) return std::unexpected(server.error());
  impl->server = std::move(*server);
  trader.set_observer(impl.get());
  impl->publish();
  impl->arm_refresh();
  return std::unique_ptr<TraderDashboard>(new TraderDashboard(std::move(impl)));
}

TraderDashboard::TraderDashboard(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
TraderDashboard::~TraderDashboard() { impl_->stop(); }
void TraderDashboard::stop() { impl_->stop(); }
std::uint16_t TraderDashboard::port() const { return impl_->server->port(); }
std::string TraderDashboard::url() const { return impl_->server->url(); }
const DashboardModel& TraderDashboard::model() const { return impl_->model; }

}  // namespace rt::web

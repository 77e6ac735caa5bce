#include "runner/trader.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include "ib/broker/broker_stack.hpp"
#include "ib/broker/pnl_watch.hpp"
#include "ib/connection_manager.hpp"
#include "ib/market_data/contract_resolver.hpp"
#include "ib/market_data/market_data_client.hpp"
#include "ib/pacing/pacing_driver.hpp"
#include "runner/broker_view.hpp"
#include "runner/live_account.hpp"
#include "runner/risk_state_store.hpp"
#include "trading/data/bar_aggregator.hpp"
#include "trading/desk/trading_desk.hpp"
#include "trading/indicators/atr.hpp"
#include "trading/market/eastern_time.hpp"
#include "trading/market/market_calendar.hpp"
#include "trading/portfolio/mark.hpp"
#include "trading/risk/margin_check.hpp"
#include "trading/strategy/strategy_factory.hpp"

namespace rt::runner {

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
const Decimal kZero;

std::string ny_time(Timestamp t) {
  const auto date = trading::EasternTime::local_date(t);
  const auto tod = std::chrono::duration_cast<std::chrono::seconds>(trading::EasternTime::local_time_of_day(t));
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02lld:%02lld:%02lld ET", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<long long>(tod.count() / 3600), static_cast<long long>(tod.count() / 60 % 60),
                static_cast<long long>(tod.count() % 60));
  return buf;
}

std::string money(Decimal d) { return d.to_string_fixed(2); }
std::string signed_money(Decimal d) { return (d >= kZero ? "+" : "") + d.to_string_fixed(2); }

trading::SizingRule sizing_of(const RunnerConfig& c) {
  trading::SizingRule r;
  r.fraction_pct = c.sizing_fraction_pct;
  r.atr_multiple = c.atr_multiplier;
  r.risk_pct = c.sizing_fraction_pct;
  r.kelly_cap_pct = c.kelly_cap_pct;
  switch (c.sizing) {
    case SizingMethod::kFixedFraction: r.method = trading::SizingMethod::kFraction; break;
    case SizingMethod::kAtr: r.method = trading::SizingMethod::kAtr; break;
    case SizingMethod::kHalfKelly: r.method = trading::SizingMethod::kHalfKelly; break;
  }
  return r;
}

bool is_live_port(std::uint16_t port) { return port == 7496 || port == 4001; }

// This run's part of every order ref: the wall clock's microseconds in base 36 (a simulated day
// replayed on one database repeats the market clock, never the wall clock).
std::string run_tag(Timestamp wall_now) {
  auto n = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(wall_now.time_since_epoch()).count());
  std::string tag;
  do {
    tag.insert(tag.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[n % 36]);
    n /= 36;
  } while (n != 0);
  return tag;
}

}  // namespace

struct SymbolPipeline {
  std::string name;
  enum class Phase { kResolving, kWarming, kStreaming, kSkipped } phase = Phase::kResolving;
  std::unique_ptr<trading::Strategy> strategy;
  std::optional<trading::BarAggregator> aggregator;
  trading::Atr atr{14};
  ib::StreamId stream = 0;
  Decimal last_price;
  Timestamp last_price_at{};
  Timestamp last_small_bar_end{};  // the end of the newest 5-second bar received (market time)
  Timestamp last_bar_end{};
  std::optional<Timestamp> last_bar_at;  // wall clock, for staleness
  trading::Signal last_warmup_signal;
  Decimal last_warmup_close;
  std::int64_t bars = 0;
  bool margin_check_pending = false;  // an entry waits for IB's what-if answer
  tws::Contract contract;             // as resolved, for re-subscribing
  bool stale = false;                 // no update for too long: re-subscribed, entries gated
  Timestamp subscribed_at{};          // market time of the last (re)subscription
};

struct Trader::Impl : trading::DeskListener, std::enable_shared_from_this<Trader::Impl> {
  Impl(asio::any_io_executor ex, const Clock& mclock, const Clock& wclock, store::Database& database,
       TraderOptions opts)
      : executor(ex),
        market_clock(mclock),
        wall_clock(wclock),
        db(database),
        options(std::move(opts)),
        config(options.config),
        state_store(database),
        wake(ex),
        store_watch(ex) {
    if (!options.out) {
      options.out = [](const std::string& line) {
        std::fputs(line.c_str(), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
      };
    }
  }

  asio::any_io_executor executor;
  const Clock& market_clock;
  const Clock& wall_clock;
  store::Database& db;
  TraderOptions options;
  RunnerConfig config;
  RiskStateStore state_store;
  trading::MarketCalendar calendar;
  std::optional<trading::BarSize> bar_size;

  std::unique_ptr<ib::ConnectionManager> connections;
  std::unique_ptr<ib::PacingDriver> pacer;
  std::unique_ptr<ib::ContractResolver> resolver;
  std::unique_ptr<ib::MarketDataClient> market_data;
  std::unique_ptr<ib::BrokerStack> broker;
  std::unique_ptr<ib::PnlWatch> pnl;
  std::unique_ptr<LiveAccount> account;
  std::unique_ptr<trading::TradingDesk> desk;

  std::map<std::string, SymbolPipeline> symbols;
  std::map<std::string, Decimal> known_quantity;
  std::map<std::string, Decimal> known_realized;
  // The newest price of each symbol (market or fill), and the time of the one last stored: the
  // run's summary, the dashboard and `report` all value positions at these.
  std::map<std::string, trading::Mark> marks;
  std::map<std::string, Timestamp> marks_stored;
  std::set<std::string> quote_marks_pending;
  // IB's own view of the account, read on the bar cycle and at the end, and how ours compares.
  std::string account_code;
  bool broker_check_running = false;
  static constexpr auto kBrokerCheckEvery = std::chrono::seconds(1);
  std::chrono::steady_clock::time_point last_broker_check{};
  std::optional<BrokerAccountView> broker_view;
  std::optional<AccountComparison> broker_comparison;
  std::vector<PositionComparison> broker_positions;  // ours beside IB's reqPnLSingle, by symbol
  std::vector<trading::DailySnapshot> snapshots;      // the stored equity curve, one per day

  asio::steady_timer wake;  // the cycle's wait; cancelled by stop()
  asio::steady_timer store_watch;  // the store poll's wait; cancelled by stop() and shutdown()
  bool stopping = false;
  bool started = false;
  std::string ended_by;
  std::int64_t cycles = 0;
  bool gate_was_open = false;
  std::uint64_t reconciles_seen = 0;
  std::function<void(std::chrono::nanoseconds)> latency_hook;
  std::optional<std::chrono::steady_clock::time_point> bar_received;
  TraderSummary sum;
  TraderObserver* observer = nullptr;
  Status kill_switch_saved;  // the last kill-switch write, for engage_kill_switch()

  void out(const std::string& line) { options.out(line); }
  void changed() {
    if (observer) observer->on_changed();
  }
  void denied(const std::string& symbol, const trading::DeskOutcome& outcome) {
    if (!observer) return;
    observer->on_denial(DenialRow{market_clock.now(), symbol, outcome.rule.empty() ? "oms" : outcome.rule,
                                  outcome.detail});
  }
  // Tells the observer what a desk decision led to.
  void report_outcome(const std::string& symbol, const trading::DeskOutcome& outcome) {
    if (!observer) return;
    if (outcome.action == trading::DeskAction::kSubmitted) observer->on_order_sent(outcome.detail);
    if (outcome.action == trading::DeskAction::kRiskDenied || outcome.action == trading::DeskAction::kOmsDenied)
      denied(symbol, outcome);
    changed();
  }
  bool gate_open() const { return broker && broker->ready_for_orders(); }

  // --- DeskListener: persist risk state as it changes ---
  void on_stop_changed(const std::string& symbol, const trading::StopState* stop) override {
    Status st = stop ? state_store.save_stop(*stop) : state_store.remove_stop(symbol);
    if (!st) out("store error: stop of " + symbol + ": " + st.error().message);
  }
  void on_kill_switch(const trading::KillSwitchState& state) override {
    kill_switch_saved = state_store.save_kill_switch(state);
    if (!kill_switch_saved) out("store error: kill switch: " + kill_switch_saved.error().message);
    out(std::string("KILL SWITCH ") + (state.engaged ? "engaged" : "cleared") + " kind=" +
        std::string(trading::to_string(state.kind)) +
        (state.engaged ? " reason=\"" + state.reason + "\"" : " by=" + state.reset_by + " why=\"" + state.reset_reason + "\""));
    changed();
  }

  Status build();
  asio::awaitable<bool> wait_for_connection();
  asio::awaitable<Status> connect_and_reconcile();
  asio::awaitable<void> watch_store();
  void apply_store_changes();
  void apply_mismatches(const ib::ReconcileReport& report);
  void halt_symbol(const std::string& symbol, Decimal broker_qty, Decimal ledger_qty);
  bool adopt_broker_position(const std::string& symbol, Decimal broker_qty, Decimal broker_avg_cost);
  void release_symbol(const std::string& symbol, const std::string& why);
  asio::awaitable<Status> adopt_account_cash(const std::string& acct);
  asio::awaitable<void> bring_up(std::string symbol);
  void on_small_bar(SymbolPipeline& p, const trading::Bar& bar);
  void on_closed_bar(SymbolPipeline& p, const trading::Bar& bar);
  void act_on_signal(SymbolPipeline& p, const trading::Signal& signal, Decimal price, Timestamp bar_end);
  void note_outcome(SignalRow row, const trading::Signal& signal, Decimal price, const trading::DeskOutcome& outcome);
  asio::awaitable<void> act_after_margin_check(SignalRow row, trading::Signal signal, trading::PriceView view,
                                               std::optional<double> atr, trading::OrderIntent intent);
  void sync_positions();
  // The 5-second bars of a symbol, routed to on_small_bar.
  Result<ib::StreamId> subscribe_bars(SymbolPipeline& p);
  // The data-liveness watchdog: a streaming symbol with no update for `stale_after` while its
  // market is open is re-subscribed and its entries gated (exits still go) until data returns.
  void watch_data(Duration stale_after);
  void go_stale(SymbolPipeline& p, const std::string& why);
  std::set<std::pair<std::string, std::int64_t>> farm_outages;  // (farm, broken since): acted on once
  // The desk's keep_protection, its actions reported; `settled` right after a reconciliation.
  void keep_protection(bool settled);
  void mark_account();
  void note_mark(const std::string& symbol, Decimal price, Timestamp at, trading::MarkSource source);
  void reload_fill_marks();
  void persist_marks();
  // A held position whose last trade is old (not streamed, or not trading) is marked at the
  // bid/ask midpoint of a quote snapshot, one snapshot per symbol at a time.
  void refresh_stale_marks();
  asio::awaitable<void> mark_from_quote(std::string symbol);
  // On the cycle a check is skipped while one is in flight; `now` (the close, the end) asks anyway.
  asio::awaitable<void> check_broker_view(bool now = false);
  asio::awaitable<void> watch_position_pnl();
  void compare_positions();
  bool marks_at_last_close() const;
  void flag_disagreement(const std::string& symbol, const std::string& reason);
  void summary_line();
  asio::awaitable<void> sleep_until_market(Timestamp t);
  asio::awaitable<void> wait_real(std::chrono::milliseconds d);
  asio::awaitable<void> shutdown();
  void fill_summary();
};

Status Trader::Impl::build() {
  auto size = trading::BarSize::parse(config.bar_size);
  if (!size) return std::unexpected(size.error());
  bar_size = *size;

  ib::ConnectionManagerConfig cm;
  cm.connect.host = config.host;
  cm.connect.port = options.port;
  const auto stage = std::chrono::milliseconds(static_cast<long>(config.connect_timeout_seconds * 1000));
  cm.connect.tcp_timeout = cm.connect.version_timeout = cm.connect.ready_timeout = stage;
  cm.ids.configured_id = config.client_id;
  if (!cm.ids.configured_id) {
    // The id of the last session on this database first (its orders stay ours to change); a fresh
    // one if TWS says it is in use.
    if (auto last = state_store.last_client_id(); last && *last) cm.ids.configured_id = **last;
  }
  cm.heartbeat_interval = std::chrono::milliseconds(static_cast<long>(config.heartbeat_seconds * 1000));
  connections = std::make_unique<ib::ConnectionManager>(executor, std::move(cm), wall_clock);
  auto scheduler = ib::PacingScheduler::create(ib::PacingPolicy{}, wall_clock);
  if (!scheduler) return std::unexpected(scheduler.error());
  pacer = std::make_unique<ib::PacingDriver>(executor, std::move(*scheduler), wall_clock);
  resolver = std::make_unique<ib::ContractResolver>(*connections, *pacer);
  ib::MarketDataOptions md;
  md.realtime_use_rth = !config.extended_hours;
  market_data = std::make_unique<ib::MarketDataClient>(executor, *connections, *pacer, market_clock, md);

  // Paper-first (DESIGN): live needs the flag AND the config.
  ib::BrokerStackConfig bc;
  bc.broker.account = config.account;
  bc.broker.allow_live = options.live_flag && config.allow_live;
  bc.oms.trading_day = [](Timestamp t) { return std::chrono::sys_days{trading::EasternTime::local_date(t)}; };
  bc.oms.run_tag = run_tag(wall_clock.now());
  bc.starting_cash = options.starting_cash;
  auto stack = ib::BrokerStack::create(executor, *connections, pacer.get(), db, market_clock, std::move(bc));
  if (!stack) return std::unexpected(stack.error());
  broker = std::move(*stack);
  pnl = std::make_unique<ib::PnlWatch>(*connections, pacer.get(), market_clock);

  account = std::make_unique<LiveAccount>(broker->ledger(), broker->oms());
  trading::DeskConfig dc;
  dc.sizing = sizing_of(config);
  if (config.trailing_stops && config.stop_pct > kZero) dc.trailing_stop_pct = config.stop_pct;
  dc.dry_run = config.dry_run;
  dc.protection = config.protection;
  if (config.take_profit_pct > kZero) dc.take_profit_pct = config.take_profit_pct;
  if (config.restart_window) dc.restart_window = trading::RestartWindow{config.restart_window->first, config.restart_window->second};
  auto made = trading::TradingDesk::create(config.risk, dc, market_clock, broker->oms(), broker->journal(), *account);
  if (!made) return std::unexpected(made.error());
  desk = std::move(*made);

  // Restore risk state BEFORE anything else runs.
  auto stops = state_store.load_stops();
  if (!stops) return std::unexpected(stops.error());
  auto ks = state_store.load_kill_switch();
  if (!ks) return std::unexpected(ks.error());
  auto daily = state_store.load_daily();
  if (!daily) return std::unexpected(daily.error());
  if (auto st = desk->restore(*stops, *ks, *daily); !st) return st;
  desk->set_listener(this);
  if (config.risk.kill_switch && !desk->kill_switch().engaged()) {
    (void)desk->trip_kill_switch(trading::KillSwitchKind::Manual, "risk.kill_switch = true in the configuration",
                                 market_clock.now());
  }
  reload_fill_marks();
  for (const auto& [s, m] : marks) marks_stored[s] = m.time;
  auto stored = broker->ledger_store().load_snapshots();
  if (!stored) return std::unexpected(stored.error());
  snapshots = std::move(*stored);
  auto halts = state_store.load_halts();
  if (!halts) return std::unexpected(halts.error());
  for (const auto& h : *halts) desk->halt(h.symbol, h.reason);
  for (const auto& p : broker->ledger().positions()) {
    known_quantity[p.symbol] = p.quantity;
    known_realized[p.symbol] = broker->ledger().realized(p.symbol);
  }
  out("restored: " + std::to_string(stops->size()) + " stops, kill switch " +
      (desk->kill_switch().engaged() ? "ENGAGED (" + desk->kill_switch().reason() + ")" : std::string("off")) +
      ", cash " + money(broker->ledger().cash()) + ", " + std::to_string(broker->oms().open_orders().size()) +
      " open orders in the journal" + (halts->empty() ? "" : ", " + std::to_string(halts->size()) + " halted symbols"));
  return {};
}

asio::awaitable<void> Trader::Impl::wait_real(std::chrono::milliseconds d) {
  wake.expires_after(d);
  (void)co_await wake.async_wait(kTuple);
}

asio::awaitable<void> Trader::Impl::sleep_until_market(Timestamp t) {
  // Waits on the steady timer for the market-clock interval at its speed; re-checks the clock.
  while (!stopping) {
    const auto now = market_clock.now();
    if (now >= t) co_return;
    const double real_ns = static_cast<double>((t - now).count()) / std::max(options.clock_speed, 1e-9);
    auto wait = std::chrono::nanoseconds(static_cast<std::int64_t>(real_ns)) + 1ms;
    if (wait > std::chrono::nanoseconds(60s)) wait = 60s;  // re-check now and then (clock jumps)
    wake.expires_after(wait);
    (void)co_await wake.async_wait(kTuple);
  }
}

asio::awaitable<Status> Trader::Impl::adopt_account_cash(const std::string& acct) {
  // A new database knows no cash: size nothing on zero equity, take the account's.
  if (options.starting_cash) co_return Status{};
  auto unknown = broker->cash_unknown();
  if (!unknown) co_return std::unexpected(unknown.error());
  if (!*unknown) co_return Status{};
  auto session = connections->session();
  if (!session) co_return fail(ErrorCode::kDisconnected, "the session closed before the account's cash was read");
  auto rows = co_await session->request_account_summary("TotalCashValue", options.ready_timeout);
  if (!rows) {
    co_return fail(rows.error().code, "could not read the account's cash (TotalCashValue) for a new database: " +
                                          rows.error().message);
  }
  for (const auto& row : *rows) {
    if (row.account != acct || row.tag != "TotalCashValue") continue;
    auto cash = Decimal::parse(row.value);
    if (!cash) {
      co_return fail(ErrorCode::kParse, "account " + acct + ": TotalCashValue '" + row.value + "' is not a number");
    }
    auto adopted = broker->adopt_starting_cash(*cash, market_clock.now());
    if (!adopted) co_return std::unexpected(adopted.error());
    out("starting cash " + money(*cash) + " " + row.currency + " from account " + acct + " (a new database)");
    co_return Status{};
  }
  co_return fail(ErrorCode::kNotFound, "account " + acct + " reported no TotalCashValue: the starting cash of a new "
                                       "database is unknown");
}

asio::awaitable<bool> Trader::Impl::wait_for_connection() {
  const auto since = std::chrono::steady_clock::now();
  auto next_note = since;
  bool noted = false;
  const std::string where = config.host + ":" + std::to_string(options.port);
  while (!connections->session()) {
    if (stopping) co_return false;
    const auto now = std::chrono::steady_clock::now();
    if (options.connect_wait && now - since >= *options.connect_wait) co_return false;
    // After the first failed attempt, then once a minute: what it waits for and why.
    const auto failure = connections->last_failure();
    if ((failure || connections->state() == ib::ConnectionState::kBackingOff) && now >= next_note) {
      const auto waited = std::chrono::duration_cast<std::chrono::seconds>(now - since).count();
      out("waiting for TWS/IB Gateway at " + where + " (" + std::to_string(waited) + " s so far, " +
          (options.connect_wait ? "up to " + std::to_string(options.connect_wait->count() / 1000) + " s"
                                : std::string("until stopped")) +
          "): " + (failure ? failure->describe(config.host, options.port) : std::string("not connected")) + "; " +
          (connections->history().empty() ? std::string() : connections->history().back().reason));
      next_note = now + (noted ? 60s : 60s - (now - since));
      noted = true;
    }
    co_await wait_real(250ms);  // stop() cancels it; a ready session cancels it too
  }
  co_return true;
}

asio::awaitable<void> Trader::Impl::watch_store() {
  auto self = shared_from_this();
  auto seen = db.query_int("PRAGMA data_version");
  while (!stopping) {
    store_watch.expires_after(options.store_poll);
    (void)co_await store_watch.async_wait(kTuple);
    if (stopping) break;
    // data_version changes only when another connection commits: our own writes do not wake us.
    auto now = db.query_int("PRAGMA data_version");
    if (!now) {
      out("store error: data_version: " + now.error().message);
      continue;
    }
    if (seen && *now == *seen) continue;
    seen = now;
    apply_store_changes();
  }
}

void Trader::Impl::apply_store_changes() {
  if (!desk) return;
  auto stored = state_store.load_kill_switch();
  if (!stored) {
    out("store error: kill switch: " + stored.error().message);
  } else if (!(*stored == desk->kill_switch().state())) {
    const bool was = desk->kill_switch().engaged();
    if (auto st = desk->adopt_kill_switch(*stored); !st) {
      out("store error: kill switch in the database is inconsistent: " + st.error().message);
    } else if (stored->engaged) {
      out(std::string("KILL SWITCH ") + (was ? "changed" : "engaged") + " from the database kind=" +
          std::string(trading::to_string(stored->kind)) + " reason=\"" + stored->reason + "\"");
    } else {
      out("KILL SWITCH cleared from the database by=" + stored->reset_by + " why=\"" + stored->reset_reason + "\"");
    }
    changed();
  }
  auto halts = state_store.load_halts();
  if (!halts) {
    out("store error: halts: " + halts.error().message);
    return;
  }
  for (const auto& h : *halts) {
    if (h.request == "release") {
      release_symbol(h.symbol, "released by an operator");
    } else if (h.request == "adopt") {
      const auto broker_pos = broker->reconciler().last_report();
      // The broker's position as the last reconciliation read it (the halt's own record otherwise).
      Decimal qty = h.broker_quantity;
      Decimal cost;
      if (broker_pos) {
        for (const auto& m : broker_pos->plan.position_mismatches) {
          if (m.symbol == h.symbol) qty = m.broker_quantity, cost = m.broker_avg_cost;
        }
      }
      if (adopt_broker_position(h.symbol, qty, cost)) release_symbol(h.symbol, "the broker's position was adopted");
    }
  }
}

void Trader::Impl::halt_symbol(const std::string& symbol, Decimal broker_qty, Decimal ledger_qty) {
  const std::string reason = "books disagree with the broker: broker " + broker_qty.to_string() + ", ledger " +
                             ledger_qty.to_string() + "; no order until `robotrader halts adopt " + symbol +
                             "` or `halts release " + symbol + "`";
  const bool already = desk->halts().contains(symbol);
  desk->halt(symbol, reason);
  if (auto st = state_store.save_halt(HaltRow{symbol, reason, market_clock.now(), broker_qty, ledger_qty, ""}); !st) {
    out("store error: halt of " + symbol + ": " + st.error().message);
  }
  if (!already) {
    (void)broker->journal().record_denial(
        trading::RiskDenial{market_clock.now(), "", symbol, trading::DenialRule::RiskLimit, "symbol_halted: " + reason});
    out("HALTED " + symbol + ": " + reason);
    if (observer) observer->on_denial(DenialRow{market_clock.now(), symbol, "symbol_halted", reason});
  }
  changed();
}

bool Trader::Impl::adopt_broker_position(const std::string& symbol, Decimal broker_qty, Decimal broker_avg_cost) {
  auto& ledger = broker->ledger();
  const Decimal before = ledger.quantity(symbol);
  const Decimal equity_before = ledger.equity();
  auto adopted = broker->ledger_store().adopt_position(ledger, symbol, broker_qty, broker_avg_cost, market_clock.now());
  if (!adopted) {
    out("adopt " + symbol + " failed: " + adopted.error().message);
    return false;
  }
  const Decimal after = ledger.quantity(symbol);
  const auto pos = ledger.position(symbol);
  // The desk follows the adopted book (a stop for a held position), but it is not a fill.
  desk->on_position(symbol, before, after, pos ? pos->avg_cost : broker_avg_cost, market_clock.now(),
                    after > before ? trading::Side::Buy : trading::Side::Sell, kZero);
  known_quantity[symbol] = after;
  known_realized[symbol] = ledger.realized(symbol);
  // Shares that moved into (or out of) the books are not this run's P&L.
  if (started) sum.start_equity += ledger.equity() - equity_before;
  (void)broker->journal().record_denial(trading::RiskDenial{
      market_clock.now(), "", symbol, trading::DenialRule::RiskLimit,
      "position_adopted: the ledger took the broker's position of " + symbol + ": " + before.to_string() + " -> " +
          after.to_string()});
  out("ADOPTED " + symbol + " position " + before.to_string() + " -> " + after.to_string() + " from the broker");
  changed();
  return true;
}

void Trader::Impl::release_symbol(const std::string& symbol, const std::string& why) {
  const bool was = desk->release(symbol);
  if (auto st = state_store.remove_halt(symbol); !st) out("store error: halt of " + symbol + ": " + st.error().message);
  if (was) out("RELEASED " + symbol + ": " + why);
  changed();
}

void Trader::Impl::apply_mismatches(const ib::ReconcileReport& report) {
  std::set<std::string> mismatched;
  for (const auto& m : report.plan.position_mismatches) {
    mismatched.insert(m.symbol);
    if (config.on_mismatch == MismatchPolicy::kAdopt) {
      if (adopt_broker_position(m.symbol, m.broker_quantity, m.broker_avg_cost)) continue;
    }
    halt_symbol(m.symbol, m.broker_quantity, broker->ledger().quantity(m.symbol));
  }
  // A halt whose books agree now (fixed at the broker, or adopted) is over.
  std::vector<std::string> agreed;
  for (const auto& [symbol, why] : desk->halts()) {
    if (!mismatched.contains(symbol)) agreed.push_back(symbol);
  }
  for (const auto& symbol : agreed) release_symbol(symbol, "the books agree with the broker again");
}

asio::awaitable<Status> Trader::Impl::connect_and_reconcile() {
  auto self = shared_from_this();
  connections->on_state_change([weak = std::weak_ptr<Impl>(self)](const ib::StateChange& change) {
    auto me = weak.lock();
    if (!me || me->stopping) return;
    me->changed();
    if (change.to == ib::ConnectionState::kReady) {
      if (!me->started) me->wake.cancel();  // the startup wait
      return;
    }
    if (change.to == ib::ConnectionState::kDegraded) {
      me->out("connection degraded: " + change.reason);
      return;
    }
    if (change.from == ib::ConnectionState::kReady || change.from == ib::ConnectionState::kDegraded) {
      me->out("connection lost: " + change.reason + "; entries frozen until reconnected and reconciled");
      if (me->desk) (void)me->desk->trip_kill_switch(trading::KillSwitchKind::Connection, "connection lost: " + change.reason,
                                                     me->market_clock.now());
    }
  });
  broker->start();  // the order feed first, then the reconciler
  connections->on_message([weak = std::weak_ptr<Impl>(self)](const tws::Response& m) {
    auto me = weak.lock();
    if (!me || !me->desk) return;
    if (std::holds_alternative<tws::ExecutionData>(m) || std::holds_alternative<tws::OrderStatus>(m) ||
        std::holds_alternative<tws::CommissionReport>(m)) {
      me->sync_positions();
      // A fill or its commission moves the day's P&L: the loss limit is checked then, not only at
      // the next bar boundary.
      if (!std::holds_alternative<tws::OrderStatus>(m)) me->mark_account();
      me->changed();
    } else if (std::holds_alternative<tws::OpenOrder>(m)) {
      me->changed();  // an order acknowledged or changed at the broker
    }
  });
  connections->start();
  if (!co_await wait_for_connection()) {
    if (stopping) co_return fail(ErrorCode::kCancelled, "stopped while waiting for TWS/IB Gateway");
    auto failure = connections->last_failure();
    co_return fail(ErrorCode::kDisconnected,
                   failure ? failure->describe(config.host, options.port) : "the API did not become ready in time");
  }
  // Paper-first: a live account or a live port needs --live AND allow_live = true.
  auto info = connections->session_info();
  const bool live_allowed = options.live_flag && config.allow_live;
  std::string acct = config.account;
  if (acct.empty() && info && !info->accounts.empty()) acct = info->accounts.front();
  if (!live_allowed) {
    if (!acct.starts_with("DU")) {
      co_return fail(ErrorCode::kInvalidArgument,
                     "account '" + acct + "' is not a paper account (DU...): robotrader trades paper accounts only "
                     "unless both --live is given and allow_live = true is set in the configuration");
    }
    if (is_live_port(options.port)) {
      co_return fail(ErrorCode::kInvalidArgument,
                     "port " + std::to_string(options.port) + " is a live trading port (7496 TWS, 4001 Gateway): use "
                     "a paper port (7497, 4002), or give --live together with allow_live = true");
    }
  }
  auto bound = state_store.bind_account(acct, market_clock.now());
  if (!bound) co_return std::unexpected(bound.error());
  if (*bound != acct) {
    co_return fail(ErrorCode::kInvalidArgument,
                   "database " + db.path() + " keeps the books of account " + *bound + ", and this session trades " +
                       acct + ": one account per database (use another --db, or trading.account = \"" + *bound +
                       "\")");
  }
  account_code = acct;
  if (info) {
    if (auto st = state_store.save_client_id(info->client_id, market_clock.now()); !st) {
      out("store error: client id: " + st.error().message);
    }
  }
  if (auto st = pnl->watch_account(acct); !st) co_return st;
  out("connected: server version " + std::to_string(info ? info->server_version : 0) + ", account " + acct +
      (live_allowed ? " (LIVE trading allowed)" : " (paper)") + ", client id " +
      std::to_string(info ? info->client_id : 0));
  if (auto st = co_await adopt_account_cash(acct); !st) co_return st;
  // Reconcile before any order.
  const auto deadline = std::chrono::steady_clock::now() + options.ready_timeout;
  while (!gate_open()) {
    if (stopping) co_return fail(ErrorCode::kCancelled, "stopped while reconciling");
    if (std::chrono::steady_clock::now() > deadline) {
      auto e = broker->reconciler().last_error();
      co_return fail(ErrorCode::kTimeout, "reconciliation with the broker did not finish: " +
                                              (e ? e->message : broker->gate().reason()));
    }
    co_await wait_real(20ms);
  }
  if (auto r = broker->reconciler().last_report()) {
    out("reconciled: " + std::to_string(r->broker_positions) + " broker positions, " +
        std::to_string(r->broker_open_orders) + " open orders, " + std::to_string(r->broker_executions) +
        " executions today");
    for (const auto& p : r->problems) out("reconcile: " + p);
    apply_mismatches(*r);
  }
  gate_was_open = true;
  reconciles_seen = broker->reconciler().completed();
  sync_positions();
  keep_protection(true);
  changed();
  co_return Status{};
}

asio::awaitable<void> Trader::Impl::bring_up(std::string symbol) {
  auto self = shared_from_this();
  auto& p = symbols[symbol];
  auto resolved = co_await resolver->resolve(symbol);
  if (stopping) co_return;
  if (!resolved) {
    p.phase = SymbolPipeline::Phase::kSkipped;
    sum.skipped.push_back(symbol + ": " + resolved.error().message);
    out("skipped " + symbol + ": " + resolved.error().message);
    co_return;
  }
  p.phase = SymbolPipeline::Phase::kWarming;
  ib::HistoricalQuery q;
  q.duration = config.history_duration;
  q.bar_size = config.bar_size;
  q.use_rth = !config.extended_hours;
  auto history = co_await market_data->historical_bars(resolved->contract, q);
  if (stopping) co_return;
  std::size_t warm = 0;
  if (!history) {
    out("warm-up of " + symbol + " failed (" + history.error().message + "); the strategy warms up on live bars");
  } else {
    const Timestamp now = market_clock.now();
    for (const auto& bar : *history) {
      if (bar.end() > now) continue;  // the forming bar: it will close on the stream
      p.atr.update(bar.high.to_double(), bar.low.to_double(), bar.close.to_double());
      p.last_warmup_signal = p.strategy->on_bar(bar);
      p.last_warmup_close = bar.close;
      p.last_price = bar.close;
      p.last_bar_end = bar.end();
      note_mark(symbol, bar.close, bar.end(), trading::MarkSource::Close);
      ++warm;
    }
  }
  if (options.once) {
    p.phase = SymbolPipeline::Phase::kStreaming;
    out(symbol + ": " + std::to_string(warm) + " bars of history");
    co_return;
  }
  p.aggregator.emplace(*bar_size);
  // The 5-second bars are TRADES: a minute without a trade has no bar, as in the warm-up history.
  p.aggregator->ignore_tradeless_input(true);
  p.contract = resolved->contract;
  p.subscribed_at = market_clock.now();
  auto id = subscribe_bars(p);
  if (!id) {
    p.phase = SymbolPipeline::Phase::kSkipped;
    sum.skipped.push_back(symbol + ": " + id.error().message);
    out("skipped " + symbol + ": " + id.error().message);
    co_return;
  }
  p.stream = *id;
  p.phase = SymbolPipeline::Phase::kStreaming;
  out(symbol + ": " + std::to_string(warm) + " bars of history, streaming");
}

Result<ib::StreamId> Trader::Impl::subscribe_bars(SymbolPipeline& p) {
  return market_data->stream_bars(p.contract, *trading::BarSize::parse("5 secs"),
                                  [weak = weak_from_this()](std::string_view sym, const trading::Bar& bar) {
                                    auto me = weak.lock();
                                    if (!me || me->stopping) return;
                                    auto it = me->symbols.find(std::string(sym));
                                    if (it != me->symbols.end()) me->on_small_bar(it->second, bar);
                                  });
}

void Trader::Impl::go_stale(SymbolPipeline& p, const std::string& why) {
  const Timestamp now = market_clock.now();
  p.stale = true;
  desk->gate_entries(p.name, why);
  (void)broker->journal().record_denial(trading::RiskDenial{now, "", p.name, trading::DenialRule::RiskLimit, why});
  if (observer) observer->on_denial(DenialRow{now, p.name, "stale_data", why});
  out("STALE " + p.name + ": " + why);
  market_data->cancel(p.stream);
  auto id = subscribe_bars(p);
  p.subscribed_at = now;
  if (id) {
    p.stream = *id;
  } else {
    out("re-subscribing " + p.name + " failed: " + id.error().message);
    p.stream = 0;
  }
  changed();
}

void Trader::Impl::watch_data(Duration stale_after) {
  const Timestamp now = market_clock.now();
  if (!calendar.is_open(now, config.extended_hours)) return;
  // A market-data or historical farm that reported broken (2103, 2105) and has not come back
  // within the same span (real time: the farm's state is timed on the wall clock).
  std::string farm_down;
  const auto real_span = std::chrono::duration_cast<Duration>(stale_after / std::max(options.clock_speed, 1e-9));
  for (const auto& [name, farm] : connections->farms()) {
    if (farm.ok || farm.kind == ib::FarmKind::kSecDef || wall_clock.now() < farm.changed_at + real_span) continue;
    if (!farm_outages.insert({name, farm.changed_at.time_since_epoch().count()}).second) continue;  // once each
    farm_down = name;
  }
  for (auto& [name, p] : symbols) {
    if (p.phase != SymbolPipeline::Phase::kStreaming || p.stale || p.stream == 0) continue;
    if (!farm_down.empty()) {
      go_stale(p, "stale_data: the data farm " + farm_down + " reported broken and has not come back; " + name +
                      " re-subscribed, entries gated until data returns");
      continue;
    }
    const Timestamp seen = std::max(p.last_price_at, p.subscribed_at);
    if (now < seen + stale_after) continue;
    const auto quiet = std::chrono::duration_cast<std::chrono::seconds>(now - seen).count();
    go_stale(p, "stale_data: no update of " + name + " for " + std::to_string(quiet) +
                    " s while its market is open; re-subscribed, entries gated until data returns");
  }
}

void Trader::Impl::on_small_bar(SymbolPipeline& p, const trading::Bar& bar) {
  bar_received = std::chrono::steady_clock::now();
  const Timestamp now = market_clock.now();
  if (p.stale) {
    p.stale = false;
    (void)desk->ungate_entries(p.name);
    out(p.name + ": data is fresh again; entries allowed");
    changed();
  }
  p.last_price = bar.close;
  p.last_price_at = now;
  p.last_small_bar_end = std::max(p.last_small_bar_end, bar.end());
  p.last_bar_at = wall_clock.now();
  note_mark(p.name, bar.close, bar.end(), trading::MarkSource::Trade);
  // Every fresh price goes to the stop, once the broker is reconciled (a stop fires once).
  if (gate_open() && desk->stops().find(p.name) != nullptr) {
    auto outcome = desk->on_price(p.name, trading::PriceView{bar.close, now, trading::PriceQuality::Fresh});
    if (outcome) {
      ++sum.stops_triggered;
      out("STOP " + p.name + " at " + bar.close.to_string() + ": " + trading::to_string(outcome->action) + " " +
          outcome->detail);
      if (outcome->action == trading::DeskAction::kSubmitted) ++sum.orders;
      if (outcome->action == trading::DeskAction::kRiskDenied) ++sum.risk_denials;
      report_outcome(p.name, *outcome);
    }
  }
  if (auto closed = p.aggregator->on_bar(bar)) on_closed_bar(p, *closed);
  bar_received.reset();
}

void Trader::Impl::on_closed_bar(SymbolPipeline& p, const trading::Bar& bar) {
  if (bar.end() <= p.last_bar_end) return;  // already seen in the warm-up
  p.last_bar_end = bar.end();
  ++p.bars;
  ++sum.bars;
  p.atr.update(bar.high.to_double(), bar.low.to_double(), bar.close.to_double());
  auto signal = p.strategy->on_bar(bar);
  if (signal.is_hold()) return;
  act_on_signal(p, signal, bar.close, bar.end());
}

void Trader::Impl::act_on_signal(SymbolPipeline& p, const trading::Signal& signal, Decimal price,
                                 Timestamp bar_end) {
  ++sum.signals;
  const Timestamp now = market_clock.now();
  SignalRow row{bar_end, p.name, trading::to_string(signal.side), signal.strength, price, signal.reason, "", "",
                config.dry_run};
  if (stopping) {
    row.action = "no_action";
    row.detail = "stopping";
  } else if (!gate_open()) {
    row.action = "no_action";
    row.detail = "not reconciled with the broker: " + broker->gate().reason();
  } else if (p.margin_check_pending) {
    row.action = "no_action";
    row.detail = "the margin check of an earlier signal is still waiting for IB";
  } else {
    std::optional<double> atr;
    if (p.atr.ready()) atr = p.atr.value();
    const trading::PriceView view{price, now, trading::PriceQuality::Fresh};
    if (config.margin_check && !config.dry_run) {
      // An entry waits for IB's what-if answer; an exit or a refusal goes on as before.
      auto preview = desk->preview(p.name, signal, view, atr);
      if (preview.action == trading::DeskAction::kDryRun && preview.intent &&
          preview.intent->purpose == trading::OrderPurpose::Entry) {
        p.margin_check_pending = true;
        asio::co_spawn(
            executor,
            [self = shared_from_this(), row, signal, view, atr, intent = *preview.intent]() {
              return self->act_after_margin_check(row, signal, view, atr, intent);
            },
            asio::detached);
        return;
      }
      if (preview.action != trading::DeskAction::kDryRun) {
        note_outcome(row, signal, price, preview);
        return;
      }
    }
    auto outcome = desk->on_signal(p.name, signal, view, atr);
    if (latency_hook && bar_received && outcome.action == trading::DeskAction::kSubmitted) {
      latency_hook(std::chrono::steady_clock::now() - *bar_received);
    }
    note_outcome(row, signal, price, outcome);
    return;
  }
  if (auto st = state_store.record_signal(row); !st) out("store error: signal: " + st.error().message);
  if (observer) observer->on_signal(row);
}

void Trader::Impl::note_outcome(SignalRow row, const trading::Signal& signal, Decimal price,
                                const trading::DeskOutcome& outcome) {
  row.action = trading::to_string(outcome.action);
  row.detail = outcome.detail;
  switch (outcome.action) {
    case trading::DeskAction::kSubmitted: ++sum.orders; break;
    case trading::DeskAction::kRiskDenied: ++sum.risk_denials; break;
    case trading::DeskAction::kOmsDenied: ++sum.oms_denials; break;
    default: break;
  }
  if (outcome.intent && outcome.action != trading::DeskAction::kNoAction) {
    const auto& in = *outcome.intent;
    out(std::string(outcome.action == trading::DeskAction::kSubmitted ? "ORDER "
                    : outcome.action == trading::DeskAction::kDryRun  ? "WOULD ORDER "
                                                                       : "DENIED ") +
        std::string(trading::to_string(in.side)) + " " + in.quantity.to_string() + " " + in.symbol + " @~" +
        price.to_string() + " (" + std::string(trading::to_string(in.purpose)) + ", " + signal.reason + "): " +
        outcome.detail);
  }
  report_outcome(row.symbol, outcome);
  if (auto st = state_store.record_signal(row); !st) out("store error: signal: " + st.error().message);
  if (observer) observer->on_signal(row);
}

asio::awaitable<void> Trader::Impl::act_after_margin_check(SignalRow row, trading::Signal signal,
                                                          trading::PriceView view, std::optional<double> atr,
                                                          trading::OrderIntent intent) {
  auto self = shared_from_this();
  trading::Order order;
  order.intent = intent;
  order.intent.order_ref = "what-if";
  auto impact = co_await broker->broker().what_if(std::move(order), options.ready_timeout);
  auto it = symbols.find(row.symbol);
  if (it != symbols.end()) it->second.margin_check_pending = false;
  if (stopping || !desk) co_return;
  std::optional<std::string> denial;
  if (!impact) {
    // No answer, no order: an entry the margin was never checked for is not sent.
    denial = "IB did not answer the what-if order: " + impact.error().message;
  } else {
    denial = trading::margin_denial(*impact, config.max_margin_pct);
  }
  trading::DeskOutcome outcome;
  if (denial) {
    outcome.action = trading::DeskAction::kRiskDenied;
    outcome.rule = "margin";
    outcome.detail = "margin: " + *denial;
    outcome.intent = intent;
    (void)broker->journal().record_denial(
        trading::RiskDenial{market_clock.now(), "", row.symbol, trading::DenialRule::RiskLimit, outcome.detail});
  } else {
    view.time = market_clock.now();
    outcome = desk->on_signal(row.symbol, signal, view, atr);
  }
  note_outcome(row, signal, view.price, outcome);
}

void Trader::Impl::sync_positions() {
  const auto& ledger = broker->ledger();
  std::set<std::string> names;
  for (const auto& [s, q] : known_quantity) names.insert(s);
  for (const auto& pos : ledger.positions()) names.insert(pos.symbol);
  const Timestamp now = market_clock.now();
  bool reloaded = false;
  for (const auto& s : names) {
    const Decimal before = known_quantity[s];
    const Decimal after = ledger.quantity(s);
    if (before == after) continue;
    if (!std::exchange(reloaded, true)) reload_fill_marks();  // a fill is the newest price
    const Decimal realized = ledger.realized(s);
    const auto pos = ledger.position(s);
    const Decimal price = pos ? pos->mark : kZero;
    desk->on_position(s, before, after, price, now, after > before ? trading::Side::Buy : trading::Side::Sell,
                      realized - known_realized[s]);
    ++sum.fills;
    out("FILL " + s + " position " + before.to_string() + " -> " + after.to_string() + " at " + price.to_string() +
        ", cash " + money(ledger.cash()));
    known_quantity[s] = after;
    known_realized[s] = realized;
    // Held positions are always watched.
    if (!after.is_zero() && !symbols.contains(s) && !stopping && started) {
      auto strategy = trading::make_strategy(config.strategy, config.strategy_params);
      if (strategy) {
        auto& p = symbols[s];
        p.name = s;
        p.strategy = std::move(*strategy);
        asio::co_spawn(executor, bring_up(s), asio::detached);
      }
    }
  }
}

void Trader::Impl::keep_protection(bool settled) {
  if (config.dry_run || stopping) return;
  // Just reconciled, the broker's state was read in full: act at once rather than wait a cycle.
  if (settled) (void)desk->keep_protection();
  for (const auto& line : desk->keep_protection()) {
    out(line);
    changed();
  }
}

void Trader::Impl::note_mark(const std::string& symbol, Decimal price, Timestamp at, trading::MarkSource source) {
  if (price <= kZero) return;
  auto it = marks.find(symbol);
  // Only a newer price replaces a mark; a fill also replaces one of its own time (as the store).
  if (it != marks.end() && (it->second.time > at || (it->second.time == at && source != trading::MarkSource::Fill))) {
    return;
  }
  marks[symbol] = trading::Mark{symbol, price, at, source};
}

void Trader::Impl::refresh_stale_marks() {
  const Timestamp now = market_clock.now();
  if (!calendar.is_open(now, config.extended_hours)) return;
  const Duration bar = bar_size ? bar_size->length() : Duration{std::chrono::minutes(1)};
  const Duration stale_after = std::max<Duration>(2 * bar, std::chrono::minutes(1));
  for (const auto& p : broker->ledger().positions()) {
    if (p.quantity.is_zero() || quote_marks_pending.contains(p.symbol)) continue;
    auto it = marks.find(p.symbol);
    if (it != marks.end() && now - it->second.time < stale_after) continue;
    quote_marks_pending.insert(p.symbol);
    asio::co_spawn(executor, [self = shared_from_this(), s = p.symbol]() { return self->mark_from_quote(s); },
                   asio::detached);
  }
}

asio::awaitable<void> Trader::Impl::mark_from_quote(std::string symbol) {
  auto self = shared_from_this();
  auto resolved = co_await resolver->resolve(symbol);
  if (!resolved || !market_data || stopping) {
    quote_marks_pending.erase(symbol);
    co_return;
  }
  auto snap = co_await market_data->snapshot(resolved->contract);
  quote_marks_pending.erase(symbol);
  if (!snap || stopping) co_return;
  const auto& q = snap->quote;
  if (q.bid > kZero && q.ask > kZero && q.ask >= q.bid) {
    note_mark(symbol, (q.bid + q.ask) / Decimal::from_int(2), market_clock.now(), trading::MarkSource::Midpoint);
  } else if (q.last > kZero) {
    note_mark(symbol, q.last, market_clock.now(), trading::MarkSource::Trade);
  }
}

void Trader::Impl::reload_fill_marks() {
  auto stored = broker->ledger_store().load_marks();
  if (!stored) {
    out("store error: marks: " + stored.error().message);
    return;
  }
  for (const auto& [s, m] : *stored) note_mark(s, m.price, m.time, m.source);
}

void Trader::Impl::persist_marks() {
  std::vector<trading::Mark> changed_marks;
  for (const auto& [s, m] : marks) {
    auto it = marks_stored.find(s);
    if (it == marks_stored.end() || it->second < m.time) changed_marks.push_back(m);
  }
  if (auto st = broker->ledger_store().save_marks(changed_marks); !st) {
    out("store error: marks: " + st.error().message);
  } else {
    for (const auto& m : changed_marks) marks_stored[m.symbol] = m.time;
  }
  // The day's line of the equity curve, replaced at each cycle until the day ends.
  const auto& daily = desk->daily();
  if (!daily.state().started) return;
  auto snap = broker->ledger().snapshot(daily.state().day);
  snap.start_equity = daily.day_start_equity();
  if (auto st = broker->ledger_store().record_snapshot(snap); !st) out("store error: snapshot: " + st.error().message);
  if (snapshots.empty() || snapshots.back().date != snap.date) snapshots.push_back(snap);
  else snapshots.back() = snap;
}

bool Trader::Impl::marks_at_last_close() const {
  // Both sides value positions at the closing price once the session is over and our marks are
  // from its end; before that our mark (a bar's close) and IB's (its live price) differ.
  const Timestamp now = market_clock.now();
  if (calendar.is_open(now, config.extended_hours)) return false;
  const auto close = calendar.last_close(now, config.extended_hours);
  if (!close) return false;
  for (const auto& p : broker->ledger().positions()) {
    if (p.quantity.is_zero()) continue;
    auto it = marks.find(p.symbol);
    if (it == marks.end() || it->second.time < *close) return false;
  }
  return true;
}

asio::awaitable<void> Trader::Impl::check_broker_view(bool now) {
  if ((broker_check_running && !now) || account_code.empty() || !gate_open()) co_return;
  // TWS refreshes the account summary every few minutes: on the cycle, reading it more than once a
  // (real) second only spends the session's message rate, which orders need.
  const auto real_now = std::chrono::steady_clock::now();
  if (!now && real_now - last_broker_check < kBrokerCheckEvery) co_return;
  last_broker_check = real_now;
  broker_check_running = true;
  ib::PacedRequest paced;
  paced.kind = ib::RequestKind::kAccount;
  paced.label = "account summary";
  auto grant = co_await pacer->acquire(std::move(paced), options.ready_timeout);
  auto session = connections->session();
  if (!grant || !session) {
    broker_check_running = false;
    co_return;
  }
  const Timestamp asked_at = market_clock.now();
  auto rows = co_await session->request_account_summary("NetLiquidation,TotalCashValue,UnrealizedPnL,RealizedPnL",
                                                         options.ready_timeout);
  broker_check_running = false;
  if (!desk || !broker) co_return;
  if (broker_view && broker_view->time > asked_at) co_return;  // a later check answered first
  if (!rows) {
    if (!stopping) out("IB account view unavailable: " + rows.error().message);
    co_return;
  }
  std::vector<SummaryValue> values;
  values.reserve(rows->size());
  for (const auto& r : *rows) values.push_back(SummaryValue{r.account, r.tag, r.value});
  auto view = broker_view_from_summary(values, account_code, asked_at);
  if (!view) {
    out("IB account view unreadable: " + view.error().message);
    co_return;
  }
  auto unknown = broker->ledger_store().commissions_unknown();
  const auto& ledger = broker->ledger();
  const auto comparison =
      compare_account(ledger.cash(), ledger.market_value(), *view, unknown ? *unknown : 0, marks_at_last_close());
  const bool newly_flagged = !comparison.agrees() && (!broker_comparison || broker_comparison->agrees());
  broker_view = *view;
  broker_comparison = comparison;
  if (auto st = state_store.save_broker_view(*view, comparison); !st) out("store error: IB view: " + st.error().message);
  if (newly_flagged) flag_disagreement("", "the books differ from IB's: " + comparison.describe());
  co_await watch_position_pnl();
  compare_positions();
  changed();
}

void Trader::Impl::flag_disagreement(const std::string& symbol, const std::string& reason) {
  (void)broker->journal().record_denial(
      trading::RiskDenial{market_clock.now(), symbol, "", trading::DenialRule::RiskLimit, "broker_disagrees: " + reason});
  out((symbol.empty() ? "ACCOUNT DIFFERS FROM IB: " : "POSITION DIFFERS FROM IB: ") + reason);
  if (observer) observer->on_denial(DenialRow{market_clock.now(), symbol, "broker_disagrees", reason});
}

asio::awaitable<void> Trader::Impl::watch_position_pnl() {
  // Every position either side holds: ours from the ledger, IB's from its own P&L stream.
  std::set<std::string> wanted;
  for (const auto& p : broker->ledger().positions()) {
    if (!p.quantity.is_zero()) wanted.insert(p.symbol);
  }
  for (const auto& [symbol, p] : pnl->positions()) {
    if (!p.received || !p.position.is_zero()) wanted.insert(symbol);
  }
  for (const auto& symbol : wanted) {
    if (pnl->watching(symbol)) continue;
    auto resolved = co_await resolver->resolve(symbol);
    if (!pnl || stopping) co_return;
    if (!resolved) {
      out("IB P&L of " + symbol + " not watched: " + resolved.error().message);
      continue;
    }
    pnl->watch_position(symbol, resolved->contract.con_id);
  }
}

void Trader::Impl::compare_positions() {
  const auto& ledger = broker->ledger();
  const bool comparable = marks_at_last_close();
  std::map<std::string, OurPosition> ours;
  for (const auto& p : ledger.positions()) {
    if (!p.quantity.is_zero()) ours[p.symbol] = OurPosition{p.symbol, p.quantity, p.quantity * p.mark, ledger.unrealized(p.symbol)};
  }
  for (const auto& [symbol, p] : pnl->positions()) {
    const bool ib_holds = !p.received || !p.position.is_zero();
    if (ib_holds && !ours.contains(symbol)) ours[symbol] = OurPosition{symbol, kZero, kZero, kZero};
  }
  std::vector<PositionComparison> next;
  for (const auto& [symbol, our] : ours) {
    const auto& watched = pnl->positions();
    const auto it = watched.find(symbol);
    const auto before = std::find_if(broker_positions.begin(), broker_positions.end(),
                                     [&](const PositionComparison& c) { return c.symbol == symbol; });
    const bool had = before != broker_positions.end();
    auto c = compare_position(our, it == watched.end() ? nullptr : &it->second, comparable,
                              had && before->quantity_differs);
    if (!c.agrees() && (!had || before->agrees())) flag_disagreement(symbol, "IB's P&L view differs: " + c.describe());
    next.push_back(std::move(c));
  }
  broker_positions = std::move(next);
  if (const auto& acct = pnl->account()) {
    if (auto st = state_store.save_broker_pnl(account_code, *acct, broker_positions, market_clock.now()); !st) {
      out("store error: IB P&L: " + st.error().message);
    }
  } else if (!pnl->account_problem().empty()) {
    out("IB P&L unavailable: " + pnl->account_problem());
  }
}

void Trader::Impl::mark_account() {
  auto& ledger = broker->ledger();
  for (const auto& [name, m] : marks) {
    if (ledger.position(name)) ledger.mark(name, m.price);
  }
  const Timestamp now = market_clock.now();
  desk->mark(now, trading::DailyPnlTracker::mark_of(ledger));
  if (desk->apply_loss_limit(now)) out("daily loss limit reached: " + desk->daily().describe());
  if (auto st = state_store.save_daily(desk->daily().state()); !st) out("store error: daily P&L: " + st.error().message);
}

void Trader::Impl::summary_line() {
  const auto& ledger = broker->ledger();
  std::int64_t positions = 0;
  for (const auto& p : ledger.positions()) positions += p.quantity.is_zero() ? 0 : 1;
  std::int64_t streaming = 0;
  for (const auto& [n, p] : symbols) streaming += p.phase == SymbolPipeline::Phase::kStreaming ? 1 : 0;
  const auto& ks = desk->kill_switch();
  out("summary time=\"" + ny_time(market_clock.now()) + "\" equity=" + money(ledger.equity()) +
      " day_pnl=" + signed_money(desk->daily().day_pnl()) + " realized=" + signed_money(ledger.realized()) +
      " positions=" + std::to_string(positions) + " open_orders=" + std::to_string(broker->oms().open_orders().size()) +
      " orders=" + std::to_string(sum.orders) + " fills=" + std::to_string(sum.fills) +
      " denials=" + std::to_string(sum.risk_denials + sum.oms_denials) + " symbols=" + std::to_string(streaming) + "/" +
      std::to_string(symbols.size()) + " connection=" + ib::to_string(connections->state()) +
      " gate=" + (gate_open() ? "open" : "closed") +
      " kill_switch=" + (ks.engaged() ? std::string(trading::to_string(ks.kind())) : std::string("off")));
}

asio::awaitable<void> Trader::Impl::shutdown() {
  stopping = true;
  store_watch.cancel();
  if (broker && desk && gate_open() && config.cancel_entries_on_stop && !options.once) {
    std::int64_t cancelled = 0;
    for (const auto& o : broker->oms().open_orders()) {
      if (o.intent.purpose != trading::OrderPurpose::Entry || o.external) continue;
      if (broker->oms().cancel(o.ref())) ++cancelled;
    }
    if (cancelled > 0) {
      out("cancelled " + std::to_string(cancelled) + " working entry orders");
      // Give the confirmations a moment (bounded) so the journal sees them.
      const auto until = std::chrono::steady_clock::now() + 1s;
      while (std::chrono::steady_clock::now() < until) {
        bool open = false;
        for (const auto& o : broker->oms().open_orders()) open |= o.intent.purpose == trading::OrderPurpose::Entry;
        if (!open) break;
        wake.expires_after(20ms);
        (void)co_await wake.async_wait(kTuple);
      }
    }
  }
  if (desk && broker) {
    sync_positions();
    mark_account();
    persist_marks();
    // The last word on the account: IB's view beside ours, while the session is still up.
    co_await check_broker_view(true);
  }
  for (auto& [n, p] : symbols) {
    if (p.stream != 0 && market_data) market_data->cancel(p.stream);
    p.stream = 0;
  }
  fill_summary();
  changed();
  market_data.reset();
  if (pacer) pacer->stop();
  if (connections) connections->stop();
}

void Trader::Impl::fill_summary() {
  if (!broker || !desk) return;
  const auto& ledger = broker->ledger();
  sum.equity = ledger.equity();
  sum.cash = ledger.cash();
  sum.realized = ledger.realized();
  sum.unrealized = ledger.unrealized();
  sum.commissions = ledger.commissions();
  sum.open_positions = 0;
  for (const auto& p : ledger.positions()) sum.open_positions += p.quantity.is_zero() ? 0 : 1;
  sum.open_orders = static_cast<std::int64_t>(broker->oms().open_orders().size());
  sum.kill_switch = desk->kill_switch().engaged();
  sum.kill_switch_reason = desk->kill_switch().reason();
  sum.reconciliations = static_cast<std::int64_t>(broker->reconciler().completed());
  std::int64_t trading = 0;
  for (const auto& [n, p] : symbols) trading += p.phase == SymbolPipeline::Phase::kStreaming ? 1 : 0;
  sum.symbols_trading = trading;
  sum.ended_by = ended_by;
  if (broker_view) {
    sum.broker_net_liquidation = broker_view->net_liquidation;
    sum.broker_cash = broker_view->cash;
  }
  if (broker_comparison) {
    sum.broker_agrees = broker_comparison->agrees();
    sum.broker_comparison = broker_comparison->describe();
  }
  sum.broker_positions_checked = 0;
  sum.broker_positions_differ.clear();
  for (const auto& c : broker_positions) {
    if (c.ib_known) ++sum.broker_positions_checked;
    if (!c.agrees()) sum.broker_positions_differ.push_back(c.describe());
  }
}

Trader::Trader(asio::any_io_executor executor, const Clock& market_clock, const Clock& wall_clock, store::Database& db,
               TraderOptions options)
    : impl_(std::make_shared<Impl>(executor, market_clock, wall_clock, db, std::move(options))) {}

Trader::~Trader() {
  impl_->stopping = true;
  impl_->store_watch.cancel();
  impl_->desk.reset();
}

void Trader::stop(std::string why) {
  if (impl_->stopping) return;
  impl_->stopping = true;
  if (impl_->ended_by.empty()) impl_->ended_by = std::move(why);
  impl_->wake.cancel();
  impl_->store_watch.cancel();
}

asio::awaitable<Result<TraderSummary>> Trader::run() {
  auto self = impl_;
  auto& m = *self;
  if (auto st = m.build(); !st) co_return std::unexpected(st.error());
  asio::co_spawn(m.executor, [self]() { return self->watch_store(); }, asio::detached);

  // The configured symbols, and every held position too.
  std::vector<std::string> names = m.config.symbols;
  for (const auto& p : m.broker->ledger().positions()) {
    if (!p.quantity.is_zero() && std::find(names.begin(), names.end(), p.symbol) == names.end()) {
      m.out("watching held position " + p.symbol + " (" + p.quantity.to_string() + ")");
      names.push_back(p.symbol);
    }
  }
  if (names.empty()) co_return fail(ErrorCode::kInvalidArgument, "no symbols: give --symbols or trading.symbols");
  for (const auto& s : names) {
    auto strategy = trading::make_strategy(m.config.strategy, m.config.strategy_params);
    if (!strategy) co_return std::unexpected(strategy.error());
    auto& p = m.symbols[s];
    p.name = s;
    p.strategy = std::move(*strategy);
  }

  auto connected = co_await m.connect_and_reconcile();
  if (!connected) {
    co_await m.shutdown();
    co_return std::unexpected(connected.error());
  }
  m.started = true;
  m.sum.start_equity = m.broker->ledger().equity();  // after a new database took the account's cash

  // Every symbol concurrently; the pacer spreads the requests.
  auto ex = co_await asio::this_coro::executor;
  auto pending = std::make_shared<std::size_t>(names.size());
  for (const auto& s : names) {
    asio::co_spawn(ex, [self, s, pending]() -> asio::awaitable<void> {
      co_await self->bring_up(s);
      --*pending;
      self->wake.cancel();
    }, asio::detached);
  }
  while (*pending > 0 && !m.stopping) co_await m.wait_real(1s);

  if (m.options.once) {
    if (!m.stopping) {
      for (auto& [n, p] : m.symbols) {
        if (p.phase != SymbolPipeline::Phase::kStreaming) continue;
        if (p.last_warmup_signal.is_hold()) {
          m.out(n + ": hold");
          continue;
        }
        m.act_on_signal(p, p.last_warmup_signal, p.last_warmup_close, p.last_bar_end);
      }
      // Wait (bounded) for the orders to be acknowledged or filled.
      const auto until = std::chrono::steady_clock::now() + 10s;
      while (!m.stopping && std::chrono::steady_clock::now() < until) {
        bool working = false;
        for (const auto& o : m.broker->oms().open_orders()) working |= !o.external && o.broker_order_id == 0;
        if (!working) break;
        co_await m.wait_real(50ms);
      }
      m.sync_positions();
      m.mark_account();
      m.persist_marks();
      m.summary_line();
      if (m.observer) m.observer->on_cycle();
    }
    if (m.ended_by.empty()) m.ended_by = "--once";
    co_await m.shutdown();
    co_return m.sum;
  }

  // The bar cycle: one summary line per bar boundary of the market clock.
  // A span of market time that is also at least `real` of real time: on a simulated clock at
  // 1500x, 6 s of market time is 4 ms, less than a loaded host takes to deliver a bar.
  auto at_least_real = [&](Duration market, std::chrono::milliseconds real) {
    const std::chrono::duration<double, std::milli> scaled = real * m.options.clock_speed;
    return std::max(market, std::chrono::duration_cast<Duration>(scaled));
  };
  // The cycle wakes this long after a bar boundary, when the boundary's last 5-second bar should be
  // in; a bar whose last 5-second bar is not is closed only once its stream has stalled.
  const Duration grace = at_least_real(std::chrono::seconds(6), std::chrono::milliseconds(100));
  const Duration stall = at_least_real(std::chrono::seconds(30), std::chrono::milliseconds(2000));
  const Duration stale_data =
      at_least_real(std::chrono::duration_cast<Duration>(std::chrono::duration<double>(m.config.stale_data_seconds)),
                    std::chrono::milliseconds(2000));
  std::optional<Timestamp> close_at;
  while (!m.stopping) {
    const Timestamp now = m.market_clock.now();
    if (!m.calendar.is_open(now, m.config.extended_hours)) {
      if (m.options.until_close && close_at) {
        m.ended_by = "the session closed";
        break;
      }
      const Timestamp next = m.calendar.next_open(now, m.config.extended_hours);
      // The day's books, valued at the close, beside IB's view of them.
      m.sync_positions();
      m.mark_account();
      m.persist_marks();
      co_await m.check_broker_view(true);
      if (m.broker_comparison) {
        m.out(std::string("day closed: equity ") + money(m.broker->ledger().equity()) + ", IB NetLiquidation " +
              money(m.broker_view->net_liquidation) + ": " +
              (m.broker_comparison->agrees() ? "agrees" : "DIFFERS") + " (" + m.broker_comparison->describe() + ")");
      }
      m.out("market closed; waiting for the open at " + ny_time(next));
      m.summary_line();
      co_await m.sleep_until_market(next);
      continue;
    }
    if (!close_at) close_at = m.calendar.current_close(now, m.config.extended_hours);
    const auto bucket = m.bar_size ? trading::BarAggregator(*m.bar_size).bucket(now) : std::pair{now, now};
    co_await m.sleep_until_market(bucket.second + grace);
    if (m.stopping) break;
    for (auto& [n, p] : m.symbols) {
      if (!p.aggregator) continue;
      const auto& partial = p.aggregator->partial();
      if (!partial || partial->end() > bucket.second) continue;
      // TWS sends a 5-second bar every 5 seconds, traded or not: until the one that ends the bar
      // has arrived, its last seconds are late, not missing (a busy host, a simulated clock that
      // jumped). Close it by time only when the stream has stalled.
      const bool complete = p.last_small_bar_end >= partial->end();
      const bool stalled = m.market_clock.now() >= partial->end() + stall;
      if (!complete && !stalled) continue;
      if (auto bar = p.aggregator->flush(bucket.second)) m.on_closed_bar(p, *bar);
    }
    // A reconnect: the gate re-opened after a fresh reconciliation.
    const bool open = m.gate_open();
    if (open && (!m.gate_was_open || m.broker->reconciler().completed() != m.reconciles_seen)) {
      m.reconciles_seen = m.broker->reconciler().completed();
      m.out("reconciled again after a reconnect; trading resumes");
      if (auto r = m.broker->reconciler().last_report()) m.apply_mismatches(*r);
      (void)m.desk->connection_healthy(m.market_clock.now());
      m.sync_positions();
      m.keep_protection(true);
    }
    m.gate_was_open = open;
    m.sync_positions();
    if (open) m.keep_protection(false);
    m.watch_data(stale_data);
    m.refresh_stale_marks();
    m.mark_account();
    m.persist_marks();
    asio::co_spawn(m.executor, [self]() { return self->check_broker_view(); }, asio::detached);
    ++m.cycles;
    m.summary_line();
    if (m.observer) m.observer->on_cycle();
    if (m.options.until_close && close_at && m.market_clock.now() >= *close_at) {
      m.ended_by = "the session closed";
      break;
    }
  }
  if (m.ended_by.empty()) m.ended_by = "stopped";
  co_await m.shutdown();
  co_return m.sum;
}

bool Trader::ready_for_orders() const { return impl_->gate_open(); }
std::int64_t Trader::bar_cycles() const { return impl_->cycles; }
std::int64_t Trader::orders_sent() const { return impl_->sum.orders; }
std::int64_t Trader::reconciliations() const {
  return impl_->broker ? static_cast<std::int64_t>(impl_->broker->reconciler().completed()) : 0;
}
std::int64_t Trader::streaming_symbols() const {
  std::int64_t n = 0;
  for (const auto& [s, p] : impl_->symbols) n += p.phase == SymbolPipeline::Phase::kStreaming ? 1 : 0;
  return n;
}
TraderSummary Trader::summary() const {
  impl_->fill_summary();
  return impl_->sum;
}
bool Trader::kill_switch_engaged() const { return impl_->desk && impl_->desk->kill_switch().engaged(); }
std::size_t Trader::stop_count() const { return impl_->desk ? impl_->desk->stops().size() : 0; }
std::vector<std::string> Trader::reconcile_problems() const {
  if (!impl_->broker) return {};
  auto r = impl_->broker->reconciler().last_report();
  return r ? r->problems : std::vector<std::string>{};
}
std::map<std::string, std::string> Trader::halted_symbols() const {
  return impl_->desk ? impl_->desk->halts() : std::map<std::string, std::string>{};
}
Status Trader::engage_kill_switch(std::string reason) {
  auto& m = *impl_;
  if (!m.desk) return fail(ErrorCode::kCancelled, "the trader is not running yet");
  if (reason.empty()) reason = "engaged by hand";
  m.kill_switch_saved = {};
  (void)m.desk->trip_kill_switch(trading::KillSwitchKind::Manual, std::move(reason), m.market_clock.now());
  // A trip that changed nothing (already engaged) still answers with the last write's outcome.
  return m.kill_switch_saved;
}

TraderView Trader::view() const {
  const auto& m = *impl_;
  TraderView v;
  v.config = &m.config;
  v.market_clock = &m.market_clock;
  v.wall_clock = &m.wall_clock;
  v.connections = m.connections.get();
  v.pacer = m.pacer.get();
  if (m.broker) {
    v.ledger = &m.broker->ledger();
    v.oms = &m.broker->oms();
    v.reconciled = m.broker->ready_for_orders();
    if (!v.reconciled) v.gate_reason = m.broker->gate().reason();
  }
  v.desk = m.desk.get();
  v.stopping = m.stopping;
  v.broker_view = m.broker_view ? &*m.broker_view : nullptr;
  v.broker_pnl = m.pnl && m.pnl->account() ? &*m.pnl->account() : nullptr;
  v.broker_positions = &m.broker_positions;
  v.snapshots = &m.snapshots;
  v.broker_comparison = m.broker_comparison ? &*m.broker_comparison : nullptr;
  v.marks = &m.marks;
  return v;
}

std::vector<SymbolStatus> Trader::symbols() const {
  std::vector<SymbolStatus> out;
  out.reserve(impl_->symbols.size());
  for (const auto& [name, p] : impl_->symbols) {
    const char* phase = "resolving";
    switch (p.phase) {
      case SymbolPipeline::Phase::kResolving: phase = "resolving"; break;
      case SymbolPipeline::Phase::kWarming: phase = "warming"; break;
      case SymbolPipeline::Phase::kStreaming: phase = "streaming"; break;
      case SymbolPipeline::Phase::kSkipped: phase = "skipped"; break;
    }
    out.push_back(SymbolStatus{name, phase, p.last_price, p.last_bar_at});
  }
  return out;
}

void Trader::set_observer(TraderObserver* observer) { impl_->observer = observer; }

void Trader::on_order_latency(std::function<void(std::chrono::nanoseconds)> callback) {
  impl_->latency_hook = std::move(callback);
}

}  // namespace rt::runner

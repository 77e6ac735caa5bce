#pragma once
// Trader::Impl, the trader's state on its event loop, shared by the files that implement it:
//   trader.cpp             the lifecycle: startup order, the bar cycle, stop, the public views
//   trader_wiring.cpp      the IB stack and the desk, built and restored from the store
//   trader_connection.cpp  connecting, the paper-first rule, the first reconciliation
//   trader_halts.cpp       changes other processes write (kill switch, halts) and book mismatches
//   trader_symbols.cpp     each symbol's data (warm-up, 5-second bars, staleness) into the Kernel,
//                          decisions to the desk, booked fills back
//   trader_books.cpp       marks, IB's view of the account beside ours, summaries, shutdown
// Private to src/runner.
#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
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
#include "runner/trader.hpp"
#include "trading/data/bar_aggregator.hpp"
#include "trading/desk/trading_desk.hpp"
#include "trading/kernel/kernel.hpp"
#include "trading/market/eastern_time.hpp"
#include "trading/market/market_calendar.hpp"
#include "trading/portfolio/mark.hpp"
#include "trading/risk/margin_check.hpp"

namespace rt::runner {

namespace asio = boost::asio;

inline constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
inline const Decimal kZero;

// "2025-01-15 09:30:00 ET": a market time as New York sees it.
std::string ny_time(Timestamp t);
inline std::string money(Decimal d) { return d.to_string_fixed(2); }
inline std::string signed_money(Decimal d) { return (d >= kZero ? "+" : "") + d.to_string_fixed(2); }

struct SymbolPipeline {
  std::string name;
  enum class Phase { kResolving, kWarming, kStreaming, kSkipped } phase = Phase::kResolving;
  trading::SymbolId id = 0;  // in the kernel
  std::optional<trading::BarAggregator> aggregator;
  ib::StreamId stream = 0;
  Decimal last_price;
  Timestamp last_price_at{};
  Timestamp last_small_bar_end{};  // the end of the newest 5-second bar received (market time)
  std::optional<Timestamp> last_bar_at;  // wall clock, for staleness
  std::optional<trading::Decision> last_warmup;  // what the newest history bar decided (--once)
  bool margin_check_pending = false;             // an entry waits for IB's what-if answer
  tws::Contract contract;                        // as resolved, for re-subscribing
  trading::Instrument instrument;                // what the name trades, with TWS's terms once resolved
  bool stale = false;                            // no update for too long: re-subscribed, entries gated
  bool strategy_failed = false;                  // its strategy raised: entries gated for the rest of the run
  Timestamp subscribed_at{};                     // market time of the last (re)subscription
};

struct Trader::Impl : trading::DeskListener, std::enable_shared_from_this<Trader::Impl> {
  Impl(asio::any_io_executor ex, const Clock& mclock, const Clock& wclock, const MonotonicClock& mono,
       store::Database& database, TraderOptions opts)
      : executor(ex),
        market_clock(mclock),
        wall_clock(wclock),
        monotonic(mono),
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
  const MonotonicClock& monotonic;  // every real-time wait and deadline
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
  std::unique_ptr<trading::Kernel> kernel;

  std::map<std::string, SymbolPipeline> symbols;
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
  MonotonicClock::TimePoint last_broker_check{};
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
  std::optional<MonotonicClock::TimePoint> bar_received;
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
  void act_on_signal(SymbolPipeline& p, const trading::Decision& decision);
  void note_outcome(SignalRow row, const trading::Decision& decision, const trading::DeskOutcome& outcome);
  asio::awaitable<void> act_after_margin_check(SignalRow row, trading::Decision decision, trading::OrderIntent intent);
  // A strategy that raised: its symbol's entries gated, its working entries cancelled, said once.
  void check_strategy(SymbolPipeline& p);
  // A symbol's pipeline with its kernel entry (its strategy made); fails on a bad strategy.
  Result<SymbolPipeline*> add_symbol(const std::string& symbol);
  // The instrument's money terms into the books (stored with the ledger); refused while the
  // symbol holds a position booked under other terms.
  Status define_instrument(SymbolPipeline& p, const trading::Instrument& instrument);
  // A fill the books took (FillRecorder, after the OMS): to the kernel, the summary and the log.
  void on_fill_booked(const trading::BookedFill& booked);
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

}  // namespace rt::runner

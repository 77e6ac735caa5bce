#pragma once
// Trader: the trading kernel of `robotrader run`, on one event loop.
//
// Startup, in this order (docs/runner.md): the store is open (given); the ledger and order journal
// are loaded (BrokerStack), then stops, the kill switch and the day's P&L state are restored into
// the TradingDesk BEFORE anything else runs; then the connection starts; the account is checked
// against the paper-first rule; the broker is reconciled (positions, open orders, executions)
// before any order may be sent; then every symbol is brought up concurrently (many requests in
// flight, paced by the PacingDriver, not threads): resolve the contract (an unknown symbol is
// reported and skipped, D3), warm the strategy up from history, stream 5-second bars.
//
// The bar cycle: every 5-second bar is a fresh price for the symbol's stop; 5-second bars are
// aggregated into bars of the configured size; each closed bar goes to the strategy, and a signal
// to the TradingDesk (sizing, risk, the OMS choke point). At every bar boundary of the market clock
// one summary line is emitted (equity, day P&L, positions, open orders, connection state), after
// the account is marked and the daily loss limit applied. Outside market hours the loop waits on a
// timer until the next open (P1); nothing spins.
//
// A position that disagrees with the broker's after a reconciliation halts that symbol (no order of
// any kind, stops included) until the broker's position is adopted, an operator releases it, or a
// later reconciliation finds the books agree; with reconcile.on_mismatch = adopt the broker's
// position is adopted at once. Halts are stored (runner_halts) and survive a restart.
//
// The store is the single source of the kill switch: a change another process writes (the CLI's
// kill-switch command, another view) reaches the running trader within store_poll, as do halt
// requests (`robotrader halts adopt|release`).
//
// On every reconnect the OrderGate closes until the Reconciler has re-read the broker (O9):
// signals and stop decisions wait for it. A disconnect trips the kill switch with kind Connection,
// which clears itself when the gate opens again.
//
// stop(): entries stop at once; working entry orders are cancelled (config cancel_entries_on_stop),
// risk state is flushed, streams cancelled and the session closed; run() returns. Bounded: the
// whole stop takes well under 5 seconds (P2).
//
// Thread: everything runs on the executor's single thread; stop() must be called from it (post
// to it from a signal handler). Borrows the Clocks and the Database (they outlive the Trader).
// The market clock gives trading time (the emulator's simulated clock with --sim); the wall clock
// stamps the connection and paces requests (IB's limits are real time); the monotonic clock
// measures every real-time wait and deadline (connect, reconcile, shutdown), which neither a
// wall-clock jump nor a fast market clock may move.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/monotonic_clock.hpp"
#include "core/result.hpp"
#include "runner/runner_config.hpp"
#include "runner/trader_observer.hpp"
#include "store/database.hpp"

namespace rt::runner {

struct TraderOptions {
  RunnerConfig config;
  std::uint16_t port = 7497;
  bool live_flag = false;      // --live (live trading also needs config allow_live)
  bool once = false;           // evaluate every symbol on its latest bars, act, exit
  bool until_close = false;    // stop at the market clock's session close
  double clock_speed = 1.0;    // market seconds per real second (the emulator's speed with --sim)
  std::optional<Decimal> starting_cash;  // written to a new database (the account's cash)
  std::chrono::milliseconds ready_timeout{30000};  // reconciliation, and each startup request
  // How long the first connection may take (TWS not up yet); nullopt = until stopped. Meanwhile a
  // line a minute says what it waits for, and stop() ends the wait at once.
  std::optional<std::chrono::milliseconds> connect_wait;
  // How often the store is checked for changes other processes made (the kill switch, halt
  // requests): SQLite's data_version, one cheap query.
  std::chrono::milliseconds store_poll{250};
  // Where progress and the summary lines go (one line per call, no newline). Default: stdout.
  std::function<void(const std::string&)> out;
};

struct TraderSummary {
  std::int64_t symbols_trading = 0;
  std::vector<std::string> skipped;  // "XYZ: unknown symbol ..."
  std::vector<std::string> strategy_failures;  // "XYZ: on_bar raised: ..." (entries gated after it)
  std::int64_t bars = 0;
  std::int64_t signals = 0;
  std::int64_t orders = 0;
  std::int64_t fills = 0;
  std::int64_t risk_denials = 0;
  std::int64_t oms_denials = 0;
  std::int64_t stops_triggered = 0;
  std::int64_t reconciliations = 0;
  Decimal start_equity;
  Decimal equity;
  Decimal cash;
  Decimal realized;
  Decimal unrealized;
  Decimal commissions;
  std::int64_t open_positions = 0;
  std::int64_t open_orders = 0;
  bool kill_switch = false;
  std::string kill_switch_reason;
  std::string ended_by;
  // IB's view of the account at the end (account summary), and how ours compared.
  std::optional<Decimal> broker_net_liquidation;
  std::optional<Decimal> broker_cash;
  bool broker_agrees = true;
  std::string broker_comparison;
  // Positions beside IB's reqPnLSingle at the end: how many IB answered for, and those that differ.
  std::int64_t broker_positions_checked = 0;
  std::vector<std::string> broker_positions_differ;
};

class Trader {
 public:
  Trader(boost::asio::any_io_executor executor, const Clock& market_clock, const Clock& wall_clock,
         const MonotonicClock& monotonic, store::Database& db, TraderOptions options);
  ~Trader();
  Trader(const Trader&) = delete;
  Trader& operator=(const Trader&) = delete;

  // Runs until stop(), --once, --until-close, or a startup failure (an error naming it).
  boost::asio::awaitable<Result<TraderSummary>> run();
  // Asks run() to finish (idempotent); `why` goes into the summary.
  void stop(std::string why);

  // Live views for tests and the bench (valid while run() is running or after it).
  [[nodiscard]] bool ready_for_orders() const;
  [[nodiscard]] std::int64_t bar_cycles() const;
  [[nodiscard]] std::int64_t orders_sent() const;
  [[nodiscard]] std::int64_t reconciliations() const;
  [[nodiscard]] std::int64_t streaming_symbols() const;
  [[nodiscard]] TraderSummary summary() const;
  // The desk's view of kill switch and stops (for tests).
  [[nodiscard]] bool kill_switch_engaged() const;
  [[nodiscard]] std::size_t stop_count() const;
  // The last reconciliation's problems (external orders, mismatched positions, ...), one per line.
  [[nodiscard]] std::vector<std::string> reconcile_problems() const;
  // Symbols halted because their book disagreed with the broker's, with why.
  [[nodiscard]] std::map<std::string, std::string> halted_symbols() const;
  // Engages the kill switch (kind manual) with `reason` and persists it; entries stop, exits and
  // stops stay allowed. Fails while the kernel is not built yet or when the store cannot write it.
  Status engage_kill_switch(std::string reason);

  // The clock of its real-time waits, for what shares its event loop (the dashboard's pushes).
  [[nodiscard]] const MonotonicClock& monotonic_clock() const;

  // Read-only access for observers (see trader_observer.hpp); pointers are null before run().
  [[nodiscard]] TraderView view() const;
  // Every symbol's pipeline (configured and held), by name.
  [[nodiscard]] std::vector<SymbolStatus> symbols() const;
  // One observer (the dashboard), borrowed: it must outlive run() or be reset to null first.
  void set_observer(TraderObserver* observer);

  // Test hook: the first tick-to-order path sample (message decoded -> order handed to the broker).
  void on_order_latency(std::function<void(std::chrono::nanoseconds)> callback);

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace rt::runner

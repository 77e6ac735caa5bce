#pragma once
// BacktestEngine: the live trading path on historical bars. Per closed bar, in this order:
//   1. a new New York trading day: day-start equity captured (DailyPnlTracker), daily notional
//      reset, a loss trip of the kill switch from the day before reset;
//   2. orders waiting from the previous bar's signals fill at this bar's open (FillTiming::kNextOpen);
//   3. the protective stop (StopBook) sees the open, the adverse extreme (low for a long), the
//      favourable one and the close, in that order; a trigger exits through risk and the OMS and
//      fills at the stop level, or at the open when the bar gaps through it;
//   4. mark-to-market at the close;
//   5. the closed bar goes through the trading Kernel, the pipeline the live trader runs too: its
//      indicators and the strategy; a Buy/Sell goes to the TradingDesk: an intent by the position
//      held, sized (PositionSizer), checked (RiskEngine::check with the account's RiskContext),
//      and submitted (Oms::submit, which journals and calls SimulatedBroker::place);
//   6. with FillTiming::kClose the order fills at this close;
//   7. the equity curve is sampled after the last bar of each timestamp (or day).
// Fills go from the broker to Oms::on_fill and Ledger::apply, exactly as live broker callbacks, and
// then, booked, to the Kernel.
// Bars go through the BadBarGuard first; a quarantined bar reaches nothing else.
//
// Contract
// - on_bar() takes bars in time order (bars of different symbols with the same start in any
//   order); an out-of-order bar is refused. Bars before trade_from only warm up; bars at or after
//   trade_to are ignored.
// - The per-bar path does not allocate when no signal fires and no order fills (apart from the
//   equity curve's amortised growth).
// - finish() cancels orders still waiting, marks the ledger at the last closes and returns the
//   records; the engine's own equity equals Ledger::equity() then (checked: a mismatch aborts).
// Threading: single-threaded; one engine per run. Owns its clock, broker, journal, OMS, ledger,
// risk objects and strategies; not copyable or movable (they refer to each other).
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "backtest/backtest_config.hpp"
#include "backtest/backtest_result.hpp"
#include "backtest/csv_bars.hpp"
#include "backtest/memory_journal.hpp"
#include "backtest/simulated_broker.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "trading/bar.hpp"
#include "trading/data/bad_bar_guard.hpp"
#include "trading/desk/trading_desk.hpp"
#include "trading/kernel/kernel.hpp"
#include "trading/oms/oms.hpp"
#include "trading/portfolio/ledger.hpp"
#include "trading/risk/daily_pnl_tracker.hpp"
#include "trading/risk/kill_switch.hpp"
#include "trading/risk/position_sizer.hpp"
#include "trading/risk/risk_engine.hpp"
#include "trading/risk/stop_book.hpp"
#include "trading/strategy/strategy.hpp"

namespace rt::backtest {

class BacktestEngine final : private trading::DeskAccount {
 public:
  // Fails on an unknown strategy, bad parameters, invalid risk limits or no symbols.
  static Result<std::unique_ptr<BacktestEngine>> create(const BacktestConfig& config,
                                                        std::vector<std::string> symbols);
  BacktestEngine(const BacktestEngine&) = delete;
  BacktestEngine& operator=(const BacktestEngine&) = delete;
  ~BacktestEngine();

  Status on_bar(std::size_t symbol, const trading::Bar& bar);
  BacktestResult finish();

  // Live views for tests and a parity runner.
  [[nodiscard]] const trading::Ledger& ledger() const { return ledger_; }
  [[nodiscard]] const trading::Oms& oms() const { return *oms_; }
  [[nodiscard]] const MemoryJournal& journal() const { return journal_; }
  [[nodiscard]] const std::vector<SignalRecord>& signals() const { return result_.signals; }
  [[nodiscard]] const std::vector<FillRecord>& fills() const { return result_.fills; }
  [[nodiscard]] Decimal equity() const override { return cash_ + positions_value_; }
  void reserve_equity(std::size_t points) { result_.equity.reserve(points); }

 private:
  struct OpenTrade {
    bool is_long = true;
    Timestamp entry_time{};
    Decimal quantity;  // peak shares
    Decimal entry_notional;
    Decimal entry_shares;
    Decimal exit_notional;
    Decimal exit_shares;
    Decimal commissions;
    Decimal pnl;
    std::int64_t entry_bar = 0;
    bool stopped = false;
  };
  struct SymbolState {
    std::string name;
    trading::BadBarGuard guard;
    Decimal quantity;         // signed, as the ledger holds it
    std::int64_t shares = 0;  // quantity in whole shares when whole_shares
    bool whole_shares = true;
    Decimal mark;
    Decimal value;            // what the position adds to equity at the mark
    // Instrument terms; `plain` is a stock of multiplier 1, valued on the fast path.
    bool plain = true;
    bool pays_notional = true;
    Decimal multiplier = Decimal::from_int(1);
    Decimal basis;            // futures: sum of open lots' price x quantity
    std::int64_t bar_count = 0;
    Timestamp order_bar_end{};  // the bar that decided the waiting order
    bool trade_open = false;
    OpenTrade trade;
  };

  explicit BacktestEngine(const BacktestConfig& config);

  void start_day(Timestamp t);
  void run_stops(std::size_t s, SymbolState& st, const trading::Bar& bar);
  void set_mark(SymbolState& st, Decimal price);
  [[nodiscard]] static Decimal value_at(const SymbolState& st, Decimal price);
  static Result<trading::Instrument> instrument_of(const BacktestConfig& config, const std::string& name);
  void on_signal(SymbolState& st, trading::Decision decision, const trading::Bar& bar);
  // Counts a desk outcome; settles a submitted order. Returns the record's action.
  SignalAction account_for(const trading::DeskOutcome& outcome);
  // trading::DeskAccount, for the desk.
  [[nodiscard]] Decimal cash() const override { return cash_; }
  [[nodiscard]] Decimal held(const std::string& symbol) const override;
  [[nodiscard]] bool has_working_order(const std::string& symbol) const override;
  void open_positions(std::map<std::string, trading::RiskPosition>& out) const override;
  void settle();  // broker reports -> OMS -> ledger
  void on_fill(std::size_t s, const trading::Fill& fill, const trading::LedgerDelta& delta);
  void flush_sample();
  [[nodiscard]] trading::PnlMark pnl_mark() const;

  BacktestConfig config_;
  ManualClock clock_;
  SimulatedBroker broker_;
  MemoryJournal journal_;
  trading::Ledger ledger_;
  std::unique_ptr<trading::Oms> oms_;
  std::unique_ptr<trading::TradingDesk> desk_;
  std::unique_ptr<trading::Kernel> kernel_;  // symbol ids are the indexes of symbols_
  std::vector<SymbolState> symbols_;
  std::unordered_map<std::string, std::size_t> symbol_index_;

  Decimal cash_;
  Decimal positions_value_;
  std::int64_t open_positions_ = 0;
  Timestamp next_day_{};  // the next New York midnight; a bar at or after it starts a day
  Timestamp last_start_{};
  bool have_group_ = false;
  Timestamp group_start_{};
  Timestamp group_end_{};
  bool started_ = false;
  BacktestResult result_;
};

// Runs one backtest over the series (merged in time order; several series share one account).
Result<BacktestResult> run_backtest(std::span<const BarSeries> series, const BacktestConfig& config);

// "fast=10 slow=20": parameters as one line of text.
std::string params_text(const trading::StrategyParams& params);

}  // namespace rt::backtest

#pragma once
// TradingDesk: the one decision step between a strategy's signal and the OMS, shared by the live
// runner and the backtester (DESIGN: one strategy body for backtest and live; issue 7: parity).
//
// Contract
// - on_signal(symbol, signal, price): a Buy/Sell becomes an intent by the position held:
//     Buy:  short -> exit (cover all); flat -> entry; long -> nothing ("already long").
//     Sell: long -> exit (sell all); flat -> entry only with allow_short; short -> nothing.
//   Nothing while an order for the symbol is still working. An entry is sized (PositionSizer, by
//   the configured rule, or the Signal's own quantity clipped to the position and order limits; an
//   exit with a quantity sells or covers that many, at most the position), judged by RiskEngine::check with a RiskContext built from the DeskAccount,
//   the stops, the kill switch, the daily tracker and the desk's own notional and last trades, and
//   only then submitted through Oms::submit (the choke point; it journals before sending).
// - on_price(symbol, price): the StopBook sees every fresh price; a triggered stop exits through the
//   same risk check (a reducing stop passes the kill switch) and Oms::submit.
// - on_position(symbol, before, after, price, time): after every fill: the protective stop follows
//   the position (set trailing on open/flip, quantity on a partial, removed when flat) and the last
//   trade times feed the cooldown rule.
// - Every RiskEngine denial is journaled (Journal::record_denial, rule RiskLimit, the reason names
//   the RiskEngine rule); a DailyLossLimit denial trips the kill switch (kind Loss). The OMS
//   journals its own refusals.
// - dry_run: everything but Oms::submit; the would-be order is returned in the outcome.
// - Changes to stops, the kill switch and the daily tracker are reported to the DeskListener so
//   the caller can persist them; the desk does no I/O itself.
// Thread: single-threaded (the trading event loop, or one backtest worker). Borrows the Oms,
// Clock, Journal, DeskAccount and listener (they must outlive it); owns its risk objects.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "trading/desk/desk_account.hpp"
#include "trading/instrument/instrument.hpp"
#include "trading/oms/oms.hpp"
#include "trading/ports/journal.hpp"
#include "trading/risk/daily_pnl_tracker.hpp"
#include "trading/risk/kill_switch.hpp"
#include "trading/risk/position_sizer.hpp"
#include "trading/risk/protection.hpp"
#include "trading/risk/risk_engine.hpp"
#include "trading/risk/stop_book.hpp"
#include "trading/strategy/signal.hpp"

namespace rt::trading {

enum class DeskAction { kSubmitted, kRiskDenied, kOmsDenied, kSizedToZero, kNoAction, kDryRun };
const char* to_string(DeskAction action) noexcept;

enum class SizingMethod { kFraction, kAtr, kShares, kHalfKelly };

struct SizingRule {
  SizingMethod method = SizingMethod::kFraction;
  Decimal fraction_pct = Decimal::from_int(2);
  Decimal risk_pct = Decimal::from_raw(50'000'000);  // 0.5 %, kAtr
  Decimal atr_multiple = Decimal::from_int(2);
  Decimal shares = Decimal::from_int(100);           // kShares
  Decimal kelly_cap_pct = Decimal::from_int(10);     // kHalfKelly
  int kelly_min_trades = 20;  // kHalfKelly sizes by fraction_pct until this many round trips closed
};

// The broker's daily restart, as New York times of day (IB Gateway and TWS restart once a day; an
// order sent into the restart may be lost with the session). `from` after `to` wraps midnight.
struct RestartWindow {
  Duration from{};
  Duration to{};
  [[nodiscard]] bool contains(Duration time_of_day) const {
    return from <= to ? (time_of_day >= from && time_of_day < to) : (time_of_day >= from || time_of_day < to);
  }
};

struct DeskConfig {
  SizingRule sizing;
  std::optional<Decimal> trailing_stop_pct;  // protective trailing stop per position; none = no stops
  Protection protection = Protection::kLocal;
  std::optional<RestartWindow> restart_window;  // no entry is sent inside it
  // With broker protection: a take-profit limit this far (percent) beyond the entry's price, a
  // second child of the bracket in the stop's OCA group. None = no take-profit.
  std::optional<Decimal> take_profit_pct;
  bool allow_short = false;
  std::string ref_prefix;  // order refs prefix + counter; "" = the OMS assigns refs
  bool dry_run = false;
};

// A price as the caller received it.
struct PriceView {
  Decimal price;
  Timestamp time{};  // when it was observed (freshness, D6)
  PriceQuality quality = PriceQuality::Fresh;
};

struct DeskOutcome {
  DeskAction action = DeskAction::kNoAction;
  std::string detail;  // the order ref when submitted; otherwise why not
  std::string rule;    // the denying rule's name when denied
  std::optional<OrderIntent> intent;  // the order sent (or, dry run, the one that would be)
};

// Told about state the caller persists. Default: ignore.
class DeskListener {
 public:
  virtual ~DeskListener() = default;
  virtual void on_stop_changed(const std::string& symbol, const StopState* stop) { (void)symbol, (void)stop; }
  virtual void on_kill_switch(const KillSwitchState& state) { (void)state; }
};

class TradingDesk {
 public:
  // Fails on invalid risk limits or sizing/stop parameters. `clock` gives the decisions' "now".
  static Result<std::unique_ptr<TradingDesk>> create(RiskLimits limits, DeskConfig config, const Clock& clock,
                                                     Oms& oms, Journal& journal, DeskAccount& account);
  TradingDesk(const TradingDesk&) = delete;
  TradingDesk& operator=(const TradingDesk&) = delete;

  void set_listener(DeskListener* listener) { listener_ = listener; }
  // What a symbol trades: its multiplier values sizing, risk and notional (a symbol not defined
  // is a stock, multiplier 1) and its quantity increment rounds entries.
  void define(const Instrument& instrument) { instruments_[instrument.name] = instrument; }
  [[nodiscard]] Decimal multiplier(const std::string& symbol) const;
  // Restores stops, the kill switch and the day's P&L state from the store (before anything runs).
  Status restore(const std::vector<StopState>& stops, const KillSwitchState& kill_switch,
                 const std::optional<DailyPnlState>& daily);

  DeskOutcome on_signal(const std::string& symbol, const Signal& signal, const PriceView& price,
                        std::optional<double> atr = std::nullopt);
  // on_signal as a dry run: what it would send (kDryRun with the intent) or why not, nothing sent.
  // A denial is journaled as on_signal's would be. For a check that must come between the desk's
  // decision and the order (the margin what-if), before calling on_signal for real.
  DeskOutcome preview(const std::string& symbol, const Signal& signal, const PriceView& price,
                      std::optional<double> atr = std::nullopt);
  // Submitted or denied when a stop triggered; nullopt otherwise.
  std::optional<DeskOutcome> on_price(const std::string& symbol, const PriceView& price);
  void on_position(const std::string& symbol, Decimal before, Decimal after, Decimal price, Timestamp time,
                   Side side, Decimal realized = {});

  // Keeps every held position's protective order at the broker (kBroker, kBoth): sends one for a
  // position without one, resizes in place one whose quantity differs from the position, and
  // cancels one left on a flat symbol. A difference must be seen on two calls in a row before it
  // is acted on (the broker's own OCA reductions and fills may still be on their way). Nothing for
  // a halted symbol or one with a working entry or exit. Returns a line per action taken.
  std::vector<std::string> keep_protection();

  // A new trading day: the day's notional restarts.
  void start_day() { notional_today_ = Decimal{}; }
  // Records an account mark; a new day restarts the notional. Returns true when it started a day.
  bool mark(Timestamp t, const PnlMark& mark);
  // Trips the kill switch (kind Loss) when the daily loss limit is reached. True when it tripped.
  bool apply_loss_limit(Timestamp now);
  bool trip_kill_switch(KillSwitchKind kind, std::string reason, Timestamp now);
  bool connection_healthy(Timestamp now);
  Status reset_kill_switch(std::string who, std::string why, Timestamp now);
  // Takes the kill switch state another process wrote to the store (the CLI, another view): the
  // store is the switch's single source. Not reported to the listener (nothing new to persist).
  Status adopt_kill_switch(const KillSwitchState& state);

  // A halted symbol takes no new order of any kind, stops included: its book disagrees with the
  // broker's, so even an exit could open a position (selling shares the broker does not hold).
  void halt(const std::string& symbol, std::string reason);
  bool release(const std::string& symbol);
  [[nodiscard]] const std::map<std::string, std::string>& halts() const { return halts_; }
  // A symbol whose data went stale takes no entry (exits and stops still go) until ungated.
  void gate_entries(const std::string& symbol, std::string reason) { entry_gates_[symbol] = std::move(reason); }
  bool ungate_entries(const std::string& symbol) { return entry_gates_.erase(symbol) > 0; }
  [[nodiscard]] const std::map<std::string, std::string>& entry_gates() const { return entry_gates_; }

  [[nodiscard]] Decimal held(const std::string& symbol) const { return account_.held(symbol); }
  [[nodiscard]] const StopBook& stops() const { return stops_; }
  [[nodiscard]] const KillSwitch& kill_switch() const { return kill_switch_; }
  [[nodiscard]] const DailyPnlTracker& daily() const { return daily_; }
  [[nodiscard]] const RiskEngine& risk() const { return risk_; }
  [[nodiscard]] Decimal notional_today() const { return notional_today_; }
  [[nodiscard]] std::int64_t denials() const { return denials_; }
  [[nodiscard]] const DeskConfig& config() const { return config_; }

 private:
  TradingDesk(RiskEngine risk, RiskLimits limits, DeskConfig config, const Clock& clock, Oms& oms,
              Journal& journal, DeskAccount& account);
  DeskOutcome send(OrderIntent intent, const PriceView& price);
  // A risk denial: counted, journaled (rule RiskLimit), the intent returned in the outcome.
  DeskOutcome deny(OrderIntent intent, std::string rule, std::string detail, Timestamp now);
  static DeskOutcome oms_denied(const Error& error);
  RiskContext context(const OrderIntent& intent, const PriceView& price) const;
  // `unit` is the value of one unit at the price (price x multiplier), `atr_unit` the ATR's.
  Decimal size_entry(Decimal unit, std::optional<Decimal> atr_unit) const;
  // A strategy's own entry size, clipped to what max_position_pct and max_order_notional allow.
  Decimal clip_requested(Decimal requested, Decimal unit) const;
  [[nodiscard]] bool broker_protects() const {
    return config_.trailing_stop_pct && config_.protection != Protection::kLocal;
  }
  [[nodiscard]] OrderIntent protective_order(const std::string& symbol, Side position_side, Decimal quantity,
                                             std::optional<Decimal> reference) const;
  [[nodiscard]] const Order* protection_of(const std::string& symbol) const;

  RiskEngine risk_;
  PositionSizer sizer_;
  DeskConfig config_;
  const Clock& clock_;
  Oms& oms_;
  Journal& journal_;
  DeskAccount& account_;
  DeskListener* listener_ = nullptr;
  StopBook stops_;
  KillSwitch kill_switch_;
  DailyPnlTracker daily_;
  Decimal notional_today_;
  std::map<std::string, LastTrades> last_trades_;
  std::map<std::string, Instrument> instruments_;
  [[nodiscard]] const Instrument* instrument(const std::string& symbol) const;
  std::map<std::string, std::string> halts_;  // symbol -> why
  std::map<std::string, std::string> entry_gates_;  // symbol -> why its entries are held
  std::set<std::string> protection_pending_;  // symbols whose protection differed at the last keep_protection
  std::set<std::string> cancels_sent_;        // protective orders asked to cancel (asked once), still open
  std::int64_t next_ref_ = 0;
  std::int64_t denials_ = 0;
  // Round trips for half-Kelly sizing.
  std::int64_t wins_ = 0;
  std::int64_t losses_ = 0;
  Decimal win_sum_;
  Decimal loss_sum_;
};

}  // namespace rt::trading

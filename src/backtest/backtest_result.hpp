#pragma once
// The records a backtest run produces, each stamped with the bar it came from, so a live runner
// fed the same bars can be compared signal by signal and fill by fill (parity):
// SignalRecord (what the strategy said on a bar's close and what became of it), FillRecord (each
// execution), TradeRecord (a round trip: flat -> position -> flat), EquityPoint (the curve).
// Plain values.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "trading/order.hpp"
#include "trading/strategy/signal.hpp"
#include "trading/strategy/strategy_params.hpp"

namespace rt::backtest {

enum class SignalAction {
  kSubmitted,    // an order was sent through the OMS
  kRiskDenied,   // the RiskEngine refused it (detail: rule and reason)
  kOmsDenied,    // the OMS refused it (detail: its denial)
  kSizedToZero,  // the sizer gave no shares
  kNoAction,     // nothing to do (already long on a buy; flat on a sell without shorts)
};

const char* to_string(SignalAction action) noexcept;

struct SignalRecord {
  Timestamp bar_end{};  // the close the signal was computed on
  std::size_t symbol = 0;
  trading::SignalSide side = trading::SignalSide::kHold;
  double strength = 0.0;
  std::string reason;
  SignalAction action = SignalAction::kNoAction;
  std::string detail;  // order ref when submitted, the denial otherwise
};

struct FillRecord {
  Timestamp time{};
  std::size_t symbol = 0;
  trading::Side side = trading::Side::Buy;
  trading::OrderPurpose purpose = trading::OrderPurpose::Entry;
  Decimal quantity;
  Decimal price;  // after slippage
  Decimal commission;
  std::string order_ref;
  Timestamp signal_bar_end{};  // the bar whose close decided it (a stop: the bar it triggered in)
};

struct TradeRecord {
  std::size_t symbol = 0;
  bool is_long = true;
  Timestamp entry_time{};
  Timestamp exit_time{};
  Decimal quantity;     // shares, positive
  Decimal entry_price;  // volume-weighted
  Decimal exit_price;   // volume-weighted
  Decimal commissions;
  Decimal pnl;          // net of every commission of the round trip (ledger realized P&L)
  std::int64_t bars_held = 0;
  bool stopped = false;  // closed by the protective stop
  Decimal multiplier = Decimal::from_int(1);  // the instrument's; return_pct is of price x quantity x this
  [[nodiscard]] double return_pct() const;
};

struct EquityPoint {
  Timestamp time{};
  Decimal equity;
  bool exposed = false;  // a position was held
};

struct BacktestResult {
  std::string strategy;
  std::string params_text;  // "fast=10 slow=20": every parameter in force, defaults included
  trading::StrategyParams params_in_force;
  std::vector<std::string> symbols;
  // "SYMBOL: why" for each strategy that raised and stopped trading (its symbol took no new order).
  std::vector<std::string> strategy_failures;
  Decimal starting_cash;
  Decimal final_equity;
  Decimal final_cash;
  Decimal commissions;
  std::vector<EquityPoint> equity;  // starts with starting_cash at the first traded bar's start
  std::vector<TradeRecord> trades;  // closed round trips
  std::vector<TradeRecord> open_trades;  // still open at the end (valued at the last close)
  std::vector<FillRecord> fills;
  std::vector<SignalRecord> signals;
  std::int64_t bars = 0;              // bars fed (warmup included)
  std::int64_t traded_bars = 0;       // bars inside the trading window
  std::int64_t quarantined_bars = 0;  // rejected by the BadBarGuard
  std::int64_t signal_count = 0;
  std::int64_t order_count = 0;
  std::int64_t fill_count = 0;
  std::map<std::string, std::int64_t> denials;  // by rule name (risk engine and OMS)
  std::int64_t sized_to_zero = 0;  // signals whose position size rounded to no shares
  std::int64_t unfilled_at_end = 0;   // orders still waiting when the data ended (cancelled)
  double periods_per_year = 252.0;    // of the equity curve
};

// The counters of a run, taken out and summed (walk-forward adds up its test slices).
struct BacktestCounts {
  std::int64_t bars = 0, traded_bars = 0, quarantined_bars = 0, signals = 0, orders = 0, fills = 0;
  std::int64_t sized_to_zero = 0, unfilled_at_end = 0;
  std::map<std::string, std::int64_t> denials;
  Decimal commissions;

  static BacktestCounts of(const BacktestResult& r);
  void add(const BacktestCounts& other);
  // Writes the counters into `r` (its equity and trades are left as they are).
  void apply_to(BacktestResult& r) const;
};

}  // namespace rt::backtest

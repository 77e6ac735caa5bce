#pragma once
// DailyPnlTracker: today's P&L and the daily loss limit (RELIABILITY O8).
//
// Contract
// - The trading day is the America/New_York calendar date (EasternTime::local_date), so the day
//   rolls at midnight New York time whatever the machine's zone.
// - The first mark of a day captures the day-start equity, cumulative realized P&L and unrealized
//   P&L. Later marks give today's realized P&L (realized now - at day start), the change in
//   unrealized P&L, and their sum, the day P&L. A mark dated before the current day is ignored.
// - The loss limit is reached when the day P&L is at or below -(day-start equity x
//   loss_limit_pct / 100); apply_loss_limit() then trips the KillSwitch with kind Loss.
// - state() is a plain value to persist, so a restart in the middle of a day keeps the day-start
//   equity instead of capturing a new one after the losses.
// Threading: single-threaded, trading event loop (or one backtest worker). Owns its state.
#include <chrono>
#include <string>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "core/result.hpp"
#include "trading/portfolio/ledger.hpp"
#include "trading/risk/kill_switch.hpp"

namespace rt::trading {

// The account at one instant: equity, cumulative realized P&L, current unrealized P&L.
struct PnlMark {
  Decimal equity;
  Decimal realized;
  Decimal unrealized;

  bool operator==(const PnlMark&) const = default;
};

struct DailyPnlState {
  bool started = false;                  // false until the first mark
  std::chrono::year_month_day day{};     // New York date of the current day
  PnlMark start;                         // captured at the day's first mark
  PnlMark last;                          // the latest mark

  bool operator==(const DailyPnlState&) const = default;
};

class DailyPnlTracker {
 public:
  static constexpr Decimal kDefaultLossLimitPct = Decimal::from_raw(50'000'000);  // 0.5 %

  // loss_limit_pct must be in (0, 100] (broken invariant otherwise, aborts); use
  // RiskLimits::daily_loss_limit_pct after RiskLimits::validate().
  explicit DailyPnlTracker(Decimal loss_limit_pct = kDefaultLossLimitPct);
  static Result<DailyPnlTracker> restore(DailyPnlState state, Decimal loss_limit_pct = kDefaultLossLimitPct);

  // The mark a Ledger gives now.
  static PnlMark mark_of(const Ledger& ledger);

  // Records a mark at instant t. Returns true when it started a new day.
  bool on_mark(Timestamp t, const PnlMark& mark);

  [[nodiscard]] bool started() const { return state_.started; }
  [[nodiscard]] std::chrono::year_month_day day() const { return state_.day; }
  [[nodiscard]] Decimal day_start_equity() const { return state_.start.equity; }
  [[nodiscard]] Decimal realized_today() const { return state_.last.realized - state_.start.realized; }
  [[nodiscard]] Decimal unrealized_today() const { return state_.last.unrealized - state_.start.unrealized; }
  [[nodiscard]] Decimal day_pnl() const { return realized_today() + unrealized_today(); }
  // The loss that reaches the limit, as a positive amount.
  [[nodiscard]] Decimal loss_limit_amount() const;
  [[nodiscard]] bool loss_limit_reached() const;
  // "day P&L -$600.00 reached the daily loss limit 0.5% of day-start equity $100,000.00 = $500.00".
  [[nodiscard]] std::string describe() const;
  // Trips the kill switch (kind Loss) when the limit is reached. Returns true when it tripped.
  bool apply_loss_limit(KillSwitch& kill_switch, Timestamp now) const;

  [[nodiscard]] const DailyPnlState& state() const { return state_; }

 private:
  Decimal loss_limit_pct_;
  DailyPnlState state_;
};

}  // namespace rt::trading

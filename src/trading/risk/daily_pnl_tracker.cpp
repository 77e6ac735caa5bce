#include "trading/risk/daily_pnl_tracker.hpp"

#include <cstdlib>

#include "trading/market/eastern_time.hpp"
#include "trading/risk/money_text.hpp"

namespace rt::trading {

namespace {
const Decimal kZero;
const Decimal kHundred = Decimal::from_int(100);

bool valid_pct(Decimal pct) { return pct > kZero && pct <= kHundred; }
}  // namespace

DailyPnlTracker::DailyPnlTracker(Decimal loss_limit_pct) : loss_limit_pct_(loss_limit_pct) {
  if (!valid_pct(loss_limit_pct)) std::abort();  // contract: (0, 100]
}

Result<DailyPnlTracker> DailyPnlTracker::restore(DailyPnlState state, Decimal loss_limit_pct) {
  if (!valid_pct(loss_limit_pct)) {
    return fail(ErrorCode::kInvalidArgument,
                "daily loss limit percent " + loss_limit_pct.to_string() + ": must be in (0, 100]");
  }
  if (state.started && !state.day.ok()) {
    return fail(ErrorCode::kInvalidArgument, "daily P&L state: started without a valid day");
  }
  DailyPnlTracker tracker(loss_limit_pct);
  tracker.state_ = state;
  return tracker;
}

PnlMark DailyPnlTracker::mark_of(const Ledger& ledger) {
  return PnlMark{ledger.equity(), ledger.realized(), ledger.unrealized()};
}

bool DailyPnlTracker::on_mark(Timestamp t, const PnlMark& mark) {
  const auto date = EasternTime::local_date(t);
  if (state_.started && std::chrono::sys_days{date} < std::chrono::sys_days{state_.day}) return false;
  const bool new_day = !state_.started || date != state_.day;
  if (new_day) {
    state_.started = true;
    state_.day = date;
    state_.start = mark;
  }
  state_.last = mark;
  return new_day;
}

Decimal DailyPnlTracker::loss_limit_amount() const { return state_.start.equity * loss_limit_pct_ / kHundred; }

bool DailyPnlTracker::loss_limit_reached() const {
  if (!state_.started || state_.start.equity <= kZero) return false;
  return day_pnl() <= -loss_limit_amount();
}

std::string DailyPnlTracker::describe() const {
  return "day P&L " + format_money(day_pnl()) + (loss_limit_reached() ? " reached" : " is within") +
         " the daily loss limit " + format_percent(loss_limit_pct_) + " of day-start equity " +
         format_money(state_.start.equity) + " = " + format_money(loss_limit_amount());
}

bool DailyPnlTracker::apply_loss_limit(KillSwitch& kill_switch, Timestamp now) const {
  if (!loss_limit_reached()) return false;
  if (kill_switch.engaged() && kill_switch.kind() == KillSwitchKind::Loss) return false;
  return kill_switch.trip(KillSwitchKind::Loss, describe(), now);
}

}  // namespace rt::trading

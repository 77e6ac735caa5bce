#pragma once
// MarketCalendar: NYSE trading days and session times, so the runner can tell whether the market is
// open and sleep on a timer until the next open instead of polling (RELIABILITY P1).
//
// Contract
// - Regular session 09:30-16:00 New York time; early close 13:00 on the day before Independence
//   Day (when it is a weekday and not itself the holiday), the day after Thanksgiving, and
//   Christmas Eve (when a weekday and not itself the observed holiday).
// - Extended hours 04:00-20:00 (17:00 on early-close days).
// - Holidays: New Year's Day, Martin Luther King Jr. Day (from 1998), Presidents' Day, Good Friday,
//   Memorial Day, Juneteenth (from 2022), Independence Day, Labor Day, Thanksgiving, Christmas.
//   A holiday on Saturday is observed on Friday, on Sunday on Monday, except that New Year's Day on
//   a Saturday is not observed (NYSE rule 7.2: the previous Friday ends a year and stays open).
// - Unscheduled closures (national days of mourning, Hurricane Sandy, September 2001) from 2001 on
//   are built in; more can be passed to the constructor.
// - All instants are UTC Timestamps; New York time is computed by EasternTime (no tz database).
// Immutable after construction; safe to share between threads.
#include <chrono>
#include <optional>
#include <vector>

#include "core/clock.hpp"
#include "trading/market/eastern_time.hpp"

namespace rt::trading {

struct Session {
  Date date;
  Timestamp open;           // regular open, 09:30 New York
  Timestamp close;          // regular close, 16:00 or 13:00 New York
  Timestamp extended_open;  // 04:00 New York
  Timestamp extended_close; // 20:00, or 17:00 on early-close days
  bool early_close = false;

  [[nodiscard]] Timestamp start(bool extended) const { return extended ? extended_open : open; }
  [[nodiscard]] Timestamp end(bool extended) const { return extended ? extended_close : close; }
};

class MarketCalendar {
 public:
  // extra_closures: additional full-day closures (e.g. a newly declared day of mourning).
  explicit MarketCalendar(std::vector<Date> extra_closures = {});

  // True when the exchange trades on `date` (a weekday that is neither a holiday nor a closure).
  [[nodiscard]] bool is_trading_day(Date date) const;
  // True when `date` is a full-day holiday or unscheduled closure falling on a weekday.
  [[nodiscard]] bool is_holiday(Date date) const;
  // The session of a trading day; nullopt on weekends, holidays and closures.
  [[nodiscard]] std::optional<Session> session(Date date) const;
  // True when t lies within [open, close) of its day's session (extended: [04:00, 20:00)).
  [[nodiscard]] bool is_open(Timestamp t, bool extended = false) const;
  // The first session start at or after t (regular or extended), searched up to a month ahead.
  [[nodiscard]] Timestamp next_open(Timestamp t, bool extended = false) const;
  // The end of the session that is open at t, or nullopt when closed at t.
  [[nodiscard]] std::optional<Timestamp> current_close(Timestamp t, bool extended = false) const;
  // The end of the last session that ended at or before t (searched up to a month back).
  [[nodiscard]] std::optional<Timestamp> last_close(Timestamp t, bool extended = false) const;
  // Zero while open; otherwise how long until next_open(t). A runner waits this long on a timer.
  [[nodiscard]] Duration time_until_next_open(Timestamp t, bool extended = false) const;

  // The observed date of a fixed-date holiday under the Saturday->Friday, Sunday->Monday rule.
  static Date observed(Date holiday);
  // Easter Sunday (Gregorian computus).
  static Date easter_sunday(std::chrono::year y);

 private:
  [[nodiscard]] bool is_scheduled_holiday(Date date) const;
  [[nodiscard]] bool is_early_close(Date date) const;
  [[nodiscard]] bool is_closure(Date date) const;

  std::vector<Date> closures_;
};

}  // namespace rt::trading

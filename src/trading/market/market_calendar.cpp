#include "trading/market/market_calendar.hpp"

#include <algorithm>

namespace rt::trading {

using namespace std::chrono;

namespace {

constexpr minutes kRegularOpen = hours{9} + minutes{30};
constexpr minutes kRegularClose = hours{16};
constexpr minutes kEarlyClose = hours{13};
constexpr minutes kExtendedOpen = hours{4};
constexpr minutes kExtendedClose = hours{20};
constexpr minutes kEarlyExtendedClose = hours{17};
constexpr int kSearchDays = 31;

bool is_weekend(Date d) {
  const weekday wd = weekday_of(d);
  return wd == Saturday || wd == Sunday;
}

Date add_days(Date d, int n) { return Date{sys_days{d} + days{n}}; }

}  // namespace

MarketCalendar::MarketCalendar(std::vector<Date> extra_closures) : closures_(std::move(extra_closures)) {
  const Date built_in[] = {
      2001y / September / 11, 2001y / September / 12, 2001y / September / 13,
      2001y / September / 14,  // September 11 attacks
      2004y / June / 11,       // President Reagan
      2007y / January / 2,     // President Ford
      2012y / October / 29,    2012y / October / 30,  // Hurricane Sandy
      2018y / December / 5,    // President G. H. W. Bush
      2025y / January / 9,     // President Carter
  };
  closures_.insert(closures_.end(), std::begin(built_in), std::end(built_in));
  std::sort(closures_.begin(), closures_.end());
}

Date MarketCalendar::observed(Date holiday) {
  const weekday wd = weekday_of(holiday);
  if (wd == Saturday) return add_days(holiday, -1);
  if (wd == Sunday) return add_days(holiday, 1);
  return holiday;
}

Date MarketCalendar::easter_sunday(year y) {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int yr = static_cast<int>(y);
  const int a = yr % 19;
  const int b = yr / 100;
  const int c = yr % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int mon = (h + l - 7 * m + 114) / 31;
  const int day_of_month = ((h + l - 7 * m + 114) % 31) + 1;
  return Date{y, month{static_cast<unsigned>(mon)}, day{static_cast<unsigned>(day_of_month)}};
}

bool MarketCalendar::is_scheduled_holiday(Date date) const {
  const year y = date.year();
  const int yi = static_cast<int>(y);
  // New Year's Day: Sunday -> Monday; Saturday is not observed on the previous Friday.
  {
    const Date ny = y / January / 1;
    if (weekday_of(ny) != Saturday && observed(ny) == date) return true;
  }
  if (yi >= 1998 && date == nth_weekday(y, January, Monday, 3)) return true;
  if (date == nth_weekday(y, February, Monday, 3)) return true;
  if (date == Date{sys_days{easter_sunday(y)} - days{2}}) return true;
  if (date == last_weekday(y, May, Monday)) return true;
  if (yi >= 2022 && date == observed(y / June / 19)) return true;
  if (date == observed(y / July / 4)) return true;
  if (date == nth_weekday(y, September, Monday, 1)) return true;
  if (date == nth_weekday(y, November, Thursday, 4)) return true;
  if (date == observed(y / December / 25)) return true;
  return false;
}

bool MarketCalendar::is_closure(Date date) const {
  return std::binary_search(closures_.begin(), closures_.end(), date);
}

bool MarketCalendar::is_holiday(Date date) const {
  if (is_weekend(date)) return false;
  return is_scheduled_holiday(date) || is_closure(date);
}

bool MarketCalendar::is_trading_day(Date date) const {
  return date.ok() && !is_weekend(date) && !is_holiday(date);
}

bool MarketCalendar::is_early_close(Date date) const {
  const year y = date.year();
  if (date == y / July / 3) return true;  // callers ensure it is a trading day
  if (date == Date{sys_days{nth_weekday(y, November, Thursday, 4)} + days{1}}) return true;
  if (date == y / December / 24) return true;
  return false;
}

std::optional<Session> MarketCalendar::session(Date date) const {
  if (!is_trading_day(date)) return std::nullopt;
  Session s;
  s.date = date;
  s.early_close = is_early_close(date);
  s.open = EasternTime::to_utc(date, kRegularOpen);
  s.close = EasternTime::to_utc(date, s.early_close ? kEarlyClose : kRegularClose);
  s.extended_open = EasternTime::to_utc(date, kExtendedOpen);
  s.extended_close = EasternTime::to_utc(date, s.early_close ? kEarlyExtendedClose : kExtendedClose);
  return s;
}

std::optional<Timestamp> MarketCalendar::current_close(Timestamp t, bool extended) const {
  const auto s = session(EasternTime::local_date(t));
  if (!s || t < s->start(extended) || t >= s->end(extended)) return std::nullopt;
  return s->end(extended);
}

std::optional<Timestamp> MarketCalendar::last_close(Timestamp t, bool extended) const {
  Date d = EasternTime::local_date(t);
  for (int i = 0; i <= kSearchDays; ++i, d = add_days(d, -1)) {
    const auto s = session(d);
    if (s && s->end(extended) <= t) return s->end(extended);
  }
  return std::nullopt;
}

bool MarketCalendar::is_open(Timestamp t, bool extended) const {
  return current_close(t, extended).has_value();
}

Timestamp MarketCalendar::next_open(Timestamp t, bool extended) const {
  Date d = EasternTime::local_date(t);
  for (int i = 0; i <= kSearchDays; ++i, d = add_days(d, 1)) {
    const auto s = session(d);
    if (s && s->start(extended) >= t) return s->start(extended);
  }
  // Unreachable with real calendars (no closure lasts a month); a month ahead is a safe wait.
  return t + days{kSearchDays};
}

Duration MarketCalendar::time_until_next_open(Timestamp t, bool extended) const {
  if (is_open(t, extended)) return Duration::zero();
  return next_open(t, extended) - t;
}

}  // namespace rt::trading

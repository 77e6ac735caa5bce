#include "trading/market/eastern_time.hpp"

#include <utility>

namespace rt::trading {

using namespace std::chrono;

namespace {
constexpr seconds kStandardOffset = hours{-5};
constexpr seconds kDaylightOffset = hours{-4};
}  // namespace

Date nth_weekday(year y, month m, weekday wd, unsigned n) {
  return Date{sys_days{y / m / wd[n]}};
}

Date last_weekday(year y, month m, weekday wd) { return Date{sys_days{y / m / wd[last]}}; }

weekday weekday_of(Date d) { return weekday{sys_days{d}}; }

std::pair<Timestamp, Timestamp> EasternTime::dst_interval(year y) {
  const int yi = static_cast<int>(y);
  Date start;
  Date end;
  if (yi >= 2007) {
    start = nth_weekday(y, March, Sunday, 2);
    end = nth_weekday(y, November, Sunday, 1);
  } else if (yi >= 1987) {
    start = nth_weekday(y, April, Sunday, 1);
    end = last_weekday(y, October, Sunday);
  } else if (yi >= 1967) {
    start = last_weekday(y, April, Sunday);
    end = last_weekday(y, October, Sunday);
  } else {
    return {Timestamp{}, Timestamp{}};
  }
  // 02:00 local standard time = 07:00 UTC; 02:00 local daylight time = 06:00 UTC.
  const Timestamp start_utc = sys_days{start} + hours{2} - kStandardOffset;
  const Timestamp end_utc = sys_days{end} + hours{2} - kDaylightOffset;
  return {start_utc, end_utc};
}

bool EasternTime::is_dst(Timestamp t) {
  // The UTC year and the local year differ only around New Year, far from any DST change.
  const year y = year_month_day{floor<days>(t)}.year();
  const auto [start, end] = dst_interval(y);
  return t >= start && t < end;
}

seconds EasternTime::utc_offset(Timestamp t) { return is_dst(t) ? kDaylightOffset : kStandardOffset; }

Timestamp EasternTime::to_utc(Date date, minutes time_of_day) {
  const Timestamp local_as_utc = sys_days{date} + time_of_day;
  const Timestamp standard = local_as_utc - kStandardOffset;
  if (is_dst(standard)) {
    const Timestamp daylight = local_as_utc - kDaylightOffset;
    if (is_dst(daylight)) return daylight;
  }
  return standard;
}

Date EasternTime::local_date(Timestamp t) { return Date{floor<days>(t + utc_offset(t))}; }

Duration EasternTime::local_time_of_day(Timestamp t) {
  const Timestamp local = t + utc_offset(t);
  return local - floor<days>(local);
}

}  // namespace rt::trading

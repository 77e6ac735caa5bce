#pragma once
// EasternTime: conversion between UTC Timestamps and New York local time (America/New_York) using
// the US daylight-saving rules, without the operating system's time-zone database.
//
// Rules: since 2007 DST runs from the second Sunday of March to the first Sunday of November;
// 1987-2006 from the first Sunday of April to the last Sunday of October; 1967-1986 from the last
// Sunday of April to the last Sunday of October (the 1974-75 energy-crisis years are not modelled).
// Changes happen at 02:00 local time. Local times in the skipped or repeated hour of a change day
// resolve to the standard-time reading; markets are never open then.
// Speed: every year's transition instants (1900-2261, the last whole year a Timestamp holds) are a
// table built at compile time, so a conversion is a lookup and two comparisons, with no weekday
// arithmetic; years outside the table apply the rule per call.
// Pure functions, callable from any thread.
#include <chrono>

#include "core/clock.hpp"

namespace rt::trading {

using Date = std::chrono::year_month_day;

class EasternTime {
 public:
  EasternTime() = delete;

  // Offset of New York local time from UTC at instant t: -5 h (EST) or -4 h (EDT).
  static std::chrono::seconds utc_offset(Timestamp t);
  // True when daylight-saving time is in effect at instant t.
  static bool is_dst(Timestamp t);
  // The UTC instant of local midnight + time_of_day on `date` in New York.
  static Timestamp to_utc(Date date, std::chrono::minutes time_of_day);
  // The New York calendar date at instant t.
  static Date local_date(Timestamp t);
  // Time since local midnight at instant t.
  static Duration local_time_of_day(Timestamp t);
  // Start and end of daylight-saving time in `year` as UTC instants (start == end when none).
  static std::pair<Timestamp, Timestamp> dst_interval(std::chrono::year year);
};

// The n-th (1-based) given weekday of a month, e.g. the 3rd Monday of January.
Date nth_weekday(std::chrono::year y, std::chrono::month m, std::chrono::weekday wd, unsigned n);
// The last given weekday of a month, e.g. the last Monday of May.
Date last_weekday(std::chrono::year y, std::chrono::month m, std::chrono::weekday wd);
std::chrono::weekday weekday_of(Date d);

}  // namespace rt::trading

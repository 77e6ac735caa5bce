#include "trading/market/eastern_time.hpp"

#include <array>
#include <cstdint>
#include <utility>

namespace rt::trading {

using namespace std::chrono;

namespace {

constexpr seconds kStandardOffset = hours{-5};
constexpr seconds kDaylightOffset = hours{-4};

// One year's daylight-saving time as UTC seconds since the epoch: [start, end); start == end when
// the year has none.
struct DstSpan {
  std::int64_t start = 0;
  std::int64_t end = 0;
};

// The rule itself, evaluated once per year when the table below is built (and for years outside it).
constexpr DstSpan rule_span(int y) {
  const year yr{y};
  sys_days start{};
  sys_days end{};
  if (y >= 2007) {
    start = sys_days{yr / March / Sunday[2]};
    end = sys_days{yr / November / Sunday[1]};
  } else if (y >= 1987) {
    start = sys_days{yr / April / Sunday[1]};
    end = sys_days{yr / October / Sunday[last]};
  } else if (y >= 1967) {
    start = sys_days{yr / April / Sunday[last]};
    end = sys_days{yr / October / Sunday[last]};
  } else {
    return {};
  }
  // 02:00 local standard time = 07:00 UTC; 02:00 local daylight time = 06:00 UTC.
  return {(sys_seconds{start} + hours{2} - kStandardOffset).time_since_epoch().count(),
          (sys_seconds{end} + hours{2} - kDaylightOffset).time_since_epoch().count()};
}

// Timestamp (nanoseconds in 64 bits) ends in April 2262: 2261 is its last whole year.
constexpr int kFirstYear = 1900;
constexpr int kLastYear = 2261;
using SpanTable = std::array<DstSpan, kLastYear - kFirstYear + 1>;

constexpr SpanTable make_table() {
  SpanTable t{};
  for (int y = kFirstYear; y <= kLastYear; ++y) t[static_cast<std::size_t>(y - kFirstYear)] = rule_span(y);
  return t;
}

// Every year's transitions, computed at compile time: a lookup per call, no calendar arithmetic.
constexpr SpanTable kSpans = make_table();

static_assert(kSpans[2006 - kFirstYear].start ==
              (sys_seconds{sys_days{2006y / April / 2}} + hours{7}).time_since_epoch().count());
static_assert(kSpans[2007 - kFirstYear].end ==
              (sys_seconds{sys_days{2007y / November / 4}} + hours{6}).time_since_epoch().count());

constexpr DstSpan span_of(int y) {
  if (y >= kFirstYear && y <= kLastYear) return kSpans[static_cast<std::size_t>(y - kFirstYear)];
  return rule_span(y);
}

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// The calendar year of a UTC instant, to within a couple of days of New Year: days since 1970 over
// the mean Gregorian year (146,097 days per 400 years). DST never spans New Year, so a day or two
// of error there picks a year whose span does not contain the instant either way.
constexpr int approximate_year(std::int64_t utc_seconds) {
  const std::int64_t d = floor_div(utc_seconds, 86400);
  return static_cast<int>(1970 + floor_div(d * 400, 146097));
}

constexpr bool in_dst(std::int64_t utc_seconds) {
  const DstSpan s = span_of(approximate_year(utc_seconds));
  return utc_seconds >= s.start && utc_seconds < s.end;
}

std::int64_t utc_seconds_of(Timestamp t) {
  return floor<seconds>(t).time_since_epoch().count();
}

}  // namespace

Date nth_weekday(year y, month m, weekday wd, unsigned n) {
  return Date{sys_days{y / m / wd[n]}};
}

Date last_weekday(year y, month m, weekday wd) {
  return Date{sys_days{y / m / wd[last]}};
}

weekday weekday_of(Date d) {
  return weekday{sys_days{d}};
}

std::pair<Timestamp, Timestamp> EasternTime::dst_interval(year y) {
  const DstSpan s = span_of(static_cast<int>(y));
  return {Timestamp{seconds{s.start}}, Timestamp{seconds{s.end}}};
}

bool EasternTime::is_dst(Timestamp t) {
  return in_dst(utc_seconds_of(t));
}

seconds EasternTime::utc_offset(Timestamp t) {
  return is_dst(t) ? kDaylightOffset : kStandardOffset;
}

Timestamp EasternTime::to_utc(Date date, minutes time_of_day) {
  const sys_seconds local_as_utc = sys_seconds{sys_days{date}} + time_of_day;
  const std::int64_t standard = (local_as_utc - kStandardOffset).time_since_epoch().count();
  const std::int64_t daylight = (local_as_utc - kDaylightOffset).time_since_epoch().count();
  // The date's own year: near New Year, where it may differ from the instant's, there is no DST.
  const DstSpan s = span_of(static_cast<int>(date.year()));
  // Daylight time only when both readings fall inside it: the skipped and the repeated hour of a
  // change day resolve to standard time.
  if (daylight >= s.start && standard < s.end) return Timestamp{seconds{daylight}};
  return Timestamp{seconds{standard}};
}

Date EasternTime::local_date(Timestamp t) {
  return Date{floor<days>(t + utc_offset(t))};
}

Duration EasternTime::local_time_of_day(Timestamp t) {
  const Timestamp local = t + utc_offset(t);
  return local - floor<days>(local);
}

}  // namespace rt::trading

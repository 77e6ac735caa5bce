#include "gateway/historical_query.hpp"

#include <array>
#include <charconv>
#include <cstdio>

#include "core/text.hpp"
#include "trading/market/eastern_time.hpp"

namespace rt::gateway {
namespace {

using namespace std::chrono;

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kWeek = 7 * kDay;
constexpr std::int64_t kMonth = 30 * kDay;
constexpr std::int64_t kYear = 365 * kDay;
constexpr const char* kHmds = "Historical Market Data Service error message:";
constexpr const char* kLegalBarSizes =
    "1 secs, 5 secs, 10 secs, 15 secs, 30 secs, 1 min, 2 mins, 3 mins, 5 mins, 10 mins, 15 mins, 20 mins, "
    "30 mins, 1 hour, 2 hours, 3 hours, 4 hours, 8 hours, 1 day, 1 week, 1 month";

struct BarName {
  const char* name;
  BarUnit unit;
  std::int64_t seconds;
  std::int64_t max_duration;  // the longest duration TWS serves this bar size for
};

constexpr std::array<BarName, 21> kBars{{
    {"1 secs", BarUnit::kSeconds, 1, 2000},
    {"5 secs", BarUnit::kSeconds, 5, 10000},
    {"10 secs", BarUnit::kSeconds, 10, 14400},
    {"15 secs", BarUnit::kSeconds, 15, 28800},
    {"30 secs", BarUnit::kSeconds, 30, kDay},
    {"1 min", BarUnit::kSeconds, 60, kMonth},
    {"2 mins", BarUnit::kSeconds, 120, kMonth},
    {"3 mins", BarUnit::kSeconds, 180, 2 * kMonth},
    {"5 mins", BarUnit::kSeconds, 300, 3 * kMonth},
    {"10 mins", BarUnit::kSeconds, 600, 6 * kMonth},
    {"15 mins", BarUnit::kSeconds, 900, 6 * kMonth},
    {"20 mins", BarUnit::kSeconds, 1200, kYear},
    {"30 mins", BarUnit::kSeconds, 1800, kYear},
    {"1 hour", BarUnit::kSeconds, 3600, 2 * kYear},
    {"2 hours", BarUnit::kSeconds, 7200, 2 * kYear},
    {"3 hours", BarUnit::kSeconds, 10800, 2 * kYear},
    {"4 hours", BarUnit::kSeconds, 14400, 2 * kYear},
    {"8 hours", BarUnit::kSeconds, 28800, 2 * kYear},
    {"1 day", BarUnit::kDay, kDay, 40 * kYear},
    {"1 week", BarUnit::kWeek, kWeek, 40 * kYear},
    {"1 month", BarUnit::kMonth, kMonth, 40 * kYear},
}};

const BarName* find_bar(std::string_view text) {
  std::string t(text);
  while (!t.empty() && t.back() == ' ') t.pop_back();
  while (!t.empty() && t.front() == ' ') t.erase(t.begin());
  for (const auto& b : kBars) {
    const std::string name = b.name;
    if (t == name) return &b;
    // Accept the other number form ("1 sec", "1 mins", "1 hours", "1 days", "1 weeks", "1 months").
    if (t.size() + 1 == name.size() && name.back() == 's' && t == name.substr(0, name.size() - 1)) return &b;
    if (t == name + "s") return &b;
  }
  if (t == "1W") return &kBars[19];
  if (t == "1M") return &kBars[20];
  return nullptr;
}

std::string two(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

std::string ymd(trading::Date d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

// endDateTime text -> instant; nullopt when it is not one of the accepted forms.
std::optional<Timestamp> parse_end(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() < 8 || !read_int(text.substr(0, 4), y) || !read_int(text.substr(4, 2), m) ||
      !read_int(text.substr(6, 2), d)) {
    return std::nullopt;
  }
  const year_month_day date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  if (text.size() == 8) return trading::EasternTime::to_utc(trading::Date{sys_days{date} + days{1}}, minutes(0));
  const bool utc_dash = text[8] == '-';
  auto rest = text.substr(utc_dash ? 9 : 8);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  int hh = 0, mm = 0, ss = 0;
  if (rest.size() < 8 || rest[2] != ':' || rest[5] != ':' || !read_int(rest.substr(0, 2), hh) ||
      !read_int(rest.substr(3, 2), mm) || !read_int(rest.substr(6, 2), ss) || hh > 23 || mm > 59 || ss > 59) {
    return std::nullopt;
  }
  auto zone = rest.substr(8);
  while (!zone.empty() && zone.front() == ' ') zone.remove_prefix(1);
  const auto tod = seconds(hh * 3600 + mm * 60 + ss);
  if (utc_dash || zone == "UTC" || zone == "GMT" || zone == "Etc/UTC") {
    if (utc_dash && !zone.empty()) return std::nullopt;
    return Timestamp{sys_days{date}} + tod;
  }
  if (!zone.empty() && zone != "US/Eastern" && zone != "America/New_York" && zone != "EST" && zone != "EST5EDT") {
    return std::nullopt;
  }
  return trading::EasternTime::to_utc(trading::Date{date}, minutes(0)) + tod;
}

Timestamp local_midnight(Timestamp t) {
  return trading::EasternTime::to_utc(trading::EasternTime::local_date(t), minutes(0));
}

}  // namespace

std::optional<Timestamp> parse_request_time(std::string_view text) { return parse_end(text); }

std::int64_t BarSize::nominal_seconds() const {
  switch (unit) {
    case BarUnit::kSeconds: return seconds;
    case BarUnit::kDay: return kDay;
    case BarUnit::kWeek: return kWeek;
    case BarUnit::kMonth: return kMonth;
  }
  return seconds;
}

std::optional<BarSize> parse_bar_size(std::string_view text) {
  const auto* b = find_bar(text);
  if (b == nullptr) return std::nullopt;
  return BarSize{b->unit, b->seconds};
}

std::string format_bar_time(Timestamp t) {
  const auto date = trading::EasternTime::local_date(t);
  const auto tod = duration_cast<seconds>(trading::EasternTime::local_time_of_day(t)).count();
  return ymd(date) + " " + two(static_cast<int>(tod / 3600)) + ":" + two(static_cast<int>(tod / 60 % 60)) + ":" +
         two(static_cast<int>(tod % 60)) + " US/Eastern";
}

std::string format_bar_date(Timestamp t) { return ymd(trading::EasternTime::local_date(t)); }

std::expected<HistoricalQuery, QueryError> make_query(const tws::ReqHistoricalData& r, Timestamp now,
                                                      MarketModel& model) {
  const auto error = [](int code, std::string text) { return std::unexpected(QueryError{code, std::move(text)}); };
  HistoricalQuery q;
  const auto* bar = find_bar(r.bar_size);
  if (bar == nullptr) {
    return error(321, "Error validating request.-'bP' : cause - Historical data bar size setting is invalid. Legal "
                      "ones are: " + std::string(kLegalBarSizes));
  }
  q.bar = BarSize{bar->unit, bar->seconds};
  q.small_bars = bar->unit == BarUnit::kSeconds && bar->seconds <= 30;
  // Duration "N U".
  std::string_view dur = r.duration;
  while (!dur.empty() && dur.back() == ' ') dur.remove_suffix(1);
  const auto space = dur.find(' ');
  int count = 0;
  if (space == std::string_view::npos || !read_int(dur.substr(0, space), count) || count < 1 ||
      dur.substr(space + 1).size() != 1 || std::string_view("SDWMY").find(dur[space + 1]) == std::string_view::npos) {
    return error(162, std::string(kHmds) + "Invalid duration: '" + r.duration + "' (expected an integer and S, D, W, M or Y)");
  }
  q.duration_count = count;
  q.duration_unit = dur[space + 1];
  const std::int64_t unit_seconds = q.duration_unit == 'S' ? 1
                                    : q.duration_unit == 'D' ? kDay
                                    : q.duration_unit == 'W' ? kWeek
                                    : q.duration_unit == 'M' ? kMonth
                                                             : kYear;
  const std::int64_t duration_seconds = count * unit_seconds;
  if (duration_seconds > bar->max_duration) return error(162, std::string(kHmds) + "Time length exceed max.");
  if (q.bar.nominal_seconds() > duration_seconds && !(q.bar.unit == BarUnit::kMonth && duration_seconds >= 28 * kDay)) {
    return error(162, std::string(kHmds) + "Bar size " + r.bar_size + " is larger than the duration " + r.duration +
                          ".");
  }
  auto kind = parse_price_kind(r.what_to_show);
  if (!kind) return error(162, std::string(kHmds) + "No data of type " + r.what_to_show + " is available for the "
                                                                                         "requested contract.");
  q.kind = *kind;
  if (r.format_date != 1 && r.format_date != 2) {
    return error(321, "Error validating request.-'bP' : cause - Invalid formatDate " + std::to_string(r.format_date));
  }
  q.format_date = r.format_date;
  if (r.keep_up_to_date && !r.end_date_time.empty()) {
    return error(321, "Error validating request.-'bP' : cause - End date not supported with live updates.");
  }
  if (r.end_date_time.empty()) {
    q.end = now;
  } else {
    auto end = parse_end(r.end_date_time);
    if (!end) {
      return error(321, "Error validating request.-'bP' : cause - Invalid end date/time '" + r.end_date_time +
                            "' (yyyyMMdd HH:mm:ss [US/Eastern|UTC] or yyyyMMdd-HH:mm:ss)");
    }
    q.end = std::min(*end, now);
  }
  if (q.duration_unit == 'D') {
    // N sessions ending with the one open at (or last before) the end.
    const sys_days last{trading::EasternTime::local_date(q.end)};
    std::int64_t found = 0;
    q.start = q.end - days{count};
    for (int back = 0; back < 3 * count + 15 && found < count; ++back) {
      auto s = model.session(trading::Date{last - days{back}});
      if (!s || s->open >= q.end) continue;
      ++found;
      q.start = s->open;
    }
  } else {
    q.start = q.end - seconds(duration_seconds);
  }
  return q;
}

std::pair<Timestamp, Timestamp> bucket_of(const BarSize& bar, Timestamp t, MarketModel& model) {
  const auto date = trading::EasternTime::local_date(t);
  switch (bar.unit) {
    case BarUnit::kSeconds: {
      const auto midnight = local_midnight(t);
      const auto since = duration_cast<seconds>(t - midnight).count();
      const auto start = midnight + seconds(since / bar.seconds * bar.seconds);
      return {start, start + seconds(bar.seconds)};
    }
    case BarUnit::kDay: {
      if (auto s = model.session(date)) return {s->open, s->close};
      const auto midnight = local_midnight(t);
      return {midnight, midnight + days{1}};
    }
    case BarUnit::kWeek: {
      const sys_days d{date};
      const auto monday = d - (trading::weekday_of(date) - Monday);
      return {trading::EasternTime::to_utc(trading::Date{monday}, minutes(0)),
              trading::EasternTime::to_utc(trading::Date{monday + days{7}}, minutes(0))};
    }
    case BarUnit::kMonth: {
      const year_month_day first{date.year(), date.month(), day{1}};
      const auto next = year_month_day{sys_days{first} + days{31}};
      const year_month_day next_first{next.year(), next.month(), day{1}};
      return {trading::EasternTime::to_utc(first, minutes(0)), trading::EasternTime::to_utc(next_first, minutes(0))};
    }
  }
  return {t, t};
}

tws::HistoricalBar to_wire(const MarketBar& bar, const BarSize& size, int format_date, Timestamp label) {
  tws::HistoricalBar w;
  if (size.unit != BarUnit::kSeconds) {
    w.date = format_bar_date(bar.start);
  } else if (format_date == 2) {
    w.date = std::to_string(epoch_seconds(label));
  } else {
    w.date = format_bar_time(label);
  }
  w.open = bar.open;
  w.high = bar.high;
  w.low = bar.low;
  w.close = bar.close;
  w.volume = bar.volume;
  w.wap = bar.wap;
  w.count = bar.count;
  return w;
}

HistoricalResult build_bars(const HistoricalQuery& q, MarketModel& model) {
  HistoricalResult result;
  result.start_text = format_bar_time(q.start);
  result.end_text = format_bar_time(q.end);
  if (q.start >= q.end) return result;
  if (q.bar.unit == BarUnit::kSeconds) {
    // Walk the sessions that overlap the query, bucket by bucket.
    const sys_days first{trading::EasternTime::local_date(q.start)};
    const sys_days last{trading::EasternTime::local_date(q.end - nanoseconds(1))};
    for (auto d = first; d <= last; d += days{1}) {
      auto s = model.session(trading::Date{d});
      if (!s) continue;
      const auto from = std::max(s->open, q.start);
      const auto to = std::min(s->close, q.end);
      if (from >= to) continue;
      auto bucket = bucket_of(q.bar, from, model);
      while (bucket.first < to) {
        auto bar = model.aggregate(std::max(bucket.first, from), std::min(bucket.second, to), q.kind);
        // TRADES history has no bar for an interval without a trade (a gap in a replayed CSV).
        if (bar && q.kind == PriceKind::kTrades && bar->count == 0 && bar->volume.is_zero()) bar.reset();
        if (bar) {
          // Dated by the bucket's start (or the open, for the first bucket of a session).
          result.bars.push_back(to_wire(*bar, q.bar, q.format_date, std::max(bucket.first, s->open)));
        }
        bucket = {bucket.second, bucket.second + seconds(q.bar.seconds)};
      }
    }
    return result;
  }
  // Daily and longer: one bucket per session, week or month.
  auto bucket = bucket_of(q.bar, q.start, model);
  while (bucket.first < q.end) {
    const auto from = std::max(bucket.first, q.start);
    const auto to = std::min(bucket.second, q.end);
    if (auto bar = model.aggregate(from, to, q.kind)) result.bars.push_back(to_wire(*bar, q.bar, q.format_date, from));
    auto next = bucket_of(q.bar, bucket.second + (q.bar.unit == BarUnit::kDay ? hours(1) : seconds(0)), model);
    if (q.bar.unit == BarUnit::kDay) {
      // The next day's session (or its midnight bucket when it does not trade).
      const sys_days nd{trading::EasternTime::local_date(bucket.first)};
      const trading::Date tomorrow{nd + days{1}};
      auto s = model.session(tomorrow);
      next = s ? std::make_pair(s->open, s->close)
               : std::make_pair(trading::EasternTime::to_utc(tomorrow, minutes(0)),
                                trading::EasternTime::to_utc(trading::Date{nd + days{2}}, minutes(0)));
      if (next.first < bucket.second) next.first = bucket.second;
    }
    if (next.first <= bucket.first) break;
    bucket = next;
  }
  return result;
}

}  // namespace rt::gateway

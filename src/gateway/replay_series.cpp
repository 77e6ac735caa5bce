#include "gateway/replay_series.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>

#include "core/text.hpp"

namespace rt::gateway {
namespace {

using namespace std::chrono;

const Decimal kTick = Decimal::from_raw(Decimal::kScale / 100);
const Decimal kCsvPrecision = Decimal::from_raw(100);  // 1e-6

std::optional<int> parse_date(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (std::from_chars(s.data(), s.data() + 4, y).ec != std::errc{} ||
      std::from_chars(s.data() + 5, s.data() + 7, m).ec != std::errc{} ||
      std::from_chars(s.data() + 8, s.data() + 10, d).ec != std::errc{}) {
    return std::nullopt;
  }
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return static_cast<int>(sys_days{ymd}.time_since_epoch().count());
}

std::optional<std::int64_t> parse_time(std::string_view s) {
  int h = 0, m = 0, sec = 0;
  if (s.size() < 5 || s[2] != ':') return std::nullopt;
  if (std::from_chars(s.data(), s.data() + 2, h).ec != std::errc{} ||
      std::from_chars(s.data() + 3, s.data() + 5, m).ec != std::errc{}) {
    return std::nullopt;
  }
  if (s.size() == 8 && std::from_chars(s.data() + 6, s.data() + 8, sec).ec != std::errc{}) return std::nullopt;
  if (h > 23 || m > 59 || sec > 59) return std::nullopt;
  return h * 3600 + m * 60 + sec;
}

std::optional<std::int64_t> parse_volume(std::string_view s) {
  auto d = Decimal::parse(s);
  if (!d || d->is_negative()) return std::nullopt;
  return d->raw() / Decimal::kScale;
}

// Fills bars[first, first + n) so they rebuild `row` exactly: the trade price walks from open
// through the two extremes (order and timing from the hash) to close, with a little noise that
// never leaves [low, high].
void spread_row(const CsvBar& row, std::vector<BaseBar>& bars, std::size_t first, std::size_t n, std::uint64_t key) {
  if (n == 0) return;
  const double o = row.open.to_double(), h = row.high.to_double(), l = row.low.to_double(), c = row.close.to_double();
  std::vector<Decimal> px(n + 1);
  px[0] = row.open;
  px[n] = row.close;
  std::size_t ia = 0, ib = 0;
  if (n >= 3) {
    ia = 1 + static_cast<std::size_t>(uniform01(mix64(key, 1)) * static_cast<double>(n / 2 - (n >= 4 ? 1 : 0)));
    ib = ia + 1 + static_cast<std::size_t>(uniform01(mix64(key, 2)) * static_cast<double>(n - ia - 2));
    ia = std::min(ia, n - 2);
    ib = std::clamp(ib, ia + 1, n - 1);
  }
  const bool high_first = (mix64(key, 3) & 1) != 0 ? c < o : !(c > o);
  const Decimal first_extreme = high_first ? row.high : row.low;
  const Decimal second_extreme = high_first ? row.low : row.high;
  struct Way {
    std::size_t at;
    double v;
  };
  std::vector<Way> ways{{0, o}};
  if (n >= 3) {
    ways.push_back({ia, high_first ? h : l});
    ways.push_back({ib, high_first ? l : h});
  }
  ways.push_back({n, c});
  const double noise = 0.08 * (h - l);
  for (std::size_t w = 0; w + 1 < ways.size(); ++w) {
    const auto [a, va] = ways[w];
    const auto [b, vb] = ways[w + 1];
    for (std::size_t k = a + 1; k < b; ++k) {
      const double t = static_cast<double>(k - a) / static_cast<double>(b - a);
      const double v = std::clamp(va + (vb - va) * t + noise * (uniform01(mix64(key, 4, k)) - 0.5), l, h);
      px[k] = Decimal::from_double(v).round_to(kCsvPrecision);
    }
  }
  if (n >= 3) {
    px[ia] = first_extreme;
    px[ib] = second_extreme;
  }
  // Volume: U-shaped share of each base bar, split so the parts add up exactly.
  std::vector<double> cum(n + 1, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const double f = static_cast<double>(i) / static_cast<double>(n);
    cum[i + 1] = cum[i] + (0.6 + 2.0 * (2 * f - 1) * (2 * f - 1)) * (0.5 + uniform01(mix64(key, 5, i)));
  }
  const auto share = [&](std::size_t i) {
    return static_cast<std::int64_t>(std::floor(static_cast<double>(row.volume) * cum[i] / cum[n]));
  };
  for (std::size_t i = 0; i < n; ++i) {
    auto& bar = bars[first + i];
    bar.open = px[i];
    bar.close = px[i + 1];
    bar.high = std::max(bar.open, bar.close);
    bar.low = std::min(bar.open, bar.close);
    bar.volume = i + 1 == n ? row.volume - share(i) : share(i + 1) - share(i);
    bar.count = static_cast<std::int32_t>((bar.volume + 99) / 100);
  }
  if (n < 3) {  // too short for the waypoints: put the extremes inside the bars
    bars[first].high = row.high;
    bars[first + n - 1].low = std::min(bars[first + n - 1].low, row.low);
    bars[first].low = std::min(bars[first].low, row.low);
  }
}

}  // namespace

Result<std::unique_ptr<ReplaySeries>> ReplaySeries::load(const std::string& path,
                                                         const trading::MarketCalendar& calendar, std::uint64_t seed) {
  std::ifstream in(path);
  if (!in) return fail(ErrorCode::kNotFound, "replay file '" + path + "' cannot be opened");
  std::unique_ptr<ReplaySeries> series(new ReplaySeries(calendar, seed));
  std::string line;
  std::size_t line_no = 0;
  int layout = 0;  // 1 daily, 2 minute
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto f = split(line, ',');
    const auto where = [&](const std::string& what) {
      return fail(ErrorCode::kParse, "replay file '" + path + "' line " + std::to_string(line_no) + ": " + what);
    };
    if (line_no == 1 && !f.empty() && f[0] == "Date") continue;  // header (the minute file's names 7 of 8 columns)
    if (layout == 0) {
      if (f.size() >= 2 && parse_time(f[1])) {
        layout = 2;
      } else if (f.size() == 7) {
        layout = 1;
      } else {
        return where("neither the daily (Date,Open,High,Low,Close,Adj Close,Volume) nor the minute "
                     "(Date,Time,Open,High,Low,Close,Volume[,OpenInterest]) layout");
      }
    }
    const std::size_t p = layout == 2 ? 2 : 1;
    if (f.size() < p + 4 + (layout == 1 ? 2 : 1)) return where("too few columns");
    auto date = parse_date(f[0]);
    if (!date) return where("date '" + std::string(f[0]) + "' is not YYYY-MM-DD");
    CsvBar bar;
    if (layout == 2) {
      auto t = parse_time(f[1]);
      if (!t) return where("time '" + std::string(f[1]) + "' is not HH:MM[:SS]");
      bar.seconds_of_day = *t;
    }
    auto o = Decimal::parse(f[p]), h = Decimal::parse(f[p + 1]), l = Decimal::parse(f[p + 2]), c = Decimal::parse(f[p + 3]);
    auto v = parse_volume(f[layout == 1 ? 6 : p + 4]);
    if (!o || !h || !l || !c || !v) return where("a price or the volume is not a number");
    if (*l > *h || *o > *h || *c > *h || *o < *l || *c < *l || l->is_negative()) {
      return where("open/close outside low..high");
    }
    bar.open = *o;
    bar.high = *h;
    bar.low = *l;
    bar.close = *c;
    bar.volume = *v;
    series->days_[*date].push_back(bar);
    ++series->rows_;
  }
  if (series->rows_ == 0) return fail(ErrorCode::kParse, "replay file '" + path + "' has no bars");
  return series;
}

trading::Date ReplaySeries::first_date() const { return trading::Date{sys_days{days{days_.begin()->first}}}; }
trading::Date ReplaySeries::last_date() const { return trading::Date{sys_days{days{days_.rbegin()->first}}}; }

std::optional<trading::Session> ReplaySeries::session(trading::Date date) const {
  if (!days_.contains(static_cast<int>(sys_days{date}.time_since_epoch().count()))) return std::nullopt;
  if (auto s = calendar_.session(date)) return s;
  // A day the file has but the calendar does not know as a trading day: a regular session.
  trading::Session s;
  s.date = date;
  s.open = trading::EasternTime::to_utc(date, minutes(9 * 60 + 30));
  s.close = trading::EasternTime::to_utc(date, minutes(16 * 60));
  s.extended_open = trading::EasternTime::to_utc(date, minutes(4 * 60));
  s.extended_close = trading::EasternTime::to_utc(date, minutes(20 * 60));
  return s;
}

std::optional<DaySeries> ReplaySeries::generate(trading::Date date) {
  auto s = session(date);
  if (!s) return std::nullopt;
  const int key = static_cast<int>(sys_days{date}.time_since_epoch().count());
  const auto& rows = days_.at(key);
  DaySeries day;
  day.date = date;
  day.session = *s;
  day.rounding = kCsvPrecision;
  day.tick = kTick;
  const auto n = static_cast<std::size_t>((s->close - s->open) / kBaseBar);
  day.bars.resize(n);
  const std::uint64_t day_key = mix64(seed_, 0x8E91A7, static_cast<std::uint64_t>(key));
  if (auto prev = days_.find(key); prev != days_.begin()) day.prev_close = std::prev(prev)->second.back().close;
  if (rows.front().seconds_of_day < 0) {
    spread_row(rows.front(), day.bars, 0, n, day_key);
  } else {
    // Minute rows: each covers 12 base bars from its start; gaps stay flat at the last close
    // with no volume.
    const auto open_sod = duration_cast<seconds>(trading::EasternTime::local_time_of_day(s->open)).count();
    std::vector<bool> filled(n, false);
    Decimal last = rows.front().open;
    for (const auto& row : rows) {
      const auto offset = row.seconds_of_day - open_sod;
      if (offset < 0 || offset + 60 > static_cast<std::int64_t>(n) * 5) continue;
      const auto first = static_cast<std::size_t>(offset / 5);
      spread_row(row, day.bars, first, 12, mix64(day_key, first));
      for (std::size_t i = first; i < first + 12; ++i) filled[i] = true;
    }
    bool any = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (filled[i]) {
        // A gap before this bar ends here; the gap bars already use `last`.
        last = day.bars[i].close;
        any = true;
        continue;
      }
      auto& b = day.bars[i];
      b.open = b.high = b.low = b.close = last;
      b.volume = 0;
      b.count = 0;
    }
    if (!any) return std::nullopt;
    // Leading gap bars use the first row's open, which the first filled bar starts from.
  }
  if (day.prev_close.is_zero()) day.prev_close = day.bars.front().open;
  finish_bars(day, day_key, Decimal::from_int(1));
  return day;
}

}  // namespace rt::gateway

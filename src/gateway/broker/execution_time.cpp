#include "gateway/broker/execution_time.hpp"

#include <charconv>
#include <cstdio>

#include "trading/market/eastern_time.hpp"

namespace rt::gateway {
namespace {

using namespace std::chrono;
using trading::EasternTime;

bool read_int(std::string_view s, int& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size();
}

}  // namespace

std::string eastern_time_text(Timestamp t) {
  const auto local = floor<seconds>(t) + EasternTime::utc_offset(t);
  const auto day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss hms{local - day};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u %02ld:%02ld:%02ld US/Eastern", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()));
  return buf;
}

Timestamp next_session_close(Timestamp t) {
  const auto secs = floor<seconds>(t);
  auto day = sys_days{EasternTime::local_date(t)};
  for (int i = 0; i < 3; ++i, day += days{1}) {
    const Timestamp close = EasternTime::to_utc(year_month_day{day}, hours{16});
    if (close > secs) return close;
  }
  return Timestamp{secs + days{1}};
}

std::optional<Timestamp> parse_filter_time(std::string_view text) {
  if (text.size() < 8) return std::nullopt;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!read_int(text.substr(0, 4), y) || !read_int(text.substr(4, 2), mo) ||
      !read_int(text.substr(6, 2), d)) {
    return std::nullopt;
  }
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  const sys_seconds date{sys_days{ymd}};
  if (text.size() == 8) return EasternTime::to_utc(ymd, minutes{0});
  const char sep = text[8];
  if ((sep != '-' && sep != ' ') || text.size() < 17) return std::nullopt;
  std::string_view rest = text.substr(9);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);  // "yyyyMMdd  HH:mm:ss"
  if (rest.size() < 8 || rest[2] != ':' || rest[5] != ':' || !read_int(rest.substr(0, 2), h) ||
      !read_int(rest.substr(3, 2), mi) || !read_int(rest.substr(6, 2), s)) {
    return std::nullopt;
  }
  const sys_seconds wall = date + hours{h} + minutes{mi} + seconds{s};
  std::string_view zone = rest.substr(8);
  while (!zone.empty() && zone.front() == ' ') zone.remove_prefix(1);
  if (sep == '-' || zone == "UTC" || zone == "GMT" || zone == "Etc/UTC") return Timestamp{wall};
  if (zone.empty() || zone == "US/Eastern" || zone == "America/New_York" || zone == "EST" || zone == "EDT" ||
      zone == "EST5EDT") {
    return EasternTime::to_utc(ymd, minutes{h * 60 + mi}) + seconds{s};
  }
  return std::nullopt;
}

}  // namespace rt::gateway

#include "ib/market_data/historical_assembler.hpp"

#include <cctype>
#include <charconv>

#include "trading/market/eastern_time.hpp"
#include "tws/messages/ids.hpp"

namespace rt::ib {

bool HistoricalAssembler::on_reply(const tws::Response& reply) {
  if (complete_) {
    ++ignored_;
    return true;
  }
  if (auto* data = std::get_if<tws::HistoricalData>(&reply)) {
    if (got_data_) {
      bars_.insert(bars_.end(), data->bars.begin(), data->bars.end());
    } else {
      bars_ = data->bars;
      got_data_ = true;
    }
    if (server_version_ < tws::sv::kHistoricalDataEnd) {
      start_date_ = data->start_date;
      end_date_ = data->end_date;
      complete_ = true;
    }
    return complete_;
  }
  if (auto* end = std::get_if<tws::HistoricalDataEnd>(&reply); end && server_version_ >= tws::sv::kHistoricalDataEnd) {
    start_date_ = end->start_date;
    end_date_ = end->end_date;
    complete_ = true;
    return true;
  }
  ++ignored_;
  return false;
}

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

template <class T>
bool to_number(std::string_view s, T& out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

std::optional<trading::Date> parse_date(std::string_view s) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  if (s.size() != 8 || !all_digits(s) || !to_number(s.substr(0, 4), y) || !to_number(s.substr(4, 2), m) ||
      !to_number(s.substr(6, 2), d)) {
    return std::nullopt;
  }
  trading::Date date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::optional<std::chrono::seconds> parse_clock(std::string_view s) {
  int h = 0;
  int m = 0;
  int sec = 0;
  if (s.size() != 8 || s[2] != ':' || s[5] != ':' || !to_number(s.substr(0, 2), h) || !to_number(s.substr(3, 2), m) ||
      !to_number(s.substr(6, 2), sec) || h > 23 || m > 59 || sec > 60) {
    return std::nullopt;
  }
  return std::chrono::hours{h} + std::chrono::minutes{m} + std::chrono::seconds{sec};
}

bool is_new_york(std::string_view tz) {
  return tz.empty() || tz == "US/Eastern" || tz == "America/New_York" || tz == "EST5EDT" || tz == "EST" ||
         tz == "EDT";
}
bool is_utc(std::string_view tz) { return tz == "UTC" || tz == "GMT" || tz == "Etc/UTC" || tz == "Z"; }

Timestamp new_york_to_utc(trading::Date date, std::chrono::seconds time_of_day) {
  auto minutes = std::chrono::duration_cast<std::chrono::minutes>(time_of_day);
  return trading::EasternTime::to_utc(date, minutes) + (time_of_day - minutes);
}

}  // namespace

Result<Timestamp> parse_bar_time(std::string_view text) {
  auto bad = [&](const char* why) {
    return fail(ErrorCode::kParse, "bar date '" + std::string(text) + "': " + why);
  };
  if (all_digits(text) && text.size() > 8) {
    std::int64_t seconds = 0;
    if (!to_number(text, seconds)) return bad("epoch seconds out of range");
    return Timestamp{std::chrono::seconds{seconds}};
  }
  if (text.size() < 8) return bad("too short");
  auto date = parse_date(text.substr(0, 8));
  if (!date) return bad("not a yyyyMMdd date");
  if (text.size() == 8) return new_york_to_utc(*date, std::chrono::seconds{0});
  std::string_view rest = text.substr(8);
  bool utc_dash = rest.front() == '-';
  if (rest.front() != ' ' && !utc_dash) return bad("expected a space or '-' after the date");
  rest.remove_prefix(1);
  if (!utc_dash && !rest.empty() && rest.front() == ' ') rest.remove_prefix(1);  // older TWS: two spaces
  if (rest.size() < 8) return bad("expected HH:mm:ss");
  auto clock = parse_clock(rest.substr(0, 8));
  if (!clock) return bad("expected HH:mm:ss");
  std::string_view tz = rest.substr(8);
  if (!tz.empty()) {
    if (tz.front() != ' ' || utc_dash) return bad("unexpected text after the time");
    tz.remove_prefix(1);
  }
  if (utc_dash || is_utc(tz)) return std::chrono::sys_days{*date} + *clock;
  if (is_new_york(tz)) return new_york_to_utc(*date, *clock);
  return bad("unsupported time zone (use formatDate 2, epoch seconds)");
}

Result<trading::Bar> to_bar(const tws::HistoricalBar& bar, Duration length) {
  auto start = parse_bar_time(bar.date);
  if (!start) return std::unexpected(start.error());
  trading::Bar out;
  out.start = *start;
  out.length = length;
  out.open = bar.open;
  out.high = bar.high;
  out.low = bar.low;
  out.close = bar.close;
  out.volume = bar.volume;
  out.wap = bar.wap;
  out.trade_count = bar.count;
  return out;
}

trading::Bar to_bar(const tws::RealTimeBar& bar) {
  trading::Bar out;
  out.start = Timestamp{std::chrono::seconds{bar.time}};
  out.length = std::chrono::seconds{5};
  out.open = bar.open;
  out.high = bar.high;
  out.low = bar.low;
  out.close = bar.close;
  out.volume = bar.volume;
  out.wap = bar.wap;
  out.trade_count = bar.count;
  return out;
}

}  // namespace rt::ib

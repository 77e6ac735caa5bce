#include "gateway/market_config.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/text.hpp"
#include "trading/market/eastern_time.hpp"

namespace rt::gateway {

Result<Timestamp> parse_new_york_time(std::string_view text) {
  const auto t = trim(text);
  const auto bad = [&] {
    return fail(ErrorCode::kInvalidArgument,
                "time '" + std::string(text) + "' is not \"YYYY-MM-DD[ HH:MM[:SS]]\" (New York time)");
  };
  if (t.size() < 10 || t[4] != '-' || t[7] != '-') return bad();
  int y = 0, m = 0, d = 0, hh = 9, mm = 30, ss = 0;
  if (!read_int(t.substr(0, 4), y) || !read_int(t.substr(5, 2), m) || !read_int(t.substr(8, 2), d)) return bad();
  if (t.size() > 10) {
    const auto rest = trim(t.substr(10));
    if (rest.size() != 5 && rest.size() != 8) return bad();
    if (rest[2] != ':' || !read_int(rest.substr(0, 2), hh) || !read_int(rest.substr(3, 2), mm)) return bad();
    if (rest.size() == 8 && (rest[5] != ':' || !read_int(rest.substr(6, 2), ss))) return bad();
  }
  const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                         std::chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok() || y < 1970 || y > 2200 || hh > 23 || mm > 59 || ss > 59) return bad();
  return trading::EasternTime::to_utc(date, std::chrono::minutes(hh * 60 + mm)) + std::chrono::seconds(ss);
}

std::string format_new_york_time(Timestamp t) {
  const auto date = trading::EasternTime::local_date(t);
  const auto tod = std::chrono::duration_cast<std::chrono::seconds>(trading::EasternTime::local_time_of_day(t)).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02lld:%02lld:%02lld", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<long long>(tod / 3600), static_cast<long long>(tod / 60 % 60),
                static_cast<long long>(tod % 60));
  return buf;
}

Result<ReplaySpec> parse_replay(std::string_view text) {
  auto t = trim(text);
  ReplaySpec spec;
  const auto colon = t.rfind(':');
  if (colon != std::string_view::npos && colon + 1 < t.size() && t.find('/', colon) == std::string_view::npos) {
    spec.symbol = to_upper(trim(t.substr(colon + 1)));
    t = t.substr(0, colon);
  }
  spec.path = std::string(trim(t));
  if (spec.path.empty()) return fail(ErrorCode::kInvalidArgument, "replay '" + std::string(text) + "': no file given");
  if (spec.symbol.empty()) {
    auto name = std::string_view(spec.path);
    if (auto slash = name.rfind('/'); slash != std::string_view::npos) name.remove_prefix(slash + 1);
    name = name.substr(0, std::min(name.find('-'), name.find('.')));
    spec.symbol = to_upper(name);
  }
  const bool letters = !spec.symbol.empty() && spec.symbol.size() <= 8 &&
                       std::all_of(spec.symbol.begin(), spec.symbol.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!letters) {
    return fail(ErrorCode::kInvalidArgument, "replay '" + std::string(text) + "': symbol '" + spec.symbol +
                                                 "' is not a stock symbol (give it as PATH:SYMBOL)");
  }
  return spec;
}

Result<std::vector<std::string>> parse_symbol_list(std::string_view text) {
  std::vector<std::string> out;
  std::string_view rest = text;
  while (true) {
    const auto at = rest.find(',');
    const auto piece = trim(rest.substr(0, at));
    if (!piece.empty()) {
      const bool ok = piece.size() <= 12 && std::all_of(piece.begin(), piece.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == ' ';
      });
      if (!ok) return fail(ErrorCode::kInvalidArgument, "symbol '" + std::string(piece) + "' in '" + std::string(text) + "'");
      out.push_back(to_upper(piece));
    }
    if (at == std::string_view::npos) break;
    rest.remove_prefix(at + 1);
  }
  return out;
}

Status validate(const MarketConfig& config) {
  if (!std::isfinite(config.speed) || config.speed <= 0 || config.speed > kMaxSpeed) {
    return fail(ErrorCode::kInvalidArgument, "speed " + std::to_string(config.speed) + " is outside (0, 1e6]");
  }
  for (const auto& r : config.replays) {
    if (r.path.empty() || r.symbol.empty()) return fail(ErrorCode::kInvalidArgument, "replay needs a file and a symbol");
  }
  return {};
}

}  // namespace rt::gateway

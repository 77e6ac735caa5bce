#include "trading/portfolio/mark_age.hpp"

namespace rt::trading {

MarkAge mark_age(const MarketCalendar& calendar, Timestamp mark_time, Timestamp now, Duration limit,
                 bool extended_hours) {
  MarkAge out;
  if (now <= mark_time) return out;
  out.age = now - mark_time;
  // When the market first traded after the mark: at once if it was open, else its next open.
  const Timestamp trading_since =
      calendar.is_open(mark_time, extended_hours) ? mark_time : calendar.next_open(mark_time, extended_hours);
  out.stale = trading_since + limit < now;
  return out;
}

std::string format_age(Duration age) {
  using namespace std::chrono;
  const auto s = duration_cast<seconds>(age).count();
  if (s < 120) return std::to_string(s) + "s";
  if (s < 2 * 3600) return std::to_string(s / 60) + "m";
  if (s < 2 * 86400) return std::to_string(s / 3600) + "h";
  return std::to_string(s / 86400) + "d";
}

}  // namespace rt::trading

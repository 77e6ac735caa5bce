#pragma once
// How old a mark is, and whether it is stale: a price goes stale only while its market trades
// without it. A Friday close read on Sunday is the current price; a mark from 10:00 read at 10:30
// on a session day is half an hour behind a moving market.
#include <string>

#include "core/clock.hpp"
#include "trading/market/market_calendar.hpp"

namespace rt::trading {

struct MarkAge {
  Duration age{};      // now - the mark's time (zero for a mark from the future)
  bool stale = false;  // the market has been open for longer than the limit since the mark
};

[[nodiscard]] MarkAge mark_age(const MarketCalendar& calendar, Timestamp mark_time, Timestamp now, Duration limit,
                               bool extended_hours = false);

// "45s", "12m", "3h", "4d": the largest whole unit.
[[nodiscard]] std::string format_age(Duration age);

}  // namespace rt::trading

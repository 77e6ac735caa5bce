#pragma once
// US/Eastern wall-clock time for the emulator's broker: execution times are printed the way TWS
// prints them ("20250115 09:35:00 US/Eastern"), execution filters are read the way TWS reads them,
// and DAY orders expire at the 16:00 close. New York time comes from trading::EasternTime (the US
// daylight-saving rules of every year since 1967). Pure functions.
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace rt::gateway {

// "yyyyMMdd HH:mm:ss US/Eastern".
std::string eastern_time_text(Timestamp t);

// The first 16:00 US/Eastern strictly after `t` (weekends are not skipped: the emulator's market
// may trade any day).
Timestamp next_session_close(Timestamp t);

// An execution filter time: "yyyyMMdd-HH:mm:ss" (UTC), "yyyyMMdd HH:mm:ss" followed by an
// optional zone (US/Eastern, America/New_York, EST, UTC, GMT; none = US/Eastern), or "yyyyMMdd".
std::optional<Timestamp> parse_filter_time(std::string_view text);

}  // namespace rt::gateway

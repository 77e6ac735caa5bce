#pragma once
// Exchange time: the one clock of every machine-readable output and of the dashboard, New York
// (America/New_York, EST/EDT) as RFC 3339 with its offset: "2025-01-15T10:00:00.000-05:00".
// A market's sessions, bars and fills read the same everywhere, whatever the host's zone.
// Pure functions, callable from any thread.
#include <cstdint>
#include <string>

#include "core/clock.hpp"

namespace rt::web {

[[nodiscard]] std::string exchange_time(Timestamp t);
// The same for Unix milliseconds (the dashboard model's internal time).
[[nodiscard]] std::string exchange_time_ms(std::int64_t unix_ms);

}  // namespace rt::web

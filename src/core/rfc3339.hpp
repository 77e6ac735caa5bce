#pragma once
// RFC 3339 text for an instant at a given UTC offset, the one time format of every machine-readable
// output (command --json, report, the dashboard's API): "2025-01-15T10:00:00.000-05:00". The offset
// is always written as digits ("+00:00", never "Z") so every consumer parses one shape.
// Pure function, callable from any thread.
#include <chrono>
#include <string>

#include "core/clock.hpp"

namespace rt {

// `t` as local time at `utc_offset` (whole minutes), with milliseconds and the offset.
std::string rfc3339_at_offset(Timestamp t, std::chrono::seconds utc_offset);

}  // namespace rt

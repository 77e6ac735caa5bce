#pragma once
// Logging setup for the binary. Code logs through spdlog in .cpp files only; this header stays
// light so it can be included anywhere.
//
// Every line carries its time as RFC 3339 with the local UTC offset (2026-03-09T09:30:00.125-04:00,
// the zone from TZ or the system's). Two formats: "text", one human line
// ("<time> <level> <message>"), and "json", one JSON object a line:
//   {"time":"2026-03-09T09:30:00.125-04:00","level":"info","logger":"robotrader","message":"..."}
#include <chrono>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace rt {

// Configures the default spdlog logger: stderr, the given level ("trace", "debug", "info", "warn",
// "error", "off") and format ("text" or "json").
Status setup_logging(std::string_view level, std::string_view format = "text");

// `t` in the local zone as RFC 3339 with milliseconds and the offset: "2026-03-09T09:30:00.125-04:00";
// "Z" is never used, a zero offset is "+00:00".
std::string rfc3339_local(std::chrono::system_clock::time_point t);

// One log line in the JSON format, without the newline.
std::string json_log_line(std::chrono::system_clock::time_point t, std::string_view level,
                          std::string_view logger, std::string_view message);

}  // namespace rt

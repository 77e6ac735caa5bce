#include "core/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <ctime>
#include <memory>

namespace rt {

namespace {

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

// spdlog formatter writing json_log_line() for each record.
class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const auto level = spdlog::level::to_string_view(msg.level);
    std::string line = json_log_line(msg.time, std::string_view(level.data(), level.size()),
                                     std::string_view(msg.logger_name.data(), msg.logger_name.size()),
                                     std::string_view(msg.payload.data(), msg.payload.size()));
    line += '\n';
    dest.append(line.data(), line.data() + line.size());
  }
  [[nodiscard]] std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>();
  }
};

// The text format's time: rfc3339_local() through a custom pattern flag, so the rest of the line
// stays spdlog's pattern.
class Rfc3339Flag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    const std::string text = rfc3339_local(msg.time);
    dest.append(text.data(), text.data() + text.size());
  }
  [[nodiscard]] std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<Rfc3339Flag>();
  }
};

}  // namespace

std::string rfc3339_local(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto secs = floor<seconds>(t);
  const auto millis = duration_cast<milliseconds>(t - secs).count();
  const std::time_t tt = system_clock::to_time_t(secs);
  std::tm local{};
  localtime_r(&tt, &local);
  const long offset_min = local.tm_gmtoff / 60;
  const long abs_min = offset_min < 0 ? -offset_min : offset_min;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02ld:%02ld", local.tm_year + 1900,
                local.tm_mon + 1, local.tm_mday, local.tm_hour, local.tm_min, local.tm_sec,
                static_cast<int>(millis), offset_min < 0 ? '-' : '+', abs_min / 60, abs_min % 60);
  return buf;
}

std::string json_log_line(std::chrono::system_clock::time_point t, std::string_view level,
                          std::string_view logger, std::string_view message) {
  std::string out = "{\"time\":";
  append_json_string(out, rfc3339_local(t));
  out += ",\"level\":";
  append_json_string(out, level);
  out += ",\"logger\":";
  append_json_string(out, logger);
  out += ",\"message\":";
  append_json_string(out, message);
  out += '}';
  return out;
}

Status setup_logging(std::string_view level, std::string_view format) {
  auto parsed = spdlog::level::from_str(std::string(level));
  if (parsed == spdlog::level::off && level != "off") {
    return fail(ErrorCode::kInvalidArgument, "--log-level: unknown level '" + std::string(level) +
                                                 "' (allowed: trace, debug, info, warn, error, off)");
  }
  if (format != "text" && format != "json") {
    return fail(ErrorCode::kInvalidArgument,
                "--log-format: unknown format '" + std::string(format) + "' (allowed: text, json)");
  }
  std::shared_ptr<spdlog::logger> logger;
  if (format == "json") {
    // No colour codes inside JSON.
    logger = spdlog::stderr_logger_mt("robotrader");
    logger->set_formatter(std::make_unique<JsonFormatter>());
  } else {
    logger = spdlog::stderr_color_mt("robotrader");
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<Rfc3339Flag>('*').set_pattern("%* %^%l%$ %v");
    logger->set_formatter(std::move(formatter));
  }
  logger->set_level(parsed);
  spdlog::set_default_logger(logger);
  return {};
}

}  // namespace rt

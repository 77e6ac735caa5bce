// Log lines carry their zone (RFC 3339 with offset) and the JSON format is one object a line.
#include "core/logging.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>

namespace rt {
namespace {

using namespace std::chrono;

// Sets TZ for one test and restores it after. A POSIX TZ string needs no zone database.
class WithZone {
 public:
  explicit WithZone(const char* tz) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    setenv("TZ", tz, 1);
    tzset();
  }
  ~WithZone() {
    if (old_) {
      setenv("TZ", old_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  WithZone(const WithZone&) = delete;
  WithZone& operator=(const WithZone&) = delete;

 private:
  std::optional<std::string> old_;
};

const system_clock::time_point kSummer = sys_days{2026y / March / 9} + 13h + 30min + 125ms;  // 09:30 EDT
const system_clock::time_point kWinter = sys_days{2026y / January / 15} + 14h + 30min;       // 09:30 EST

TEST(LogTime, LocalTimeCarriesTheOffsetOfItsDateInNewYork) {
  WithZone zone("EST5EDT,M3.2.0,M11.1.0");
  EXPECT_EQ(rfc3339_local(kSummer), "2026-03-09T09:30:00.125-04:00");
  EXPECT_EQ(rfc3339_local(kWinter), "2026-01-15T09:30:00.000-05:00");
}

TEST(LogTime, UtcIsWrittenWithAZeroOffsetAndAHalfHourZoneWithItsMinutes) {
  {
    WithZone zone("UTC0");
    EXPECT_EQ(rfc3339_local(kWinter), "2026-01-15T14:30:00.000+00:00");
  }
  WithZone zone("IST-5:30");
  EXPECT_EQ(rfc3339_local(kWinter), "2026-01-15T20:00:00.000+05:30");
}

TEST(JsonLogLine, IsOneObjectWithTimeLevelLoggerAndMessage) {
  WithZone zone("EST5EDT,M3.2.0,M11.1.0");
  const std::string line = json_log_line(kSummer, "warn", "robotrader", "connection: ready -> disconnected");
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j.size(), 4u);
  EXPECT_EQ(j["time"], "2026-03-09T09:30:00.125-04:00");
  EXPECT_EQ(j["level"], "warn");
  EXPECT_EQ(j["logger"], "robotrader");
  EXPECT_EQ(j["message"], "connection: ready -> disconnected");
}

TEST(JsonLogLine, QuotesBackslashesNewlinesAndControlCharactersAreEscaped) {
  const std::string message = "say \"hi\"\\ then\nnext\tline\x01";
  const std::string line = json_log_line(kWinter, "info", "robotrader", message);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(line)["message"], message);
}

TEST(SetupLogging, AnUnknownFormatOrLevelIsRefusedNamingTheFlag) {
  auto bad_format = setup_logging("info", "xml");
  ASSERT_FALSE(bad_format.has_value());
  EXPECT_NE(bad_format.error().message.find("--log-format"), std::string::npos);
  auto bad_level = setup_logging("loud", "text");
  ASSERT_FALSE(bad_level.has_value());
  EXPECT_NE(bad_level.error().message.find("--log-level"), std::string::npos);
}

}  // namespace
}  // namespace rt

#include "core/rfc3339.hpp"

#include <gtest/gtest.h>

namespace rt {
namespace {

using namespace std::chrono;

Timestamp at(sys_days day, milliseconds since_midnight) { return Timestamp{day} + since_midnight; }

TEST(Rfc3339, AtNegativeOffsetThenLocalClockAndOffsetDigits) {
  const auto t = at(sys_days{year{2025} / January / 15}, hours{15} + milliseconds{125});
  EXPECT_EQ(rfc3339_at_offset(t, hours{-5}), "2025-01-15T10:00:00.125-05:00");
}

TEST(Rfc3339, AtZeroOffsetThenPlusZeroNeverZ) {
  const auto t = at(sys_days{year{2026} / March / 9}, hours{13} + minutes{30});
  EXPECT_EQ(rfc3339_at_offset(t, seconds{0}), "2026-03-09T13:30:00.000+00:00");
}

TEST(Rfc3339, WhenOffsetCrossesMidnightThenPreviousLocalDate) {
  const auto t = at(sys_days{year{2025} / July / 1}, hours{2});
  EXPECT_EQ(rfc3339_at_offset(t, hours{-4}), "2025-06-30T22:00:00.000-04:00");
}

TEST(Rfc3339, SubMillisecondDigitsAreTruncatedNotRounded) {
  const auto t = Timestamp{sys_days{year{2025} / January / 2}} + nanoseconds{999'999};
  EXPECT_EQ(rfc3339_at_offset(t, minutes{330}), "2025-01-02T05:30:00.000+05:30");
}

}  // namespace
}  // namespace rt

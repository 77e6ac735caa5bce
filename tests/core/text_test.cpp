// The shared text helpers: trimming, splitting, whole-field integers, case.
#include "core/text.hpp"

#include <gtest/gtest.h>

namespace rt {
namespace {

using Fields = std::vector<std::string_view>;

TEST(Text, TrimDropsSpacesTabsAndLineEndsOnBothSidesOnly) {
  EXPECT_EQ(trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(trim("\tx"), "x");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(trim(""), "");
}

TEST(Text, SplitKeepsEmptyFieldsAndTheSpacesInsideThem) {
  EXPECT_EQ(split("a,,b", ','), (Fields{"a", "", "b"}));
  EXPECT_EQ(split("a, b", ','), (Fields{"a", " b"}));
  EXPECT_EQ(split("", ','), (Fields{""}));
  EXPECT_EQ(split("x:", ':'), (Fields{"x", ""}));
}

TEST(Text, SplitIntoReplacesWhatTheVectorHeldWithTheFields) {
  Fields out{"stale", "fields", "from", "before"};
  split_into("a,,b", ',', out);
  EXPECT_EQ(out, (Fields{"a", "", "b"}));
  split_into("", ',', out);
  EXPECT_EQ(out, (Fields{""}));
}

TEST(Text, SplitTrimmedTrimsEveryField) {
  EXPECT_EQ(split_trimmed(" zombie : 3 ", ':'), (Fields{"zombie", "3"}));
  EXPECT_EQ(split_trimmed("a,\t,b", ','), (Fields{"a", "", "b"}));
}

TEST(Text, SplitWhitespaceGivesTheWordsAndNoEmptyOnes) {
  EXPECT_EQ(split_whitespace("  0: 0100007F:1D49 \t 00000000:0000 0A\r\n"),
            (Fields{"0:", "0100007F:1D49", "00000000:0000", "0A"}));
  EXPECT_TRUE(split_whitespace(" \t ").empty());
}

TEST(Text, ReadDoubleAcceptsOnlyAWholeFiniteNumber) {
  double v = 7;
  EXPECT_TRUE(read_double("1.5", v));
  EXPECT_EQ(v, 1.5);
  EXPECT_TRUE(read_double("-2", v));
  EXPECT_EQ(v, -2.0);
  EXPECT_TRUE(read_double(".25", v));
  EXPECT_EQ(v, 0.25);
  EXPECT_TRUE(read_double("1e3", v));
  EXPECT_EQ(v, 1000.0);
  v = 7;
  for (std::string_view bad : {"", " 1", "1 ", "+1", "1x", "x", "-", "inf", "nan", "-inf", "0x10"}) {
    EXPECT_FALSE(read_double(bad, v)) << bad;
    EXPECT_EQ(v, 7.0) << bad;
  }
}

TEST(Text, ReadIntAcceptsOnlyAWholeDecimalIntegerThatFits) {
  int v = 7;
  EXPECT_TRUE(read_int("42", v));
  EXPECT_EQ(v, 42);
  EXPECT_TRUE(read_int("-5", v));
  EXPECT_EQ(v, -5);
  v = 7;
  for (std::string_view bad : {"", " 1", "1 ", "+1", "1x", "x", "99999999999"}) {
    EXPECT_FALSE(read_int(bad, v)) << bad;
    EXPECT_EQ(v, 7) << bad;
  }
  std::int64_t big = 0;
  EXPECT_TRUE(read_int("99999999999", big));
  EXPECT_EQ(big, 99'999'999'999);
}

TEST(Text, CaseHelpersChangeAsciiLettersOnly) {
  EXPECT_EQ(to_lower("IB Gateway-10.19"), "ib gateway-10.19");
  EXPECT_EQ(to_upper("aapl.b"), "AAPL.B");
  EXPECT_TRUE(contains_ignoring_case("Historical data request PACING violation", "pacing violation"));
  EXPECT_FALSE(contains_ignoring_case("HMDS query returned no data", "pacing"));
  EXPECT_TRUE(contains_ignoring_case("anything", ""));
  EXPECT_FALSE(contains_ignoring_case("", "x"));
}

}  // namespace
}  // namespace rt

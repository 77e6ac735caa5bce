#include "core/decimal.hpp"

#include <gtest/gtest.h>

namespace rt {
namespace {

Decimal d(const char* s) { return *Decimal::parse(s); }

TEST(Decimal, ParseThenPrintRoundTripsExactly) {
  EXPECT_EQ(d("150.25").to_string(), "150.25");
  EXPECT_EQ(d("100").to_string(), "100");
  EXPECT_EQ(d("-0.5").to_string(), "-0.5");
  EXPECT_EQ(d("0.00000001").to_string(), "0.00000001");
  EXPECT_EQ(d("+7").to_string(), "7");
}

TEST(Decimal, ParseRejectsTextThatIsNotAPlainNumber) {
  for (const char* bad : {"", "-", ".", "1e5", "abc", "1.2.3", "12a", " 1"}) {
    EXPECT_FALSE(Decimal::parse(bad).has_value()) << bad;
  }
}

TEST(Decimal, ParseRoundsBeyondEightDigits) {
  EXPECT_EQ(d("0.123456785").to_string(), "0.12345679");
  EXPECT_EQ(d("0.123456784").to_string(), "0.12345678");
}

TEST(Decimal, ParseRejectsOverflow) { EXPECT_FALSE(Decimal::parse("99999999999999999999").has_value()); }

TEST(Decimal, SumsOfTenthsAreExact) {
  Decimal sum;
  for (int i = 0; i < 10; ++i) sum += d("0.1");
  EXPECT_EQ(sum, d("1"));
}

TEST(Decimal, MultiplyAndDivideRoundHalfAwayFromZero) {
  EXPECT_EQ(d("150.25") * d("10"), d("1502.5"));
  EXPECT_EQ(d("1") / d("3"), d("0.33333333"));
  EXPECT_EQ(d("2") / d("3"), d("0.66666667"));
  EXPECT_EQ(d("-2") / d("3"), d("-0.66666667"));
}

TEST(Decimal, FixedFormattingPadsAndRounds) {
  EXPECT_EQ(d("100000").to_string_fixed(2), "100000.00");
  EXPECT_EQ(d("1.005").to_string_fixed(2), "1.01");
  EXPECT_EQ(d("-1.005").to_string_fixed(2), "-1.01");
  EXPECT_EQ(d("3.9").to_string_fixed(0), "4");
}

TEST(Decimal, RoundToTickSize) {
  EXPECT_EQ(d("150.237").round_to(d("0.01")), d("150.24"));
  EXPECT_EQ(d("150.2").round_to(d("0.25")), d("150.25"));
}

TEST(Decimal, FromDoubleRoundsToEightDigits) { EXPECT_EQ(Decimal::from_double(0.1 + 0.2), d("0.3")); }

}  // namespace
}  // namespace rt

#include "trading/risk/margin_check.hpp"

#include <gtest/gtest.h>

#include "decimal_literal.hpp"

namespace rt::trading {
namespace {

using test::d;

MarginImpact impact(const char* init_after, const char* equity_after) {
  return MarginImpact{d("0"), d(init_after), d(init_after), d(equity_after), d("1")};
}

TEST(MarginCheck, AnEntryWithinTheLimitPasses) {
  EXPECT_FALSE(margin_denial(impact("25000", "99999"), d("100")));
  EXPECT_FALSE(margin_denial(impact("25000", "100000"), d("25")));  // exactly at the limit
}

TEST(MarginCheck, AnEntryTheEquityCannotFundIsDeniedWithBothFigures) {
  auto why = margin_denial(impact("120000.50", "100000"), d("100"));
  ASSERT_TRUE(why);
  EXPECT_EQ(*why, "initial margin after the order 120000.50 exceeds the equity with loan 100000.00");
}

TEST(MarginCheck, AnEntryAboveTheConfiguredShareOfTheEquityIsDeniedWithTheLimit) {
  auto why = margin_denial(impact("25000.01", "100000"), d("25"));
  ASSERT_TRUE(why);
  EXPECT_EQ(*why, "initial margin after the order 25000.01 exceeds 25 % of the equity with loan (25000.00)");
}

}  // namespace
}  // namespace rt::trading

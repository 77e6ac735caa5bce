#include "tws/wire/field_reader.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace rt::tws {
namespace {

using namespace std::string_literals;

TEST(FieldReader, EmptyIntIsZeroAndEmptyMaxIntIsUnset) {
  const std::string data = "\0\0"s;
  FieldReader r(data, "TEST");
  EXPECT_EQ(r.read_int("a").value(), 0);
  EXPECT_EQ(r.read_int_max("b").value(), std::nullopt);
  EXPECT_TRUE(r.at_end());
}

TEST(FieldReader, IntMaxValueMeansUnset) {
  const std::string data = "2147483647\0" "42\0"s;
  FieldReader r(data, "TEST");
  EXPECT_EQ(r.read_int_max("a").value(), std::nullopt);
  EXPECT_EQ(r.read_int_max("b").value(), std::optional<int>(42));
}

TEST(FieldReader, DoubleMaxTextMeansUnsetAndEmptyDoubleIsZero) {
  const std::string data = "1.7976931348623157E308\0\0" "150.5\0\0"s;
  FieldReader r(data, "TEST");
  EXPECT_EQ(r.read_double_max("a").value(), std::nullopt);
  EXPECT_EQ(r.read_double_max("b").value(), std::nullopt);
  EXPECT_EQ(r.read_double_max("c").value(), std::optional<double>(150.5));
  EXPECT_EQ(r.read_double("d").value(), 0.0);
}

TEST(FieldReader, InfinityAndInfiniteBothReadAsPositiveInfinity) {
  const std::string data = "Infinity\0Infinite\0"s;
  FieldReader r(data, "TEST");
  auto a = r.read_double("a");
  auto b = r.read_double_max("b");
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value() && b->has_value());
  EXPECT_TRUE(std::isinf(*a) && *a > 0);
  EXPECT_TRUE(std::isinf(**b) && **b > 0);
}

TEST(FieldReader, DecimalSentinelsAreUnsetAndPlainTextIsExact) {
  const std::string data = "\0" "2147483647\0" "9223372036854775807\0" "1.7976931348623157E308\0" "0.5\0"s;
  FieldReader r(data, "TEST");
  for (int i = 0; i < 4; ++i) EXPECT_EQ(r.read_decimal_opt("q").value(), std::nullopt) << i;
  EXPECT_EQ(r.read_decimal("q").value(), Decimal::from_raw(50'000'000));
}

TEST(FieldReader, EmptyBooleanIsFalseAndNonZeroIsTrue) {
  const std::string data = "\0" "0\0" "1\0" "2\0"s;
  FieldReader r(data, "TEST");
  EXPECT_FALSE(r.read_bool("a").value());
  EXPECT_FALSE(r.read_bool("b").value());
  EXPECT_TRUE(r.read_bool("c").value());
  EXPECT_TRUE(r.read_bool("d").value());
}

TEST(FieldReader, MalformedIntErrorNamesMessageFieldPositionAndText) {
  const std::string data = "3\0x1\0"s;
  FieldReader r(data, "ORDER_STATUS");
  ASSERT_TRUE(r.read_int("msgId").has_value());
  auto bad = r.read_int("orderId");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kParse);
  EXPECT_EQ(bad.error().message, "ORDER_STATUS field 2 (orderId): 'x1' is not an integer");
}

TEST(FieldReader, MalformedDoubleAndDecimalErrorsNameTheField) {
  const std::string data = "1.2.3\0abc\0"s;
  FieldReader r(data, "PORTFOLIO_VALUE");
  auto d = r.read_double("marketPrice");
  ASSERT_FALSE(d.has_value());
  EXPECT_NE(d.error().message.find("PORTFOLIO_VALUE field 1 (marketPrice)"), std::string::npos);
  auto q = r.read_decimal("position");
  ASSERT_FALSE(q.has_value());
  EXPECT_NE(q.error().message.find("field 2 (position)"), std::string::npos);
}

TEST(FieldReader, ReadingPastTheEndIsAMissingFieldError) {
  const std::string data = "9\0"s;
  FieldReader r(data, "NEXT_VALID_ID");
  ASSERT_TRUE(r.read_int("msgId").has_value());
  auto missing = r.read_int("version");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().message, "NEXT_VALID_ID field 2 (version): missing (message ended early)");
}

TEST(FieldReader, UnterminatedFieldIsAnError) {
  const std::string data = "49\0" "1"s;
  FieldReader r(data, "CURRENT_TIME");
  ASSERT_TRUE(r.read_int("msgId").has_value());
  EXPECT_FALSE(r.read_int("version").has_value());
  EXPECT_FALSE(count_fields("49\0" "1"s).has_value());
  EXPECT_EQ(count_fields("49\0" "1\0"s).value(), 2u);
}

TEST(FieldReader, Int64ReadsLargePermIds) {
  const std::string data = "9223372036854775806\0"s;
  FieldReader r(data);
  EXPECT_EQ(r.read_int64("permId").value(), 9223372036854775806LL);
}

}  // namespace
}  // namespace rt::tws

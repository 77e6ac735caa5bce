#include "tws/wire/message_writer.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace rt::tws {
namespace {

using namespace std::string_literals;

TEST(JavaDoubleText, IntegralValuesGetPointZero) {
  EXPECT_EQ(java_double_text(151.0), "151.0");
  EXPECT_EQ(java_double_text(0.0), "0.0");
  EXPECT_EQ(java_double_text(-3.0), "-3.0");
}

TEST(JavaDoubleText, FractionsUseTheShortestRoundTripText) {
  EXPECT_EQ(java_double_text(150.25), "150.25");
  EXPECT_EQ(java_double_text(0.1), "0.1");
  EXPECT_EQ(java_double_text(0.001), "0.001");
}

TEST(JavaDoubleText, LargeAndTinyValuesUseJavaExponentNotation) {
  EXPECT_EQ(java_double_text(1.7976931348623157e308), "1.7976931348623157E308");
  EXPECT_EQ(java_double_text(1e7), "1.0E7");
  EXPECT_EQ(java_double_text(1.5e-4), "1.5E-4");
  EXPECT_EQ(java_double_text(std::numeric_limits<double>::infinity()), "Infinity");
}

TEST(MessageWriter, FinishPrefixesTheBigEndianPayloadLength) {
  auto frame = MessageWriter(49).add(1).finish();
  EXPECT_EQ(frame, "\0\0\0\x05" "49\0" "1\0"s);
}

TEST(MessageWriter, MaxAwareFieldsAreEmptyWhenUnset) {
  MessageWriter w;
  w.add_max(kUnsetInt).add_max(kUnsetDouble).add_max(5).add_max(2.5);
  EXPECT_EQ(w.payload(), "\0\0" "5\0" "2.5\0"s);
}

TEST(MessageWriter, PricesAreJavaStyleAndQuantitiesPlain) {
  MessageWriter w;
  w.add_price(Decimal::from_int(151)).add_price(Decimal::parse("150.25").value());
  w.add_quantity(Decimal::from_int(100)).add_quantity(Decimal::parse("0.5").value());
  EXPECT_EQ(w.payload(), "151.0\0" "150.25\0" "100\0" "0.5\0"s);
}

TEST(MessageWriter, PlainDoublesHaveNoForcedPointZero) {
  MessageWriter w;
  w.add_plain(0.0).add_plain(142.5).add_plain(150.0);
  EXPECT_EQ(w.payload(), "0\0" "142.5\0" "150\0"s);
}

}  // namespace
}  // namespace rt::tws

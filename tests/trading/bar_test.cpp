#include "trading/bar.hpp"

#include <gtest/gtest.h>

namespace rt::trading {
namespace {
TEST(BarSize, TwsSpellingsParseToTheirLength) {
  EXPECT_EQ(BarSize::parse("5 secs")->length(), std::chrono::seconds{5});
}
}  // namespace
}  // namespace rt::trading

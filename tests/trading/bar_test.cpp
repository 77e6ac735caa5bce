#include "trading/bar.hpp"

#include <gtest/gtest.h>

namespace rt::trading {
namespace {

using namespace std::chrono;

TEST(BarSize, TwsSpellingsParseToTheirLength) {
  EXPECT_EQ(BarSize::parse("5 secs")->length(), seconds{5});
  EXPECT_EQ(BarSize::parse("1 min")->length(), minutes{1});
  EXPECT_EQ(BarSize::parse("5 mins")->length(), minutes{5});
  EXPECT_EQ(BarSize::parse("1 hour")->length(), hours{1});
  EXPECT_EQ(BarSize::parse("4 hours")->length(), hours{4});
  EXPECT_EQ(BarSize::parse("1 day")->length(), hours{24});
  EXPECT_TRUE(BarSize::parse("1 day")->is_daily());
  EXPECT_EQ(BarSize::parse("15 mins")->text(), "15 mins");
}

TEST(BarSize, UnknownSpellingFailsNamingTheTextAndTheAcceptedSizes) {
  for (const char* bad : {"5 min", "1 mins", "7 mins", "", "1 week", "5secs", "1 Hour"}) {
    auto r = BarSize::parse(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find(std::string("\"") + bad + "\""), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("\"5 mins\""), std::string::npos);
  }
}

TEST(Bar, EndIsStartPlusLength) {
  Bar b;
  b.start = sys_days{2025y / 1 / 2} + hours{15};
  b.length = minutes{5};
  EXPECT_EQ(b.end(), b.start + minutes{5});
}

TEST(Quote, WithinMaxAgeThenFreshAndOlderThenStale) {
  Quote q;
  q.last = Decimal::from_int(100);
  const Timestamp t0 = sys_days{2025y / 3 / 3} + hours{15};
  q.time = t0;
  EXPECT_TRUE(q.fresh(t0 + seconds{2}, seconds{5}));
  EXPECT_TRUE(q.fresh(t0 + seconds{5}, seconds{5}));
  EXPECT_FALSE(q.fresh(t0 + seconds{6}, seconds{5}));
}

TEST(Quote, WithoutTimeThenNeverFresh) {
  Quote q;
  q.bid = Decimal::from_int(99);
  q.ask = Decimal::from_int(101);
  EXPECT_FALSE(q.fresh(Timestamp{} + seconds{1}, hours{24 * 365 * 100}));
}

TEST(Quote, FromTheFutureBeyondMaxAgeThenNotFresh) {
  Quote q;
  const Timestamp t0 = sys_days{2025y / 3 / 3} + hours{15};
  q.time = t0 + minutes{10};
  EXPECT_FALSE(q.fresh(t0, seconds{5}));
}

TEST(Quote, MidWhenBothSidesElseLast) {
  Quote q;
  q.bid = *Decimal::parse("100.10");
  q.ask = *Decimal::parse("100.20");
  q.last = *Decimal::parse("100.30");
  EXPECT_EQ(q.mid_or_last(), *Decimal::parse("100.15"));
  q.ask = Decimal{};
  EXPECT_EQ(q.mid_or_last(), *Decimal::parse("100.30"));
}

}  // namespace
}  // namespace rt::trading

#include "trading/risk/stop_book.hpp"

#include <gtest/gtest.h>

#include "risk/decimal_literal.hpp"

namespace rt::trading {
namespace {

using namespace std::chrono_literals;
using test::d;

const Timestamp kT0 = Timestamp{std::chrono::seconds{1'710'000'000}};

TEST(StopBook, FixedLongStopTriggersOnceAtOrBelowItsLevel) {
  StopBook stops;
  ASSERT_TRUE(stops.set_fixed("AAPL", PositionSide::Long, d("10"), d("95"), kT0));
  EXPECT_FALSE(stops.on_price("AAPL", d("95.01"), kT0 + 1s, PriceQuality::Fresh));
  const auto exit = stops.on_price("AAPL", d("95"), kT0 + 2s, PriceQuality::Fresh);
  ASSERT_TRUE(exit.has_value());
  EXPECT_EQ(exit->symbol, "AAPL");
  EXPECT_EQ(exit->side, Side::Sell);
  EXPECT_EQ(exit->quantity, d("10"));
  EXPECT_EQ(exit->type, OrderType::Market);
  EXPECT_EQ(exit->purpose, OrderPurpose::Stop);
  EXPECT_EQ(exit->reference_price, d("95"));
  EXPECT_TRUE(validate(*exit));
  EXPECT_TRUE(stops.find("AAPL")->triggered);
  // A triggered stop does not fire a second exit.
  EXPECT_FALSE(stops.on_price("AAPL", d("90"), kT0 + 3s, PriceQuality::Fresh));
}

TEST(StopBook, FixedStopDoesNotTrail) {
  StopBook stops;
  ASSERT_TRUE(stops.set_fixed("AAPL", PositionSide::Long, d("10"), d("95"), kT0));
  EXPECT_FALSE(stops.on_price("AAPL", d("150"), kT0 + 1s, PriceQuality::Fresh));
  EXPECT_EQ(stops.level("AAPL"), d("95"));
}

TEST(StopBook, FixedShortStopTriggersAtOrAboveItsLevelWithABuy) {
  StopBook stops;
  ASSERT_TRUE(stops.set_fixed("TSLA", PositionSide::Short, d("7"), d("210"), kT0));
  EXPECT_FALSE(stops.on_price("TSLA", d("209.99"), kT0 + 1s, PriceQuality::Fresh));
  const auto exit = stops.on_price("TSLA", d("211"), kT0 + 2s, PriceQuality::Fresh);
  ASSERT_TRUE(exit.has_value());
  EXPECT_EQ(exit->side, Side::Buy);
  EXPECT_EQ(exit->quantity, d("7"));
  EXPECT_EQ(exit->purpose, OrderPurpose::Stop);
}

TEST(StopBook, TrailingStopDefaultsToFivePercentBelowTheStartPrice) {
  StopBook stops;
  ASSERT_TRUE(stops.set_trailing("AAPL", PositionSide::Long, d("10"), d("100"), kT0));
  EXPECT_EQ(stops.level("AAPL"), d("95"));
  EXPECT_EQ(stops.find("AAPL")->trail_pct, d("5"));
  EXPECT_EQ(stops.find("AAPL")->water_mark, d("100"));
}

TEST(StopBook, TrailingStopRatchetsUpAndNeverDown) {
  StopBook stops;
  ASSERT_TRUE(stops.set_trailing("AAPL", PositionSide::Long, d("10"), d("100"), kT0));
  EXPECT_FALSE(stops.on_price("AAPL", d("110"), kT0 + 1s, PriceQuality::Fresh));
  EXPECT_EQ(stops.level("AAPL"), d("104.5"));  // 110 x 0.95
  EXPECT_FALSE(stops.on_price("AAPL", d("105"), kT0 + 2s, PriceQuality::Fresh));
  EXPECT_EQ(stops.level("AAPL"), d("104.5"));  // a fall leaves it where it was
  EXPECT_EQ(stops.find("AAPL")->water_mark, d("110"));
  EXPECT_FALSE(stops.on_price("AAPL", d("120"), kT0 + 3s, PriceQuality::Fresh));
  EXPECT_EQ(stops.level("AAPL"), d("114"));  // 120 x 0.95
  EXPECT_FALSE(stops.on_price("AAPL", d("114.01"), kT0 + 4s, PriceQuality::Fresh));
  EXPECT_EQ(stops.level("AAPL"), d("114"));
  const auto exit = stops.on_price("AAPL", d("113.5"), kT0 + 5s, PriceQuality::Fresh);
  ASSERT_TRUE(exit.has_value());
  EXPECT_EQ(exit->side, Side::Sell);
  EXPECT_EQ(exit->reference_price, d("113.5"));
}

TEST(StopBook, ShortTrailingStopRatchetsDownAndNeverUp) {
  StopBook stops;
  ASSERT_TRUE(stops.set_trailing("TSLA", PositionSide::Short, d("4"), d("100"), kT0));
  EXPECT_EQ(stops.level("TSLA"), d("105"));
  EXPECT_FALSE(stops.on_price("TSLA", d("90"), kT0 + 1s, PriceQuality::Fresh));
  EXPECT_EQ(stops.level("TSLA"), d("94.5"));  // 90 x 1.05
  EXPECT_FALSE(stops.on_price("TSLA", d("94"), kT0 + 2s, PriceQuality::Fresh));
  EXPECT_EQ(stops.level("TSLA"), d("94.5"));
  const auto exit = stops.on_price("TSLA", d("94.5"), kT0 + 3s, PriceQuality::Fresh);
  ASSERT_TRUE(exit.has_value());
  EXPECT_EQ(exit->side, Side::Buy);
  EXPECT_EQ(exit->quantity, d("4"));
}

TEST(StopBook, CustomTrailPercentIsUsed) {
  StopBook stops(d("2.5"));
  ASSERT_TRUE(stops.set_trailing("AAPL", PositionSide::Long, d("1"), d("200"), kT0));
  EXPECT_EQ(stops.level("AAPL"), d("195"));
  ASSERT_TRUE(stops.set_trailing("MSFT", PositionSide::Long, d("1"), d("200"), kT0, d("10")));
  EXPECT_EQ(stops.level("MSFT"), d("180"));
}

TEST(StopBook, StalePriceMovesNothingAndDecidesNothing) {
  StopBook stops;
  ASSERT_TRUE(stops.set_trailing("AAPL", PositionSide::Long, d("10"), d("100"), kT0));
  EXPECT_FALSE(stops.on_price("AAPL", d("50"), kT0 + 1s, PriceQuality::Stale));   // would trigger
  EXPECT_FALSE(stops.on_price("AAPL", d("200"), kT0 + 2s, PriceQuality::Stale));  // would ratchet
  EXPECT_EQ(stops.level("AAPL"), d("95"));
  EXPECT_EQ(stops.find("AAPL")->water_mark, d("100"));
  EXPECT_FALSE(stops.find("AAPL")->triggered);
  EXPECT_EQ(stops.ignored_prices(), 2);
}

TEST(StopBook, QuarantinedPriceMovesNothingAndDecidesNothing) {
  StopBook stops;
  ASSERT_TRUE(stops.set_trailing("AAPL", PositionSide::Long, d("10"), d("100"), kT0));
  EXPECT_FALSE(stops.on_price("AAPL", d("50"), kT0 + 1s, PriceQuality::Quarantined));
  EXPECT_FALSE(stops.on_price("AAPL", d("200"), kT0 + 2s, PriceQuality::Quarantined));
  EXPECT_EQ(stops.level("AAPL"), d("95"));
  EXPECT_FALSE(stops.find("AAPL")->triggered);
  EXPECT_EQ(stops.ignored_prices(), 2);
  // The next good price is acted on.
  EXPECT_TRUE(stops.on_price("AAPL", d("94"), kT0 + 3s, PriceQuality::Fresh).has_value());
}

TEST(StopBook, PriceOlderThanTheLastChangeOrNotPositiveIsIgnored) {
  StopBook stops;
  ASSERT_TRUE(stops.set_trailing("AAPL", PositionSide::Long, d("10"), d("100"), kT0));
  EXPECT_FALSE(stops.on_price("AAPL", d("120"), kT0 + 10s, PriceQuality::Fresh));
  EXPECT_FALSE(stops.on_price("AAPL", d("90"), kT0 + 5s, PriceQuality::Fresh));  // late
  EXPECT_FALSE(stops.on_price("AAPL", d("0"), kT0 + 11s, PriceQuality::Fresh));
  EXPECT_FALSE(stops.find("AAPL")->triggered);
  EXPECT_EQ(stops.level("AAPL"), d("114"));
  EXPECT_EQ(stops.ignored_prices(), 2);
}

TEST(StopBook, PriceForASymbolWithoutAStopDoesNothing) {
  StopBook stops;
  EXPECT_FALSE(stops.on_price("AAPL", d("1"), kT0, PriceQuality::Fresh));
  EXPECT_EQ(stops.size(), 0u);
}

TEST(StopBook, InvalidStopsAreRefused) {
  StopBook stops;
  EXPECT_FALSE(stops.set_fixed("", PositionSide::Long, d("1"), d("95"), kT0));
  EXPECT_FALSE(stops.set_fixed("AAPL", PositionSide::Long, d("0"), d("95"), kT0));
  EXPECT_FALSE(stops.set_fixed("AAPL", PositionSide::Long, d("1"), d("-1"), kT0));
  EXPECT_FALSE(stops.set_trailing("AAPL", PositionSide::Long, d("1"), d("0"), kT0));
  EXPECT_FALSE(stops.set_trailing("AAPL", PositionSide::Long, d("1"), d("100"), kT0, d("100")));
  EXPECT_FALSE(stops.set_trailing("AAPL", PositionSide::Long, d("1"), d("100"), kT0, d("0")));
  EXPECT_EQ(stops.size(), 0u);
}

TEST(StopBook, QuantityChangeAndRemove) {
  StopBook stops;
  ASSERT_TRUE(stops.set_fixed("AAPL", PositionSide::Long, d("10"), d("95"), kT0));
  ASSERT_TRUE(stops.set_quantity("AAPL", d("4")));
  EXPECT_FALSE(stops.set_quantity("MSFT", d("4")));
  EXPECT_FALSE(stops.set_quantity("AAPL", d("0")));
  EXPECT_EQ(stops.on_price("AAPL", d("94"), kT0 + 1s, PriceQuality::Fresh)->quantity, d("4"));
  EXPECT_TRUE(stops.remove("AAPL"));
  EXPECT_FALSE(stops.remove("AAPL"));
  EXPECT_FALSE(stops.level("AAPL").has_value());
}

TEST(StopBook, StateRoundTripGivesIdenticalLevelsAndBehaviour) {
  StopBook stops;
  ASSERT_TRUE(stops.set_trailing("AAPL", PositionSide::Long, d("10"), d("100"), kT0));
  ASSERT_TRUE(stops.set_trailing("TSLA", PositionSide::Short, d("3"), d("250"), kT0, d("3")));
  ASSERT_TRUE(stops.set_fixed("MSFT", PositionSide::Long, d("5"), d("401.37"), kT0));
  ASSERT_TRUE(stops.set_fixed("NVDA", PositionSide::Long, d("2"), d("800"), kT0));
  EXPECT_FALSE(stops.on_price("AAPL", d("123.45"), kT0 + 1s, PriceQuality::Fresh));
  EXPECT_FALSE(stops.on_price("TSLA", d("231.17"), kT0 + 2s, PriceQuality::Fresh));
  EXPECT_TRUE(stops.on_price("NVDA", d("799"), kT0 + 3s, PriceQuality::Fresh));

  const auto saved = stops.state();
  ASSERT_EQ(saved.size(), 4u);
  auto restored = StopBook::restore(saved);
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ(restored->state(), saved);
  EXPECT_EQ(restored->level("AAPL"), d("117.2775"));     // 123.45 x 0.95
  EXPECT_EQ(restored->level("TSLA"), d("238.1051"));     // 231.17 x 1.03
  EXPECT_EQ(restored->level("MSFT"), d("401.37"));
  EXPECT_TRUE(restored->find("NVDA")->triggered);

  // Both books answer the same prices the same way.
  for (const char* p : {"130", "125", "123.5", "117.2775"}) {
    const auto a = stops.on_price("AAPL", d(p), kT0 + 10s, PriceQuality::Fresh);
    const auto b = restored->on_price("AAPL", d(p), kT0 + 10s, PriceQuality::Fresh);
    EXPECT_EQ(a, b) << p;
    EXPECT_EQ(stops.level("AAPL"), restored->level("AAPL")) << p;
  }
  EXPECT_EQ(stops.state(), restored->state());
  EXPECT_FALSE(restored->on_price("NVDA", d("700"), kT0 + 20s, PriceQuality::Fresh));
}

TEST(StopBook, RestoreRefusesInconsistentState) {
  StopState good{"AAPL", PositionSide::Long, d("10"), StopKind::Trailing, d("95"), d("5"), d("100"), false, kT0};
  EXPECT_TRUE(StopBook::restore({good}));
  EXPECT_FALSE(StopBook::restore({good, good}));
  auto no_water = good;
  no_water.water_mark = d("0");
  EXPECT_FALSE(StopBook::restore({no_water}));
  auto bad_pct = good;
  bad_pct.trail_pct = d("0");
  EXPECT_FALSE(StopBook::restore({bad_pct}));
  auto bad_level = good;
  bad_level.level = d("0");
  const auto r = StopBook::restore({bad_level});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("AAPL"), std::string::npos);
  auto bad_qty = good;
  bad_qty.quantity = d("-1");
  EXPECT_FALSE(StopBook::restore({bad_qty}));
}

}  // namespace
}  // namespace rt::trading

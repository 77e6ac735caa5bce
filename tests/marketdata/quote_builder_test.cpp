// Tick -> Quote mapping: live and delayed tick types feed the same fields, "no price" clears a
// side, sizes from TICK_PRICE and TICK_SIZE, the receive time on every change, and ignored ticks.
#include "ib/market_data/quote_builder.hpp"

#include <gtest/gtest.h>

namespace rt::ib {
namespace {

using namespace std::chrono_literals;

Decimal d(const char* text) { return *Decimal::parse(text); }
Timestamp at(int seconds) { return Timestamp{std::chrono::seconds{seconds}}; }

tws::TickPrice price(int type, const char* p, const char* size = "0") {
  tws::TickPrice t;
  t.req_id = 7;
  t.tick_type = type;
  t.price = d(p);
  t.size = d(size);
  return t;
}
tws::TickSize size_tick(int type, const char* s) {
  tws::TickSize t;
  t.req_id = 7;
  t.tick_type = type;
  t.size = d(s);
  return t;
}

TEST(TickMapping, LiveAndDelayedTickTypesMapToTheSameFields) {
  const std::pair<int, int> pairs[] = {{1, 66}, {2, 67}, {4, 68}, {0, 69}, {3, 70}, {5, 71}, {6, 72},
                                       {7, 73}, {8, 74}, {9, 75}, {14, 76}, {45, 88}, {49, 90}};
  for (auto [live, delayed] : pairs) {
    EXPECT_EQ(map_tick_type(live).field, map_tick_type(delayed).field) << live << " vs " << delayed;
    EXPECT_NE(map_tick_type(live).field, QuoteField::kNone) << live;
    EXPECT_FALSE(map_tick_type(live).delayed) << live;
    EXPECT_TRUE(map_tick_type(delayed).delayed) << delayed;
  }
  EXPECT_EQ(map_tick_type(1).field, QuoteField::kBid);
  EXPECT_EQ(map_tick_type(66).field, QuoteField::kBid);
  EXPECT_EQ(map_tick_type(67).field, QuoteField::kAsk);
  EXPECT_EQ(map_tick_type(68).field, QuoteField::kLast);
  EXPECT_EQ(map_tick_type(99).field, QuoteField::kNone);
  EXPECT_EQ(map_tick_type(48).field, QuoteField::kNone);
}

TEST(QuoteBuilder, BidAskLastTicksBuildAQuoteStampedWithTheReceiveTime) {
  QuoteBuilder b;
  EXPECT_TRUE(b.on_tick(price(1, "150.10"), at(100)));
  EXPECT_TRUE(b.on_tick(size_tick(0, "300"), at(101)));
  EXPECT_TRUE(b.on_tick(price(2, "150.12", "200"), at(102)));
  EXPECT_TRUE(b.on_tick(price(4, "150.11", "50"), at(103)));
  const auto& q = b.quote();
  EXPECT_EQ(q.bid, d("150.10"));
  EXPECT_EQ(q.bid_size, d("300"));
  EXPECT_EQ(q.ask, d("150.12"));
  EXPECT_EQ(q.ask_size, d("200"));
  EXPECT_EQ(q.last, d("150.11"));
  EXPECT_EQ(q.last_size, d("50"));
  EXPECT_EQ(q.time, at(103));
  EXPECT_TRUE(q.has_two_sides());
  EXPECT_TRUE(q.fresh(at(104), 5s));
  EXPECT_FALSE(q.fresh(at(200), 5s));
  EXPECT_FALSE(b.state().delayed);
  EXPECT_EQ(b.ticks(), 4U);
}

TEST(QuoteBuilder, DelayedTicksFillTheSameQuoteAndMarkItDelayed) {
  QuoteBuilder b;
  EXPECT_TRUE(b.on_tick(price(66, "99.50"), at(1)));
  EXPECT_TRUE(b.on_tick(price(67, "99.60"), at(2)));
  EXPECT_TRUE(b.on_tick(price(68, "99.55"), at(3)));
  EXPECT_TRUE(b.on_tick(size_tick(69, "10"), at(4)));
  EXPECT_TRUE(b.on_tick(size_tick(70, "20"), at(5)));
  EXPECT_TRUE(b.on_tick(size_tick(71, "5"), at(6)));
  EXPECT_FALSE(b.on_tick(price(72, "101"), at(7)));  // high: not a Quote field
  EXPECT_FALSE(b.on_tick(size_tick(74, "123456"), at(8)));
  const auto& s = b.state();
  EXPECT_TRUE(s.delayed);
  EXPECT_EQ(s.quote.bid, d("99.50"));
  EXPECT_EQ(s.quote.ask, d("99.60"));
  EXPECT_EQ(s.quote.last, d("99.55"));
  EXPECT_EQ(s.quote.bid_size, d("10"));
  EXPECT_EQ(s.quote.ask_size, d("20"));
  EXPECT_EQ(s.quote.last_size, d("5"));
  EXPECT_EQ(s.high, d("101"));
  EXPECT_EQ(s.volume, d("123456"));
  EXPECT_EQ(s.quote.time, at(6));  // day statistics do not refresh the quote time
}

TEST(QuoteBuilder, MinusOnePriceClearsTheSideAndAnUnchangedTickChangesNothing) {
  QuoteBuilder b;
  ASSERT_TRUE(b.on_tick(price(1, "10.00"), at(1)));
  ASSERT_TRUE(b.on_tick(price(2, "10.02"), at(1)));
  EXPECT_FALSE(b.on_tick(price(1, "10.00"), at(5)));
  EXPECT_EQ(b.quote().time, at(1));
  EXPECT_TRUE(b.on_tick(price(1, "-1"), at(6)));
  EXPECT_TRUE(b.quote().bid.is_zero());
  EXPECT_FALSE(b.quote().has_two_sides());
  EXPECT_EQ(b.quote().mid_or_last(), Decimal{});
}

TEST(QuoteBuilder, ZeroSizeOnAPriceTickKeepsTheSeparateSize) {
  QuoteBuilder b;
  b.on_tick(size_tick(0, "700"), at(1));
  b.on_tick(price(1, "20.00", "0"), at(2));
  EXPECT_EQ(b.quote().bid_size, d("700"));
}

TEST(QuoteBuilder, StringAndGenericTicksSetTradeTimeAndHalt) {
  QuoteBuilder b;
  tws::TickString ts;
  ts.tick_type = 45;
  ts.value = "1736951400";
  EXPECT_FALSE(b.on_tick(ts, at(1)));
  ASSERT_TRUE(b.state().last_trade_time.has_value());
  EXPECT_EQ(epoch_seconds(*b.state().last_trade_time), 1736951400);
  ts.tick_type = 88;
  ts.value = "not a time";
  EXPECT_FALSE(b.on_tick(ts, at(2)));
  EXPECT_EQ(epoch_seconds(*b.state().last_trade_time), 1736951400);
  tws::TickGeneric g;
  g.tick_type = 49;
  g.value = 1;
  b.on_tick(g, at(3));
  EXPECT_TRUE(b.state().halted);
  g.value = 0;
  b.on_tick(g, at(4));
  EXPECT_FALSE(b.state().halted);
  EXPECT_EQ(b.ignored_ticks(), 1U);
}

TEST(QuoteBuilder, ApplyTakesTickMessagesOnly) {
  QuoteBuilder b;
  tws::Response tick = price(4, "5.5", "1");
  tws::Response other = tws::TickSnapshotEnd{7};
  EXPECT_TRUE(b.apply(tick, at(1)));
  EXPECT_FALSE(b.apply(other, at(2)));
  EXPECT_EQ(b.quote().last, d("5.5"));
  EXPECT_EQ(b.ticks(), 1U);
}

}  // namespace
}  // namespace rt::ib

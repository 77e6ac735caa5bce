#include "trading/portfolio/ledger.hpp"

#include <gtest/gtest.h>

#include "fill_fixture.hpp"

namespace rt::trading {
namespace {

using testing::d;
using testing::fill;

using namespace std::chrono_literals;

TEST(Ledger, BuyOpensLongLotAndReducesCashByCostAndCommission) {
  Ledger ledger(d("10000"));
  ASSERT_TRUE(ledger.apply(fill("e1", "AAPL", Side::Buy, "10", "100", "1")));
  EXPECT_EQ(ledger.cash(), d("8999"));
  EXPECT_EQ(ledger.quantity("AAPL"), d("10"));
  EXPECT_EQ(ledger.realized("AAPL"), d("-1"));
  EXPECT_EQ(ledger.commissions(), d("1"));
  auto lots = ledger.lots("AAPL");
  ASSERT_EQ(lots.size(), 1u);
  EXPECT_EQ(lots[0].quantity, d("10"));
  EXPECT_EQ(lots[0].price, d("100"));
  EXPECT_EQ(lots[0].exec_id, "e1");
}

TEST(Ledger, PartialCloseAcrossSeveralLotsRealizesFifo) {
  Ledger ledger(d("10000"));
  ASSERT_TRUE(ledger.apply(fill("e1", "AAPL", Side::Buy, "10", "100", "1")));
  ASSERT_TRUE(ledger.apply(fill("e2", "AAPL", Side::Buy, "20", "110", "1")));
  auto delta = ledger.apply(fill("e3", "AAPL", Side::Sell, "25", "120", "2"));
  ASSERT_TRUE(delta);
  // lot 1: 10 x (120 - 100) = 200; lot 2: 15 x (120 - 110) = 150; minus 2 commission.
  ASSERT_EQ(delta->closes.size(), 2u);
  EXPECT_EQ(delta->closes[0].realized, d("200"));
  EXPECT_EQ(delta->closes[0].remaining, d("0"));
  EXPECT_EQ(delta->closes[1].realized, d("150"));
  EXPECT_EQ(delta->closes[1].remaining, d("5"));
  EXPECT_FALSE(delta->opened.has_value());
  EXPECT_EQ(delta->realized, d("348"));
  EXPECT_EQ(ledger.realized("AAPL"), d("346"));  // -1 -1 +348
  EXPECT_EQ(ledger.cash(), d("9796"));           // 10000 - 1001 - 2201 + 2998
  EXPECT_EQ(ledger.quantity("AAPL"), d("5"));
  EXPECT_EQ(ledger.position("AAPL")->avg_cost, d("110"));
  ASSERT_EQ(ledger.lots("AAPL").size(), 1u);
  EXPECT_EQ(ledger.lots("AAPL")[0].exec_id, "e2");

  ledger.mark("AAPL", d("130"));
  EXPECT_EQ(ledger.unrealized("AAPL"), d("100"));  // 5 x (130 - 110)
  EXPECT_EQ(ledger.market_value(), d("650"));
  EXPECT_EQ(ledger.equity(), d("10446"));
  EXPECT_EQ(ledger.equity() - d("10000"), ledger.realized() + ledger.unrealized());
}

TEST(Ledger, OneFillFlipsLongToShortAndBack) {
  Ledger ledger(d("10000"));
  ASSERT_TRUE(ledger.apply(fill("e1", "MSFT", Side::Buy, "100", "50", "1")));
  auto flip = ledger.apply(fill("e2", "MSFT", Side::Sell, "150", "55", "1.5"));
  ASSERT_TRUE(flip);
  ASSERT_EQ(flip->closes.size(), 1u);
  EXPECT_EQ(flip->closes[0].realized, d("500"));
  ASSERT_TRUE(flip->opened.has_value());
  EXPECT_EQ(flip->opened->quantity, d("-50"));
  EXPECT_EQ(flip->opened->price, d("55"));
  EXPECT_EQ(ledger.quantity("MSFT"), d("-50"));
  EXPECT_EQ(ledger.realized("MSFT"), d("497.5"));
  EXPECT_EQ(ledger.cash(), d("13247.5"));

  ledger.mark("MSFT", d("52"));
  EXPECT_EQ(ledger.unrealized("MSFT"), d("150"));  // short 50 from 55, now 52
  EXPECT_EQ(ledger.market_value(), d("-2600"));
  EXPECT_EQ(ledger.equity(), d("10647.5"));

  ASSERT_TRUE(ledger.apply(fill("e3", "MSFT", Side::Buy, "70", "50", "1")));
  EXPECT_EQ(ledger.quantity("MSFT"), d("20"));
  EXPECT_EQ(ledger.realized("MSFT"), d("746.5"));  // + 50 x (55 - 50) - 1
  EXPECT_EQ(ledger.cash(), d("9746.5"));
  EXPECT_EQ(ledger.equity(), d("10746.5"));
  ASSERT_EQ(ledger.lots("MSFT").size(), 1u);
  EXPECT_EQ(ledger.lots("MSFT")[0].quantity, d("20"));
}

TEST(Ledger, ShortLotsCloseFifoWithShortSidedPnl) {
  Ledger ledger(d("0"));
  ASSERT_TRUE(ledger.apply(fill("s1", "TSLA", Side::Sell, "10", "20")));
  ASSERT_TRUE(ledger.apply(fill("s2", "TSLA", Side::Sell, "10", "22")));
  ASSERT_TRUE(ledger.apply(fill("b1", "TSLA", Side::Buy, "15", "21")));
  // lot s1: -10 from 20 bought back at 21 = -10; lot s2: 5 from 22 at 21 = +5.
  EXPECT_EQ(ledger.realized("TSLA"), d("-5"));
  EXPECT_EQ(ledger.quantity("TSLA"), d("-5"));
  EXPECT_EQ(ledger.lots("TSLA")[0].price, d("22"));
  EXPECT_EQ(ledger.cash(), d("105"));  // +200 +220 -315
}

TEST(Ledger, RoundTripCostsExactlyTheCommissions) {
  Ledger ledger(d("1000"));
  ASSERT_TRUE(ledger.apply(fill("e1", "X", Side::Buy, "10", "10", "1")));
  ASSERT_TRUE(ledger.apply(fill("e2", "X", Side::Sell, "10", "10", "1")));
  EXPECT_EQ(ledger.realized(), d("-2"));
  EXPECT_EQ(ledger.cash(), d("998"));
  EXPECT_TRUE(ledger.lots("X").empty());
  EXPECT_EQ(ledger.position("X")->quantity, d("0"));
  EXPECT_EQ(ledger.position("X")->avg_cost, d("0"));
  EXPECT_EQ(ledger.equity(), d("998"));
}

TEST(Ledger, DecimalPricesSumExactly) {
  Ledger ledger(d("0"));
  ASSERT_TRUE(ledger.apply(fill("e1", "X", Side::Buy, "1", "0.1")));
  ASSERT_TRUE(ledger.apply(fill("e2", "X", Side::Buy, "1", "0.2")));
  ASSERT_TRUE(ledger.apply(fill("e3", "X", Side::Sell, "2", "0.3")));
  EXPECT_EQ(ledger.realized().to_string(), "0.3");
  EXPECT_EQ(ledger.cash().to_string(), "0.3");
}

TEST(Ledger, DuplicateExecIdIsCountedOnce) {
  Ledger ledger(d("1000"));
  ASSERT_TRUE(ledger.apply(fill("e1", "X", Side::Buy, "10", "10")));
  auto again = ledger.apply(fill("e1", "X", Side::Buy, "10", "10"));
  EXPECT_FALSE(again);
  EXPECT_EQ(ledger.quantity("X"), d("10"));
  EXPECT_EQ(ledger.cash(), d("900"));
  EXPECT_EQ(ledger.duplicate_fills(), 1);
}

TEST(Ledger, InvalidFillIsRefusedAndChangesNothing) {
  Ledger ledger(d("1000"));
  auto before = ledger.state();
  EXPECT_FALSE(ledger.apply(fill("e1", "X", Side::Buy, "0", "10")));
  EXPECT_FALSE(ledger.apply(fill("e2", "X", Side::Buy, "1", "-1")));
  EXPECT_FALSE(ledger.apply(fill("e3", "X", Side::Buy, "1", "10", "-0.5")));
  EXPECT_FALSE(ledger.apply(fill("", "X", Side::Buy, "1", "10")));
  EXPECT_FALSE(ledger.apply(fill("e4", "", Side::Buy, "1", "10")));
  EXPECT_EQ(ledger.state(), before);
  EXPECT_EQ(ledger.duplicate_fills(), 0);
}

TEST(Ledger, PreviewDoesNotChangeStateUntilCommitted) {
  Ledger ledger(d("1000"));
  auto before = ledger.state();
  auto delta = ledger.preview(fill("e1", "X", Side::Buy, "10", "10"));
  ASSERT_TRUE(delta);
  EXPECT_EQ(ledger.state(), before);
  EXPECT_EQ(delta->cash_after, d("900"));
  ledger.commit(*delta);
  EXPECT_EQ(ledger.cash(), d("900"));
  EXPECT_TRUE(ledger.has_fill("e1"));
}

TEST(Ledger, SnapshotReportsEquityCashRealizedUnrealized) {
  Ledger ledger(d("10000"));
  ASSERT_TRUE(ledger.apply(fill("e1", "AAPL", Side::Buy, "10", "100", "1")));
  ledger.mark("AAPL", d("105.5"));
  auto snap = ledger.snapshot(std::chrono::year{2024} / 3 / 15);
  EXPECT_EQ(snap.cash, d("8999"));
  EXPECT_EQ(snap.realized, d("-1"));
  EXPECT_EQ(snap.unrealized, d("55"));
  EXPECT_EQ(snap.equity, d("10054"));
  EXPECT_EQ(snap.date, std::chrono::year{2024} / 3 / 15);
}

TEST(Ledger, RestoredFromStateEqualsOriginal) {
  Ledger ledger(d("5000"));
  ASSERT_TRUE(ledger.apply(fill("e1", "A", Side::Buy, "10", "10", "1")));
  ASSERT_TRUE(ledger.apply(fill("e2", "B", Side::Sell, "5", "20", "1")));
  ASSERT_TRUE(ledger.apply(fill("e3", "A", Side::Buy, "5", "12", "1")));
  auto restored = Ledger::restore(ledger.state());
  ASSERT_TRUE(restored);
  EXPECT_EQ(restored->state(), ledger.state());
  EXPECT_EQ(restored->equity(), ledger.equity());
  EXPECT_TRUE(restored->has_fill("e2"));
}

TEST(Ledger, RestoreRejectsLotsThatDoNotSumToThePosition) {
  Ledger ledger(d("5000"));
  ASSERT_TRUE(ledger.apply(fill("e1", "A", Side::Buy, "10", "10")));
  auto state = ledger.state();
  state.positions["A"].quantity = d("11");
  auto restored = Ledger::restore(state);
  ASSERT_FALSE(restored);
  EXPECT_NE(restored.error().message.find("differs from its lots"), std::string::npos);
}

}  // namespace
}  // namespace rt::trading

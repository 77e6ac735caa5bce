// The ledger under instrument terms: futures settle only their P&L, everything scales by the
// multiplier, and equity - starting cash == realized + unrealized holds throughout.
#include <gtest/gtest.h>

#include "fill_fixture.hpp"
#include "trading/portfolio/ledger.hpp"

namespace rt::trading {
namespace {

using testing::d;
using testing::fill;

const ValueTerms kEs{Decimal::from_int(50), false};

void expect_identity(const Ledger& l, Decimal start) {
  EXPECT_EQ(l.equity() - start, l.realized() + l.unrealized());
}

TEST(LedgerInstruments, OpeningAFutureMovesNoCashButItsCommission) {
  Ledger l(d("100000"));
  ASSERT_TRUE(l.define("ES.FUT.CME", kEs));
  ASSERT_TRUE(l.apply(fill("e1", "ES.FUT.CME", Side::Buy, "2", "5000.25", "4.20")));
  EXPECT_EQ(l.cash(), d("99995.80"));
  EXPECT_EQ(l.market_value(), d("0"));  // marked at its own fill price
  EXPECT_EQ(l.equity(), d("99995.80"));
  expect_identity(l, d("100000"));
}

TEST(LedgerInstruments, AFuturesRoundTripBooksTicksTimesMultiplier) {
  // Hand computation: 2 ES long 5000.25 -> 5010.75 is 10.5 points x 50 x 2 = 1050.00 gross,
  // less 2 x 2.10 commission each way = 8.40: 1041.60.
  Ledger l(d("100000"));
  ASSERT_TRUE(l.define("ES.FUT.CME", kEs));
  ASSERT_TRUE(l.apply(fill("e1", "ES.FUT.CME", Side::Buy, "2", "5000.25", "4.20")));
  l.mark("ES.FUT.CME", d("5004.00"));
  EXPECT_EQ(l.unrealized(), d("375"));  // 3.75 x 50 x 2
  EXPECT_EQ(l.market_value(), d("375"));
  expect_identity(l, d("100000"));
  ASSERT_TRUE(l.apply(fill("e2", "ES.FUT.CME", Side::Sell, "2", "5010.75", "4.20")));
  EXPECT_EQ(l.realized(), d("1041.60"));
  EXPECT_EQ(l.cash(), d("101041.60"));
  EXPECT_EQ(l.market_value(), d("0"));
  expect_identity(l, d("100000"));
}

TEST(LedgerInstruments, AShortFutureGainsWhenThePriceFalls) {
  Ledger l(d("50000"));
  ASSERT_TRUE(l.define("CLF27", {Decimal::from_int(1000), false}));
  ASSERT_TRUE(l.apply(fill("e1", "CLF27", Side::Sell, "1", "70.00", "0")));
  l.mark("CLF27", d("69.25"));
  EXPECT_EQ(l.unrealized(), d("750"));
  ASSERT_TRUE(l.apply(fill("e2", "CLF27", Side::Buy, "3", "69.50", "0")));  // flip to 2 long
  EXPECT_EQ(l.realized(), d("500"));
  EXPECT_EQ(l.quantity("CLF27"), d("2"));
  EXPECT_EQ(l.cash(), d("50500"));
  l.mark("CLF27", d("70.00"));
  EXPECT_EQ(l.unrealized(), d("1000"));
  expect_identity(l, d("50000"));
}

TEST(LedgerInstruments, ANotionalInstrumentWithAMultiplierPaysItsWholeValue) {
  Ledger l(d("100000"));
  ASSERT_TRUE(l.define("XYZ", {Decimal::from_int(100), true}));
  ASSERT_TRUE(l.apply(fill("e1", "XYZ", Side::Buy, "3", "2.50", "1")));
  EXPECT_EQ(l.cash(), d("99249"));
  l.mark("XYZ", d("3.00"));
  EXPECT_EQ(l.market_value(), d("900"));
  EXPECT_EQ(l.unrealized(), d("150"));
  expect_identity(l, d("100000"));
}

TEST(LedgerInstruments, StocksKeepMultiplierOneWithoutADefinition) {
  Ledger l(d("1000"));
  EXPECT_EQ(l.terms("AAPL"), ValueTerms{});
  ASSERT_TRUE(l.apply(fill("e1", "AAPL", Side::Buy, "2", "100", "0")));
  EXPECT_EQ(l.cash(), d("800"));
}

TEST(LedgerInstruments, TermsCannotChangeUnderAnOpenPosition) {
  Ledger l(d("100000"));
  ASSERT_TRUE(l.define("ES.FUT.CME", kEs));
  ASSERT_TRUE(l.apply(fill("e1", "ES.FUT.CME", Side::Buy, "1", "5000", "0")));
  EXPECT_FALSE(l.define("ES.FUT.CME", {Decimal::from_int(5), false}));
  EXPECT_TRUE(l.define("ES.FUT.CME", kEs));  // the same terms again are fine
  EXPECT_FALSE(l.define("NQ.FUT.CME", {Decimal{}, false}));
}

TEST(LedgerInstruments, ARestoredFuturesBookIsValuedOnceItsTermsAreDefinedAgain) {
  Ledger l(d("100000"));
  ASSERT_TRUE(l.define("ES.FUT.CME", kEs));
  ASSERT_TRUE(l.apply(fill("e1", "ES.FUT.CME", Side::Buy, "1", "5000", "0")));
  l.mark("ES.FUT.CME", d("5002"));
  auto back = Ledger::restore(l.state());
  ASSERT_TRUE(back);
  ASSERT_TRUE(back->define("ES.FUT.CME", kEs));
  EXPECT_EQ(back->equity(), l.equity());
  EXPECT_EQ(back->equity(), d("100100"));
}

}  // namespace
}  // namespace rt::trading

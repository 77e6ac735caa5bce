#include <gtest/gtest.h>

#include "trading/instrument/instrument_name.hpp"

namespace rt::trading {
namespace {

using namespace std::chrono;
constexpr year_month_day kToday{year{2026}, December, day{7}};

Instrument parsed(std::string_view name) {
  auto i = parse_instrument(name, kToday);
  EXPECT_TRUE(i.has_value()) << (i ? "" : i.error().message);
  return i ? *i : Instrument{};
}

std::string refusal(std::string_view name) {
  auto i = parse_instrument(name, kToday);
  EXPECT_FALSE(i.has_value()) << name << " was accepted";
  return i ? "" : i.error().message;
}

TEST(InstrumentName, APlainTickerIsAUsStockOnSmart) {
  const auto i = parsed("AAPL");
  EXPECT_EQ(i.type, SecType::kStock);
  EXPECT_EQ(i.symbol, "AAPL");
  EXPECT_EQ(i.exchange, "SMART");
  EXPECT_EQ(i.currency, "USD");
  EXPECT_EQ(i.multiplier, Decimal::from_int(1));
  EXPECT_TRUE(i.pays_notional());
}

TEST(InstrumentName, AShareClassWithADotStaysAStock) {
  const auto i = parsed("BRK.B");
  EXPECT_EQ(i.type, SecType::kStock);
  EXPECT_EQ(i.symbol, "BRK.B");
}

TEST(InstrumentName, ABareFutureRootIsStillAStockTicker) {
  EXPECT_EQ(parsed("CL").type, SecType::kStock);  // Colgate-Palmolive, not crude oil
}

TEST(InstrumentName, AStockCanNameItsExchangeAndCurrency) {
  const auto i = parsed("SHOP.STK.TSE.CAD");
  EXPECT_EQ(i.type, SecType::kStock);
  EXPECT_EQ(i.symbol, "SHOP");
  EXPECT_EQ(i.exchange, "TSE");
  EXPECT_EQ(i.currency, "CAD");
  EXPECT_EQ(i.name, "SHOP.STK.TSE.CAD");
}

TEST(InstrumentName, AFutureRootNamesTheFrontMonthWithTheExchangesTerms) {
  const auto i = parsed("ES.FUT.CME");
  EXPECT_EQ(i.type, SecType::kFuture);
  EXPECT_EQ(i.symbol, "ES");
  EXPECT_EQ(i.exchange, "CME");
  EXPECT_EQ(i.multiplier, Decimal::from_int(50));
  EXPECT_EQ(i.tick_size, *Decimal::parse("0.25"));
  EXPECT_TRUE(i.is_continuous_future());
  EXPECT_FALSE(i.pays_notional());
  EXPECT_EQ(parsed("ES.FUT").exchange, "CME");
  EXPECT_EQ(parsed("ZN.FUT.CBOT").tick_size, *Decimal::parse("0.015625"));
  EXPECT_EQ(parsed("MYM.FUT.CBOT").multiplier, *Decimal::parse("0.5"));
}

TEST(InstrumentName, AMonthCodeNamesOneContractAndItsYear) {
  const auto z6 = parsed("ESZ6");
  EXPECT_EQ(z6.type, SecType::kFuture);
  EXPECT_EQ(z6.symbol, "ES");
  EXPECT_EQ(z6.local_symbol, "ESZ6");
  EXPECT_EQ(z6.contract_month, "202612");
  EXPECT_FALSE(z6.is_continuous_future());
  EXPECT_EQ(parsed("ESH7").contract_month, "202703");
  EXPECT_EQ(parsed("ESZ5").contract_month, "202512");  // last year's, for history
  EXPECT_EQ(parsed("ESM4").contract_month, "203406");
  EXPECT_EQ(parsed("CLF27").contract_month, "202701");
  EXPECT_EQ(parsed("CLF27").multiplier, Decimal::from_int(1000));
}

TEST(InstrumentName, AMonthTheFutureDoesNotListIsRefusedWithTheListedMonths) {
  const auto why = refusal("ESF7");
  EXPECT_NE(why.find("H M U Z"), std::string::npos) << why;
  EXPECT_NE(why.find("not F"), std::string::npos) << why;
}

TEST(InstrumentName, AnUnknownFutureNeedsItsExchange) {
  const auto why = refusal("XYZ.FUT");
  EXPECT_NE(why.find("XYZ.FUT.EXCHANGE"), std::string::npos) << why;
  const auto i = parsed("XYZ.FUT.EUREX");
  EXPECT_EQ(i.exchange, "EUREX");
}

TEST(InstrumentName, AKnownFutureOnTheWrongExchangeIsRefused) {
  const auto why = refusal("ES.FUT.NYMEX");
  EXPECT_NE(why.find("ES trades on CME"), std::string::npos) << why;
}

TEST(InstrumentName, ACurrencyPairIsIdealproCashPricedInTheQuoteCurrency) {
  const auto i = parsed("EUR.USD");
  EXPECT_EQ(i.type, SecType::kCash);
  EXPECT_EQ(i.symbol, "EUR");
  EXPECT_EQ(i.currency, "USD");
  EXPECT_EQ(i.exchange, "IDEALPRO");
  EXPECT_EQ(i.tick_size, *Decimal::parse("0.00005"));
  EXPECT_TRUE(i.pays_notional());
  EXPECT_EQ(parsed("USD.JPY").tick_size, *Decimal::parse("0.005"));
  EXPECT_EQ(parsed("EUR.CASH.IDEALPRO.USD").currency, "USD");
}

TEST(InstrumentName, BadNamesSayWhatIsWrongAndShowTheForms) {
  EXPECT_NE(refusal("EUR.USX").find("USX is not"), std::string::npos);
  EXPECT_NE(refusal("EUR.EUR").find("two different"), std::string::npos);
  EXPECT_NE(refusal("aapl").find("upper case"), std::string::npos);
  EXPECT_NE(refusal("ES..CME").find("empty field"), std::string::npos);
  EXPECT_NE(refusal("ES.OPT.CME").find("STK, FUT or CASH"), std::string::npos);
  EXPECT_NE(refusal("A.B.C").find("second field"), std::string::npos);
  EXPECT_NE(refusal("").find("empty"), std::string::npos);
  for (const auto* bad : {"EUR.USX", "ES.OPT.CME", "A.B.C"}) {
    EXPECT_NE(refusal(bad).find("ES.FUT.CME"), std::string::npos) << bad;
  }
}

TEST(InstrumentName, QuantitiesRoundDownToTheIncrement) {
  Instrument i = parsed("EUR.USD");
  i.quantity_increment = Decimal::from_int(1000);
  EXPECT_EQ(i.round_quantity(Decimal::from_int(25'999)), Decimal::from_int(25'000));
  EXPECT_EQ(parsed("AAPL").round_quantity(*Decimal::parse("10.7")), Decimal::from_int(10));
}

TEST(InstrumentName, ValueIsPriceTimesQuantityTimesMultiplier) {
  EXPECT_EQ(parsed("ES.FUT.CME").value(*Decimal::parse("5000.25"), Decimal::from_int(2)),
            *Decimal::parse("500025"));
}

}  // namespace
}  // namespace rt::trading

// What robotrader sends TWS for each kind of instrument: the contract block of a name, the front
// month among a future's listed months, the history a pair is asked for, and placeOrder carrying
// the resolved contract rather than a stock guessed from the name.
#include "ib/market_data/instrument_contract.hpp"

#include <gtest/gtest.h>

#include "ib/broker/place_order_builder.hpp"
#include "trading/instrument/instrument_name.hpp"
#include "tws/messages/codec.hpp"

namespace rt::ib {
namespace {

using namespace std::chrono;

constexpr year_month_day kToday{year{2026}, month{12}, day{7}};

trading::Instrument named(const char* name) {
  auto i = trading::parse_instrument(name, kToday);
  EXPECT_TRUE(i) << name << ": " << (i ? "" : i.error().message);
  return i ? *i : trading::Instrument{};
}

tws::ContractDetails month_detail(const char* local, const char* last_trade) {
  tws::ContractDetails d;
  d.contract.symbol = "ES";
  d.contract.sec_type = "FUT";
  d.contract.local_symbol = local;
  d.contract.last_trade_date_or_contract_month = last_trade;
  return d;
}

TEST(InstrumentContract, APlainTickerIsAStockRoutedSmartInDollars) {
  const auto c = contract_for(named("AAPL"));
  EXPECT_EQ(c.symbol, "AAPL");
  EXPECT_EQ(c.sec_type, "STK");
  EXPECT_EQ(c.exchange, "SMART");
  EXPECT_EQ(c.currency, "USD");
  EXPECT_EQ(c.primary_exchange, "");
}

TEST(InstrumentContract, ANamedStockExchangeBecomesThePrimaryExchangeInItsCurrency) {
  const auto c = contract_for(named("SHOP.STK.TSE.CAD"));
  EXPECT_EQ(c.sec_type, "STK");
  EXPECT_EQ(c.exchange, "SMART");
  EXPECT_EQ(c.primary_exchange, "TSE");
  EXPECT_EQ(c.currency, "CAD");
}

TEST(InstrumentContract, AFutureMonthNamesRootExchangeMonthAndMultiplier) {
  const auto c = contract_for(named("ESZ6"));
  EXPECT_EQ(c.symbol, "ES");
  EXPECT_EQ(c.sec_type, "FUT");
  EXPECT_EQ(c.exchange, "CME");
  EXPECT_EQ(c.last_trade_date_or_contract_month, "202612");
  EXPECT_EQ(c.local_symbol, "ESZ6");
  EXPECT_EQ(c.multiplier, "50");
}

TEST(InstrumentContract, AFutureWithoutAMonthAsksForEveryListedMonth) {
  const auto c = contract_for(named("ES.FUT.CME"));
  EXPECT_EQ(c.sec_type, "FUT");
  EXPECT_EQ(c.last_trade_date_or_contract_month, "");
  EXPECT_EQ(c.local_symbol, "");
}

TEST(InstrumentContract, ACurrencyPairIsCashOnIdealproWithTheBaseAsSymbol) {
  const auto pair = named("EUR.USD");
  const auto c = contract_for(pair);
  EXPECT_EQ(c.symbol, "EUR");
  EXPECT_EQ(c.sec_type, "CASH");
  EXPECT_EQ(c.exchange, "IDEALPRO");
  EXPECT_EQ(c.currency, "USD");
  EXPECT_EQ(history_source(pair), "MIDPOINT");
  EXPECT_EQ(history_source(named("AAPL")), "TRADES");
}

TEST(InstrumentContract, TheFrontMonthIsTheFirstOutsideItsRollWindowInAnyOrder) {
  const std::vector<tws::ContractDetails> months{
      month_detail("ESM7", "20270618"), month_detail("ESZ6", "20261218"), month_detail("ESH7", "20270319")};
  auto pick = front_month(months, kToday, trading::RollRule{});
  ASSERT_TRUE(pick) << pick.error().message;
  EXPECT_EQ(months[*pick].contract.local_symbol, "ESZ6");
  // Inside December's roll window (5 days before the 18th) March is the front.
  auto later = front_month(months, year_month_day{year{2026}, month{12}, day{14}}, trading::RollRule{});
  ASSERT_TRUE(later);
  EXPECT_EQ(months[*later].contract.local_symbol, "ESH7");
}

TEST(InstrumentContract, NoTradableMonthFailsNamingTheMonthsListed) {
  const std::vector<tws::ContractDetails> months{month_detail("ESZ6", "20261218"),
                                                 month_detail("ESX6", "bad")};
  auto pick = front_month(months, year_month_day{year{2026}, month{12}, day{16}}, trading::RollRule{});
  ASSERT_FALSE(pick);
  EXPECT_EQ(pick.error().code, ErrorCode::kNotFound);
  EXPECT_NE(pick.error().message.find("ESZ6"), std::string::npos) << pick.error().message;
  EXPECT_EQ(pick.error().message.find("ESX6"), std::string::npos) << "an unreadable date is not a month";
}

TEST(InstrumentContract, PlaceOrderSendsTheResolvedContractOfTheRoute) {
  trading::Order order;
  order.intent.symbol = "ES.FUT.CME";
  order.intent.side = trading::Side::Buy;
  order.intent.quantity = Decimal::from_int(2);
  order.intent.type = trading::OrderType::Market;
  order.intent.order_ref = "rt-7";
  OrderRoute route;
  route.account = "DU1";
  tws::Contract month = contract_for(named("ESZ6"));
  month.con_id = 1234567890;
  route.contract = month;
  auto m = build_place_order(order, 9, route);
  ASSERT_TRUE(m) << m.error().message;
  const std::string frame = tws::encode(*m, 187);
  auto decoded = tws::decode_request(std::string_view(frame).substr(4), 187);
  ASSERT_TRUE(decoded);
  const auto& back = std::get<tws::PlaceOrder>(*decoded);
  EXPECT_EQ(back.contract.con_id, 1234567890);
  EXPECT_EQ(back.contract.symbol, "ES");
  EXPECT_EQ(back.contract.sec_type, "FUT");
  EXPECT_EQ(back.contract.local_symbol, "ESZ6");
  EXPECT_EQ(back.order.total_quantity, Decimal::from_int(2));
  // Without a resolved contract the symbol is sent as a US stock, as before.
  route.contract.reset();
  order.intent.symbol = "AAPL";
  auto stock = build_place_order(order, 10, route);
  ASSERT_TRUE(stock);
  EXPECT_EQ(stock->contract.sec_type, "STK");
  EXPECT_EQ(stock->contract.symbol, "AAPL");
}

}  // namespace
}  // namespace rt::ib

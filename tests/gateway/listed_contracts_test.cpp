// The emulator's futures and currency pairs: the months a future lists and when they expire, a
// named month, a pair on IDEALPRO, and TWS's refusal for anything it does not list.
#include "gateway/listed_contracts.hpp"

#include <gtest/gtest.h>

namespace rt::gateway {
namespace {

using namespace std::chrono;

tws::Contract future(const char* root, const char* exchange = "") {
  tws::Contract c;
  c.symbol = root;
  c.sec_type = "FUT";
  c.exchange = exchange;
  c.currency = "";
  return c;
}

constexpr trading::Date kMidJanuary{year{2025}, month{1}, day{15}};

TEST(ListedContracts, AFutureListsItsNextFourMonthsExpiringOnTheThirdFriday) {
  auto months = listed_contracts(future("ES", "CME"), kMidJanuary);
  ASSERT_TRUE(months) << months.error().message;
  ASSERT_EQ(months->size(), 4U);
  const char* locals[] = {"ESH5", "ESM5", "ESU5", "ESZ5"};
  const char* expiries[] = {"20250321", "20250620", "20250919", "20251219"};
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& d = (*months)[i];
    EXPECT_EQ(d.contract.local_symbol, locals[i]);
    EXPECT_EQ(d.contract.last_trade_date_or_contract_month, expiries[i]);
    EXPECT_EQ(d.contract.multiplier, "50");
    EXPECT_EQ(d.contract.exchange, "CME");
    EXPECT_EQ(d.min_tick, *Decimal::parse("0.25"));
    EXPECT_GT(d.contract.con_id, 999'999'999) << "above every stock's id";
  }
  EXPECT_NE((*months)[0].contract.con_id, (*months)[1].contract.con_id);
}

TEST(ListedContracts, AMonthThatExpiredThisMonthIsNoLongerListed) {
  auto months = listed_contracts(future("ES"), trading::Date{year{2025}, month{3}, day{22}});
  ASSERT_TRUE(months);
  EXPECT_EQ(months->front().contract.local_symbol, "ESM5");
}

TEST(ListedContracts, AMonthNamedByDateOrLocalSymbolIsThatMonthAlone) {
  auto by_month = future("ES");
  by_month.last_trade_date_or_contract_month = "202506";
  auto june = listed_contracts(by_month, kMidJanuary);
  ASSERT_TRUE(june);
  ASSERT_EQ(june->size(), 1U);
  EXPECT_EQ(june->front().contract.local_symbol, "ESM5");
  auto by_local = future("ES");
  by_local.local_symbol = "ESU5";
  auto september = listed_contracts(by_local, kMidJanuary);
  ASSERT_TRUE(september);
  EXPECT_EQ(september->front().contract.last_trade_date_or_contract_month, "20250919");
  // The same month asked for twice has the same id.
  auto again = listed_contracts(by_local, kMidJanuary);
  EXPECT_EQ(again->front().contract.con_id, september->front().contract.con_id);
}

TEST(ListedContracts, ACurrencyPairIsCashOnIdealpro) {
  tws::Contract c;
  c.symbol = "EUR";
  c.sec_type = "CASH";
  c.exchange = "IDEALPRO";
  c.currency = "USD";
  auto pair = listed_contracts(c, kMidJanuary);
  ASSERT_TRUE(pair);
  ASSERT_EQ(pair->size(), 1U);
  EXPECT_EQ(pair->front().contract.local_symbol, "EUR.USD");
  EXPECT_EQ(pair->front().min_tick, *Decimal::parse("0.00005"));
}

TEST(ListedContracts, UnknownRootsWrongExchangesUnlistedMonthsAndBadPairsAreNotDefined) {
  auto wrong_exchange = listed_contracts(future("ES", "NYMEX"), kMidJanuary);
  auto unknown = listed_contracts(future("ZZ"), kMidJanuary);
  auto far = future("ES");
  far.last_trade_date_or_contract_month = "202912";
  auto unlisted = listed_contracts(far, kMidJanuary);
  tws::Contract same;
  same.symbol = "USD";
  same.sec_type = "CASH";
  same.currency = "USD";
  auto pair = listed_contracts(same, kMidJanuary);
  for (const auto* r : {&wrong_exchange, &unknown, &unlisted, &pair}) {
    ASSERT_FALSE(*r);
    EXPECT_EQ(r->error().code, ErrorCode::kNotFound);
    EXPECT_NE(r->error().message.find("No security definition"), std::string::npos);
  }
}

}  // namespace
}  // namespace rt::gateway

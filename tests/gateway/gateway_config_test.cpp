// Flag parsing, config validation and the simulated account's figures.
#include "gateway/gateway_config.hpp"

#include <gtest/gtest.h>

#include "gateway/account.hpp"
#include "gateway/account_report.hpp"

namespace rt::gateway {
namespace {

Decimal dec(const char* text) { return *Decimal::parse(text); }

TEST(GatewayConfigTest, ParsePositionWithAccountAndMark) {
  auto p = parse_position("DU2/msft:-10:400.5:410");
  ASSERT_TRUE(p.has_value()) << p.error().message;
  EXPECT_EQ(p->account, "DU2");
  EXPECT_EQ(p->symbol, "MSFT");
  EXPECT_EQ(p->quantity, Decimal::from_int(-10));
  EXPECT_EQ(p->average_cost, dec("400.5"));
  EXPECT_EQ(p->mark_price, dec("410"));
}

TEST(GatewayConfigTest, ParsePositionWithoutMarkLeavesItUnset) {
  auto p = parse_position("AAPL:100:150.25");
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(p->account.empty());
  EXPECT_FALSE(p->mark_price.has_value());
}

TEST(GatewayConfigTest, ParsePositionRejectsBadTextNamingIt) {
  for (const char* bad : {"AAPL", "AAPL:0:1", "AAPL:x:1", "AAPL:1:-2", ":1:2", "AAPL:1:2:3:4", "A$PL:1:2", "/AAPL:1:2"}) {
    auto p = parse_position(bad);
    ASSERT_FALSE(p.has_value()) << bad;
    EXPECT_NE(p.error().message.find(bad), std::string::npos) << p.error().message;
  }
}

TEST(GatewayConfigTest, ParseFaultKnowsEveryFaultByName) {
  for (auto f : {Fault::kNoVersionReply, Fault::kNoNextValidId, Fault::kCloseAfterPreamble, Fault::kClientIdInUse}) {
    auto parsed = parse_fault(to_string(f));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, f);
  }
  auto bad = parse_fault("explode");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("explode"), std::string::npos);
  EXPECT_NE(bad.error().message.find("no-version-reply"), std::string::npos);
}

TEST(GatewayConfigTest, ParseAccountsSplitsAndRejectsDuplicates) {
  EXPECT_EQ(*parse_accounts("DU1, DU2,"), (std::vector<std::string>{"DU1", "DU2"}));
  EXPECT_FALSE(parse_accounts("DU1,DU1").has_value());
  EXPECT_FALSE(parse_accounts(" , ").has_value());
}

TEST(GatewayConfigTest, DefaultConfigIsValid) { EXPECT_TRUE(validate(GatewayConfig{}).has_value()); }

TEST(GatewayConfigTest, ServerVersionOutsideTheServableRangeIsRejected) {
  GatewayConfig c;
  c.server_version = 99;
  EXPECT_FALSE(validate(c).has_value());
  c.server_version = 201;  // protobuf framing begins here
  EXPECT_FALSE(validate(c).has_value());
  c.server_version = 200;
  EXPECT_TRUE(validate(c).has_value());
  c.server_version = 100;
  EXPECT_TRUE(validate(c).has_value());
}

TEST(GatewayConfigTest, FaultsThatEndTheHandshakeAtDifferentStagesCannotCombine) {
  GatewayConfig c;
  c.faults = {Fault::kNoVersionReply, Fault::kClientIdInUse};
  EXPECT_FALSE(validate(c).has_value());
  c.faults = {Fault::kClientIdInUse, Fault::kClientIdInUse};
  EXPECT_TRUE(validate(c).has_value());
}

TEST(GatewayConfigTest, PositionForAnUnmanagedAccountIsRejected) {
  GatewayConfig c;
  c.positions = {*parse_position("DU9/AAPL:1:1")};
  auto st = validate(c);
  ASSERT_FALSE(st.has_value());
  EXPECT_NE(st.error().message.find("DU9"), std::string::npos);
}

TEST(AccountTest, MetricsFollowCashPositionsAndMarks) {
  Account a("DU1", Decimal::from_int(100000));
  ASSERT_TRUE(a.seed_position("AAPL", Decimal::from_int(100), dec("150.25"), dec("151")).has_value());
  ASSERT_TRUE(a.seed_position("MSFT", Decimal::from_int(-10), dec("400")).has_value());
  const auto m = a.metrics();
  EXPECT_EQ(m.stock_market_value, Decimal::from_int(15100 - 4000));
  EXPECT_EQ(m.gross_position_value, Decimal::from_int(19100));
  EXPECT_EQ(m.net_liquidation, Decimal::from_int(111100));
  EXPECT_EQ(m.init_margin, Decimal::from_int(4775));
  EXPECT_EQ(m.available_funds, Decimal::from_int(106325));
  EXPECT_EQ(m.buying_power, Decimal::from_int(425300));
  EXPECT_EQ(m.unrealized_pnl, Decimal::from_int(75));
  ASSERT_TRUE(a.set_mark("MSFT", dec("390")).has_value());
  EXPECT_EQ(a.metrics().unrealized_pnl, Decimal::from_int(175));
  EXPECT_FALSE(a.set_mark("IBM", dec("1")).has_value());
}

TEST(AccountTest, SeedingTheSameSideAveragesTheCost) {
  Account a("DU1", Decimal{});
  ASSERT_TRUE(a.seed_position("AAPL", Decimal::from_int(100), Decimal::from_int(100)).has_value());
  ASSERT_TRUE(a.seed_position("AAPL", Decimal::from_int(100), Decimal::from_int(110)).has_value());
  ASSERT_EQ(a.positions().size(), 1U);
  EXPECT_EQ(a.positions()[0].quantity, Decimal::from_int(200));
  EXPECT_EQ(a.positions()[0].average_cost, Decimal::from_int(105));
  EXPECT_FALSE(a.seed_position("AAPL", Decimal::from_int(-5), Decimal::from_int(1)).has_value());
}

TEST(AccountTest, KnownSymbolsGetTheirRealContractOthersAStableSyntheticOne) {
  EXPECT_EQ(stock_contract("AAPL").con_id, 265598);
  EXPECT_EQ(stock_contract("AAPL").primary_exchange, "NASDAQ");
  const auto x = stock_contract("ZZZQ");
  EXPECT_GE(x.con_id, 900000000);
  EXPECT_EQ(x.con_id, stock_contract("ZZZQ").con_id);
  EXPECT_NE(x.con_id, stock_contract("ZZZR").con_id);
}

TEST(AccountReportTest, LedgerTagsGiveCurrencyRows) {
  Account a("DU1", Decimal::from_int(5000));
  auto rows = account_summary_values(a, "$LEDGER:USD");
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], (TagValue{"Currency", "USD", "USD"}));
  EXPECT_TRUE(account_summary_values(a, "$LEDGER:EUR").empty());
}

TEST(AccountReportTest, RepeatedTagsAreReportedOnce) {
  Account a("DU1", Decimal::from_int(5000));
  auto rows = account_summary_values(a, "NetLiquidation,NetLiquidation,All");
  EXPECT_EQ(rows.size(), account_summary_tags().size());
  EXPECT_EQ(rows[0].tag, "NetLiquidation");
  EXPECT_EQ(rows[0].value, "5000.00");
}

}  // namespace
}  // namespace rt::gateway

#include "web/dashboard_model.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace rt::web {
namespace {

using nlohmann::json;

Decimal dec(const char* text) { return *Decimal::parse(text); }

DashboardModel sample_model() {
  DashboardModel m;
  m.mode = "sim";
  m.now_ms = 1700000000000;
  m.connection.state = "ready";
  m.connection.connected = true;
  m.connection.server_version = 176;
  m.connection.accounts = {"DU123456"};
  m.connection.farms.push_back(FarmView{"usfarm", "market_data", true, 2104});
  m.account.net_liquidation = dec("100500.25");
  PositionView aapl{"AAPL", dec("100"), dec("187.5"), dec("190"), dec("19000"), dec("250"), {}, dec("180"),
                    1'710'511'200'000, "trade", {}, {}, {}, {}, {}, "broker", "rt-7"};
  aapl.ib_known = true;
  aapl.ib_quantity = dec("100");
  aapl.ib_value = dec("19000");
  m.positions.push_back(aapl);
  m.kill_switch.engaged = false;
  m.limits.push_back(LimitView{"max_position_notional", "25000"});
  m.equity.push_back(EquityPoint{1700000000000, dec("100000")});
  m.equity_days.push_back(EquityPoint{1736812800000, dec("99000")});
  return m;
}

TEST(DashboardModel, ToJsonHasEverySectionTheDashboardReads) {
  json j = json::parse(to_json(sample_model()));
  for (const char* key : {"time_zone", "mode", "now", "sequence", "connection", "account", "positions", "orders", "fills",
                          "signals", "denials", "kill_switch", "limits", "equity", "equity_days", "log"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["connection"]["state"], "ready");
  EXPECT_EQ(j["connection"]["connected"], true);
  EXPECT_EQ(j["connection"]["accounts"][0], "DU123456");
  EXPECT_EQ(j["connection"]["farms"][0]["name"], "usfarm");
  EXPECT_EQ(j["account"]["net_liquidation"], "100500.25");
  EXPECT_EQ(j["positions"][0]["symbol"], "AAPL");
  EXPECT_EQ(j["positions"][0]["stop_price"], "180");
  EXPECT_EQ(j["positions"][0]["protection"], "broker");
  EXPECT_EQ(j["positions"][0]["protection_ref"], "rt-7");
  EXPECT_EQ(j["equity"][0][0], "2023-11-14T17:13:20.000-05:00");  // exchange time
  EXPECT_EQ(j["equity_days"][0][0], "2025-01-14");  // a trading date, not an instant
  EXPECT_EQ(j["limits"][0]["value"], "25000");
  EXPECT_EQ(j["positions"][0]["ib"]["quantity"], "100");
  EXPECT_EQ(j["positions"][0]["ib"]["value"], "19000");
  EXPECT_TRUE(j["account"]["ib"].is_null());  // not read yet
}

TEST(DashboardModel, ToJsonWhenListsTooLongThenNewestKept) {
  DashboardModel m;
  for (std::size_t i = 0; i < DashboardModel::kMaxFills + 10; ++i)
    m.fills.push_back(FillView{"e" + std::to_string(i), "AAPL", "BUY", Decimal::from_int(1), Decimal::from_int(1), {},
                               static_cast<std::int64_t>(i)});
  json j = json::parse(to_json(m));
  ASSERT_EQ(j["fills"].size(), DashboardModel::kMaxFills);
  EXPECT_EQ(j["fills"].back()["exec_id"], "e" + std::to_string(DashboardModel::kMaxFills + 9));
  EXPECT_EQ(j["fills"].front()["exec_id"], "e10");
}

TEST(DashboardModel, ToJsonWhenInvalidUtf8ThenStillValidJson) {
  DashboardModel m;
  m.log.push_back(LogLine{1, "warn", std::string("bad \xff byte")});
  json j = json::parse(to_json(m));
  EXPECT_EQ(j["log"][0]["level"], "warn");
}

TEST(DashboardModel, ToJsonMoneyIsTheDecimalsTextNotABinaryFloat) {
  DashboardModel m;
  m.account.cash = dec("0.1") + dec("0.2");
  m.account.day_pnl = dec("-250.5");
  json j = json::parse(to_json(m));
  EXPECT_EQ(j["account"]["cash"], "0.3");
  EXPECT_EQ(j["account"]["day_pnl"], "-250.5");
}

TEST(DashboardModel, ToJsonTimesAreExchangeTimeWithOffsetAndNeverIsNull) {
  DashboardModel m;
  m.now_ms = 1'752'586'200'000;  // 2025-07-15 13:30 UTC: New York is on daylight time
  m.kill_switch.since_ms = 0;
  json j = json::parse(to_json(m));
  EXPECT_EQ(j["time_zone"], "America/New_York");
  EXPECT_EQ(j["now"], "2025-07-15T09:30:00.000-04:00");
  EXPECT_TRUE(j["kill_switch"]["since"].is_null());
  EXPECT_TRUE(j["connection"]["last_heartbeat"].is_null());
}

TEST(DashboardModel, ToJsonWhenNoStopOrLimitThenNullNotZero) {
  DashboardModel m;
  m.positions.push_back(PositionView{});
  m.orders.push_back(OrderView{});
  json j = json::parse(to_json(m));
  EXPECT_TRUE(j["positions"][0]["stop_price"].is_null());
  EXPECT_TRUE(j["orders"][0]["limit_price"].is_null());
  EXPECT_TRUE(j["orders"][0]["stop_price"].is_null());
}

TEST(DashboardModel, DefaultModelSaysDisconnected) {
  json j = json::parse(to_json(DashboardModel{}));
  EXPECT_EQ(j["connection"]["connected"], false);
  EXPECT_EQ(j["connection"]["state"], "disconnected");
}

TEST(DashboardModel, TrimToKeepsNewest) {
  std::vector<int> v{1, 2, 3, 4, 5};
  trim_to(v, 2);
  EXPECT_EQ(v, (std::vector<int>{4, 5}));
  trim_to(v, 10);
  EXPECT_EQ(v.size(), 2U);
}

}  // namespace
}  // namespace rt::web

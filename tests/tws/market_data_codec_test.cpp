// Market data, historical and real-time bars, and contract details: layouts per server version,
// round trips at every server version from 157 to 200, and the version switches.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tws/messages/codec.hpp"
#include "test_payload.hpp"

namespace rt::tws {
namespace {

using testing::dec;
using testing::fields_of;
using testing::payload;
using testing::request_as;
using testing::response_as;
using testing::unframe;
using Fields = std::vector<std::string>;

Contract option_contract() {
  Contract c;
  c.con_id = 12087792;
  c.symbol = "SPY";
  c.sec_type = "OPT";
  c.last_trade_date_or_contract_month = "20250620";
  c.strike = 142.5;
  c.right = "C";
  c.multiplier = "100";
  c.primary_exchange = "ARCA";
  c.local_symbol = "SPY   250620C00142500";
  c.trading_class = "SPY";
  return c;
}

Contract bag_contract() {
  Contract c;
  c.symbol = "SPY";
  c.sec_type = "BAG";
  return c;
}

std::vector<ComboLeg> two_legs() {
  return {ComboLeg{111, 1, "BUY", "SMART", 0, 0, "", -1}, ComboLeg{222, 2, "SELL", "SMART", 0, 0, "", -1}};
}

ContractDetails full_details(int sv) {
  ContractDetails d;
  d.req_id = 9;
  d.contract = option_contract();
  d.contract.exchange = "SMART";
  if (sv >= sv::kLastTradeDate) d.last_trade_date = "20250620";
  d.market_name = "SPY";
  d.min_tick = dec("0.01");
  d.order_types = "LMT,MKT";
  d.valid_exchanges = "SMART,CBOE";
  d.price_magnifier = 1;
  d.under_con_id = 756733;
  d.long_name = "SPDR S&P 500";
  d.contract_month = "202506";
  d.time_zone_id = "US/Eastern";
  d.ev_multiplier = 0.5;
  d.sec_id_list = {{"ISIN", "US78462F1030"}, {"CUSIP", "78462F103"}};
  d.agg_group = 2;
  d.under_symbol = "SPY";
  d.under_sec_type = "STK";
  d.market_rule_ids = "32,109";
  d.real_expiration_date = "20250620";
  if (sv >= sv::kSizeRules) {
    d.min_size = dec("1");
    d.size_increment = dec("1");
    d.suggested_size_increment = dec("10");
  } else if (sv >= sv::kFractionalSizeSupport) {
    d.min_size = dec("1");
  }
  if (sv >= sv::kIneligibilityReasons) d.ineligibility_reasons = {{"1", "Not allowed"}};
  return d;
}

TEST(MarketDataCodec, EveryRequestRoundTripsAtEveryServerVersionFrom157To200) {
  for (int sv = sv::kClientMin; sv <= sv::kClientMax; ++sv) {
    std::vector<Request> all = {
        ReqMarketDataType{market_data_type::kDelayedFrozen},
        ReqMktData{7, option_contract(), {}, DeltaNeutralContract{5, 0.25, dec("101.5")}, "233", true, true, "a=b;"},
        ReqMktData{8, bag_contract(), {{111, 1, "BUY", "SMART", 0, 0, "", -1}}, std::nullopt, "", false, false, ""},
        CancelMktData{7},
        ReqHistoricalData{9, option_contract(), true, "20250114-21:00:00", "5 secs", "3600 S", false, "BID_ASK", 2,
                          {}, false, "x=y;"},
        ReqHistoricalData{10, bag_contract(), false, "", "1 day", "1 Y", true, "TRADES", 1,
                          {{111, 1, "BUY", "SMART", 0, 0, "", -1}, {222, 2, "SELL", "SMART", 0, 0, "", -1}}, true,
                          ""},
        CancelHistoricalData{9},
        ReqRealTimeBars{11, option_contract(), 5, "MIDPOINT", false, ""},
        CancelRealTimeBars{11},
        ReqContractData{12, option_contract(), true, "ISIN", "US0378331005",
                        sv >= sv::kBondIssuerId ? "e1234" : ""},
    };
    for (auto style : {EncodeStyle::kOfficial, EncodeStyle::kStoqey}) {
      for (const auto& m : all) {
        auto p = unframe(encode(m, sv, style));
        auto back = decode_request(p, sv);
        ASSERT_TRUE(back.has_value()) << sv << " " << back.error().message;
        EXPECT_EQ(*back, m) << "sv " << sv << " " << describe_payload(p);
      }
    }
  }
}

TEST(MarketDataCodec, EveryResponseRoundTripsAtEveryServerVersionFrom157To200) {
  HistoricalBar b{"20250114 09:30:00 US/Eastern", dec("150"),    dec("151.25"), dec("149.5"),
                  dec("150.5"),                   dec("1000.5"), dec("150.2"),  10};
  for (int sv = sv::kClientMin; sv <= sv::kClientMax; ++sv) {
    ContractDetails fund = full_details(sv);
    fund.contract.sec_type = "FUND";
    if (sv >= sv::kFundDataFields) {
      fund.fund = FundDetails{"Fund", "Family", "Type", "1", "2", "3", "0.5", true, false, true, "n",
                              "100", "50",   "NY",     "PR",  "Y", "Equity"};
    }
    std::vector<Response> all = {
        MarketDataType{7, market_data_type::kFrozen},
        TickPrice{7, tick::kLast, dec("150.125"), dec("300"), 3},
        TickPrice{7, tick::kBid, dec("-1"), dec("0"), 0},
        TickSize{7, tick::kBidSize, dec("0.5")},
        TickString{7, tick::kLastTimestamp, "1736951400"},
        TickGeneric{7, tick::kHalted, 1.0},
        TickReqParams{7, dec("0.0001"), "a60001", 3},
        TickSnapshotEnd{7},
        HistoricalData{9, sv < sv::kHistoricalDataEnd ? "20250114 09:30:00" : "",
                       sv < sv::kHistoricalDataEnd ? "20250115 09:30:00" : "", {b, b}},
        HistoricalData{9, "", "", {}},
        HistoricalDataEnd{9, "20250114 09:30:00", "20250115 09:30:00"},
        HistoricalDataUpdate{9, b},
        RealTimeBar{11, 1736951400, dec("1"), dec("2"), dec("0.5"), dec("1.5"), dec("10"), dec("1.25"), 3},
        full_details(sv),
        fund,
        ContractDataEnd{12},
    };
    for (const auto& m : all) {
      auto p = unframe(encode(m, sv));
      auto back = decode_response(p, sv);
      ASSERT_TRUE(back.has_value()) << sv << " " << back.error().message;
      EXPECT_EQ(*back, m) << "sv " << sv << " " << describe_payload(p);
    }
  }
}

TEST(ReqMktDataCodec, OfficialStyleWritesConIdZeroAndJavaStrike) {
  ReqMktData m{1001, Contract{}, {}, std::nullopt, "", false, false, ""};
  m.contract.symbol = "AAPL";
  EXPECT_EQ(fields_of(encode(m, 176)), (Fields{"1", "11", "1001", "0", "AAPL", "STK", "", "0.0", "", "", "SMART", "",
                                               "USD", "", "", "0", "", "0", "0", ""}));
}

TEST(ReqMktDataCodec, StoqeyStyleLeavesConIdAndStrikeEmpty) {
  ReqMktData m{1001, Contract{}, {}, std::nullopt, "", false, false, ""};
  m.contract.symbol = "AAPL";
  EXPECT_EQ(fields_of(encode(m, 176, EncodeStyle::kStoqey)),
            (Fields{"1", "11", "1001", "", "AAPL", "STK", "", "", "", "", "SMART", "", "USD", "", "", "0", "", "0",
                    "0", ""}));
}

TEST(ReqMktDataCodec, BagContractCarriesLegsBeforeTheDeltaNeutralFlag) {
  ReqMktData m{5, bag_contract(), two_legs(), std::nullopt, "", false, false, ""};
  auto f = fields_of(encode(m, 193));
  ASSERT_EQ(f.size(), 29u);
  EXPECT_EQ(f[15], "2");
  EXPECT_EQ((Fields{f[16], f[17], f[18], f[19]}), (Fields{"111", "1", "BUY", "SMART"}));
  EXPECT_EQ(f[24], "0");  // deltaNeutral
}

TEST(ReqMktDataCodec, DeltaNeutralContractAddsThreeFields) {
  ReqMktData m{5, option_contract(), {}, DeltaNeutralContract{9, 0.5, dec("100")}, "", false, false, ""};
  auto f = fields_of(encode(m, 193));
  ASSERT_EQ(f.size(), 23u);
  EXPECT_EQ((Fields{f[15], f[16], f[17], f[18]}), (Fields{"1", "9", "0.5", "100.0"}));
}

TEST(TickPriceCodec, HasSevenFieldsWithVersion6AndTwoDecimalPrice) {
  EXPECT_EQ(fields_of(encode(TickPrice{1001, tick::kAsk, dec("150.3"), dec("200"), 0}, 193)),
            (Fields{"1", "6", "1001", "2", "150.30", "200", "0"}));
  EXPECT_EQ(fields_of(encode(TickPrice{1001, tick::kLast, dec("151"), dec("1"), 1}, 193))[4], "151.00");
  EXPECT_EQ(fields_of(encode(TickPrice{1001, tick::kLast, dec("0.0001"), dec("1"), 1}, 193))[4], "0.0001");
}

TEST(TickPriceCodec, AttrMaskBitsAreExposed) {
  auto m = response_as<TickPrice>(payload({"1", "6", "7", "1", "10.5", "", "6"}), 176);
  EXPECT_EQ(m.price, dec("10.5"));
  EXPECT_EQ(m.size, Decimal{});
  EXPECT_FALSE(m.can_auto_execute());
  EXPECT_TRUE(m.past_limit());
  EXPECT_TRUE(m.pre_open());
}

TEST(TickPriceCodec, PlainAndUnusualFieldsDecodeAlike) {
  // Plain digits and decimals (the common case) and what only the generic reader handles: a
  // negative "no price", empty and sentinel sizes, a leading plus, an exponent.
  struct Case {
    Fields fields;
    TickPrice want;
  };
  const std::vector<Case> cases = {
      {{"1", "6", "1073741824", "1", "415.25", "300", "0"},
       {1073741824, tick::kBid, dec("415.25"), dec("300"), 0}},
      {{"1", "6", "7", "2", "0.0001", "1", "3"}, {7, tick::kAsk, dec("0.0001"), dec("1"), 3}},
      {{"1", "6", "7", "1", "-1", "0", "0"}, {7, tick::kBid, dec("-1"), dec("0"), 0}},
      {{"1", "6", "7", "4", "10.5", "", "1"}, {7, tick::kLast, dec("10.5"), Decimal{}, 1}},
      {{"1", "6", "7", "4", "10.5", "9223372036854775807", "1"}, {7, tick::kLast, dec("10.5"), Decimal{}, 1}},
      {{"1", "6", "7", "4", "10.5", "2147483647", "1"}, {7, tick::kLast, dec("10.5"), Decimal{}, 1}},
      {{"1", "6", "+7", "4", "1.5E1", "100", ""}, {7, tick::kLast, dec("15"), dec("100"), 0}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(response_as<TickPrice>(payload(c.fields), 176), c.want) << c.fields[4];
  }
  EXPECT_EQ(response_as<TickSize>(payload({"2", "6", "1001", "8", "1234567"}), 176),
            (TickSize{1001, tick::kVolume, dec("1234567")}));
  EXPECT_EQ(response_as<TickSize>(payload({"2", "6", "1001", "0", ""}), 176),
            (TickSize{1001, tick::kBidSize, {}}));
  EXPECT_FALSE(decode_response(payload({"2", "6", "x", "0", "1"}), 176).has_value());
  EXPECT_FALSE(decode_response(payload({"1", "6", "7", "1", "abc", "1", "0"}), 176).has_value());
  // The last field unterminated.
  EXPECT_FALSE(decode_response(std::string("2\0" "6\0" "7\0" "0\0" "1", 9), 176).has_value());
}

TEST(TickPriceCodec, SixFieldsIsAMissingAttrMaskError) {
  auto r = decode_response(payload({"1", "6", "7", "1", "10.5", "100"}), 176);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "TICK_PRICE field 7 (attrMask): missing (message ended early)");
}

TEST(TickReqParamsCodec, HasNoVersionField) {
  EXPECT_EQ(fields_of(encode(TickReqParams{1001, dec("0.01"), "9c0001", 3}, 176)),
            (Fields{"81", "1001", "0.01", "9c0001", "3"}));
}

TEST(ReqHistoricalDataCodec, HasNoVersionFieldAndKeepUpToDateBeforeChartOptions) {
  ReqHistoricalData m;
  m.req_id = 2003;
  m.contract.symbol = "AAPL";
  m.keep_up_to_date = true;
  auto f = fields_of(encode(m, 176));
  ASSERT_EQ(f.size(), 23u);
  EXPECT_EQ(f[1], "2003");
  EXPECT_EQ((Fields{f[14], f[15], f[16], f[17], f[18], f[19], f[20], f[21], f[22]}),
            (Fields{"0", "", "1 min", "1 D", "1", "TRADES", "1", "1", ""}));
}

TEST(HistoricalDataCodec, BeforeServerVersion196StartAndEndDatesPrecedeTheBars) {
  HistoricalData m{7, "s", "e", {HistoricalBar{"d", dec("1"), dec("2"), dec("0.5"), dec("1.5"), dec("10"), dec("1.2"), 3}}};
  EXPECT_EQ(fields_of(encode(m, 195)),
            (Fields{"17", "7", "s", "e", "1", "d", "1.0", "2.0", "0.5", "1.5", "10", "1.2", "3"}));
}

TEST(HistoricalDataCodec, FromServerVersion196DatesMoveToHistoricalDataEnd) {
  HistoricalData m{7, "", "", {HistoricalBar{"d", dec("1"), dec("2"), dec("0.5"), dec("1.5"), dec("10"), dec("1.2"), 3}}};
  EXPECT_EQ(fields_of(encode(m, 196)), (Fields{"17", "7", "1", "d", "1.0", "2.0", "0.5", "1.5", "10", "1.2", "3"}));
  EXPECT_EQ(fields_of(encode(HistoricalDataEnd{7, "s", "e"}, 196)), (Fields{"108", "7", "s", "e"}));
  EXPECT_EQ(response_as<HistoricalDataEnd>(payload({"108", "7", "s", "e"}), 196), (HistoricalDataEnd{7, "s", "e"}));
}

TEST(HistoricalDataCodec, BarCountLargerThanTheMessageIsAnError) {
  auto r = decode_response(payload({"17", "7", "s", "e", "1000000", "d", "1", "2", "0.5", "1.5", "10", "1.2", "3"}),
                           176);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("itemCount"), std::string::npos);
  EXPECT_FALSE(decode_response(payload({"17", "7", "s", "e", "-1"}), 176).has_value());
}

TEST(HistoricalDataUpdateCodec, CloseComesBeforeHighAndLowAndWapBeforeVolume) {
  auto m = response_as<HistoricalDataUpdate>(
      payload({"90", "2003", "5", "20250115 09:31:00", "151.0", "151.2", "151.5", "150.9", "151.1", "300"}), 193);
  EXPECT_EQ(m.bar.open, dec("151"));
  EXPECT_EQ(m.bar.close, dec("151.2"));
  EXPECT_EQ(m.bar.high, dec("151.5"));
  EXPECT_EQ(m.bar.low, dec("150.9"));
  EXPECT_EQ(m.bar.wap, dec("151.1"));
  EXPECT_EQ(m.bar.volume, dec("300"));
  EXPECT_EQ(m.bar.count, 5);
}

TEST(RealTimeBarCodec, HasVersion3AndElevenFields) {
  RealTimeBar m{3001, 1736951400, dec("150"), dec("150.5"), dec("149.9"), dec("150.2"), dec("500"), dec("150.1"), 7};
  EXPECT_EQ(fields_of(encode(m, 176)),
            (Fields{"50", "3", "3001", "1736951400", "150.0", "150.5", "149.9", "150.2", "500", "150.1", "7"}));
}

TEST(ReqContractDataCodec, IssuerIdIsOnTheWireFromServerVersion176) {
  ReqContractData m{4001, Contract{}, false, "", "", ""};
  EXPECT_EQ(fields_of(encode(m, 175)).size(), 18u);
  EXPECT_EQ(fields_of(encode(m, 176)).size(), 19u);
  EXPECT_EQ(fields_of(encode(m, 176, EncodeStyle::kStoqey))[15], "");  // includeExpired left undefined
  EXPECT_EQ(fields_of(encode(m, 176))[15], "0");
}

TEST(ContractDetailsCodec, ContractDataGainsLastTradeDateAt182) {
  ContractDetails d = full_details(182);
  d.ineligibility_reasons.clear();
  auto f182 = fields_of(encode(d, 182));
  EXPECT_EQ(f182[5], "20250620");  // lastTradeDate right after lastTradeDateOrContractMonth
  EXPECT_EQ(f182[6], "142.5");
  d.last_trade_date.clear();
  EXPECT_EQ(fields_of(encode(d, 181)).size() + 1, f182.size());
}

TEST(ContractDetailsCodec, ContractDataGainsIneligibilityReasonsAt186) {
  ContractDetails d = full_details(186);
  auto f = fields_of(encode(d, 186));
  EXPECT_EQ((Fields{f[f.size() - 3], f[f.size() - 2], f.back()}), (Fields{"1", "1", "Not allowed"}));
  d.ineligibility_reasons.clear();
  EXPECT_EQ(fields_of(encode(d, 185)).size() + 3, f.size());
}

TEST(ContractDetailsCodec, FundFieldsOnlyForFundsFromServerVersion179) {
  ContractDetails stock = full_details(193);
  ContractDetails fund = stock;
  fund.contract.sec_type = "FUND";
  fund.fund = FundDetails{};
  EXPECT_EQ(fields_of(encode(fund, 193)).size(), fields_of(encode(stock, 193)).size() + 17);
  fund.fund.reset();
  fund.ineligibility_reasons.clear();
  fund.last_trade_date.clear();
  ContractDetails stock178 = fund;
  stock178.contract.sec_type = "STK";
  EXPECT_EQ(fields_of(encode(fund, 178)).size(), fields_of(encode(stock178, 178)).size());
}

TEST(ContractDetailsCodec, FundDecodeStaysAlignedAndReadsTheReasonsAfterIt) {
  ContractDetails fund = full_details(193);
  fund.contract.sec_type = "FUND";
  fund.fund = FundDetails{"Vanguard 500", "Vanguard", "Open", "", "", "", "0.04", false, false, false, "", "3000", "1",
                          "", "", "", "Equity"};
  auto m = response_as<ContractDetails>(unframe(encode(fund, 193)), 193);
  ASSERT_TRUE(m.fund.has_value());
  EXPECT_EQ(m.fund->name, "Vanguard 500");
  EXPECT_EQ(m.fund->asset_type, "Equity");
  EXPECT_EQ(m.ineligibility_reasons, fund.ineligibility_reasons);
}

TEST(ContractDetailsCodec, BeforeSizeRulesAVersionFieldAndMdSizeMultiplierAreOnTheWire) {
  auto f = fields_of(encode(full_details(163), 163));
  EXPECT_EQ(f[1], "8");       // version
  EXPECT_EQ(f[2], "9");       // reqId
  EXPECT_EQ(f[14], "0.01");   // minTick
  EXPECT_EQ(f[15], "1");      // mdSizeMultiplier
  EXPECT_EQ(f[16], "100");    // multiplier
  EXPECT_EQ(f.back(), "1");   // sizeMinTick
}

}  // namespace
}  // namespace rt::tws

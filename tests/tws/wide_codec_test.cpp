// The codec's multi-account, reference-data, depth and tick-by-tick layouts: round trips at every
// server version the client speaks, field-by-field layouts as the official client writes and
// reads them, and clear errors for malformed payloads.
#include <gtest/gtest.h>

#include "test_payload.hpp"

namespace rt::tws {
namespace {

using testing::dec;
using testing::fields_of;
using testing::payload;
using testing::response_as;
using testing::unframe;
using Fields = std::vector<std::string>;

Contract aapl() {
  Contract c;
  c.con_id = 265598;
  c.symbol = "AAPL";
  c.primary_exchange = "NASDAQ";
  return c;
}

TEST(WideCodec, EveryNewRequestRoundTripsAtEveryServerVersion) {
  for (int sv = sv::kClientMin; sv <= sv::kClientMax; ++sv) {
    const std::vector<Request> all = {
        ReqPositionsMulti{7, "DU1", "M1"},
        CancelPositionsMulti{7},
        ReqAccountUpdatesMulti{8, "DU1", "", true},
        CancelAccountUpdatesMulti{8},
        ReqFamilyCodes{},
        ReqUserInfo{9},
        ReqMatchingSymbols{10, "AAP"},
        ReqMarketRule{26},
        ReqSmartComponents{11, "9c0001"},
        ReqSecDefOptParams{12, "AAPL", "", "STK", 265598},
        ReqHeadTimestamp{13, aapl(), false, true, "TRADES", 1},
        CancelHeadTimestamp{13},
        ReqCurrentTimeInMillis{},
        ReqMktDepth{14, aapl(), 5, true, ""},
        CancelMktDepth{14, true},
        ReqTickByTick{15, aapl(), "BidAsk", 0, false},
        CancelTickByTick{15},
        ReqHistoricalTicks{16, aapl(), false, "", "20250115-15:00:00", 100, "BID_ASK", true, false, ""},
        ReqHistogramData{17, aapl(), false, true, "3 days"},
        CancelHistogramData{17},
    };
    for (const auto& m : all) {
      auto p = unframe(encode(m, sv));
      auto back = decode_request(p, sv);
      ASSERT_TRUE(back.has_value()) << sv << " " << back.error().message;
      EXPECT_EQ(*back, m) << "sv " << sv << " " << describe_payload(p);
    }
  }
}

TEST(WideCodec, EveryNewResponseRoundTripsAtEveryServerVersion) {
  for (int sv = sv::kClientMin; sv <= sv::kClientMax; ++sv) {
    Contract held = aapl();
    held.exchange = "NASDAQ";
    held.primary_exchange.clear();
    ContractDescription desc;
    desc.contract = aapl();
    desc.contract.exchange.clear();
    desc.derivative_sec_types = {"CFD", "OPT"};
    if (sv >= sv::kBondIssuerId) desc.description = "APPLE INC";
    TickByTick last{7, 2, 1736951400, dec("150.25"), dec("100"), {}, {}, {}, {}, 2, "NASDAQ", "T"};
    TickByTick bid_ask{7, 3, 1736951400, {}, {}, dec("150.2"), dec("150.3"), dec("300"), dec("400"), 1, "", ""};
    TickByTick mid{7, 4, 1736951400, dec("150.25"), {}, {}, {}, {}, {}, 0, "", ""};
    const std::vector<Response> all = {
        PositionMulti{7, "DU1", held, dec("100"), dec("150.5"), "M1"},
        PositionMultiEnd{7},
        AccountUpdateMulti{8, "DU1", "", "NetLiquidation", "100000.00", "USD"},
        AccountUpdateMultiEnd{8},
        FamilyCodes{{{"DU1", ""}, {"DU2", "F1"}}},
        UserInfo{9, ""},
        SymbolSamples{10, {desc, desc}},
        SymbolSamples{10, {}},
        MarketRule{26, {{dec("0"), dec("0.01")}, {dec("1"), dec("0.05")}}},
        SmartComponents{11, {{0, "NYSE", "N"}, {1, "NASDAQ", "Q"}}},
        SecDefOptParams{12, "SMART", 265598, "AAPL", "100", {"20250117", "20250124"}, {140, 142.5, 145}},
        SecDefOptParamsEnd{12},
        HeadTimestamp{13, "19801212-14:30:00"},
        CurrentTimeInMillis{1736951400123},
        MarketDepth{14, 0, false, "", DepthOperation::kInsert, DepthSide::kBid, dec("150.2"), dec("300"), false},
        MarketDepth{14, 3, true, "ARCA", DepthOperation::kDelete, DepthSide::kAsk, dec("150.5"), dec("0"), true},
        last,
        bid_ask,
        mid,
        HistoricalTicks{16, HistoricalTickKind::kMidpoint, {{1736951400, 0, dec("150.25"), dec("0"), {}, {}, {}, {}, "", ""}}, true},
        HistoricalTicks{16, HistoricalTickKind::kBidAsk,
                        {{1736951400, 1, {}, {}, dec("150.2"), dec("150.3"), dec("100"), dec("200"), "", ""}}, true},
        HistoricalTicks{16, HistoricalTickKind::kTrades,
                        {{1736951400, 2, dec("150.25"), dec("10"), {}, {}, {}, {}, "ARCA", "T I"}}, false},
        HistoricalTicks{16, HistoricalTickKind::kTrades, {}, true},
        HistogramData{17, {{dec("150.01"), dec("1200")}, {dec("150.02"), dec("300")}}},
    };
    for (const auto& m : all) {
      auto p = unframe(encode(m, sv));
      auto back = decode_response(p, sv);
      ASSERT_TRUE(back.has_value()) << sv << " " << back.error().message;
      EXPECT_EQ(*back, m) << "sv " << sv << " " << describe_payload(p);
    }
  }
}

TEST(AccountUpdatesMultiCodec, RequestCarriesVersionReqIdAccountModelAndLedgerFlag) {
  EXPECT_EQ(fields_of(encode(ReqAccountUpdatesMulti{5, "DU1", "", false}, 176)),
            (Fields{"76", "1", "5", "DU1", "", "0"}));
  EXPECT_EQ(fields_of(encode(CancelAccountUpdatesMulti{5}, 176)), (Fields{"77", "1", "5"}));
}

TEST(AccountUpdatesMultiCodec, ReplyIsKeyValueCurrencyAfterAccountAndModel) {
  EXPECT_EQ(fields_of(encode(AccountUpdateMulti{5, "DU1", "", "CashBalance", "1.00", "USD"}, 176)),
            (Fields{"73", "1", "5", "DU1", "", "CashBalance", "1.00", "USD"}));
  EXPECT_EQ(fields_of(encode(AccountUpdateMultiEnd{5}, 176)), (Fields{"74", "1", "5"}));
}

TEST(PositionsMultiCodec, ReplyHasElevenContractFieldsThenPositionCostAndModel) {
  Contract c = aapl();
  c.exchange = "NASDAQ";
  c.primary_exchange.clear();
  EXPECT_EQ(fields_of(encode(PositionMulti{5, "DU1", c, dec("10"), dec("150.25"), ""}, 193)),
            (Fields{"71", "1", "5", "DU1", "265598", "AAPL", "STK", "", "0", "", "", "NASDAQ", "USD", "", "", "10",
                    "150.25", ""}));
  EXPECT_EQ(fields_of(encode(ReqPositionsMulti{5, "", ""}, 193)), (Fields{"74", "1", "5", "", ""}));
}

TEST(SymbolSamplesCodec, DescriptionAndIssuerIdArriveFromServerVersion176) {
  ContractDescription d;
  d.contract = aapl();
  d.derivative_sec_types = {"OPT"};
  d.description = "APPLE INC";
  const auto before = fields_of(encode(SymbolSamples{3, {d}}, 175));
  const auto after = fields_of(encode(SymbolSamples{3, {d}}, 176));
  EXPECT_EQ(before, (Fields{"79", "3", "1", "265598", "AAPL", "STK", "NASDAQ", "USD", "1", "OPT"}));
  EXPECT_EQ(after.size(), before.size() + 2);
  EXPECT_EQ(after[after.size() - 2], "APPLE INC");
}

TEST(MarketDepthCodec, RequestHasVersion5TwelveContractFieldsRowsSmartFlagAndOptions) {
  const auto f = fields_of(encode(ReqMktDepth{4, aapl(), 10, true, ""}, 193));
  EXPECT_EQ(f, (Fields{"10", "5", "4", "265598", "AAPL", "STK", "", "0.0", "", "", "SMART", "NASDAQ", "USD", "", "",
                       "10", "1", ""}));
  EXPECT_EQ(fields_of(encode(CancelMktDepth{4, true}, 193)), (Fields{"11", "1", "4", "1"}));
}

TEST(MarketDepthCodec, L2RowNamesItsMarketMakerAndEndsWithTheSmartDepthFlag) {
  MarketDepth d{4, 1, true, "ARCA", DepthOperation::kUpdate, DepthSide::kBid, dec("150.1"), dec("200"), true};
  EXPECT_EQ(fields_of(encode(d, 193)), (Fields{"13", "1", "4", "1", "ARCA", "1", "1", "150.1", "200", "1"}));
  d.l2 = false;
  EXPECT_EQ(fields_of(encode(d, 193)), (Fields{"12", "1", "4", "1", "1", "1", "150.1", "200"}));
}

TEST(MarketDepthCodec, AnUnknownSideOrOperationIsAnErrorNamingTheField) {
  auto bad_side = decode_response(payload({"12", "1", "4", "0", "0", "7", "150", "100"}), 193);
  ASSERT_FALSE(bad_side.has_value());
  EXPECT_NE(bad_side.error().message.find("side"), std::string::npos) << bad_side.error().message;
  auto bad_op = decode_response(payload({"12", "1", "4", "0", "3", "1", "150", "100"}), 193);
  ASSERT_FALSE(bad_op.has_value());
  EXPECT_NE(bad_op.error().message.find("operation"), std::string::npos) << bad_op.error().message;
}

TEST(TickByTickCodec, RequestHasNoVersionAndEndsWithTickTypeCountAndIgnoreSize) {
  EXPECT_EQ(fields_of(encode(ReqTickByTick{6, aapl(), "AllLast", 0, false}, 193)),
            (Fields{"97", "6", "265598", "AAPL", "STK", "", "0.0", "", "", "SMART", "NASDAQ", "USD", "", "", "AllLast",
                    "0", "0"}));
  EXPECT_EQ(fields_of(encode(CancelTickByTick{6}, 193)), (Fields{"98", "6"}));
}

TEST(TickByTickCodec, EachTickKindHasItsOwnFields) {
  const auto last = response_as<TickByTick>(payload({"99", "6", "2", "1736951400", "150.25", "100", "0", "ARCA", ""}), 193);
  EXPECT_EQ(last.price, dec("150.25"));
  EXPECT_EQ(last.exchange, "ARCA");
  const auto quote =
      response_as<TickByTick>(payload({"99", "6", "3", "1736951400", "150.2", "150.3", "300", "400", "0"}), 193);
  EXPECT_EQ(quote.ask_size, dec("400"));
  const auto mid = response_as<TickByTick>(payload({"99", "6", "4", "1736951400", "150.25"}), 193);
  EXPECT_EQ(mid.price, dec("150.25"));
  auto unknown = decode_response(payload({"99", "6", "9", "1736951400"}), 193);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_NE(unknown.error().message.find("tickType"), std::string::npos);
}

TEST(TickByTickCodec, TickTypeNamesMapToTheirWireNumbers) {
  EXPECT_EQ(tick_by_tick_type("Last"), 1);
  EXPECT_EQ(tick_by_tick_type("AllLast"), 2);
  EXPECT_EQ(tick_by_tick_type("BidAsk"), 3);
  EXPECT_EQ(tick_by_tick_type("MidPoint"), 4);
  EXPECT_EQ(tick_by_tick_type("Trades"), 0);
}

TEST(HistoricalTicksCodec, EachKindHasItsOwnTickLayoutAndEndsWithDone) {
  HistoricalTick t{1736951400, 0, dec("150.25"), dec("10"), {}, {}, {}, {}, "ARCA", ""};
  EXPECT_EQ(fields_of(encode(HistoricalTicks{5, HistoricalTickKind::kMidpoint, {t}, true}, 193)),
            (Fields{"96", "5", "1", "1736951400", "0", "150.25", "10", "1"}));
  EXPECT_EQ(fields_of(encode(HistoricalTicks{5, HistoricalTickKind::kTrades, {t}, true}, 193)),
            (Fields{"98", "5", "1", "1736951400", "0", "150.25", "10", "ARCA", "", "1"}));
  EXPECT_EQ(fields_of(encode(HistoricalTicks{5, HistoricalTickKind::kBidAsk, {t}, false}, 193)).size(), 10U);
  const auto req = fields_of(encode(ReqHistoricalTicks{5, aapl(), false, "", "20250115-15:00:00", 10, "TRADES",
                                                       true, false, ""}, 193));
  EXPECT_EQ(req.size(), 1U + 1U + 12U + 8U);
  EXPECT_EQ(fields_of(encode(ReqHistogramData{5, aapl(), false, true, "1 week"}, 193)).back(), "1 week");
}

TEST(ReferenceCodec, RequestLayoutsHaveNoVersionField) {
  EXPECT_EQ(fields_of(encode(ReqFamilyCodes{}, 193)), (Fields{"80"}));
  EXPECT_EQ(fields_of(encode(ReqUserInfo{3}, 193)), (Fields{"104", "3"}));
  EXPECT_EQ(fields_of(encode(ReqMatchingSymbols{3, "IB"}, 193)), (Fields{"81", "3", "IB"}));
  EXPECT_EQ(fields_of(encode(ReqMarketRule{26}, 193)), (Fields{"91", "26"}));
  EXPECT_EQ(fields_of(encode(ReqSmartComponents{3, "9c0001"}, 193)), (Fields{"83", "3", "9c0001"}));
  EXPECT_EQ(fields_of(encode(ReqSecDefOptParams{3, "AAPL", "", "STK", 265598}, 193)),
            (Fields{"78", "3", "AAPL", "", "STK", "265598"}));
  EXPECT_EQ(fields_of(encode(ReqCurrentTimeInMillis{}, 200)), (Fields{"105"}));
  const auto head = fields_of(encode(ReqHeadTimestamp{3, aapl(), false, true, "TRADES", 1}, 193));
  EXPECT_EQ(head.size(), 1u + 1u + 12u + 4u);
  EXPECT_EQ((Fields{head.end() - 4, head.end()}), (Fields{"0", "1", "TRADES", "1"}));
}

TEST(ReferenceCodec, ACountLargerThanTheMessageIsAnErrorNotAnAllocation) {
  auto r = decode_response(payload({"79", "3", "1000000000"}), 193);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("nContractDescriptions"), std::string::npos) << r.error().message;
  auto rule = decode_response(payload({"93", "26", "-1"}), 193);
  EXPECT_FALSE(rule.has_value());
}

}  // namespace
}  // namespace rt::tws

// The emulator's wider TWS API without sockets: positions and account values per account,
// reference data, book depth, tick-by-tick and the head timestamp, each answered as TWS answers
// it, with TWS's errors for bad input and never silence.
#include <gtest/gtest.h>

#include <algorithm>

#include "market_test_support.hpp"

namespace rt::gateway {
namespace {

using namespace std::chrono_literals;
using testing::decode_frames;
using testing::error_codes;
using testing::MarketSessionFixture;
using testing::only;
using testing::stock;

constexpr const char* kAccount = "DU1234567";

class WideSessionTest : public MarketSessionFixture {
 protected:
  static tws::ReqMktDepth depth(int req_id, const std::string& symbol, int rows, bool smart = false) {
    tws::ReqMktDepth m;
    m.req_id = req_id;
    m.contract = stock(symbol);
    m.num_rows = rows;
    m.smart_depth = smart;
    return m;
  }
  static tws::ReqTickByTick ticks(int req_id, const std::string& symbol, const std::string& type) {
    tws::ReqTickByTick m;
    m.req_id = req_id;
    m.contract = stock(symbol);
    m.tick_type = type;
    return m;
  }
};

TEST_F(WideSessionTest, AccountUpdatesMultiSendsTheAccountValuesThenItsEnd) {
  const auto all = request(tws::ReqAccountUpdatesMulti{41, kAccount, "", false});
  const auto rows = only<tws::AccountUpdateMulti>(all);
  ASSERT_FALSE(rows.empty());
  EXPECT_TRUE(std::all_of(rows.begin(), rows.end(), [](const auto& r) { return r.req_id == 41 && r.account == kAccount; }));
  const auto nlv = std::find_if(rows.begin(), rows.end(), [](const auto& r) { return r.key == "NetLiquidation"; });
  ASSERT_NE(nlv, rows.end());
  EXPECT_EQ(nlv->currency, "USD");
  ASSERT_TRUE(std::holds_alternative<tws::AccountUpdateMultiEnd>(all.back()));
  EXPECT_EQ(std::get<tws::AccountUpdateMultiEnd>(all.back()).req_id, 41);
}

TEST_F(WideSessionTest, LedgerAndNlvSendsOnlyTheCashLedgerAndNetLiquidation) {
  const auto rows = only<tws::AccountUpdateMulti>(request(tws::ReqAccountUpdatesMulti{42, kAccount, "", true}));
  ASSERT_FALSE(rows.empty());
  for (const auto& r : rows) {
    EXPECT_TRUE(r.key.find("Cash") != std::string::npos || r.key.starts_with("NetLiquidation")) << r.key;
  }
}

TEST_F(WideSessionTest, AnAccountNotManagedHereGets321ForTheRequestAndNoEnd) {
  const auto all = request(tws::ReqAccountUpdatesMulti{43, "U999", "", false});
  EXPECT_EQ(error_codes(all, 43), std::vector<int>{321});
  EXPECT_TRUE(only<tws::AccountUpdateMultiEnd>(all).empty());
  EXPECT_EQ(error_codes(request(tws::ReqPositionsMulti{44, "U999", ""}), 44), std::vector<int>{321});
}

TEST_F(WideSessionTest, PositionsMultiListsEachPositionWithItsPrimaryExchangeThenItsEnd) {
  config_.positions = {*parse_position("AAPL:100:150.25:151")};
  const auto all = request(tws::ReqPositionsMulti{45, "", ""});
  const auto held = only<tws::PositionMulti>(all);
  ASSERT_EQ(held.size(), 1U);
  EXPECT_EQ(held[0].req_id, 45);
  EXPECT_EQ(held[0].account, kAccount);
  EXPECT_EQ(held[0].contract.symbol, "AAPL");
  EXPECT_EQ(held[0].contract.exchange, "NASDAQ");
  EXPECT_EQ(held[0].position, Decimal::from_int(100));
  EXPECT_EQ(held[0].avg_cost, *Decimal::parse("150.25"));
  ASSERT_TRUE(std::holds_alternative<tws::PositionMultiEnd>(all.back()));
}

TEST_F(WideSessionTest, FamilyCodesListEveryAccountAndUserInfoAnswersItsRequest) {
  const auto codes = only<tws::FamilyCodes>(request(tws::ReqFamilyCodes{}));
  ASSERT_EQ(codes.size(), 1U);
  ASSERT_EQ(codes[0].codes.size(), 1U);
  EXPECT_EQ(codes[0].codes[0].account, kAccount);
  const auto info = only<tws::UserInfo>(request(tws::ReqUserInfo{46}));
  ASSERT_EQ(info.size(), 1U);
  EXPECT_EQ(info[0].req_id, 46);
}

TEST_F(WideSessionTest, MatchingSymbolsFindsKnownSymbolsByPrefixAndNothingForNonsense) {
  const auto found = only<tws::SymbolSamples>(request(tws::ReqMatchingSymbols{47, "aap"}));
  ASSERT_EQ(found.size(), 1U);
  ASSERT_FALSE(found[0].descriptions.empty());
  const auto& first = found[0].descriptions.front();
  EXPECT_EQ(first.contract.symbol, "AAP");  // the pattern itself is a plausible symbol
  const auto aapl = std::find_if(found[0].descriptions.begin(), found[0].descriptions.end(),
                                 [](const auto& d) { return d.contract.symbol == "AAPL"; });
  ASSERT_NE(aapl, found[0].descriptions.end());
  EXPECT_EQ(aapl->contract.con_id, 265598);
  EXPECT_EQ(aapl->description, "APPLE INC");
  const auto none = only<tws::SymbolSamples>(request(tws::ReqMatchingSymbols{48, "12345678"}));
  ASSERT_EQ(none.size(), 1U);
  EXPECT_TRUE(none[0].descriptions.empty());
}

TEST_F(WideSessionTest, MarketRule26IsOneCentAtEveryPriceAndAnUnknownRuleIsRefused) {
  const auto rule = only<tws::MarketRule>(request(tws::ReqMarketRule{26}));
  ASSERT_EQ(rule.size(), 1U);
  ASSERT_EQ(rule[0].increments.size(), 1U);
  EXPECT_EQ(rule[0].increments[0].low_edge, Decimal{});
  EXPECT_EQ(rule[0].increments[0].increment, *Decimal::parse("0.01"));
  EXPECT_EQ(error_codes(request(tws::ReqMarketRule{9999}), -1), std::vector<int>{321});
}

TEST_F(WideSessionTest, SmartComponentsAnswerForTheBboExchangeThatTickReqParamsGives) {
  const auto reply = only<tws::SmartComponents>(request(tws::ReqSmartComponents{49, "9c0001"}));
  ASSERT_EQ(reply.size(), 1U);
  EXPECT_GE(reply[0].components.size(), 3U);
  EXPECT_EQ(error_codes(request(tws::ReqSmartComponents{50, "zz"}), 50), std::vector<int>{321});
}

TEST_F(WideSessionTest, OptionChainListsFridayExpiriesAndStrikesAroundThePrice) {
  const auto all = request(tws::ReqSecDefOptParams{51, "AAPL", "", "STK", 265598});
  const auto chains = only<tws::SecDefOptParams>(all);
  ASSERT_EQ(chains.size(), 1U);
  EXPECT_EQ(chains[0].underlying_con_id, 265598);
  EXPECT_EQ(chains[0].multiplier, "100");
  ASSERT_EQ(chains[0].expirations.size(), 4U);
  EXPECT_EQ(chains[0].expirations[0], "20250117");  // the Friday after Wednesday 2025-01-15
  const double last = market_->model("AAPL").quote_at(clock_.now()).last.to_double();
  ASSERT_FALSE(chains[0].strikes.empty());
  EXPECT_LT(chains[0].strikes.front(), last);
  EXPECT_GT(chains[0].strikes.back(), last);
  ASSERT_TRUE(std::holds_alternative<tws::SecDefOptParamsEnd>(all.back()));
  EXPECT_EQ(error_codes(request(tws::ReqSecDefOptParams{52, "AAPL", "", "STK", 1}), 52), std::vector<int>{200});
}

TEST_F(WideSessionTest, TimeInMillisNeedsServerVersion197) {
  EXPECT_EQ(error_codes(request(tws::ReqCurrentTimeInMillis{}), -1), std::vector<int>{321});
}

TEST_F(WideSessionTest, DepthSendsRowsLevelsASideAroundTheQuoteThenUpdatesAndStopsAfterCancel) {
  const auto first = only<tws::MarketDepth>(request(depth(61, "AAPL", 5)));
  ASSERT_EQ(first.size(), 10U);
  const auto q = market_->model("AAPL").quote_at(clock_.now());
  std::vector<tws::MarketDepth> bids, asks;
  for (const auto& d : first) {
    EXPECT_EQ(d.operation, tws::DepthOperation::kInsert);
    EXPECT_FALSE(d.l2);
    (d.side == tws::DepthSide::kBid ? bids : asks).push_back(d);
  }
  ASSERT_EQ(bids.size(), 5U);
  EXPECT_EQ(bids[0].price, q.bid);
  EXPECT_EQ(asks[0].price, q.ask);
  for (std::size_t i = 1; i < 5; ++i) {
    EXPECT_LT(bids[i].price, bids[i - 1].price);
    EXPECT_GT(asks[i].price, asks[i - 1].price);
    EXPECT_EQ(bids[i].position, static_cast<int>(i));
  }
  std::size_t updates = 0;
  for (int i = 0; i < 30; ++i) {
    clock_.advance(1s);
    for (const auto& d : only<tws::MarketDepth>(poll())) {
      EXPECT_EQ(d.operation, tws::DepthOperation::kUpdate);
      ++updates;
    }
  }
  EXPECT_GT(updates, 0U);
  EXPECT_TRUE(request(tws::CancelMktDepth{61, false}).empty());
  clock_.advance(5s);
  EXPECT_TRUE(poll().empty());
  EXPECT_EQ(error_codes(request(tws::CancelMktDepth{61, false}), 61), std::vector<int>{300});
}

TEST_F(WideSessionTest, SmartDepthSendsL2RowsNamingTheExchange) {
  const auto rows = only<tws::MarketDepth>(request(depth(62, "MSFT", 3, true)));
  ASSERT_EQ(rows.size(), 6U);
  for (const auto& d : rows) {
    EXPECT_TRUE(d.l2);
    EXPECT_TRUE(d.smart_depth);
    EXPECT_FALSE(d.market_maker.empty());
  }
}

TEST_F(WideSessionTest, AFourthDepthRequestGets309AndBadRowsOrSymbolsAreRefused) {
  for (int id = 63; id < 66; ++id) EXPECT_FALSE(only<tws::MarketDepth>(request(depth(id, "AAPL", 1))).empty());
  EXPECT_EQ(error_codes(request(depth(66, "AAPL", 1)), 66), std::vector<int>{309});
  EXPECT_EQ(error_codes(request(depth(67, "AAPL", 0)), 67), std::vector<int>{321});
  EXPECT_EQ(error_codes(request(depth(63, "AAPL", 1)), 63), std::vector<int>{322});
  EXPECT_EQ(error_codes(request(depth(68, "1234", 1)), 68), std::vector<int>{200});
}

TEST_F(WideSessionTest, TickByTickBidAskStartsAtTheQuoteAndStreamsItsChanges) {
  const auto first = only<tws::TickByTick>(request(ticks(71, "AAPL", "BidAsk")));
  ASSERT_EQ(first.size(), 1U);
  const auto q = market_->model("AAPL").quote_at(clock_.now());
  EXPECT_EQ(first[0].tick_type, 3);
  EXPECT_EQ(first[0].bid_price, q.bid);
  EXPECT_EQ(first[0].ask_price, q.ask);
  std::size_t streamed = 0;
  for (int i = 0; i < 30; ++i) {
    clock_.advance(1s);
    streamed += only<tws::TickByTick>(poll()).size();
  }
  EXPECT_GT(streamed, 0U);
  EXPECT_TRUE(request(tws::CancelTickByTick{71}).empty());
  clock_.advance(5s);
  EXPECT_TRUE(poll().empty());
}

TEST_F(WideSessionTest, TickByTickAllLastAndMidPointCarryTheirPrices) {
  session();
  const auto q = market_->model("MSFT").quote_at(clock_.now());
  const auto last = only<tws::TickByTick>(request(ticks(72, "MSFT", "AllLast")));
  ASSERT_EQ(last.size(), 1U);
  EXPECT_EQ(last[0].price, q.last);
  EXPECT_EQ(last[0].exchange, "NASDAQ");
  const auto mid = only<tws::TickByTick>(request(ticks(73, "MSFT", "MidPoint")));
  ASSERT_EQ(mid.size(), 1U);
  EXPECT_EQ(mid[0].price, (q.bid + q.ask) / Decimal::from_int(2));
}

TEST_F(WideSessionTest, TickByTickRefusesUnknownTypesAndASixthStream) {
  EXPECT_EQ(error_codes(request(ticks(74, "AAPL", "Trades")), 74), std::vector<int>{321});
  for (int id = 75; id < 80; ++id) EXPECT_FALSE(only<tws::TickByTick>(request(ticks(id, "AAPL", "BidAsk"))).empty());
  EXPECT_EQ(error_codes(request(ticks(80, "AAPL", "BidAsk")), 80), std::vector<int>{10190});
}

TEST_F(WideSessionTest, HeadTimestampIsASessionOpenInEitherDateFormat) {
  tws::ReqHeadTimestamp m;
  m.req_id = 81;
  m.contract = stock("AAPL");
  const auto text = only<tws::HeadTimestamp>(request(m));
  ASSERT_EQ(text.size(), 1U);
  ASSERT_EQ(text[0].head_timestamp.size(), 17U) << text[0].head_timestamp;
  EXPECT_EQ(text[0].head_timestamp.substr(8, 1), "-");
  EXPECT_LT(text[0].head_timestamp, "20060101");
  m.format_date = 2;
  const auto epoch = only<tws::HeadTimestamp>(request(m));
  ASSERT_EQ(epoch.size(), 1U);
  EXPECT_TRUE(std::all_of(epoch[0].head_timestamp.begin(), epoch[0].head_timestamp.end(), ::isdigit));
  m.contract = stock("1234");
  EXPECT_EQ(error_codes(request(m), 81), std::vector<int>{200});
}

TEST_F(WideSessionTest, HistoricalTradesBeforeAnEndAreTheLastTicksInTimeOrder) {
  tws::ReqHistoricalTicks m;
  m.req_id = 91;
  m.contract = stock("AAPL");
  m.end_date_time = "20250115-15:00:00";  // 10:00 New York: 30 minutes of trading before it
  m.number_of_ticks = 100;
  const auto replies = only<tws::HistoricalTicks>(request(m));
  ASSERT_EQ(replies.size(), 1U);
  const auto& ticks = replies[0].ticks;
  ASSERT_EQ(ticks.size(), 100U);
  EXPECT_EQ(replies[0].kind, tws::HistoricalTickKind::kTrades);
  EXPECT_TRUE(replies[0].done);
  for (std::size_t i = 1; i < ticks.size(); ++i) EXPECT_GT(ticks[i].time, ticks[i - 1].time);
  EXPECT_LT(ticks.back().time, 1736953200);  // before the end
  EXPECT_EQ(ticks.back().exchange, "NASDAQ");
  EXPECT_GT(ticks.back().size, Decimal{});
}

TEST_F(WideSessionTest, HistoricalBidAskAndMidpointTicksFromAStartGoForward) {
  tws::ReqHistoricalTicks m;
  m.req_id = 92;
  m.contract = stock("MSFT");
  m.start_date_time = "20250115 09:30:00 US/Eastern";
  m.number_of_ticks = 10;
  m.what_to_show = "BID_ASK";
  const auto quotes = only<tws::HistoricalTicks>(request(m));
  ASSERT_EQ(quotes.size(), 1U);
  ASSERT_EQ(quotes[0].ticks.size(), 10U);
  EXPECT_EQ(quotes[0].ticks[0].time, 1736951400);  // the open
  EXPECT_GT(quotes[0].ticks[0].ask_price, quotes[0].ticks[0].bid_price);
  m.what_to_show = "MIDPOINT";
  const auto mids = only<tws::HistoricalTicks>(request(m));
  ASSERT_EQ(mids.size(), 1U);
  EXPECT_EQ(mids[0].kind, tws::HistoricalTickKind::kMidpoint);
  EXPECT_GT(mids[0].ticks[0].price, Decimal{});
}

TEST_F(WideSessionTest, HistoricalTicksRefuseBothOrNeitherAnchorTooManyTicksAndUnknownKinds) {
  tws::ReqHistoricalTicks m;
  m.req_id = 93;
  m.contract = stock("AAPL");
  EXPECT_EQ(error_codes(request(m), 93), std::vector<int>{321});  // neither
  m.start_date_time = m.end_date_time = "20250115-15:00:00";
  EXPECT_EQ(error_codes(request(m), 93), std::vector<int>{321});  // both
  m.start_date_time.clear();
  m.number_of_ticks = 1001;
  EXPECT_EQ(error_codes(request(m), 93), std::vector<int>{321});
  m.number_of_ticks = 10;
  m.what_to_show = "BID";
  EXPECT_EQ(error_codes(request(m), 93), std::vector<int>{321});
  m.what_to_show = "TRADES";
  m.end_date_time = "yesterday";
  EXPECT_EQ(error_codes(request(m), 93), std::vector<int>{321});
}

TEST_F(WideSessionTest, HistogramCountsTheVolumeTradedAtEachPriceOverThePeriod) {
  tws::ReqHistogramData m;
  m.req_id = 94;
  m.contract = stock("AAPL");
  m.time_period = "3 days";
  const auto replies = only<tws::HistogramData>(request(m));
  ASSERT_EQ(replies.size(), 1U);
  const auto& entries = replies[0].entries;
  ASSERT_GT(entries.size(), 5U);
  for (std::size_t i = 1; i < entries.size(); ++i) EXPECT_GT(entries[i].price, entries[i - 1].price);
  for (const auto& e : entries) EXPECT_GT(e.size, Decimal{});
  m.time_period = "forever";
  EXPECT_EQ(error_codes(request(m), 94), std::vector<int>{321});
}

TEST_F(WideSessionTest, GenericTicks233And236AddRtVolumeAndShortableWhereRequested) {
  tws::ReqMktData m;
  m.req_id = 95;
  m.contract = stock("AAPL");
  m.generic_tick_list = "233, 236";
  const auto all = request(m);
  const auto generic = only<tws::TickGeneric>(all);
  ASSERT_EQ(generic.size(), 1U);
  EXPECT_EQ(generic[0].tick_type, tws::tick::kShortable);
  EXPECT_EQ(generic[0].value, 3.0);
  const auto strings = only<tws::TickString>(all);
  const auto rt = std::find_if(strings.begin(), strings.end(), [](const auto& t) { return t.tick_type == tws::tick::kRtVolume; });
  ASSERT_NE(rt, strings.end());
  EXPECT_EQ(std::count(rt->value.begin(), rt->value.end(), ';'), 5);
  const auto q = market_->model("AAPL").quote_at(clock_.now());
  EXPECT_EQ(rt->value.substr(0, rt->value.find(';')), q.last.to_string());
  m.req_id = 96;
  m.generic_tick_list.clear();
  const auto plain = request(m);
  EXPECT_TRUE(only<tws::TickGeneric>(plain).empty());
  const auto plain_strings = only<tws::TickString>(plain);
  EXPECT_TRUE(std::none_of(plain_strings.begin(), plain_strings.end(),
                           [](const auto& t) { return t.tick_type == tws::tick::kRtVolume; }));
}

TEST_F(WideSessionTest, AnUnservedRequestIsRefusedOnItsOwnRequestIdAndAnUnknownIdOnMinusOne) {
  using testing::frame_of;
  auto& s = session();
  const auto fundamental = decode_frames(s.on_bytes(frame_of({"52", "2", "77", "0", "AAPL"})).frames, sv_);
  EXPECT_EQ(error_codes(fundamental, 77), std::vector<int>{321});
  EXPECT_NE(only<tws::ErrorMessage>(fundamental)[0].message.find("REQ_FUNDAMENTAL_DATA"), std::string::npos);
  const auto news = decode_frames(s.on_bytes(frame_of({"86", "78", "265598", "BRFG", "", "", "10"})).frames, sv_);
  EXPECT_EQ(error_codes(news, 78), std::vector<int>{321});
  const auto unknown = decode_frames(s.on_bytes(frame_of({"250", "1"})).frames, sv_);
  EXPECT_EQ(error_codes(unknown, -1), std::vector<int>{321});
  EXPECT_TRUE(s.on_bytes(frame_of({"14", "1", "5"})).frames.empty());  // setServerLogLevel: no reply
  EXPECT_EQ(s.state(), SessionState::kReady);
}

}  // namespace
}  // namespace rt::gateway

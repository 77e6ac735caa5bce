// The market side of GatewaySession without sockets: requests in, typed replies out (decoded
// with the codec, as a client would), streams advanced by moving the manual clock and polling.
#include <gtest/gtest.h>

#include <algorithm>

#include "market_test_support.hpp"

namespace rt::gateway {
namespace {

using namespace std::chrono_literals;
using testing::error_codes;
using testing::MarketSessionFixture;
using testing::only;
using testing::stock;
namespace tick = tws::tick;

class MarketSessionTest : public MarketSessionFixture {
 protected:
  tws::ReqMktData mkt(int req_id, const std::string& symbol, bool snapshot = false) {
    tws::ReqMktData m;
    m.req_id = req_id;
    m.contract = stock(symbol);
    m.snapshot = snapshot;
    return m;
  }
  tws::ReqRealTimeBars rtb(int req_id, const std::string& symbol) {
    tws::ReqRealTimeBars m;
    m.req_id = req_id;
    m.contract = stock(symbol);
    return m;
  }
};

TEST_F(MarketSessionTest, ContractDetailsThenEnd) {
  tws::ReqContractData r;
  r.req_id = 11;
  r.contract = stock("AAPL");
  const auto all = request(r);
  const auto details = only<tws::ContractDetails>(all);
  ASSERT_EQ(details.size(), 1U);
  EXPECT_EQ(details[0].req_id, 11);
  EXPECT_EQ(details[0].contract.con_id, 265598);
  EXPECT_EQ(details[0].contract.primary_exchange, "NASDAQ");
  EXPECT_EQ(details[0].min_tick, *Decimal::parse("0.01"));
  EXPECT_EQ(details[0].time_zone_id, "US/Eastern");
  EXPECT_EQ(details[0].liquid_hours.substr(0, 27), "20250115:0930-20250115:1600");
  EXPECT_EQ(details[0].trading_hours.substr(0, 27), "20250115:0400-20250115:2000");
  EXPECT_NE(details[0].liquid_hours.find("20250118:CLOSED"), std::string::npos);
  EXPECT_EQ(details[0].long_name, "APPLE INC");
  ASSERT_EQ(only<tws::ContractDataEnd>(all).size(), 1U);
  EXPECT_TRUE(std::holds_alternative<tws::ContractDataEnd>(all.back()));
}

TEST_F(MarketSessionTest, InvalidSymbolGets200AndNoEnd) {
  config_.market.unknown_symbols = {"NOPE"};
  for (const char* bad : {"1234", "A!B", "ABCDEFG", "NOPE"}) {
    tws::ReqContractData r;
    r.req_id = 12;
    r.contract = stock(bad);
    const auto all = request(r);
    EXPECT_EQ(error_codes(all, 12), std::vector<int>{200}) << bad;
    EXPECT_TRUE(only<tws::ContractDataEnd>(all).empty());
    EXPECT_EQ(only<tws::ErrorMessage>(all)[0].message, "No security definition has been found for the request");
  }
  EXPECT_EQ(error_codes(request(mkt(13, "1234")), 13), std::vector<int>{200});
  EXPECT_EQ(error_codes(request(history(14, "1234", "1 min", "1 D")), 14), std::vector<int>{200});
  EXPECT_EQ(limits_.violations(), 0U);
}

TEST_F(MarketSessionTest, SnapshotSendsTheCurrentValuesThenSnapshotEnd) {
  const auto all = request(mkt(21, "AAPL", true));
  ASSERT_GE(all.size(), 8U);
  ASSERT_TRUE(std::holds_alternative<tws::MarketDataType>(all[0]));
  EXPECT_EQ(std::get<tws::MarketDataType>(all[0]).market_data_type, 1);
  EXPECT_TRUE(std::holds_alternative<tws::TickReqParams>(all[1]));
  ASSERT_TRUE(std::holds_alternative<tws::TickSnapshotEnd>(all.back()));
  EXPECT_EQ(std::get<tws::TickSnapshotEnd>(all.back()).req_id, 21);
  const auto q = market_->model("AAPL").quote_at(clock_.now());
  const auto prices = only<tws::TickPrice>(all);
  const auto price_of = [&](int type) {
    auto it = std::find_if(prices.begin(), prices.end(), [&](const auto& p) { return p.tick_type == type; });
    return it == prices.end() ? Decimal::from_int(-1) : it->price;
  };
  EXPECT_EQ(price_of(tick::kBid), q.bid);
  EXPECT_EQ(price_of(tick::kAsk), q.ask);
  EXPECT_EQ(price_of(tick::kLast), q.last);
  const auto sizes = only<tws::TickSize>(all);
  EXPECT_TRUE(std::any_of(sizes.begin(), sizes.end(), [](const auto& s) { return s.tick_type == tick::kBidSize; }));
  EXPECT_TRUE(std::any_of(sizes.begin(), sizes.end(), [](const auto& s) { return s.tick_type == tick::kVolume; }));
  const auto strings = only<tws::TickString>(all);
  ASSERT_FALSE(strings.empty());
  EXPECT_EQ(strings[0].tick_type, tick::kLastTimestamp);
  // A snapshot holds no line and streams nothing.
  EXPECT_FALSE(session().next_market_event().has_value());
}

TEST_F(MarketSessionTest, StreamingTicksArriveAsTimePassesAndStopAfterCancel) {
  const auto first = request(mkt(31, "MSFT"));
  EXPECT_FALSE(only<tws::TickPrice>(first).empty());
  EXPECT_TRUE(only<tws::TickSnapshotEnd>(first).empty());
  ASSERT_TRUE(session().next_market_event().has_value());
  std::size_t ticks = 0;
  for (int i = 0; i < 30; ++i) {
    clock_.advance(1s);
    for (const auto& p : only<tws::TickPrice>(poll())) {
      EXPECT_EQ(p.req_id, 31);
      ++ticks;
    }
  }
  EXPECT_GT(ticks, 5U);
  EXPECT_TRUE(request(tws::CancelMktData{31}).empty());
  clock_.advance(10s);
  EXPECT_TRUE(poll().empty());
  EXPECT_FALSE(session().next_market_event().has_value());
  // Cancelling again: 300.
  EXPECT_EQ(error_codes(request(tws::CancelMktData{31}), 31), std::vector<int>{300});
}

TEST_F(MarketSessionTest, ClosedMarketSendsTheCloseAndStreamsNothingUntilTheOpen) {
  clock_.set(testing::new_york(2025, 1, 15, 20, 0));
  const auto first = request(mkt(32, "MSFT"));
  EXPECT_FALSE(only<tws::TickPrice>(first).empty());
  clock_.advance(1h);
  EXPECT_TRUE(poll().empty());
  EXPECT_EQ(*session().next_market_event(), testing::new_york(2025, 1, 16, 9, 30));
}

TEST_F(MarketSessionTest, RealTimeBarsEveryFiveSecondsMatchTheModel) {
  EXPECT_TRUE(request(rtb(41, "AAPL")).empty());
  std::vector<tws::RealTimeBar> bars;
  for (int i = 0; i < 12; ++i) {
    clock_.advance(5s);
    for (const auto& b : only<tws::RealTimeBar>(poll())) bars.push_back(b);
  }
  ASSERT_EQ(bars.size(), 12U);
  for (std::size_t i = 1; i < bars.size(); ++i) EXPECT_EQ(bars[i].time - bars[i - 1].time, 5);
  const auto model = market_->model("AAPL").base_bars(Timestamp{std::chrono::seconds(bars[0].time)},
                                                      Timestamp{std::chrono::seconds(bars[0].time + 5)});
  ASSERT_EQ(model.size(), 1U);
  EXPECT_EQ(bars[0].close, model[0].close);
  EXPECT_EQ(bars[0].volume, model[0].volume);
  request(tws::CancelRealTimeBars{41});
  clock_.advance(30s);
  EXPECT_TRUE(poll().empty());
}

TEST_F(MarketSessionTest, HistoricalReplyCarriesStartAndEndBeforeSv196) {
  const auto all = request(history(51, "AAPL", "5 mins", "1800 S"));
  const auto data = only<tws::HistoricalData>(all);
  ASSERT_EQ(data.size(), 1U);
  EXPECT_EQ(data[0].req_id, 51);
  EXPECT_EQ(data[0].bars.size(), 6U);
  EXPECT_EQ(data[0].start_date, "20250115 09:30:00 US/Eastern");
  EXPECT_EQ(data[0].end_date, "20250115 10:00:00 US/Eastern");
  EXPECT_TRUE(only<tws::HistoricalDataEnd>(all).empty());
}

TEST_F(MarketSessionTest, KeepUpToDateSendsTheFormingBarThenStopsAfterCancel) {
  auto r = history(61, "AAPL", "1 min", "1800 S");
  r.keep_up_to_date = true;
  ASSERT_EQ(only<tws::HistoricalData>(request(r)).size(), 1U);
  std::vector<tws::HistoricalDataUpdate> updates;
  for (int i = 0; i < 24; ++i) {
    clock_.advance(5s);
    for (const auto& u : only<tws::HistoricalDataUpdate>(poll())) updates.push_back(u);
  }
  ASSERT_GE(updates.size(), 20U);
  EXPECT_EQ(updates.front().bar.date, "20250115 10:00:00 US/Eastern");
  EXPECT_EQ(updates.back().bar.date, "20250115 10:01:00 US/Eastern");
  // The forming 10:00 bar grows until it is complete: its last update is the finished minute.
  tws::HistoricalDataUpdate last_of_first;
  for (const auto& u : updates) {
    if (u.bar.date == "20250115 10:00:00 US/Eastern") last_of_first = u;
  }
  const auto minute = market_->model("AAPL").aggregate(testing::new_york(2025, 1, 15, 10, 0),
                                                        testing::new_york(2025, 1, 15, 10, 1));
  EXPECT_EQ(last_of_first.bar.volume, minute->volume);
  EXPECT_EQ(last_of_first.bar.close, minute->close);
  const auto cancelled = request(tws::CancelHistoricalData{61});
  EXPECT_EQ(error_codes(cancelled, 61), std::vector<int>{162});
  clock_.advance(30s);
  EXPECT_TRUE(poll().empty());
  EXPECT_EQ(error_codes(request(tws::CancelHistoricalData{61}), 61), std::vector<int>{366});
}

TEST_F(MarketSessionTest, IdenticalHistoricalRequestWithin15SecondsGets162Pacing) {
  EXPECT_EQ(only<tws::HistoricalData>(request(history(71, "AAPL", "1 min", "1800 S"))).size(), 1U);
  clock_.advance(5s);
  const auto again = request(history(72, "AAPL", "1 min", "1800 S"));
  ASSERT_EQ(error_codes(again, 72), std::vector<int>{162});
  EXPECT_NE(only<tws::ErrorMessage>(again)[0].message.find("pacing violation"), std::string::npos);
  EXPECT_EQ(limits_.historical_pacing, 1U);
  clock_.advance(11s);
  EXPECT_EQ(only<tws::HistoricalData>(request(history(73, "AAPL", "1 min", "1800 S"))).size(), 1U);
}

TEST_F(MarketSessionTest, SixRequestsForOneContractWithin2SecondsGet162) {
  const char* durations[] = {"60 S", "120 S", "180 S", "240 S", "300 S", "360 S"};
  for (int i = 0; i < 6; ++i) {
    const auto all = request(history(80 + i, "AAPL", "1 min", durations[i]));
    if (i < 5) {
      EXPECT_EQ(only<tws::HistoricalData>(all).size(), 1U) << i;
    } else {
      EXPECT_EQ(error_codes(all, 85), std::vector<int>{162});
    }
  }
  EXPECT_EQ(limits_.historical_pacing, 1U);
}

TEST_F(MarketSessionTest, SixtyOneSmallBarRequestsIn10MinutesGet162AndNoPacingTurnsItOff) {
  for (int i = 0; i < 61; ++i) {
    const auto all = request(history(100 + i, "S" + std::string(1, static_cast<char>('A' + i % 26)) +
                                                  std::string(1, static_cast<char>('A' + i / 26)),
                                     "5 secs", "300 S"));
    if (i < 60) {
      EXPECT_EQ(only<tws::HistoricalData>(all).size(), 1U) << i;
    } else {
      EXPECT_EQ(error_codes(all, 160), std::vector<int>{162});
    }
    clock_.advance(1s);
  }
  EXPECT_EQ(limits_.historical_pacing, 1U);
}

TEST_F(MarketSessionTest, WithPacingOffIdenticalRequestsAreServed) {
  config_.market.historical_pacing = false;
  for (int i = 0; i < 8; ++i) EXPECT_EQ(only<tws::HistoricalData>(request(history(90 + i, "AAPL", "1 min", "1800 S"))).size(), 1U);
  EXPECT_EQ(limits_.violations(), 0U);
}

TEST_F(MarketSessionTest, MoreThan50OpenHistoricalRequestsGet162) {
  config_.market.historical_pacing = false;
  config_.market.max_msg_rate = 0;  // 51 requests at one instant
  for (int i = 0; i < 51; ++i) {
    auto r = history(200 + i, "AAPL", "1 hour", "1 D");
    r.keep_up_to_date = true;
    const auto all = request(r);
    if (i < 50) {
      EXPECT_EQ(only<tws::HistoricalData>(all).size(), 1U) << i;
    } else {
      EXPECT_EQ(error_codes(all, 250), std::vector<int>{162});
    }
  }
  EXPECT_EQ(limits_.historical_open, 1U);
}

TEST_F(MarketSessionTest, InvalidBarSizeDurationCombinationGets162) {
  const auto all = request(history(301, "AAPL", "1 secs", "1 D"));
  ASSERT_EQ(error_codes(all, 301), std::vector<int>{162});
  EXPECT_EQ(only<tws::ErrorMessage>(all)[0].message,
            "Historical Market Data Service error message:Time length exceed max.");
  EXPECT_EQ(error_codes(request(history(302, "AAPL", "9 mins", "1 D")), 302), std::vector<int>{321});
  EXPECT_EQ(limits_.violations(), 0U);
}

TEST_F(MarketSessionTest, MarketDataLinesBeyondTheLimitGet101) {
  config_.market.max_lines = 3;
  EXPECT_TRUE(error_codes(request(mkt(401, "AAPL")), 401).empty());
  EXPECT_TRUE(error_codes(request(mkt(402, "MSFT")), 402).empty());
  EXPECT_TRUE(request(rtb(403, "IBM")).empty());
  EXPECT_EQ(error_codes(request(mkt(404, "XOM")), 404), std::vector<int>{101});
  EXPECT_EQ(error_codes(request(rtb(405, "KO")), 405), std::vector<int>{101});
  // Snapshots need no line; a cancel frees one.
  EXPECT_TRUE(error_codes(request(mkt(406, "XOM", true)), 406).empty());
  request(tws::CancelMktData{401});
  EXPECT_TRUE(error_codes(request(mkt(407, "XOM")), 407).empty());
  EXPECT_EQ(limits_.market_data_lines, 2U);
}

TEST_F(MarketSessionTest, DelayedOnlySymbolGets354LiveAnd10167WithDelayedTicks) {
  config_.market.delayed_only = {"AAPL"};
  const auto live = request(mkt(501, "AAPL"));
  EXPECT_EQ(error_codes(live, 501), std::vector<int>{354});
  EXPECT_TRUE(only<tws::TickPrice>(live).empty());
  EXPECT_TRUE(request(tws::ReqMarketDataType{3}).empty());
  const auto delayed = request(mkt(502, "AAPL"));
  EXPECT_EQ(error_codes(delayed, 502), std::vector<int>{10167});
  const auto types = only<tws::MarketDataType>(delayed);
  ASSERT_EQ(types.size(), 1U);
  EXPECT_EQ(types[0].market_data_type, 3);
  const auto prices = only<tws::TickPrice>(delayed);
  ASSERT_FALSE(prices.empty());
  for (const auto& p : prices) EXPECT_TRUE(p.tick_type >= 66 && p.tick_type <= 76) << p.tick_type;
  // The delayed quote is the quote of 15 minutes ago.
  const auto bid = std::find_if(prices.begin(), prices.end(), [](const auto& p) { return p.tick_type == 66; });
  EXPECT_EQ(bid->price, market_->model("AAPL").quote_at(clock_.now() - 15min).bid);
  // Other symbols stay live after reqMarketDataType(3).
  const auto msft = request(mkt(503, "MSFT"));
  EXPECT_EQ(only<tws::MarketDataType>(msft)[0].market_data_type, 1);
  EXPECT_EQ(limits_.not_subscribed, 1U);
  EXPECT_EQ(limits_.delayed_served, 1U);
}

TEST_F(MarketSessionTest, MessageRateAbove50PerSecondGets100AndTheThirdViolationDrops) {
  session();
  for (int round = 0; round < 3; ++round) {
    std::string burst;
    for (int i = 0; i < 51; ++i) burst += tws::encode(tws::ReqCurrentTime{}, sv_);
    const auto out = session().on_bytes(burst);
    const auto all = testing::decode_frames(out.frames, sv_);
    EXPECT_EQ(only<tws::CurrentTime>(all).size(), 50U);
    EXPECT_EQ(error_codes(all, -1), std::vector<int>{100});
    EXPECT_EQ(out.close, round == 2);
    clock_.advance(1s);
  }
  EXPECT_EQ(limits_.message_rate, 3U);
  EXPECT_EQ(limits_.sessions_dropped, 1U);
  EXPECT_EQ(session().state(), SessionState::kClosed);
}

TEST_F(MarketSessionTest, SlowHistoricalDelaysOnlyTheNamedSymbol) {
  ASSERT_TRUE(config_.fault_plan.add("slow-historical:800:AAPL").has_value());
  request(history(601, "AAPL", "1 min", "1800 S"));
  ASSERT_EQ(last_.delayed.size(), 1U);
  EXPECT_EQ(last_.delayed[0].delay, 800ms);
  EXPECT_TRUE(last_.frames.empty());
  const auto late = testing::decode_frames(last_.delayed[0].frames, sv_);
  ASSERT_EQ(only<tws::HistoricalData>(late).size(), 1U);
  EXPECT_EQ(only<tws::HistoricalData>(late)[0].req_id, 601);
  const auto other = request(history(602, "MSFT", "1 min", "1800 S"));
  EXPECT_TRUE(last_.delayed.empty());
  EXPECT_EQ(only<tws::HistoricalData>(other).size(), 1U);
}

TEST_F(MarketSessionTest, WellBehavedClientCausesNoViolations) {
  tws::ReqContractData cd;
  cd.req_id = 1;
  cd.contract = stock("AAPL");
  request(cd);
  request(mkt(2, "AAPL"));
  request(rtb(3, "AAPL"));
  request(history(4, "AAPL", "5 mins", "1 D"));
  clock_.advance(20s);
  request(history(5, "MSFT", "1 day", "1 M"));
  poll();
  EXPECT_EQ(limits_.violations(), 0U);
}

}  // namespace
}  // namespace rt::gateway

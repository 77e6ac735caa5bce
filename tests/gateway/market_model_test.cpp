// The simulated market without sessions: contract resolution, the seeded price model, the
// consistency of bars of every size with the 5-second base series, historical query rules,
// replay of real CSV bars, the pacing and message-rate rules, the simulated clock.
#include <gtest/gtest.h>

#include <algorithm>

#include "gateway/contract_directory.hpp"
#include "gateway/historical_pacer.hpp"
#include "gateway/historical_query.hpp"
#include "gateway/market.hpp"
#include "gateway/message_rate_limiter.hpp"
#include "gateway/simulated_clock.hpp"
#include "market_test_support.hpp"

namespace rt::gateway {
namespace {

using namespace std::chrono_literals;
using testing::market_morning;
using testing::new_york;
using testing::stock;

// --- contracts ---

TEST(ContractDirectoryTest, WellKnownSymbolHasItsRealConIdAndExchange) {
  ContractDirectory dir;
  auto aapl = dir.resolve(stock("AAPL"));
  ASSERT_TRUE(aapl.has_value());
  EXPECT_EQ(aapl->con_id, 265598);
  EXPECT_EQ(aapl->primary_exchange, "NASDAQ");
}

TEST(ContractDirectoryTest, AnyPlausibleSymbolResolvesToAStableConId) {
  ContractDirectory a, b;
  auto x = a.resolve(stock("ZZQX"));
  auto y = b.resolve(stock("zzqx"));
  ASSERT_TRUE(x.has_value());
  ASSERT_TRUE(y.has_value());
  EXPECT_EQ(x->con_id, y->con_id);
  EXPECT_GT(x->con_id, 0);
  EXPECT_TRUE(x->primary_exchange == "NASDAQ" || x->primary_exchange == "NYSE" || x->primary_exchange == "ARCA");
  EXPECT_NE(a.resolve(stock("ZZQY"))->con_id, x->con_id);
}

TEST(ContractDirectoryTest, ClassSuffixIsAcceptedInBothSpellings) {
  ContractDirectory dir;
  auto dot = dir.resolve(stock("BRK.B"));
  auto space = dir.resolve(stock("BRK B"));
  ASSERT_TRUE(dot.has_value());
  ASSERT_TRUE(space.has_value());
  EXPECT_EQ(dot->symbol, "BRK B");
  EXPECT_EQ(dot->con_id, space->con_id);
}

TEST(ContractDirectoryTest, InvalidSymbolsDoNotResolve) {
  ContractDirectory dir({"XXXX"});
  for (const char* bad : {"12345", "AA$L", "TOOLONG", "", "A.BCD", "XXXX"}) {
    EXPECT_FALSE(dir.resolve(stock(bad)).has_value()) << bad;
  }
  auto opt = stock("AAPL");
  opt.sec_type = "OPT";
  EXPECT_FALSE(dir.resolve(opt).has_value());
  auto eur = stock("AAPL");
  eur.currency = "EUR";
  EXPECT_FALSE(dir.resolve(eur).has_value());
}

TEST(ContractDirectoryTest, ConIdAloneFindsAResolvedContract) {
  ContractDirectory dir;
  auto first = dir.resolve(stock("QWER"));
  ASSERT_TRUE(first.has_value());
  tws::Contract by_id;
  by_id.con_id = first->con_id;
  by_id.exchange = "SMART";
  auto again = dir.resolve(by_id);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->symbol, "QWER");
  auto wrong = stock("QWER");
  wrong.con_id = first->con_id + 1;
  EXPECT_FALSE(dir.resolve(wrong).has_value());
}

// --- the synthetic model ---

class MarketModelTest : public ::testing::Test {
 protected:
  MarketModelTest() : clock_(market_morning()), market_(config_, clock_) {}
  MarketConfig config_;
  ManualClock clock_;
  Market market_;
};

TEST_F(MarketModelTest, QuoteIsConsistentAndOnTicksDuringTheSession) {
  auto& m = market_.model("AAPL");
  for (int i = 0; i < 200; ++i) {
    const auto t = market_morning() + std::chrono::seconds(37 * i);
    const auto q = m.quote_at(t);
    ASSERT_TRUE(q.valid);
    EXPECT_TRUE(q.market_open);
    EXPECT_LT(q.bid, q.ask);
    EXPECT_LE(q.bid, q.last);
    EXPECT_GE(q.ask, q.last);
    EXPECT_EQ(q.bid.round_to(MarketModel::min_tick()), q.bid);
    EXPECT_EQ(q.ask.round_to(MarketModel::min_tick()), q.ask);
    EXPECT_LE(q.low, q.last);
    EXPECT_GE(q.high, q.last);
    EXPECT_GT(q.volume, Decimal{});
    EXPECT_GT(q.bid_size, Decimal{});
  }
}

TEST_F(MarketModelTest, OutsideTheSessionTheQuoteIsTheLastCloseAndNothingTrades) {
  auto& m = market_.model("MSFT");
  const auto evening = new_york(2025, 1, 15, 18, 0);
  const auto close = m.quote_at(new_york(2025, 1, 15, 16, 0));
  const auto later = m.quote_at(evening);
  EXPECT_FALSE(later.market_open);
  EXPECT_EQ(close.last, later.last);
  EXPECT_EQ(close.volume, later.volume);
  EXPECT_FALSE(m.is_open(evening));
  EXPECT_FALSE(m.aggregate(evening, evening + 1h).has_value());
  // Saturday: Friday's close.
  const auto saturday = m.quote_at(new_york(2025, 1, 18, 12, 0));
  EXPECT_EQ(saturday.last, m.quote_at(new_york(2025, 1, 17, 16, 30)).last);
  EXPECT_EQ(*m.next_open(evening), new_york(2025, 1, 16, 9, 30));
}

TEST_F(MarketModelTest, SameSeedSamePricesDifferentSeedDifferentPrices) {
  MarketConfig other = config_;
  Market same(config_, clock_);
  other.seed = 2;
  Market different(other, clock_);
  const auto t = market_morning() + 17min;
  EXPECT_EQ(market_.model("IBM").quote_at(t).last, same.model("IBM").quote_at(t).last);
  EXPECT_EQ(market_.model("IBM").base_bars(t, t + 5min), same.model("IBM").base_bars(t, t + 5min));
  EXPECT_NE(market_.model("IBM").base_bars(t, t + 5min), different.model("IBM").base_bars(t, t + 5min));
  EXPECT_NE(market_.model("IBM").quote_at(t).last, market_.model("XOM").quote_at(t).last);
}

TEST_F(MarketModelTest, DaysAgreeAcrossTheDailyWalk) {
  // The next session opens near the previous close (an overnight gap, not a jump).
  auto& m = market_.model("NVDA");
  const auto wed = m.day_bar(std::chrono::year{2025} / 1 / 15);
  const auto thu = m.day_bar(std::chrono::year{2025} / 1 / 16);
  ASSERT_TRUE(wed && thu);
  const double gap = std::abs(thu->open.to_double() / wed->close.to_double() - 1.0);
  EXPECT_LT(gap, 0.05);
  EXPECT_GT(wed->volume, Decimal{});
}

TEST_F(MarketModelTest, BarOfAnyIntervalIsTheAggregationOfItsBaseBars) {
  auto& m = market_.model("AAPL");
  const auto from = market_morning() + 5min;
  const auto to = from + 30min;
  const auto base = m.base_bars(from, to);
  ASSERT_EQ(base.size(), 360U);
  const auto whole = m.aggregate(from, to);
  ASSERT_TRUE(whole.has_value());
  Decimal high = base.front().high, low = base.front().low, volume;
  int count = 0;
  for (const auto& b : base) {
    high = std::max(high, b.high);
    low = std::min(low, b.low);
    volume += b.volume;
    count += b.count;
  }
  EXPECT_EQ(whole->open, base.front().open);
  EXPECT_EQ(whole->close, base.back().close);
  EXPECT_EQ(whole->high, high);
  EXPECT_EQ(whole->low, low);
  EXPECT_EQ(whole->volume, volume);
  EXPECT_EQ(whole->count, count);
  // One-second pieces add up to their 5-second bar.
  Decimal one_sec_volume;
  for (int s = 0; s < 5; ++s) one_sec_volume += m.aggregate(from + std::chrono::seconds(s), from + std::chrono::seconds(s + 1))->volume;
  EXPECT_EQ(one_sec_volume, base.front().volume);
  EXPECT_EQ(m.aggregate(from, from + 5s)->high, base.front().high);
}

TEST_F(MarketModelTest, QuoteKindsShiftTradesByTheSpread) {
  auto& m = market_.model("AAPL");
  const auto from = market_morning();
  const auto bid = m.base_bars(from, from + 5s, PriceKind::kBid).front();
  const auto ask = m.base_bars(from, from + 5s, PriceKind::kAsk).front();
  EXPECT_LT(bid.close, ask.close);
  EXPECT_EQ(bid.volume, Decimal::from_int(-1));
}

// --- historical queries ---

TEST_F(MarketModelTest, HistoricalFiveMinuteBarsAreAlignedAndAggregateTheBaseBars) {
  auto& m = market_.model("AAPL");
  tws::ReqHistoricalData r = testing::MarketSessionFixture::history(1, "AAPL", "5 mins", "3600 S", "20250115 11:00:00 US/Eastern");
  auto q = make_query(r, market_morning() + 10h, m);
  ASSERT_TRUE(q.has_value()) << q.error().message;
  auto result = build_bars(*q, m);
  ASSERT_EQ(result.bars.size(), 12U);
  EXPECT_EQ(result.bars.front().date, "20250115 10:00:00 US/Eastern");
  EXPECT_EQ(result.bars.back().date, "20250115 10:55:00 US/Eastern");
  const auto bar = m.aggregate(new_york(2025, 1, 15, 10, 5), new_york(2025, 1, 15, 10, 10));
  EXPECT_EQ(result.bars[1].open, bar->open);
  EXPECT_EQ(result.bars[1].high, bar->high);
  EXPECT_EQ(result.bars[1].low, bar->low);
  EXPECT_EQ(result.bars[1].close, bar->close);
  EXPECT_EQ(result.bars[1].volume, bar->volume);
}

TEST_F(MarketModelTest, OneDayOfHourlyBarsStartsAtTheOpen) {
  auto& m = market_.model("AAPL");
  auto r = testing::MarketSessionFixture::history(1, "AAPL", "1 hour", "1 D", "20250115 16:00:00 US/Eastern");
  auto q = make_query(r, new_york(2025, 1, 16, 9, 0), m);
  ASSERT_TRUE(q.has_value()) << q.error().message;
  auto result = build_bars(*q, m);
  ASSERT_EQ(result.bars.size(), 7U);
  EXPECT_EQ(result.bars.front().date, "20250115 09:30:00 US/Eastern");
  EXPECT_EQ(result.bars[1].date, "20250115 10:00:00 US/Eastern");
  EXPECT_EQ(result.bars.back().close, m.day_bar(std::chrono::year{2025} / 1 / 15)->close);
}

TEST_F(MarketModelTest, DailyBarsSkipWeekendsAndHolidaysAndFormatDate2GivesEpochs) {
  auto& m = market_.model("SPY");
  auto r = testing::MarketSessionFixture::history(1, "SPY", "1 day", "1 M", "20250131 17:00:00 US/Eastern");
  auto q = make_query(r, new_york(2025, 2, 3, 9, 0), m);
  ASSERT_TRUE(q.has_value()) << q.error().message;
  auto result = build_bars(*q, m);
  // 2025-01-01 .. 01-31: 21 sessions (New Year, MLK day and Jan 9, a national day of mourning, are closed).
  EXPECT_EQ(result.bars.size(), 20U);
  for (const auto& b : result.bars) {
    EXPECT_EQ(b.date.size(), 8U) << b.date;
    EXPECT_NE(b.date, "20250120");
  }
  auto intraday = testing::MarketSessionFixture::history(2, "SPY", "1 min", "1800 S", "20250115 11:00:00 US/Eastern");
  intraday.format_date = 2;
  auto qi = make_query(intraday, market_morning() + 10h, m);
  ASSERT_TRUE(qi.has_value());
  auto bars = build_bars(*qi, m).bars;
  ASSERT_EQ(bars.size(), 30U);
  EXPECT_EQ(bars.front().date, std::to_string(epoch_seconds(new_york(2025, 1, 15, 10, 30))));
}

TEST_F(MarketModelTest, InvalidQueriesGetTwsErrors) {
  auto& m = market_.model("AAPL");
  const auto now = market_morning();
  const auto code = [&](tws::ReqHistoricalData r) {
    auto q = make_query(r, now, m);
    return q ? 0 : q.error().code;
  };
  EXPECT_EQ(code(testing::MarketSessionFixture::history(1, "AAPL", "7 mins", "1 D")), 321);
  EXPECT_EQ(code(testing::MarketSessionFixture::history(1, "AAPL", "1 secs", "1 D")), 162);
  EXPECT_EQ(code(testing::MarketSessionFixture::history(1, "AAPL", "1 min", "1 Y")), 162);
  EXPECT_EQ(code(testing::MarketSessionFixture::history(1, "AAPL", "1 day", "60 S")), 162);
  EXPECT_EQ(code(testing::MarketSessionFixture::history(1, "AAPL", "1 min", "1 X")), 162);
  EXPECT_EQ(code(testing::MarketSessionFixture::history(1, "AAPL", "1 min", "D")), 162);
  auto keep = testing::MarketSessionFixture::history(1, "AAPL", "1 min", "1 D", "20250114 16:00:00");
  keep.keep_up_to_date = true;
  EXPECT_EQ(code(keep), 321);
  auto what = testing::MarketSessionFixture::history(1, "AAPL", "1 min", "1 D");
  what.what_to_show = "OPTION_IMPLIED_VOLATILITY";
  EXPECT_EQ(code(what), 162);
  EXPECT_EQ(code(testing::MarketSessionFixture::history(1, "AAPL", "5 secs", "3600 S")), 0);
  EXPECT_EQ(code(testing::MarketSessionFixture::history(1, "AAPL", "1 day", "1 Y")), 0);
  EXPECT_EQ(code(testing::MarketSessionFixture::history(1, "AAPL", "1 week", "2 Y")), 0);
  EXPECT_EQ(code(testing::MarketSessionFixture::history(1, "AAPL", "1 min", "2 D", "20250114-21:00:00")), 0);
}

TEST_F(MarketModelTest, EndDateFormsMeanTheSameInstant) {
  auto& m = market_.model("AAPL");
  const auto now = new_york(2025, 1, 16, 9, 0);
  auto ny = make_query(testing::MarketSessionFixture::history(1, "AAPL", "1 min", "60 S", "20250114 16:00:00 US/Eastern"), now, m);
  auto utc = make_query(testing::MarketSessionFixture::history(1, "AAPL", "1 min", "60 S", "20250114-21:00:00"), now, m);
  auto plain = make_query(testing::MarketSessionFixture::history(1, "AAPL", "1 min", "60 S", "20250114 16:00:00"), now, m);
  ASSERT_TRUE(ny && utc && plain);
  EXPECT_EQ(ny->end, new_york(2025, 1, 14, 16, 0));
  EXPECT_EQ(utc->end, ny->end);
  EXPECT_EQ(plain->end, ny->end);
}

// --- replay ---

TEST(ReplayTest, OrclDailyCsvGivesItsRealPrices) {
  MarketConfig config;
  config.replays.push_back({std::string(RT_DATA_DIR) + "/orcl-1995-2014.txt", "ORCL"});
  ManualClock clock(new_york(2003, 1, 2, 12, 0));
  Market market(config, clock);
  ASSERT_TRUE(market.load().has_value());
  auto& m = market.model("ORCL");
  // 2002-12-06,10.540000,11.590000,10.450000,11.280000,10.033448,47974500
  auto bar = m.day_bar(std::chrono::year{2002} / 12 / 6);
  ASSERT_TRUE(bar.has_value());
  EXPECT_EQ(bar->open, *Decimal::parse("10.54"));
  EXPECT_EQ(bar->high, *Decimal::parse("11.59"));
  EXPECT_EQ(bar->low, *Decimal::parse("10.45"));
  EXPECT_EQ(bar->close, *Decimal::parse("11.28"));
  EXPECT_EQ(bar->volume, Decimal::from_int(47974500));
  // Through a historical query too, and the quote at the close is the close.
  auto r = testing::MarketSessionFixture::history(1, "ORCL", "1 day", "5 D", "20021210 17:00:00 US/Eastern");
  auto q = make_query(r, clock.now(), m);
  ASSERT_TRUE(q.has_value());
  auto bars = build_bars(*q, m).bars;
  ASSERT_EQ(bars.size(), 5U);
  EXPECT_EQ(bars.front().date, "20021204");
  EXPECT_EQ(bars.back().date, "20021210");
  EXPECT_EQ(bars.back().close, *Decimal::parse("10.70"));
  EXPECT_EQ(bars[2].high, *Decimal::parse("11.59"));
  EXPECT_EQ(m.quote_at(new_york(2002, 12, 10, 17, 0)).last, *Decimal::parse("10.70"));
  // Intraday the price stays inside the day's range.
  for (int i = 0; i < 78; ++i) {
    const auto q5 = m.quote_at(new_york(2002, 12, 9, 9, 30) + std::chrono::minutes(5 * i));
    EXPECT_GE(q5.last, *Decimal::parse("10.51"));
    EXPECT_LE(q5.last, *Decimal::parse("11.29"));
  }
  // A day the file does not have does not trade.
  EXPECT_FALSE(m.day_bar(std::chrono::year{2002} / 12 / 7).has_value());
}

TEST(ReplayTest, MinuteCsvRowsRebuildExactly) {
  MarketConfig config;
  config.replays.push_back({std::string(RT_DATA_DIR) + "/2006-01-02-volume-min-001.txt", "FUT"});
  ManualClock clock(new_york(2006, 2, 1, 12, 0));
  Market market(config, clock);
  ASSERT_TRUE(market.load().has_value());
  auto& m = market.model("FUT");
  // The row starting 2006-01-02 09:31 covers [09:31, 09:32).
  auto bar = m.aggregate(new_york(2006, 1, 2, 9, 31), new_york(2006, 1, 2, 9, 32));
  ASSERT_TRUE(bar.has_value());
  EXPECT_GT(bar->volume, Decimal{});
  EXPECT_LE(bar->low, bar->open);
  EXPECT_GE(bar->high, bar->close);
}

// The file has no row for 2006-01-04 14:11 (nothing traded): like IB's TRADES history, the replay
// has no one-minute bar for it, while the minutes around it are there.
TEST(ReplayTest, AMinuteTheFileLacksHasNoTradesBar) {
  MarketConfig config;
  config.replays.push_back({std::string(RT_DATA_DIR) + "/2006-01-02-volume-min-001.txt", "FUT"});
  ManualClock clock(new_york(2006, 1, 4, 15, 0));
  Market market(config, clock);
  ASSERT_TRUE(market.load().has_value());
  auto& m = market.model("FUT");
  auto r = testing::MarketSessionFixture::history(1, "FUT", "1 min", "600 S", "20060104 14:15:00 US/Eastern");
  auto q = make_query(r, clock.now(), m);
  ASSERT_TRUE(q.has_value());
  const auto bars = build_bars(*q, m).bars;
  std::vector<std::string> dates;
  for (const auto& b : bars) dates.push_back(b.date);
  EXPECT_EQ(bars.size(), 9U);
  EXPECT_EQ(std::count(dates.begin(), dates.end(), "20060104 14:11:00 US/Eastern"), 0) << ::testing::PrintToString(dates);
  EXPECT_EQ(std::count(dates.begin(), dates.end(), "20060104 14:12:00 US/Eastern"), 1) << ::testing::PrintToString(dates);
}

TEST(ReplayTest, BadFileIsReportedWithItsName) {
  MarketConfig config;
  config.replays.push_back({"/nonexistent/file.csv", "XYZ"});
  ManualClock clock;
  Market market(config, clock);
  auto st = market.load();
  ASSERT_FALSE(st.has_value());
  EXPECT_NE(st.error().message.find("/nonexistent/file.csv"), std::string::npos);
}

// --- limits ---

TEST(HistoricalPacerTest, IdenticalRequestWithin15SecondsIsAViolation) {
  HistoricalPacer p(true);
  const Timestamp t0 = market_morning();
  EXPECT_EQ(p.admit(t0, "a", "AAPL", false, 1, 0), PacingVerdict::kAllowed);
  EXPECT_EQ(p.admit(t0 + 14s, "a", "AAPL", false, 1, 0), PacingVerdict::kIdentical);
  EXPECT_EQ(p.admit(t0 + 16s, "a", "AAPL", false, 1, 0), PacingVerdict::kAllowed);
}

TEST(HistoricalPacerTest, SixthRequestForOneContractWithin2SecondsIsAViolation) {
  HistoricalPacer p(true);
  const Timestamp t0 = market_morning();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(p.admit(t0, std::to_string(i), "AAPL", false, 1, 0), PacingVerdict::kAllowed);
  EXPECT_EQ(p.admit(t0 + 1s, "6", "AAPL", false, 1, 0), PacingVerdict::kSameContract);
  EXPECT_EQ(p.admit(t0 + 1s, "6", "MSFT", false, 1, 0), PacingVerdict::kAllowed);
  EXPECT_EQ(p.admit(t0 + 2s, "7", "AAPL", false, 1, 0), PacingVerdict::kAllowed);
}

TEST(HistoricalPacerTest, SixtyOneSmallBarRequestsIn10MinutesIsAViolationAndLargeBarsDoNotCount) {
  HistoricalPacer p(true);
  Timestamp t = market_morning();
  for (int i = 0; i < 60; ++i) {
    EXPECT_EQ(p.admit(t, std::to_string(i), "S" + std::to_string(i), true, 1, 0), PacingVerdict::kAllowed) << i;
    t += 3s;
  }
  EXPECT_EQ(p.admit(t, "x", "X", true, 1, 0), PacingVerdict::kTooMany);
  EXPECT_EQ(p.admit(t, "y", "Y", false, 1, 0), PacingVerdict::kAllowed);
  EXPECT_EQ(p.admit(market_morning() + 601s, "z", "Z", true, 1, 0), PacingVerdict::kAllowed);
}

TEST(HistoricalPacerTest, OpenLimitAppliesEvenWithPacingOff) {
  HistoricalPacer off(false);
  EXPECT_EQ(off.admit(market_morning(), "a", "A", true, 1, 0), PacingVerdict::kAllowed);
  EXPECT_EQ(off.admit(market_morning(), "a", "A", true, 1, 0), PacingVerdict::kAllowed);
  EXPECT_EQ(off.admit(market_morning(), "b", "B", true, 1, kMaxOpenHistorical), PacingVerdict::kTooManyOpen);
}

TEST(MessageRateLimiterTest, ExcessInOneSecondIsAViolationAndTheThirdDrops) {
  MessageRateLimiter r(50);
  Timestamp t = market_morning();
  for (int second = 0; second < 3; ++second) {
    for (int i = 0; i < 50; ++i) EXPECT_EQ(r.on_message(t), RateVerdict::kAllowed);
    EXPECT_EQ(r.on_message(t), second < 2 ? RateVerdict::kViolation : RateVerdict::kDropSession);
    EXPECT_EQ(r.on_message(t), RateVerdict::kRejected);
    t += 1s;
  }
  MessageRateLimiter unlimited(0);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(unlimited.on_message(market_morning()), RateVerdict::kAllowed);
}

// --- clock ---

TEST(SimulatedClockTest, RunsFromItsStartAtItsSpeed) {
  ManualClock base(Timestamp{std::chrono::seconds(1000)});
  SimulatedClock sim(base, market_morning(), 60.0);
  EXPECT_EQ(sim.now(), market_morning());
  base.advance(1min);
  EXPECT_EQ(sim.now(), market_morning() + 1h);
  EXPECT_EQ(sim.to_real(1h), Duration(1min));
  SimulatedClock plain(base, std::nullopt, 1.0);
  base.advance(5s);
  EXPECT_EQ(plain.now(), base.now());
}

TEST(MarketConfigTest, ParsesStartReplayAndSymbolLists) {
  auto start = parse_new_york_time("2025-01-15 09:30");
  ASSERT_TRUE(start.has_value());
  EXPECT_EQ(*start, new_york(2025, 1, 15, 9, 30));
  EXPECT_FALSE(parse_new_york_time("2025-13-15 09:30").has_value());
  EXPECT_FALSE(parse_new_york_time("yesterday").has_value());
  auto replay = parse_replay("data/orcl-1995-2014.txt");
  ASSERT_TRUE(replay.has_value());
  EXPECT_EQ(replay->symbol, "ORCL");
  EXPECT_EQ(parse_replay("data/x.txt:msft")->symbol, "MSFT");
  EXPECT_EQ(*parse_symbol_list("aapl, MSFT,,"), (std::vector<std::string>{"AAPL", "MSFT"}));
  EXPECT_FALSE(parse_symbol_list("AA$").has_value());
}

TEST(FaultPlanTest, SlowHistoricalParsesAndRoundTrips) {
  FaultPlan plan;
  ASSERT_TRUE(plan.add("slow-historical:1500:aapl").has_value());
  ASSERT_TRUE(plan.slow_historical.has_value());
  EXPECT_EQ(plan.slow_historical->delay, 1500ms);
  EXPECT_EQ(plan.slow_historical->symbol, "AAPL");
  EXPECT_EQ(plan.specs(), (std::vector<std::string>{"slow-historical:1500:AAPL"}));
  EXPECT_FALSE(plan.has_session_faults());
  FaultPlan bad;
  EXPECT_FALSE(bad.add("slow-historical:0").has_value());
  EXPECT_FALSE(bad.add("slow-historical:10:A1").has_value());
  EXPECT_TRUE(is_fault_plan_spec("slow-historical:10"));
}

TEST(FaultPlanTest, MuteSymbolParsesRoundTripsAndNamesABadPart) {
  FaultPlan plan;
  ASSERT_TRUE(plan.add("mute-symbol:msft:1.5:4").has_value());
  ASSERT_TRUE(plan.mute_symbol.has_value());
  EXPECT_EQ(plan.mute_symbol->symbol, "MSFT");
  EXPECT_DOUBLE_EQ(plan.mute_symbol->after.count(), 1.5);
  EXPECT_DOUBLE_EQ(plan.mute_symbol->duration.count(), 4.0);
  EXPECT_EQ(plan.specs(), (std::vector<std::string>{"mute-symbol:MSFT:1.5:4"}));
  EXPECT_TRUE(plan.has_session_faults());
  for (const char* bad : {"mute-symbol:MSFT:1", "mute-symbol:M$FT:1:2", "mute-symbol:MSFT:0:2", "mute-symbol:MSFT:1:x"}) {
    FaultPlan p;
    auto st = p.add(bad);
    ASSERT_FALSE(st.has_value()) << bad;
    EXPECT_NE(st.error().message.find("mute-symbol"), std::string::npos) << st.error().message;
  }
}

}  // namespace
}  // namespace rt::gateway

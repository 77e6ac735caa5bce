// How the scheduler reacts to the server's pacing errors (100, 101, 162, 420 and the market-data
// codes that end a request), and the counters it reports.
#include <gtest/gtest.h>

#include "pacing/pacing_harness.hpp"

namespace rt::ib {
namespace {

using namespace std::chrono_literals;
using test::Harness;
using test::kStart;

constexpr std::string_view kPacingText =
    "Historical Market Data Service error message:Historical data request pacing violation";

TEST(PacingFeedback, Error100HalvesTheRateThenRecoversGradually) {
  Harness h;
  for (int i = 0; i < 2000; ++i) h.add(test::other());
  h.step();
  auto reaction = h.s().on_pacing_error(100, kNoRequest, "Max rate of messages per second has been exceeded");
  EXPECT_EQ(reaction.action, PacingAction::kRateReduced);
  EXPECT_EQ(h.s().message_rate_limit(), 22);
  EXPECT_NE(reaction.reason.find("22"), std::string::npos) << reaction.reason;

  const std::size_t before = h.sent().size();
  h.run_until(kStart + 29s);
  std::vector<test::Sent> after(h.sent().begin() + static_cast<std::ptrdiff_t>(before), h.sent().end());
  ASSERT_FALSE(after.empty());
  // 22 overall, of which 17 for bulk (the reserve shrinks with the rate).
  EXPECT_LE(test::max_in_any_window(after, 1s), 17);

  h.run_until(kStart + 31s);
  EXPECT_EQ(h.s().message_rate_limit(), 27) << "one recovery step after 30 s without another 100";
  h.run_until(kStart + 3min);
  EXPECT_EQ(h.s().message_rate_limit(), 45) << "back to the configured rate";
  EXPECT_EQ(h.s().stats().pacing_errors.at(100), 1u);
}

TEST(PacingFeedback, RepeatedError100NeverGoesBelowTheFloor) {
  Harness h;
  for (int i = 0; i < 10; ++i) h.s().on_pacing_error(100, kNoRequest);
  EXPECT_EQ(h.s().message_rate_limit(), PacingPolicy{}.min_messages_per_second);
  h.add(test::order());
  EXPECT_EQ(h.step().size(), 1u) << "the floor still lets orders through";
}

TEST(PacingFeedback, Error162PacingBacksOffHistoricalOnlyWhileOthersKeepGoing) {
  Harness h;
  auto a = h.add(test::historical("AAPL", "1 min", "1 D"));
  h.step();
  ASSERT_TRUE(h.was_sent(a));
  h.clock().advance(1s);

  auto reaction = h.s().on_pacing_error(162, a, kPacingText);
  EXPECT_EQ(reaction.action, PacingAction::kRetryLater);
  ASSERT_TRUE(reaction.retry_after.has_value());
  EXPECT_EQ(*reaction.retry_after, kStart + 16s);
  EXPECT_EQ(h.s().state(a), StreamState::kQueued) << "the request will be retried";
  EXPECT_EQ(h.s().historical_open(), 0);

  auto b = h.add(test::historical("MSFT", "1 min", "1 D"));
  auto md = h.add(test::stream("TSLA"));
  auto buy = h.add(test::order());
  PacedRequest cd;
  cd.kind = RequestKind::kContractDetails;
  auto details = h.add(std::move(cd));
  h.run_until(kStart + 16s - 1ms);
  EXPECT_FALSE(h.was_sent(b));
  EXPECT_EQ(h.count(RequestKind::kHistorical), 1u) << "only the first send of A";
  EXPECT_TRUE(h.was_sent(md));
  EXPECT_TRUE(h.was_sent(buy));
  EXPECT_TRUE(h.was_sent(details));
  EXPECT_TRUE(h.s().stats().historical_paused_until.has_value());

  h.run_until(kStart + 17s);
  EXPECT_EQ(h.count(RequestKind::kHistorical), 3u) << "A retried and B sent once the pause ended";
  EXPECT_TRUE(h.was_sent(b));
  EXPECT_EQ(h.s().stats().retries, 1u);
  EXPECT_EQ(h.s().stats().pacing_errors.at(162), 1u);
}

TEST(PacingFeedback, Error162BackoffDoublesAndACompletedRequestResetsIt) {
  Harness h;
  auto a = h.add(test::historical("AAPL", "1 min", "1 D"));
  h.step();
  auto r1 = h.s().on_pacing_error(162, a, kPacingText);
  EXPECT_EQ(*r1.retry_after, kStart + 15s);
  h.run_until(kStart + 15s);
  auto r2 = h.s().on_pacing_error(162, a, kPacingText);
  EXPECT_EQ(*r2.retry_after, kStart + 15s + 30s);
  h.run_until(kStart + 45s);
  auto r3 = h.s().on_pacing_error(162, a, kPacingText);
  EXPECT_EQ(*r3.retry_after, kStart + 45s + 60s);
  h.run_until(kStart + 105s);
  ASSERT_EQ(h.s().state(a), StreamState::kLive);
  h.s().on_historical_done(a);

  auto b = h.add(test::historical("MSFT", "1 min", "1 D"));
  h.step();
  auto r4 = h.s().on_pacing_error(162, b, kPacingText);
  EXPECT_EQ(*r4.retry_after, kStart + 105s + 15s) << "back to the initial backoff";
}

TEST(PacingFeedback, Error162RepeatedTooOftenGivesTheRequestUp) {
  PacingPolicy p;
  p.max_pacing_retries = 2;
  Harness h(p);
  auto a = h.add(test::historical("AAPL", "1 min", "1 D"));
  PacingReaction last;
  for (int i = 0; i < 3; ++i) {
    h.run_until(h.now() + 10min);
    ASSERT_EQ(h.s().state(a), StreamState::kLive) << "attempt " << i;
    last = h.s().on_pacing_error(162, a, kPacingText);
  }
  EXPECT_EQ(last.action, PacingAction::kAbandoned);
  EXPECT_NE(last.reason.find("AAPL"), std::string::npos) << last.reason;
  EXPECT_EQ(h.s().state(a), StreamState::kUnknown);
  EXPECT_EQ(h.s().stats().abandoned, 1u);
}

TEST(PacingFeedback, Error162WithoutPacingTextOnlyEndsThatRequest) {
  Harness h;
  auto a = h.add(test::historical("AAPL"));
  h.step();
  auto reaction = h.s().on_pacing_error(162, a, "Historical Market Data Service error message:HMDS query returned no data");
  EXPECT_EQ(reaction.action, PacingAction::kReleased);
  EXPECT_EQ(h.s().historical_open(), 0);
  EXPECT_FALSE(h.s().stats().historical_paused_until.has_value());
  auto b = h.add(test::historical("MSFT"));
  h.step();
  EXPECT_TRUE(h.was_sent(b));
  EXPECT_FALSE(h.s().stats().pacing_errors.contains(162));
}

TEST(PacingFeedback, Error420BacksOffRealTimeBarsOnly) {
  PacingPolicy p;
  p.realtime_backoff_initial = 30s;
  Harness h(p);
  PacedRequest bars;
  bars.kind = RequestKind::kRealTimeBars;
  bars.label = "AAPL bars";
  auto a = h.add(bars);
  h.step();
  auto reaction = h.s().on_pacing_error(420, a, "Invalid Real-time Query: pacing");
  EXPECT_EQ(reaction.action, PacingAction::kRetryLater);
  EXPECT_EQ(*reaction.retry_after, kStart + 30s);
  EXPECT_EQ(h.s().lines_in_use(), 0) << "the failed request holds no line";
  auto b = h.add(bars);
  auto hist = h.add(test::historical("MSFT"));
  auto md = h.add(test::stream("MSFT"));
  h.run_until(kStart + 29s);
  EXPECT_FALSE(h.was_sent(b));
  EXPECT_EQ(h.count(RequestKind::kRealTimeBars), 1u);
  EXPECT_TRUE(h.was_sent(hist));
  EXPECT_TRUE(h.was_sent(md));
  h.run_until(kStart + 31s);
  EXPECT_EQ(h.count(RequestKind::kRealTimeBars), 3u);
  EXPECT_EQ(h.s().lines_in_use(), 3);
}

TEST(PacingFeedback, Error101LearnsALowerLineLimitAndRequeuesTheStream) {
  Harness h;
  std::vector<RequestId> ids;
  for (int i = 0; i < 90; ++i) ids.push_back(h.add(test::stream("S" + std::to_string(i))));
  h.run_until(kStart + 5s);
  ASSERT_EQ(h.s().lines_in_use(), 90);
  // The server had only 80 lines for us: streams 81..90 were refused.
  for (std::size_t i = 80; i < 90; ++i) {
    auto r = h.s().on_pacing_error(101, ids[i], "Max number of tickers has been reached");
    EXPECT_EQ(r.action, PacingAction::kLineLimitLearned);
  }
  EXPECT_EQ(h.s().line_limit(), 80);
  EXPECT_EQ(h.s().lines_in_use(), 80);
  EXPECT_EQ(h.s().state(ids[85]), StreamState::kQueued);
  int max_in_use = 0;
  h.run_until(kStart + 5min, [&] { max_in_use = std::max(max_in_use, h.s().lines_in_use()); });
  EXPECT_LE(max_in_use, 80);
  EXPECT_GT(h.s().stats().rotations_out, 0u) << "the refused streams take turns";
  auto st = h.s().stats();
  EXPECT_EQ(st.learned_line_limit, 80);
  EXPECT_EQ(st.pacing_errors.at(101), 10u);
  EXPECT_NE(st.line_report.find("after error 101"), std::string::npos) << st.line_report;
}

TEST(PacingFeedback, MarketDataErrorsThatEndAStreamFreeItsLineAndAdvisoriesDoNot) {
  PacingPolicy p;
  p.market_data_lines = 2;
  p.rotation = LineRotation::kStrictQueue;
  Harness h(p);
  auto a = h.add(test::stream("A"));
  auto b = h.add(test::stream("B"));
  auto c = h.add(test::stream("C"));
  h.step();
  EXPECT_EQ(h.s().on_pacing_error(10167, a, "Displaying delayed market data").action, PacingAction::kIgnored);
  EXPECT_EQ(h.s().state(a), StreamState::kLive);
  EXPECT_EQ(h.s().on_pacing_error(354, b, "Requested market data is not subscribed").action, PacingAction::kReleased);
  EXPECT_EQ(h.s().state(b), StreamState::kUnknown);
  h.step();
  EXPECT_TRUE(h.was_sent(c));
  EXPECT_EQ(h.s().on_pacing_error(10089, c, "requires additional subscription").action, PacingAction::kReleased);
  EXPECT_EQ(h.s().lines_in_use(), 1);
  EXPECT_EQ(h.s().on_pacing_error(2104, kNoRequest, "farm OK").action, PacingAction::kIgnored);
}

// 300, 321 and 366 end the request on their id (the TWS error-code table), so the line is freed;
// a code the table calls a warning (10090) leaves the stream live.
TEST(PacingFeedback, CantFindTickerValidationAndNoHistoricalQueryErrorsFreeTheLine) {
  PacingPolicy p;
  p.market_data_lines = 4;
  p.rotation = LineRotation::kStrictQueue;
  Harness h(p);
  auto a = h.add(test::stream("A"));
  auto b = h.add(test::stream("B"));
  auto c = h.add(test::stream("C"));
  auto d = h.add(test::stream("D"));
  h.step();
  EXPECT_EQ(h.s().lines_in_use(), 4);
  EXPECT_EQ(h.s().on_pacing_error(300, a, "Can't find EId with tickerId").action, PacingAction::kReleased);
  EXPECT_EQ(h.s().on_pacing_error(321, b, "Error validating request").action, PacingAction::kReleased);
  EXPECT_EQ(h.s().on_pacing_error(366, c, "No historical data query found").action, PacingAction::kReleased);
  EXPECT_EQ(h.s().on_pacing_error(10090, d, "Part of requested market data").action, PacingAction::kIgnored);
  EXPECT_EQ(h.s().state(d), StreamState::kLive);
  EXPECT_EQ(h.s().lines_in_use(), 1);
}

TEST(PacingCounters, ReportQueuesSendsWaitsAndLines) {
  PacingPolicy p;
  p.market_data_lines = 3;
  p.max_open_historical = 2;
  Harness h(p);
  for (int i = 0; i < 5; ++i) h.add(test::historical("H" + std::to_string(i)));
  for (int i = 0; i < 4; ++i) h.add(test::stream("M" + std::to_string(i)));
  h.add(test::order());
  h.step();
  auto st = h.s().stats();
  EXPECT_EQ(st.by_kind[index_of(RequestKind::kHistorical)].queued, 3u);
  EXPECT_EQ(st.by_kind[index_of(RequestKind::kHistorical)].sent, 2u);
  EXPECT_EQ(st.by_kind[index_of(RequestKind::kMarketData)].sent, 3u);
  EXPECT_EQ(st.by_kind[index_of(RequestKind::kOrder)].sent, 1u);
  EXPECT_EQ(st.messages_sent, 6u);
  EXPECT_EQ(st.queued, 4u);
  EXPECT_EQ(st.lines_in_use, 3);
  EXPECT_EQ(st.line_limit, 3);
  EXPECT_EQ(st.streams_waiting_for_line, 1);
  EXPECT_EQ(st.historical_open, 2);
  EXPECT_EQ(st.message_rate_limit, 45);

  h.clock().advance(4s);
  h.s().on_historical_done(h.sent()[1].id);
  h.step();
  st = h.s().stats();
  const auto& wait = st.by_kind[index_of(RequestKind::kHistorical)].wait;
  EXPECT_EQ(wait.count(), 3u);
  EXPECT_EQ(wait.p50(), 1ms) << "two of three went at once";
  EXPECT_EQ(wait.p99(), 4s);
  EXPECT_EQ(wait.max(), 4s);
}

}  // namespace
}  // namespace rt::ib

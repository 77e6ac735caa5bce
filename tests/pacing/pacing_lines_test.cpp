// Market-data lines: streams, snapshots and real-time bars within the line limit, and the
// round-robin rotation that lets 150 symbols share 100 lines without ever hitting error 101.
#include <gtest/gtest.h>

#include <map>

#include "pacing/pacing_harness.hpp"

namespace rt::ib {
namespace {

using namespace std::chrono_literals;
using test::Harness;
using test::kStart;

// Replays the dispatches the way TWS would count lines: +1 for a subscription, -1 for a cancel.
struct ServerLines {
  int in_use = 0;
  int peak = 0;
  void apply(const std::vector<test::Sent>& sent, std::size_t& seen) {
    for (; seen < sent.size(); ++seen) {
      const auto& s = sent[seen];
      if (holds_line(s.kind) && s.action != DispatchAction::kRotateOut) ++in_use;
      if (s.action == DispatchAction::kRotateOut || s.kind == RequestKind::kMarketDataCancel ||
          s.kind == RequestKind::kRealTimeBarsCancel) {
        --in_use;
      }
      peak = std::max(peak, in_use);
    }
  }
};

TEST(PacingLines, HundredFiftyStreamsOnHundredLinesTakeTurnsAndNeverExceedTheLimit) {
  PacingPolicy p;
  p.rotation_dwell = 30s;
  Harness h(p);
  std::vector<RequestId> ids;
  for (int i = 0; i < 150; ++i) ids.push_back(h.add(test::stream("SYM" + std::to_string(i))));

  ServerLines server;
  std::size_t seen = 0;
  int max_in_use = 0;
  h.run_until(kStart + 10min, [&] {
    server.apply(h.sent(), seen);
    max_in_use = std::max(max_in_use, h.s().lines_in_use());
  });
  EXPECT_LE(server.peak, 100) << "TWS would have answered 101";
  EXPECT_LE(max_in_use, 100);
  EXPECT_EQ(h.s().lines_in_use(), 100) << "no line left idle";

  // Every symbol was served, more than once, and none waited much longer than one dwell.
  std::map<RequestId, std::vector<Timestamp>> turns;
  std::map<RequestId, Timestamp> out_at;
  Duration longest_wait{0};
  for (const auto& s : h.sent()) {
    if (s.action == DispatchAction::kRotateOut) {
      out_at[s.id] = s.at;
    } else {
      turns[s.id].push_back(s.at);
      if (auto it = out_at.find(s.id); it != out_at.end()) longest_wait = std::max(longest_wait, s.at - it->second);
    }
  }
  for (auto id : ids) {
    ASSERT_TRUE(turns.contains(id)) << "stream " << id << " never got a line";
    EXPECT_GE(turns[id].size(), 5u) << "stream " << id;
  }
  EXPECT_LE(longest_wait, 35s);

  auto st = h.s().stats();
  EXPECT_GT(st.rotations_out, 0u);
  EXPECT_EQ(st.streams_waiting_for_line, 50);
  EXPECT_NE(st.line_report.find("150 streams for 100 market-data lines"), std::string::npos) << st.line_report;
  EXPECT_NE(st.line_report.find("50 waiting"), std::string::npos) << st.line_report;
  EXPECT_LE(test::max_in_any_window(h.sent(), 1s), 45);
}

TEST(PacingLines, RotationCancelGoesOutBeforeTheSubscriptionThatTakesItsLine) {
  PacingPolicy p;
  p.market_data_lines = 2;
  p.rotation_dwell = 10s;
  Harness h(p);
  auto a = h.add(test::stream("A"));
  auto b = h.add(test::stream("B"));
  auto c = h.add(test::stream("C"));
  h.step();
  EXPECT_EQ(h.s().state(c), StreamState::kQueued);
  h.clock().set(kStart + 10s);
  auto batch = h.step();
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0].id, a);
  EXPECT_EQ(batch[0].action, DispatchAction::kRotateOut);
  EXPECT_EQ(batch[1].id, c);
  EXPECT_EQ(batch[1].action, DispatchAction::kSend);
  EXPECT_EQ(h.s().state(a), StreamState::kQueued);
  EXPECT_EQ(h.s().state(b), StreamState::kLive);
  h.clock().set(kStart + 20s);
  batch = h.step();
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0].id, b);
  EXPECT_EQ(batch[0].action, DispatchAction::kRotateOut);
  EXPECT_EQ(batch[1].id, a);
  EXPECT_EQ(batch[1].action, DispatchAction::kResubscribe);
  EXPECT_EQ(h.s().stats().rotations_in, 1u);
}

TEST(PacingLines, RotationCallsTheStreamsCancelAndSendAgain) {
  PacingPolicy p;
  p.market_data_lines = 1;
  p.rotation_dwell = 5s;
  Harness h(p);
  int a_sends = 0, a_cancels = 0;
  auto ra = test::stream("A");
  ra.send = [&] { ++a_sends; };
  ra.cancel = [&] { ++a_cancels; };
  h.add(std::move(ra));
  h.add(test::stream("B"));
  h.run_until(kStart + 11s);
  EXPECT_EQ(a_sends, 1);
  EXPECT_EQ(a_cancels, 1) << "A made room for B after its dwell";
  h.run_until(kStart + 16s);
  EXPECT_EQ(a_sends, 2) << "A back after its rest (10 s)";
  EXPECT_EQ(a_cancels, 1);
}

TEST(PacingLines, StrictQueueNeverRotatesAndServesTheNextStreamWhenOneIsCancelled) {
  PacingPolicy p;
  p.rotation = LineRotation::kStrictQueue;
  Harness h(p);
  std::vector<RequestId> ids;
  for (int i = 0; i < 101; ++i) ids.push_back(h.add(test::stream("S" + std::to_string(i))));
  h.run_until(kStart + 30min);
  EXPECT_EQ(h.s().lines_in_use(), 100);
  EXPECT_FALSE(h.was_sent(ids[100]));
  EXPECT_EQ(h.s().stats().rotations_out, 0u);
  EXPECT_NE(h.s().line_report().find("strict queue"), std::string::npos);
  h.add(test::cancel_of(RequestKind::kMarketDataCancel, ids[3]));
  auto batch = h.step();
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0].kind, RequestKind::kMarketDataCancel);
  EXPECT_EQ(batch[1].id, ids[100]);
  EXPECT_EQ(h.s().lines_in_use(), 100);
}

TEST(PacingLines, PinnedStreamsAreNeverRotatedOut) {
  PacingPolicy p;
  p.market_data_lines = 3;
  p.rotation_dwell = 5s;
  Harness h(p);
  auto pinned = h.add(test::stream("HELD", true));
  h.add(test::stream("A"));
  h.add(test::stream("B"));
  h.add(test::stream("C"));
  h.run_until(kStart + 2min);
  for (const auto& s : h.sent()) {
    EXPECT_FALSE(s.id == pinned && s.action == DispatchAction::kRotateOut);
  }
  EXPECT_EQ(h.s().state(pinned), StreamState::kLive);
  EXPECT_GT(h.s().stats().rotations_out, 5u);
}

TEST(PacingLines, CancelOfAWaitingStreamWithdrawsIt) {
  PacingPolicy p;
  p.market_data_lines = 1;
  p.rotation = LineRotation::kStrictQueue;
  Harness h(p);
  h.add(test::stream("A"));
  auto b = h.add(test::stream("B"));
  h.step();
  h.add(test::cancel_of(RequestKind::kMarketDataCancel, b));
  EXPECT_EQ(h.s().state(b), StreamState::kUnknown);
  EXPECT_EQ(h.s().stats().streams_waiting_for_line, 0);
}

TEST(PacingLines, SnapshotHoldsALineUntilItsEnd) {
  PacingPolicy p;
  p.market_data_lines = 1;
  Harness h(p);
  auto snap_req = test::stream("SNAP");
  snap_req.snapshot = true;
  auto snap = h.add(std::move(snap_req));
  auto next = h.add(test::stream("NEXT"));
  h.run_until(kStart + 10s);
  EXPECT_FALSE(h.was_sent(next));
  EXPECT_EQ(h.s().stats().rotations_out, 0u) << "a snapshot is never rotated";
  h.s().on_snapshot_end(snap);
  h.step();
  EXPECT_TRUE(h.was_sent(next));
}

TEST(PacingLines, SnapshotWithoutAnEndFreesItsLineAfterTheMaximumHold) {
  PacingPolicy p;
  p.market_data_lines = 1;
  p.snapshot_max_hold = 23s;
  Harness h(p);
  auto snap_req = test::stream("SNAP");
  snap_req.snapshot = true;
  h.add(std::move(snap_req));
  auto next = h.add(test::stream("NEXT"));
  h.run_until(kStart + 1min);
  EXPECT_EQ(h.first_sent(next), kStart + 23s);
}

TEST(PacingLines, RealTimeBarsHoldALineAndTheSixtyFirstInTenMinutesWaits) {
  PacingPolicy p;
  p.market_data_lines = 200;
  Harness h(p);
  std::vector<RequestId> ids;
  for (int i = 0; i < 61; ++i) {
    PacedRequest r;
    r.kind = RequestKind::kRealTimeBars;
    r.label = "RTB" + std::to_string(i);
    ids.push_back(h.add(std::move(r)));
  }
  h.run_until(kStart + 9min);
  EXPECT_EQ(h.count(RequestKind::kRealTimeBars), 60u);
  EXPECT_EQ(h.s().lines_in_use(), 60);
  h.run_until(kStart + 11min);
  EXPECT_GE(*h.first_sent(ids[60]), kStart + 10min);
  h.add(test::cancel_of(RequestKind::kRealTimeBarsCancel, ids[0]));
  h.step();
  EXPECT_EQ(h.s().lines_in_use(), 60);
}

TEST(PacingLines, RealTimeBarsWaitForALineLikeStreams) {
  PacingPolicy p;
  p.market_data_lines = 2;
  p.rotation_dwell = 5s;
  Harness h(p);
  h.add(test::stream("A"));
  h.add(test::stream("B"));
  h.step();
  PacedRequest bars;
  bars.kind = RequestKind::kRealTimeBars;
  auto rtb = h.add(std::move(bars));
  h.step();
  EXPECT_FALSE(h.was_sent(rtb));
  h.run_until(kStart + 6s);
  EXPECT_TRUE(h.was_sent(rtb)) << "a rotation made room";
  EXPECT_LE(h.s().lines_in_use(), 2);
}

TEST(PacingLines, SessionResetResubscribesEveryStream) {
  Harness h;
  auto a = h.add(test::stream("A"));
  auto b = h.add(test::stream("B"));
  auto hist = h.add(test::historical("AAPL"));
  h.step();
  EXPECT_EQ(h.s().lines_in_use(), 2);
  h.s().on_session_reset();
  EXPECT_EQ(h.s().lines_in_use(), 0);
  EXPECT_EQ(h.s().historical_open(), 0);
  EXPECT_EQ(h.s().state(hist), StreamState::kUnknown);
  h.clock().advance(1s);
  auto batch = h.step();
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0].id, a);
  EXPECT_EQ(batch[0].action, DispatchAction::kResubscribe);
  EXPECT_EQ(batch[1].id, b);
  EXPECT_EQ(h.s().lines_in_use(), 2);
  EXPECT_EQ(h.s().stats().rotations_in, 0u) << "a reset is not a rotation";
}

}  // namespace
}  // namespace rt::ib

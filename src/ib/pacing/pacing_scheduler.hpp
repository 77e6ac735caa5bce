#pragma once
// PacingScheduler: the one owner of robotrader's outbound rate to TWS. Sans-I/O: it never sends,
// sleeps or reads a socket; callers enqueue requests, ask next_ready(now) which of them may go out
// now (in the order to send them), and wait until next_wake(now) before asking again. PacingDriver
// runs it on the trading io_context.
//
// Contract:
// - Never more than the current message-rate limit in any rate window (sliding, half-open, widened
//   by the policy's guard against write skew), every message counted: requests, cancels and the
//   cancels of line rotations alike.
// - Orders and cancels go first, ahead of any queue, and may use the urgent reserve of each window,
//   so a long historical or market-data queue never delays them.
// - Within the same class tier, higher priority first, then first come first served. A request
//   that cannot go yet (historical rules, open slots, lines) never blocks the ones behind it.
// - IB's historical rules (identical 15 s, 5 per contract in 2 s, 60 small-bar per 10 min with
//   BID_ASK double, 50 open) and the real-time-bar and market-data-line limits are never exceeded.
// - More streams than lines: queued and, with LineRotation::kRoundRobin, rotated (see pacing.md).
// - Pacing errors slow the scheduler down rather than fail the run (on_pacing_error).
// - next_wake(now) is later than now whenever next_ready(now) would return nothing: a driver that
//   waits for it never spins.
// Thread: the trading event loop; not thread-safe. Holds the Clock by reference (it must outlive
// the scheduler) and owns the queued requests and their callbacks.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "ib/pacing/paced_request.hpp"
#include "ib/pacing/pacing_policy.hpp"
#include "ib/pacing/pacing_stats.hpp"
#include "ib/pacing/sliding_window.hpp"

namespace rt::ib {

enum class PacingAction : std::uint8_t {
  kIgnored,           // not a pacing matter (or an informational code); nothing changed
  kRateReduced,       // 100: the overall message rate was lowered
  kRetryLater,        // the request was re-queued and will be sent again after a backoff
  kAbandoned,         // the request hit pacing errors too often and was dropped
  kLineLimitLearned,  // 101: fewer lines than configured; the stream waits for a line
  kReleased,          // the request ended on the server; its line or open slot was freed
};

[[nodiscard]] std::string_view to_string(PacingAction action) noexcept;

struct PacingReaction {
  PacingAction action = PacingAction::kIgnored;
  std::string reason;                   // for the log and the user
  std::optional<Timestamp> retry_after; // kRetryLater: when the class resumes
};

enum class StreamState : std::uint8_t {
  kUnknown,  // not (or no longer) known to the scheduler
  kQueued,   // waiting to be sent (or for a line)
  kLive,     // sent; holds its line or open slot
};

class PacingScheduler {
 public:
  // Fails when the policy does not validate.
  static Result<PacingScheduler> create(PacingPolicy policy, const Clock& clock);

  // Queues a request. Fails (nothing queued) when a historical request has no key, a bar size that
  // is not a bar size, or a stream cancel names no target.
  Result<RequestId> enqueue(PacedRequest request);
  // Removes a request that has not been sent yet (or a stream waiting for a line). False when it
  // is live or unknown: then enqueue its cancel instead.
  bool withdraw(RequestId id);

  // The requests that may be sent now, in sending order; they count as sent from this call on.
  std::vector<Dispatch> next_ready(Timestamp now);
  // The earliest time something could become ready; `now` if something is ready, nullopt if
  // nothing can happen until an event (enqueue, completion, cancel).
  [[nodiscard]] std::optional<Timestamp> next_wake(Timestamp now) const;

  // A historical request completed (historicalDataEnd, or its reply ended it): frees its slot.
  void on_historical_done(RequestId id);
  // A snapshot ended (tickSnapshotEnd): frees its line.
  void on_snapshot_end(RequestId id);
  // The server ended any request (a request-fatal error): frees whatever it held.
  void on_request_failed(RequestId id);
  // Error 100, 101, 162, 420 (and the request-ending market-data codes 354, 10089, 10168, ...)
  // for `request` (kNoRequest when the error carried no id of ours).
  PacingReaction on_pacing_error(int code, RequestId request, std::string_view message = {});
  // A new session: nothing is live on the server any more. Streams and real-time bars go back to
  // the queue to be resubscribed; open historical requests and snapshots are forgotten (their
  // owners see them fail with the old session).
  void on_session_reset();

  [[nodiscard]] StreamState state(RequestId id) const;
  [[nodiscard]] PacingStats stats() const;
  [[nodiscard]] const PacingPolicy& policy() const { return policy_; }
  [[nodiscard]] int message_rate_limit() const { return rate_limit_; }
  [[nodiscard]] int line_limit() const;
  [[nodiscard]] int lines_in_use() const { return lines_in_use_; }
  [[nodiscard]] int historical_open() const { return historical_open_; }
  [[nodiscard]] std::size_t queued() const { return queue_.size(); }
  [[nodiscard]] std::string line_report() const;

 private:
  PacingScheduler(PacingPolicy policy, const Clock& clock);

  struct Entry {
    RequestId id = kNoRequest;
    PacedRequest request;
    Timestamp enqueued{};
    std::uint64_t seq = 0;
    bool queued = false;
    bool live = false;          // holds its line / open slot
    bool ever_sent = false;
    bool rotated_out = false;   // waiting for its line back after a rotation
    Timestamp rotated_at{};
    Timestamp live_since{};
    int weight = 1;             // small-bar weight (BID_ASK counts double)
    bool small_bar = false;
    int pacing_errors = 0;
  };
  // (tier, -priority, seq): the sending order.
  using QueueKey = std::tuple<int, int, std::uint64_t>;

  enum class Gate : std::uint8_t { kReady, kLater, kBlocked };
  struct Readiness {
    Gate gate = Gate::kReady;
    Timestamp at{};  // kLater: when the time rule that blocks it lets it through
  };

  void refresh(Timestamp now);
  [[nodiscard]] Readiness readiness(const Entry& e, Timestamp now, bool ignore_lines) const;
  [[nodiscard]] int rate_limit_for(RequestKind kind) const;
  [[nodiscard]] bool is_rotatable(const Entry& e) const;
  [[nodiscard]] int line_seekers_ready(Timestamp now) const;
  void push_queue(Entry& e);
  void pop_queue(Entry& e);
  void take_line(Entry& e, Timestamp now);
  void release(Entry& e);
  void erase(RequestId id);
  void dispatch(Entry& e, Timestamp now, std::vector<Dispatch>& out);
  void rotate_out(Entry& e, Timestamp now, std::vector<Dispatch>& out);
  void count_message(RequestKind kind, Timestamp now);
  PacingReaction requeue_after_error(Entry& e, Timestamp resume_at, std::string reason);
  [[nodiscard]] Timestamp now() const { return clock_->now(); }

  PacingPolicy policy_;
  const Clock* clock_;
  RequestId next_id_ = 1;
  std::uint64_t next_seq_ = 1;
  std::unordered_map<RequestId, Entry> entries_;
  std::map<QueueKey, RequestId> queue_;
  std::set<std::pair<Timestamp, RequestId>> rotatable_;  // live rotatable streams by line age

  SlidingWindow messages_;
  int rate_limit_;
  std::optional<Timestamp> next_rate_recovery_;

  int lines_in_use_ = 0;
  std::optional<int> learned_line_limit_;

  int historical_open_ = 0;
  std::unordered_map<std::string, Timestamp> last_identical_;
  std::unordered_map<std::string, SlidingWindow> per_contract_;
  SlidingWindow small_bars_;
  Timestamp historical_paused_until_{};
  int historical_backoff_level_ = 0;

  SlidingWindow realtime_bars_;
  Timestamp realtime_paused_until_{};
  int realtime_backoff_level_ = 0;
  std::optional<Timestamp> last_realtime_error_;

  std::array<std::uint64_t, kRequestKindCount> queued_by_kind_{};
  std::array<std::uint64_t, kRequestKindCount> sent_by_kind_{};
  std::array<WaitHistogram, kRequestKindCount> wait_by_kind_{};
  std::uint64_t messages_sent_ = 0;
  std::map<int, std::uint64_t> pacing_errors_;
  std::uint64_t retries_ = 0;
  std::uint64_t abandoned_ = 0;
  std::uint64_t rotations_out_ = 0;
  std::uint64_t rotations_in_ = 0;
};

}  // namespace rt::ib

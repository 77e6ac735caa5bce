#pragma once
// PacingPolicy: every limit the pacing scheduler enforces, with IB's published values as defaults
// (TWS_PROTOCOL.md §6), and how it reacts to the server's pacing errors. A plain value: validate()
// before handing it to a PacingScheduler.
#include <chrono>
#include <cstdint>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace rt::ib {

// What happens when more market-data streams are wanted than there are lines (D7).
enum class LineRotation : std::uint8_t {
  // Waiting streams take turns: a live stream that has held its line for `rotation_dwell` is
  // cancelled to make room for the longest-waiting one and goes to the back of the queue.
  kRoundRobin,
  // Waiting streams wait until a cancel frees a line; nothing is rotated out.
  kStrictQueue,
};

struct PacingPolicy {
  // Overall message rate over a sliding window. IB allows 50/s with 100 lines; stay below it.
  int max_messages_per_second = 45;
  Duration rate_window = std::chrono::seconds(1);
  // Each message counts against the rate for rate_window + rate_window_guard. TWS counts what it
  // reads, and a message written late (a busy host, a full socket buffer) can land in the same
  // server-side second as the next window's burst; the guard absorbs that much skew.
  Duration rate_window_guard = std::chrono::milliseconds(200);
  // Of each window, this many messages are kept for orders and cancels only, so a burst of other
  // requests can never delay an order by a whole window.
  int urgent_reserve = 5;
  // Error 100: the rate is halved, never below this floor, then raised by `rate_recovery_step`
  // after each `rate_recovery_interval` without another 100.
  int min_messages_per_second = 5;
  int rate_recovery_step = 5;
  Duration rate_recovery_interval = std::chrono::seconds(30);

  // Historical data (applies to every bar size unless noted).
  Duration identical_historical_gap = std::chrono::seconds(15);
  int same_contract_max = 5;
  Duration same_contract_window = std::chrono::seconds(2);
  int small_bar_max = 60;  // only bars of `small_bar_max_seconds` or less
  Duration small_bar_window = std::chrono::minutes(10);
  int small_bar_max_seconds = 30;
  bool bid_ask_counts_double = true;  // BID_ASK counts twice toward `small_bar_max`
  int max_open_historical = 50;
  // Error 162 "pacing violation": the historical class pauses for a backoff that doubles with each
  // violation in a row (reset by a completed request); the request is retried.
  Duration historical_backoff_initial = std::chrono::seconds(15);
  Duration historical_backoff_max = std::chrono::minutes(5);
  // A request that hit a pacing error this many times is given up and reported.
  int max_pacing_retries = 5;

  // Market-data lines: reqMktData streams and real-time bars hold one each; snapshots hold one
  // until their end (or at most `snapshot_max_hold`).
  int market_data_lines = 100;
  LineRotation rotation = LineRotation::kRoundRobin;
  Duration rotation_dwell = std::chrono::seconds(30);
  // A stream that was rotated out waits at least this long before it may push another stream out
  // (it still takes a free line at once): no stream is cancelled and resubscribed in one breath.
  Duration rotation_rest = std::chrono::seconds(10);
  Duration snapshot_max_hold = std::chrono::seconds(23);

  // Real-time bars: new requests per window; error 420 pauses the class with its own backoff.
  int realtime_bars_max = 60;
  Duration realtime_bars_window = std::chrono::minutes(10);
  Duration realtime_backoff_initial = std::chrono::seconds(30);
  Duration realtime_backoff_max = std::chrono::minutes(10);

  // Fails naming the first field that is out of range.
  [[nodiscard]] Status validate() const;
};

// Seconds in an IB bar size setting ("5 secs", "1 min", "2 hours", "1 day", ...).
[[nodiscard]] Result<std::int64_t> bar_size_seconds(std::string_view bar_size);

}  // namespace rt::ib

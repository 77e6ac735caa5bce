#pragma once
// PacingStats: a snapshot of the pacing scheduler for the dashboard and metrics: queue depth,
// waits and messages per class, pacing errors by code, market-data lines and rotations, the
// current message rate and any class that is paused. Plain value, copied out by stats().
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "ib/pacing/paced_request.hpp"
#include "ib/pacing/wait_histogram.hpp"

namespace rt::ib {

struct PacingClassStats {
  std::uint64_t queued = 0;  // waiting now
  std::uint64_t sent = 0;    // messages sent (a rotation's cancel counts as market_data_cancel)
  WaitHistogram wait;        // enqueue (or requeue) -> send
};

struct PacingStats {
  std::array<PacingClassStats, kRequestKindCount> by_kind{};
  std::uint64_t messages_sent = 0;
  std::uint64_t queued = 0;
  int message_rate_limit = 0;       // per window, now (lowered after error 100)
  int configured_rate_limit = 0;
  std::map<int, std::uint64_t> pacing_errors;  // by TWS code
  std::uint64_t retries = 0;        // requests re-queued after a pacing error
  std::uint64_t abandoned = 0;      // requests given up after too many pacing errors

  int lines_in_use = 0;
  int line_limit = 0;               // the one in force: configured, or lower if learned from 101
  int configured_line_limit = 0;
  std::optional<int> learned_line_limit;
  int streams_waiting_for_line = 0; // market data and real-time bars queued for a line
  std::uint64_t rotations_out = 0;  // streams cancelled to make room
  std::uint64_t rotations_in = 0;   // streams given a line back
  std::string line_report;          // one sentence for the user

  int historical_open = 0;
  std::optional<Timestamp> historical_paused_until;
  std::optional<Timestamp> realtime_paused_until;
};

}  // namespace rt::ib

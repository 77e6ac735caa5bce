#pragma once
// LimitCounters: how often the emulator enforced one of IB's limits (TWS_PROTOCOL.md section 6)
// or refused market data, server-wide since start. A well-behaved client leaves violations() at 0.
// Owned by the GatewayServer, updated by its sessions on the io_context thread.
#include <cstdint>

namespace rt::gateway {

struct LimitCounters {
  std::uint64_t historical_pacing = 0;     // 162 pacing violations (identical, 5 in 2 s, 60 in 10 min)
  std::uint64_t historical_open = 0;       // 162: more than 50 historical requests open
  std::uint64_t message_rate = 0;          // 100: more messages per second than allowed
  std::uint64_t sessions_dropped = 0;      // sessions closed on their 3rd message-rate violation
  std::uint64_t market_data_lines = 0;     // 101: no market data line left
  std::uint64_t not_subscribed = 0;        // 354: live data asked for a delayed-only symbol
  std::uint64_t delayed_served = 0;        // 10167: delayed data served instead of live (info, not a violation)
  std::uint64_t unknown_contracts = 0;     // 200 (not a violation: a bad symbol)
  std::uint64_t invalid_historical = 0;    // 162/321 for a malformed or oversized historical query

  // Limit violations a paced client should never cause.
  [[nodiscard]] std::uint64_t violations() const {
    return historical_pacing + historical_open + message_rate + market_data_lines;
  }
};

}  // namespace rt::gateway

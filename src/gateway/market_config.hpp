#pragma once
// MarketConfig: how the emulator's market behaves: the seed of the synthetic prices, the
// simulated clock (start, speed), CSV series replayed for some symbols, symbols served delayed
// only or not at all, and the IB limits the gateway enforces (TWS_PROTOCOL.md section 6).
// Plain data inside GatewayConfig; the parse_* helpers turn flag text into pieces and name the
// offending text on failure.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace rt::gateway {

inline constexpr std::size_t kDefaultMaxLines = 100;       // market data lines per session
inline constexpr std::uint32_t kDefaultMaxMsgRate = 50;    // client messages per second
inline constexpr int kMessageRateViolationsToDrop = 3;     // the 3rd violation drops the session
inline constexpr double kMaxSpeed = 1e6;

// `--replay PATH[:SYMBOL]`: a CSV of bars replayed for SYMBOL (default: the file name up to the
// first '-' or '.', upper-cased: data/orcl-1995-2014.txt -> ORCL).
struct ReplaySpec {
  std::string path;
  std::string symbol;
  bool operator==(const ReplaySpec&) const = default;
};

struct MarketConfig {
  std::uint64_t seed = 1;
  double speed = 1.0;               // simulated seconds per real second
  std::optional<Timestamp> start;   // simulated time at server construction; empty = the base clock's now
  std::vector<ReplaySpec> replays;
  std::vector<std::string> delayed_only;     // live requests get 354; delayed ones 10167 + delayed ticks
  std::vector<std::string> unknown_symbols;  // always "no security definition" (200)
  std::size_t max_lines = kDefaultMaxLines;      // 0 = unlimited
  std::uint32_t max_msg_rate = kDefaultMaxMsgRate;  // 0 = unlimited
  bool historical_pacing = true;  // IB's historical pacing rules (162)
};

// "2025-01-15 09:30", "2025-01-15 09:30:15" or "2025-01-15" (09:30), New York local time.
Result<Timestamp> parse_new_york_time(std::string_view text);
// "YYYY-MM-DD HH:MM:SS" in New York time: the form parse_new_york_time() reads.
std::string format_new_york_time(Timestamp t);
// "PATH[:SYMBOL]".
Result<ReplaySpec> parse_replay(std::string_view text);
// "AAPL,MSFT" (spaces and empty pieces ignored), upper-cased.
Result<std::vector<std::string>> parse_symbol_list(std::string_view text);

Status validate(const MarketConfig& config);

}  // namespace rt::gateway

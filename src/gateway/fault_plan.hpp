#pragma once
// FaultPlan: the scripted connection faults one emulator instance plays on top of the handshake
// faults (GatewayConfig::faults), parsed from `--fault <spec>` texts or filled in directly by
// in-process tests. Plain data; FaultScheduler timers and the GatewayServer play it.
//
// Spec syntax (durations in seconds, fractions allowed: "0.25"; MS in milliseconds):
//   zombie[:K]                          keep every client-closed socket open (CLOSE_WAIT); after K
//                                       of them (default 3) stop answering handshakes       (C3)
//   drop-after-messages:N[:once]        FIN after the Nth frame sent on a connection        (C5)
//   reset-after-messages:N[:once]       RST (SO_LINGER 0) after the Nth frame sent           (C5)
//   drop-after:T[:once]                 FIN T s after login                                  (C5)
//   reset-after:T[:once]                RST T s after login                                  (C5)
//   lost-restored:T1:T2[:data-lost|data-maintained][:repeat]
//                                       1100 T1 s after login, 1101/1102 T2 s later (default
//                                       data-maintained = 1102); repeat: again T1 s later (C6, C7)
//   farm-flap:PERIOD[:COUNT]            2103 broken / 2104 OK for usfarm, one notice every PERIOD s
//                                       from login; COUNT broken+OK pairs (default: forever) (C8)
//   restart-after:T:DOWN                T s after start close every connection and the listener,
//                                       listen again on the same port DOWN s later           (C9)
//   restart-every:T:DOWN                the same, again T s after each re-listen             (C9)
//   port-reset-after:T[:once]           1300 T s after login, then FIN                       (C5)
//   throttle:N[:WINDOW]                 at most N accepted connections per rolling WINDOW s
//                                       (default 60); later ones are reset at once          (C10)
//   latency:MS                          every frame leaves MS ms after it was produced, in order
//   silence-after:T[:once]              T s after login send nothing more on the session,
//                                       keep reading and keep the socket open               (C11)
//   slow-historical:MS[:SYMBOL]         historical-data replies (for SYMBOL only, or for every
//                                       symbol) leave MS ms late; other replies are not held
//                                       back, so a late reply overtakes nothing it should not (C13)
//   mute-symbol:SYMBOL:T:FOR            T s after login the session's real-time bars and ticks of
//                                       SYMBOL stop for FOR s, every other symbol flowing; a new
//                                       subscription of SYMBOL meanwhile gets nothing either  (D8)
// "Login" is the accepted START_API (managedAccounts/nextValidId queued). `once`: only the first
// session whose fault fires is affected; later sessions are left alone.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace rt::gateway {

// Fault durations: fractional seconds.
using FaultSeconds = std::chrono::duration<double>;

inline constexpr double kMaxFaultSeconds = 1e6;  // longer durations are a typo, not a test
inline constexpr std::size_t kDefaultZombieLimit = 3;
inline constexpr FaultSeconds kDefaultThrottleWindow{60.0};

struct ZombieFault {
  std::size_t stall_after = kDefaultZombieLimit;  // K: zombies held before handshakes stall
};

enum class DropKind {
  kClose,  // shutdown(send) after the last frame: the client reads EOF
  kReset,  // SO_LINGER 0, close: the client reads ECONNRESET
};

struct DropFault {
  DropKind kind = DropKind::kClose;
  std::optional<std::uint64_t> after_messages;  // exactly one of after_messages / after is set
  std::optional<FaultSeconds> after;            // from login
  bool once = false;
};

enum class RestoreKind {
  kDataLost,       // 1101
  kDataMaintained  // 1102
};

struct ConnectivityFault {
  FaultSeconds lost_after{1.0};      // T1: login -> 1100
  FaultSeconds restored_after{1.0};  // T2: 1100 -> 1101/1102
  RestoreKind restore = RestoreKind::kDataMaintained;
  bool repeat = false;  // after the restore, lost again T1 later, and so on
};

struct FarmFlapFault {
  FaultSeconds period{1.0};
  std::optional<std::uint32_t> cycles;  // broken+OK pairs; empty = until the session ends
};

struct RestartFault {
  FaultSeconds after{1.0};  // from start(), or from the previous re-listen when repeating
  FaultSeconds down{1.0};   // how long the port is closed
  bool repeat = false;      // restart-every
};

struct PortResetFault {
  FaultSeconds after{1.0};  // from login
  bool once = false;
};

struct ThrottleFault {
  std::uint32_t max_logins = 0;  // N accepted connections per window
  FaultSeconds window = kDefaultThrottleWindow;
};

struct LatencyFault {
  std::chrono::microseconds delay{0};
};

struct SilenceFault {
  FaultSeconds after{1.0};  // from login
  bool once = false;
};

struct SlowHistoricalFault {
  std::chrono::milliseconds delay{0};
  std::string symbol;  // empty = every symbol
};

struct MuteSymbolFault {
  std::string symbol;
  FaultSeconds after{1.0};     // from login
  FaultSeconds duration{1.0};  // how long SYMBOL stays silent
};

struct FaultPlan {
  std::optional<ZombieFault> zombie;
  std::optional<DropFault> drop;
  std::optional<ConnectivityFault> connectivity;
  std::optional<FarmFlapFault> farm_flap;
  std::optional<RestartFault> restart;
  std::optional<PortResetFault> port_reset;
  std::optional<ThrottleFault> throttle;
  std::optional<LatencyFault> latency;
  std::optional<SilenceFault> silence;
  std::optional<SlowHistoricalFault> slow_historical;
  std::optional<MuteSymbolFault> mute_symbol;

  [[nodiscard]] bool empty() const;
  // True when a fault is timed from (or counted after) login, so it needs sessions that log in.
  [[nodiscard]] bool has_session_faults() const;
  // Adds one spec (syntax above). Fails naming the spec on bad syntax or out-of-range values, and
  // when the plan already holds that fault (or, for drops, any drop/reset).
  Status add(std::string_view spec);
  // The canonical spec texts of the plan, in a fixed order; add() of each rebuilds the plan.
  [[nodiscard]] std::vector<std::string> specs() const;
};

// True when `spec` names one of the FaultPlan faults (by its text before the first ':').
bool is_fault_plan_spec(std::string_view spec);

// Checks the plan's ranges (durations > 0 and <= kMaxFaultSeconds, counts >= 1 where needed).
Status validate(const FaultPlan& plan);

// The canonical text of a duration: "0.25", "3".
std::string format_seconds(FaultSeconds seconds);

}  // namespace rt::gateway

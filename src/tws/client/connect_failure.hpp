#pragma once
// A failed connection attempt: which stage failed, why, and what that usually means for the user.
#include <string>

#include "core/result.hpp"
#include "tws/client/connect_options.hpp"

namespace rt::tws {

enum class ConnectFailureKind {
  kRefused,          // nothing listening / TCP refused
  kTimeout,          // the stage's deadline passed
  kClosedByServer,   // EOF or reset during the stage
  kClientIdInUse,    // 326
  kUnsupportedVersion,
  kProtocol,         // malformed or over-size frame
  kResolve,          // host name did not resolve
};

struct ConnectFailure {
  ConnectStage stage = ConnectStage::kTcp;
  ConnectFailureKind kind = ConnectFailureKind::kTimeout;
  int client_id = 0;
  std::string detail;  // the low-level reason (errno text, the server's message...)

  // One sentence for the user: the stage, the reason and the usual remedy.
  [[nodiscard]] std::string describe(const std::string& host, std::uint16_t port) const;
  [[nodiscard]] Error to_error(const std::string& host, std::uint16_t port) const;
  // Worth another attempt with a fresh client id (326, or a handshake that stalled or was cut).
  [[nodiscard]] bool retry_with_fresh_id() const;
};

}  // namespace rt::tws

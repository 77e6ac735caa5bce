#include "tws/client/connect_failure.hpp"

namespace rt::tws {

const char* to_string(ConnectStage stage) noexcept {
  switch (stage) {
    case ConnectStage::kTcp: return "TCP connect";
    case ConnectStage::kVersionReply: return "API version handshake";
    case ConnectStage::kReady: return "API ready (nextValidId + managedAccounts)";
  }
  return "connect";
}

std::string ConnectFailure::describe(const std::string& host, std::uint16_t port) const {
  const std::string where = host + ":" + std::to_string(port);
  std::string s = std::string(to_string(stage)) + " failed: ";
  switch (kind) {
    case ConnectFailureKind::kResolve:
      s += "cannot resolve '" + host + "' (" + detail + ")";
      break;
    case ConnectFailureKind::kRefused:
      s += "nothing is listening on " + where + " (" + detail +
           "). Is TWS/IB Gateway running and logged in, on this socket port? In TWS \"Enable ActiveX and Socket "
           "Clients\" must be on; IB Gateway opens the port once its login has finished.";
      break;
    case ConnectFailureKind::kTimeout:
      if (stage == ConnectStage::kTcp) {
        s += "no TCP answer from " + where + " within the deadline (" + detail +
             "): a firewall or a wrong host?";
      } else if (stage == ConnectStage::kVersionReply) {
        s += "TCP connected to " + where + " but the API never answered (" + detail +
             "): TWS may be waiting on its accept-connection dialog, or wedged by stale connections "
             "- run `robotrader doctor`";
      } else {
        s += "the API answered its version but never sent nextValidId/managedAccounts (" + detail +
             "): TWS is half-logged-in or wedged, or client id " + std::to_string(client_id) +
             " is held by a stale session - run `robotrader doctor`";
      }
      break;
    case ConnectFailureKind::kClosedByServer:
      s += "the server closed the connection (" + detail +
           "): API connections may be refused for this address (Trusted IPs / \"Allow connections from "
           "localhost only\"), or the server is throttling logins";
      break;
    case ConnectFailureKind::kClientIdInUse:
      s += "client id " + std::to_string(client_id) +
           " is already in use (326): a stale session still holds it; retry with a unique client id";
      break;
    case ConnectFailureKind::kUnsupportedVersion:
      s += "unsupported server version (" + detail + "); robotrader supports " +
           std::to_string(sv::kClientMin) + ".." + std::to_string(sv::kClientMax);
      break;
    case ConnectFailureKind::kProtocol:
      s += "protocol error (" + detail + ")";
      break;
  }
  return s;
}

Error ConnectFailure::to_error(const std::string& host, std::uint16_t port) const {
  ErrorCode code = ErrorCode::kDisconnected;
  switch (kind) {
    case ConnectFailureKind::kTimeout: code = ErrorCode::kTimeout; break;
    case ConnectFailureKind::kRefused:
    case ConnectFailureKind::kClientIdInUse:
    case ConnectFailureKind::kUnsupportedVersion: code = ErrorCode::kRefused; break;
    case ConnectFailureKind::kProtocol: code = ErrorCode::kParse; break;
    case ConnectFailureKind::kResolve: code = ErrorCode::kInvalidArgument; break;
    case ConnectFailureKind::kClosedByServer: code = ErrorCode::kDisconnected; break;
  }
  return Error{code, describe(host, port), kind == ConnectFailureKind::kClientIdInUse ? 326 : 0};
}

bool ConnectFailure::retry_with_fresh_id() const {
  return kind == ConnectFailureKind::kClientIdInUse ||
         (stage != ConnectStage::kTcp &&
          (kind == ConnectFailureKind::kTimeout || kind == ConnectFailureKind::kClosedByServer));
}

}  // namespace rt::tws

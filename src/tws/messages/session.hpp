#pragma once
// Handshake and session-level messages (TWS_PROTOCOL.md §2, §4.1-4.3, §4.16).
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "tws/wire/field_reader.hpp"

namespace rt::tws {

// Server's reply to the preamble: [serverVersion, connectionTime], framed, no message id.
struct HandshakeReply {
  int server_version = 0;
  std::string connection_time;  // "yyyyMMdd HH:mm:ss <zone>"
  bool operator==(const HandshakeReply&) const = default;
};
std::string encode(const HandshakeReply& m);
Result<HandshakeReply> decode_handshake_reply(std::string_view payload);

// --- requests (client -> server) ---
struct StartApi {  // [71, 2, clientId, optionalCapabilities]
  int client_id = 0;
  std::string optional_capabilities;
  bool operator==(const StartApi&) const = default;
};
struct ReqIds {  // [8, 1, numIds]
  int num_ids = 1;
  bool operator==(const ReqIds&) const = default;
};
struct ReqCurrentTime {  // [49, 1]
  bool operator==(const ReqCurrentTime&) const = default;
};
struct ReqManagedAccts {  // [17, 1]
  bool operator==(const ReqManagedAccts&) const = default;
};

// --- responses (server -> client) ---
struct ManagedAccounts {  // [15, 1, "DU1,DU2"]; a trailing comma is tolerated
  std::vector<std::string> accounts;
  bool operator==(const ManagedAccounts&) const = default;
};
struct NextValidId {  // [9, 1, orderId]
  std::int64_t order_id = 0;
  bool operator==(const NextValidId&) const = default;
};
struct CurrentTime {  // [49, 1, epochSeconds]
  std::int64_t epoch_seconds = 0;
  bool operator==(const CurrentTime&) const = default;
};
// ERR_MSG, every layout: <166 [4,2,id,code,msg]; 166-193 [+json]; >=194 [4,id,code,msg,json,errorTime].
struct ErrorMessage {
  std::int64_t id = -1;  // reqId / tickerId / orderId, or -1 for connection-level notices
  int code = 0;
  std::string message;
  std::string advanced_order_reject_json;
  std::int64_t error_time_ms = 0;  // only on the wire at SV >= 194
  bool operator==(const ErrorMessage&) const = default;
};

}  // namespace rt::tws

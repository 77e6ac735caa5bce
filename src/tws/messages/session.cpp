// Handshake and session-level messages: START_API, REQ_IDS, REQ_CURRENT_TIME, REQ_MANAGED_ACCTS
// out; MANAGED_ACCTS, NEXT_VALID_ID, CURRENT_TIME and ERR_MSG in (TWS_PROTOCOL.md §2, §4.1-4.3).
#include "tws/messages/session.hpp"

#include "tws/messages/codec.hpp"
#include "tws/messages/codec_detail.hpp"
#include "tws/messages/layout_reader.hpp"
#include "tws/wire/message_writer.hpp"

namespace rt::tws {

// --- handshake reply: no message id, exactly [serverVersion, connectionTime] ---

std::string encode(const HandshakeReply& m) {
  MessageWriter w;
  w.add(m.server_version).add(m.connection_time);
  return w.finish();
}

Result<HandshakeReply> decode_handshake_reply(std::string_view payload) {
  if (auto n = count_fields(payload); !n) return std::unexpected(n.error());
  FieldReader reader(payload);
  LayoutReader in(reader, "HANDSHAKE_REPLY");
  HandshakeReply m;
  m.server_version = in.i32("serverVersion");
  m.connection_time = in.text("connectionTime");
  if (in.ok() && m.server_version <= 0) {
    // -1 is the legacy Gateway redirect; nothing else below 1 is a version.
    return fail(ErrorCode::kParse, "HANDSHAKE_REPLY field 1 (serverVersion): " + std::to_string(m.server_version) +
                                       " is not a server version");
  }
  return in.finish(std::move(m));
}

// --- requests ---

std::string encode(const StartApi& m, int /*server_version*/) {
  MessageWriter w(req::kStartApi);
  w.add(2).add(m.client_id).add(m.optional_capabilities);
  return w.finish();
}

std::string encode(const ReqIds& m, int /*server_version*/) {
  MessageWriter w(req::kReqIds);
  w.add(1).add(m.num_ids);
  return w.finish();
}

std::string encode(const ReqCurrentTime& /*m*/, int /*server_version*/) {
  MessageWriter w(req::kReqCurrentTime);
  w.add(1);
  return w.finish();
}

std::string encode(const ReqManagedAccts& /*m*/, int /*server_version*/) {
  MessageWriter w(req::kReqManagedAccts);
  w.add(1);
  return w.finish();
}

// --- responses ---

std::string encode(const ManagedAccounts& m, int /*server_version*/) {
  std::string list;
  for (const auto& a : m.accounts) {
    if (!list.empty()) list.push_back(',');
    list += a;
  }
  MessageWriter w(resp::kManagedAccts);
  w.add(1).add(list);
  return w.finish();
}

std::string encode(const NextValidId& m, int /*server_version*/) {
  MessageWriter w(resp::kNextValidId);
  w.add(1).add(m.order_id);
  return w.finish();
}

std::string encode(const CurrentTime& m, int /*server_version*/) {
  MessageWriter w(resp::kCurrentTime);
  w.add(1).add(m.epoch_seconds);
  return w.finish();
}

std::string encode(const ErrorMessage& m, int server_version) {
  MessageWriter w(resp::kErrMsg);
  if (server_version < sv::kErrorTime) w.add(2);  // the version field went away with errorTime
  w.add(m.id).add(m.code).add(m.message);
  if (server_version >= sv::kAdvancedOrderReject) w.add(m.advanced_order_reject_json);
  if (server_version >= sv::kErrorTime) w.add(m.error_time_ms);
  return w.finish();
}

namespace {

std::vector<std::string> split_accounts(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    auto comma = list.find(',');
    auto piece = list.substr(0, comma);
    if (!piece.empty()) out.emplace_back(piece);  // TWS may end the list with a comma
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

Result<ErrorMessage> decode_error(FieldReader& reader, int server_version) {
  LayoutReader in(reader, "ERR_MSG");
  ErrorMessage m;
  if (server_version < sv::kErrorTime) in.skip("version");
  m.id = in.i64("id");
  m.code = in.i32("errorCode");
  m.message = in.text("errorMsg");
  if (server_version >= sv::kAdvancedOrderReject) m.advanced_order_reject_json = in.text("advancedOrderRejectJson");
  if (server_version >= sv::kErrorTime) m.error_time_ms = in.i64("errorTime");
  return in.finish(std::move(m));
}

}  // namespace

namespace detail {

std::optional<Result<Request>> decode_session_request(int msg_id, FieldReader& reader, int /*server_version*/) {
  switch (msg_id) {
    case req::kStartApi: {
      LayoutReader in(reader, "START_API");
      in.skip("version");
      StartApi m;
      m.client_id = in.i32("clientId");
      m.optional_capabilities = in.text("optionalCapabilities");
      return detail::widen<Request>(in.finish(std::move(m)));
    }
    case req::kReqIds: {
      LayoutReader in(reader, "REQ_IDS");
      in.skip("version");
      ReqIds m;
      m.num_ids = in.i32("numIds");
      return detail::widen<Request>(in.finish(m));
    }
    case req::kReqCurrentTime:
      return detail::widen<Request>(detail::decode_version_only<ReqCurrentTime>(reader, "REQ_CURRENT_TIME"));
    case req::kReqManagedAccts:
      return detail::widen<Request>(detail::decode_version_only<ReqManagedAccts>(reader, "REQ_MANAGED_ACCTS"));
    default:
      return std::nullopt;
  }
}

std::optional<Result<Response>> decode_session_response(int msg_id, FieldReader& reader, int server_version) {
  switch (msg_id) {
    case resp::kManagedAccts: {
      LayoutReader in(reader, "MANAGED_ACCTS");
      in.skip("version");
      ManagedAccounts m;
      m.accounts = split_accounts(in.text("accountsList"));
      return detail::widen<Response>(in.finish(std::move(m)));
    }
    case resp::kNextValidId: {
      LayoutReader in(reader, "NEXT_VALID_ID");
      in.skip("version");
      NextValidId m;
      m.order_id = in.i64("orderId");
      return detail::widen<Response>(in.finish(m));
    }
    case resp::kCurrentTime: {
      LayoutReader in(reader, "CURRENT_TIME");
      in.skip("version");
      CurrentTime m;
      m.epoch_seconds = in.i64("time");
      return detail::widen<Response>(in.finish(m));
    }
    case resp::kErrMsg:
      return detail::widen<Response>(decode_error(reader, server_version));
    default:
      return std::nullopt;
  }
}

}  // namespace detail
}  // namespace rt::tws

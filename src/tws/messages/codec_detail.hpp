#pragma once
// Internal to the codec: each message family decodes its own ids and answers nullopt for ids it
// does not own, so codec.cpp only dispatches. The reader is positioned after the message id.
#include <optional>
#include <string>
#include <utility>

#include "tws/messages/codec.hpp"
#include "tws/messages/layout_reader.hpp"
#include "tws/wire/field_reader.hpp"
#include "tws/wire/message_writer.hpp"

namespace rt::tws::detail {

// Lifts one message's decode result into the direction's variant. Built in place: with a
// temporary Result in between, GCC 12 reports a false -Wmaybe-uninitialized for its Error.
template <class Variant, class M>
std::optional<Result<Variant>> widen(Result<M> decoded) {
  if (!decoded) return std::optional<Result<Variant>>(std::in_place, std::unexpect, std::move(decoded.error()));
  return std::optional<Result<Variant>>(std::in_place, std::in_place, std::move(*decoded));
}

// Messages that carry nothing but their version field, e.g. [61, 1].
template <class M>
Result<M> decode_version_only(FieldReader& reader, std::string_view name) {
  LayoutReader in(reader, name);
  in.skip("version");
  return in.finish(M{});
}

// Messages that carry a request id alone, after a version field, e.g. cancelMktData [2, 1, reqId],
// or without one (versioned = false), e.g. cancelPnL [93, reqId]; the reader and the writer of
// that layout.
template <class M>
Result<M> decode_req_id_only(FieldReader& reader, std::string_view name, bool versioned = true) {
  LayoutReader in(reader, name);
  if (versioned) in.skip("version");
  M m;
  m.req_id = in.i32("reqId");
  return in.finish(m);
}
inline std::string encode_req_id_only(int msg_id, int req_id, bool versioned = true) {
  MessageWriter w(msg_id);
  if (versioned) w.add(1);
  w.add(req_id);
  return w.finish();
}

std::optional<Result<Request>> decode_session_request(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Response>> decode_session_response(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Request>> decode_account_request(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Response>> decode_account_response(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Request>> decode_market_data_request(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Response>> decode_market_data_response(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Request>> decode_historical_request(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Response>> decode_historical_response(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Request>> decode_contract_request(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Response>> decode_contract_response(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Request>> decode_order_request(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Response>> decode_order_response(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Request>> decode_execution_request(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Response>> decode_execution_response(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Request>> decode_account_multi_request(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Response>> decode_account_multi_response(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Request>> decode_reference_request(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Response>> decode_reference_response(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Request>> decode_depth_request(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Response>> decode_depth_response(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Response>> decode_completed_order_response(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Request>> decode_historical_ticks_request(int msg_id, FieldReader& reader, int server_version);
std::optional<Result<Response>> decode_historical_ticks_response(int msg_id, FieldReader& reader, int server_version);

}  // namespace rt::tws::detail

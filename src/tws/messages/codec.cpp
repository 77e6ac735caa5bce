// Dispatch by message id, plus the payload-level checks every message shares.
#include "tws/messages/codec.hpp"

#include <cstdint>
#include <cstdio>
#include <type_traits>

#include "tws/messages/codec_detail.hpp"
#include "tws/wire/field_reader.hpp"

namespace rt::tws {
namespace {

// A payload is whole fields, each ending in NUL. Anything else is refused before any field is
// read: an unterminated tail would otherwise leak into the next message (TWS_PROTOCOL.md §1.2).
Status check_payload(std::string_view payload) {
  if (payload.empty()) return fail(ErrorCode::kParse, "empty payload: no message id");
  if (auto n = count_fields(payload); !n) return std::unexpected(n.error());
  return {};
}

template <class Variant>
Result<Variant> decode_with(std::string_view payload, int server_version,
                            std::optional<Result<Variant>> (*first)(int, FieldReader&, int),
                            std::optional<Result<Variant>> (*second)(int, FieldReader&, int)) {
  if (auto ok = check_payload(payload); !ok) return std::unexpected(ok.error());
  auto id = peek_message_id(payload);
  if (!id) return std::unexpected(id.error());
  FieldReader reader(payload);
  (void)reader.skip(1, "msgId");
  if (auto r = first(*id, reader, server_version)) return std::move(*r);
  if (auto r = second(*id, reader, server_version)) return std::move(*r);
  return Variant{UnknownMessage{*id, std::string(payload)}};
}

// Frames a payload that is already field-encoded (an UnknownMessage kept for relaying).
std::string frame_raw(std::string_view payload) {
  auto n = static_cast<std::uint32_t>(payload.size());
  std::string out;
  out.reserve(4 + payload.size());
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xFF));
  out += payload;
  return out;
}

template <class Variant>
std::string encode_variant(const Variant& m, int server_version) {
  return std::visit(
      [server_version](const auto& msg) -> std::string {
        if constexpr (std::is_same_v<std::decay_t<decltype(msg)>, UnknownMessage>) {
          return frame_raw(msg.payload);
        } else {
          return encode(msg, server_version);
        }
      },
      m);
}

}  // namespace

std::string encode(const Request& m, int server_version) { return encode_variant(m, server_version); }
std::string encode(const Response& m, int server_version) { return encode_variant(m, server_version); }

Result<Request> decode_request(std::string_view payload, int server_version) {
  return decode_with<Request>(payload, server_version, &detail::decode_session_request,
                              &detail::decode_account_request);
}

Result<Response> decode_response(std::string_view payload, int server_version) {
  return decode_with<Response>(payload, server_version, &detail::decode_session_response,
                               &detail::decode_account_response);
}

Result<int> peek_message_id(std::string_view payload) {
  FieldReader reader(payload, "message");
  auto id = reader.read_int("msgId");
  if (!id) return std::unexpected(id.error());
  if (payload.empty() || payload.front() == '\0') {
    return std::unexpected(reader.error("msgId", "empty message id"));
  }
  return *id;
}

std::string describe_payload(std::string_view payload) {
  static constexpr std::size_t kMaxShown = 512;  // enough for any session message, short for logs
  std::string out = "[";
  std::size_t shown = 0;
  for (std::size_t i = 0; i < payload.size(); ++i) {
    if (shown >= kMaxShown) {
      out += "...";
      break;
    }
    auto c = static_cast<unsigned char>(payload[i]);
    if (c == '\0') {
      if (i + 1 < payload.size()) out.push_back('|');
    } else if (c < 0x20 || c >= 0x7F || c == '|' || c == '\\') {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\x%02X", c);
      out += esc;
    } else {
      out.push_back(static_cast<char>(c));
    }
    ++shown;
  }
  if (!payload.empty() && payload.back() != '\0') out += "<no NUL>";
  out.push_back(']');
  return out;
}

}  // namespace rt::tws

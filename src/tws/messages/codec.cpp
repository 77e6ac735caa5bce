// Dispatch by message id, plus the payload-level checks every message shares.
#include "tws/messages/codec.hpp"

#include <array>
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
using FamilyDecoder = std::optional<Result<Variant>> (*)(int, FieldReader&, int);

// Each family answers for its own ids; an id no family owns is an UnknownMessage.
template <class Variant, std::size_t N>
Result<Variant> decode_with(std::string_view payload, int server_version,
                            const std::array<FamilyDecoder<Variant>, N>& families) {
  if (auto ok = check_payload(payload); !ok) return std::unexpected(ok.error());
  auto id = peek_message_id(payload);
  if (!id) return std::unexpected(id.error());
  FieldReader reader(payload);
  (void)reader.skip(1, "msgId");
  for (auto family : families) {  // a family that does not own the id reads nothing
    if (auto r = family(*id, reader, server_version)) return std::move(*r);
  }
  return Variant{UnknownMessage{*id, std::string(payload)}};
}

// Plain digits that fit an int (request ids reach ten digits); false for anything else.
bool plain_int(std::string_view s, int& out) {
  if (s.empty() || s.size() > 10) return false;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  if (v > INT32_MAX) return false;
  out = static_cast<int>(v);
  return true;
}

// A plain decimal that is not one of the "no value" sentinels the generic reader maps to zero.
bool plain_decimal(std::string_view s, Decimal& out) {
  if (s.empty() || s == "2147483647" || s == "9223372036854775807") return false;
  return Decimal::parse(s, out);
}

// tickPrice [1, version, reqId, tickType, price, size, attrMask] and tickSize [2, version, reqId,
// tickType, size]: most of what a session receives, decoded without the generic field reader.
// Only plain digits and plain decimals are taken here; anything else (a sign, a sentinel, an
// exponent, another field count) goes to the generic decoder, which decides value or error.
std::optional<Response> decode_tick_fast(std::string_view payload) {
  if (payload.size() < 4 || payload[1] != '\0' || payload.back() != '\0') return std::nullopt;
  const char id = payload[0];
  if (id != '1' && id != '2') return std::nullopt;
  const std::size_t want = id == '1' ? 6 : 4;
  std::array<std::string_view, 6> f;
  std::size_t n = 0;
  const char* start = payload.data() + 2;
  const char* const end = payload.data() + payload.size();
  for (const char* p = start; p != end; ++p) {
    if (*p != '\0') continue;
    if (n == want) return std::nullopt;
    f[n++] = std::string_view(start, static_cast<std::size_t>(p - start));
    start = p + 1;
  }
  if (n != want) return std::nullopt;
  if (id == '1') {
    TickPrice m;
    if (!plain_int(f[1], m.req_id) || !plain_int(f[2], m.tick_type) || !plain_decimal(f[3], m.price) ||
        !plain_decimal(f[4], m.size) || !plain_int(f[5], m.attr_mask)) {
      return std::nullopt;
    }
    return Response{m};
  }
  TickSize m;
  if (!plain_int(f[1], m.req_id) || !plain_int(f[2], m.tick_type) || !plain_decimal(f[3], m.size)) {
    return std::nullopt;
  }
  return Response{m};
}

constexpr std::array<FamilyDecoder<Request>, 11> kRequestFamilies = {
    &detail::decode_session_request,    &detail::decode_account_request,   &detail::decode_market_data_request,
    &detail::decode_historical_request, &detail::decode_contract_request,  &detail::decode_order_request,
    &detail::decode_execution_request,  &detail::decode_account_multi_request, &detail::decode_reference_request,
    &detail::decode_depth_request,      &detail::decode_historical_ticks_request};

// Market data first: ticks are most of what a session receives.
constexpr std::array<FamilyDecoder<Response>, 12> kResponseFamilies = {
    &detail::decode_market_data_response, &detail::decode_session_response,  &detail::decode_account_response,
    &detail::decode_historical_response, &detail::decode_contract_response,  &detail::decode_order_response,
    &detail::decode_execution_response,  &detail::decode_account_multi_response, &detail::decode_reference_response,
    &detail::decode_depth_response,      &detail::decode_completed_order_response,
    &detail::decode_historical_ticks_response};

// Frames a payload that is already field-encoded (an UnknownMessage kept for relaying).
std::string frame_raw(std::string_view payload) {
  auto n = static_cast<std::uint32_t>(payload.size());
  std::string out;
  out.reserve(4 + payload.size());
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xFF));
  out += payload;
  return out;
}

// Requests whose bytes depend on the EncodeStyle (the rest ignore it).
template <class T>
constexpr bool kHasStyledEncode = std::is_same_v<T, ReqMktData> || std::is_same_v<T, ReqHistoricalData> ||
                                  std::is_same_v<T, ReqRealTimeBars> || std::is_same_v<T, ReqContractData> ||
                                  std::is_same_v<T, PlaceOrder> || std::is_same_v<T, ReqExecutions>;

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

std::string encode(const Request& m, int server_version, EncodeStyle style) {
  return std::visit(
      [server_version, style](const auto& msg) -> std::string {
        using T = std::decay_t<decltype(msg)>;
        if constexpr (std::is_same_v<T, UnknownMessage>) {
          return frame_raw(msg.payload);
        } else if constexpr (kHasStyledEncode<T>) {
          return encode(msg, server_version, style);
        } else {
          return encode(msg, server_version);
        }
      },
      m);
}
std::string encode(const Response& m, int server_version) { return encode_variant(m, server_version); }

Result<Request> decode_request(std::string_view payload, int server_version) {
  return decode_with<Request>(payload, server_version, kRequestFamilies);
}

Result<Response> decode_response(std::string_view payload, int server_version) {
  if (auto tick = decode_tick_fast(payload)) return std::move(*tick);
  return decode_with<Response>(payload, server_version, kResponseFamilies);
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

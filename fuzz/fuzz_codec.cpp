// libFuzzer target for the wire codec. Input: byte 0 picks the server version (157-200); the
// rest is what a peer might send: first tried as a connection preamble, then reassembled into
// frames (fed in small chunks), and every payload goes through every decoder. Decoders must
// return errors, never crash. For known messages, encoding is checked to be canonical:
// decode(encode(decode(p))) re-encodes to the same bytes. Requests are checked in both spellings
// (official and @stoqey/ib), so every conditional block of placeOrder is walked both ways.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tws/messages/codec.hpp"
#include "tws/wire/frame_decoder.hpp"

namespace {

using namespace rt::tws;
using rt::Result;

std::string_view unframe(const std::string& frame) { return std::string_view(frame).substr(4); }

template <class Variant>
void check_canonical(const Variant& first, int sv, Result<Variant> (*decode)(std::string_view, int)) {
  if (std::holds_alternative<UnknownMessage>(first)) return;
  const std::string once = encode(first, sv);
  auto again = decode(unframe(once), sv);
  if (!again) __builtin_trap();  // our own encoding must always decode
  if (encode(*again, sv) != once) __builtin_trap();
}

void check_canonical_stoqey(const Request& first, int sv) {
  if (std::holds_alternative<UnknownMessage>(first)) return;
  const std::string once = encode(first, sv, EncodeStyle::kStoqey);
  auto again = decode_request(unframe(once), sv);
  if (!again) __builtin_trap();
  if (encode(*again, sv, EncodeStyle::kStoqey) != once) __builtin_trap();
}

void decode_everything(std::string_view payload, int sv) {
  (void)peek_message_id(payload);
  (void)describe_payload(payload);
  (void)decode_handshake_reply(payload);
  if (auto r = decode_request(payload, sv)) {
    check_canonical<Request>(*r, sv, &decode_request);
    check_canonical_stoqey(*r, sv);
  }
  if (auto r = decode_response(payload, sv)) check_canonical<Response>(*r, sv, &decode_response);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const int sv = sv::kClientMin + data[0] % (sv::kClientMax - sv::kClientMin + 1);
  const std::size_t chunk = 1 + data[0] % 13;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);

  std::size_t consumed = 0;
  auto preamble = decode_preamble(rest, consumed);
  if (preamble && *preamble) {
    if (consumed > rest.size()) __builtin_trap();
    auto back = parse_version_range(encode_preamble(**preamble).substr(8));
    if (!back || back->min != (*preamble)->min || back->max != (*preamble)->max) __builtin_trap();
    rest.remove_prefix(consumed);
  }

  FrameDecoder frames;
  FrameDecoder small_frames(64);  // exercises the over-size path on ordinary inputs
  for (std::size_t pos = 0; pos < rest.size(); pos += chunk) {
    auto piece = rest.substr(pos, chunk);
    frames.feed(piece);
    small_frames.feed(piece);
    for (;;) {
      auto next = frames.next();
      if (!next || !*next) break;
      decode_everything(**next, sv);
    }
    for (;;) {
      auto next = small_frames.next();
      if (!next || !*next) break;
      if ((*next)->size() > 64) __builtin_trap();
    }
  }
  // The payload-level decoders also get the raw bytes, framed or not.
  decode_everything(rest, sv);
  return 0;
}

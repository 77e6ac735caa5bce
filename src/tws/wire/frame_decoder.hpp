#pragma once
// FrameDecoder: reassembles length-prefixed TWS frames from arbitrary TCP reads (sans-I/O).
// feed() appends bytes as they arrive; next() yields one complete payload at a time. A length
// over the limit is a protocol error: the stream cannot be resynchronised, so the caller must
// close the connection. "Whole frame arrived" is kept apart from "frame is valid" (FieldReader).
//
// Also here: the connection preamble, both ways ("API\0" + be32 length + "v<min>..<max>").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace rt::tws {

inline constexpr std::size_t kMaxPayload = 0xFFFFFF;  // 16 MiB - 1, as the official clients

class FrameDecoder {
 public:
  explicit FrameDecoder(std::size_t max_payload = kMaxPayload) : max_payload_(max_payload) {}

  void feed(std::string_view bytes);
  // The next complete payload (a view valid until the next feed or next call), nullopt when more
  // bytes are needed, or an error for an over-size frame (the decoder then stays failed).
  Result<std::optional<std::string_view>> next();
  [[nodiscard]] std::size_t buffered() const { return buf_.size() - pos_; }
  // Bytes not yet consumed (used to hand over what follows a preamble).
  [[nodiscard]] std::string_view pending() const { return std::string_view(buf_).substr(pos_); }

 private:
  std::string buf_;
  std::size_t pos_ = 0;
  std::size_t max_payload_;
  bool failed_ = false;
};

struct VersionRange {
  int min = 0;
  int max = 0;
  std::string options;  // connect options after the range, e.g. "+PACEAPI"; usually empty
};

// The client's preamble: "API\0", be32 length, "v<min>..<max>" (or "v<N>") [+ " " options].
std::string encode_preamble(const VersionRange& range);

// Server side: parses a preamble from the start of a byte stream. nullopt while incomplete;
// an error when the bytes are not a TWS API preamble. On success `consumed` is set.
Result<std::optional<VersionRange>> decode_preamble(std::string_view bytes, std::size_t& consumed);

// Parses "v100..193", "v176", optionally followed by " options".
Result<VersionRange> parse_version_range(std::string_view text);

}  // namespace rt::tws

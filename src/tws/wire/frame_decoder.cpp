#include "tws/wire/frame_decoder.hpp"

#include <algorithm>

#include <charconv>

namespace rt::tws {
namespace {

std::uint32_t read_be32(std::string_view s) {
  auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i])); };
  return (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
}

void append_be32(std::string& out, std::uint32_t n) {
  out.push_back(static_cast<char>((n >> 24) & 0xFF));
  out.push_back(static_cast<char>((n >> 16) & 0xFF));
  out.push_back(static_cast<char>((n >> 8) & 0xFF));
  out.push_back(static_cast<char>(n & 0xFF));
}

constexpr std::size_t kMaxPreambleText = 256;

}  // namespace

void FrameDecoder::feed(std::string_view bytes) {
  // Compact once the consumed prefix dominates, so the buffer does not grow without bound.
  if (pos_ > 0 && pos_ * 2 >= buf_.size()) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  buf_.append(bytes);
}

Result<std::optional<std::string_view>> FrameDecoder::next() {
  if (failed_) return fail(ErrorCode::kParse, "frame stream is broken after an earlier error");
  if (buf_.size() - pos_ < 4) return std::optional<std::string_view>{};
  std::uint32_t len = read_be32(std::string_view(buf_).substr(pos_, 4));
  if (len > max_payload_) {
    failed_ = true;
    return fail(ErrorCode::kParse, "frame of " + std::to_string(len) + " bytes is over the limit of " +
                                       std::to_string(max_payload_) + " bytes");
  }
  if (buf_.size() - pos_ - 4 < len) return std::optional<std::string_view>{};
  std::string_view payload = std::string_view(buf_).substr(pos_ + 4, len);
  pos_ += 4 + len;
  return std::optional<std::string_view>{payload};
}

std::string encode_preamble(const VersionRange& range) {
  // Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict on "v" + std::string.
  std::string text("v");
  text.append(std::to_string(range.min));
  if (range.max != range.min) text.append("..").append(std::to_string(range.max));
  if (!range.options.empty()) text.append(" ").append(range.options);
  std::string out("API\0", 4);
  append_be32(out, static_cast<std::uint32_t>(text.size()));
  out += text;
  return out;
}

Result<VersionRange> parse_version_range(std::string_view text) {
  VersionRange r;
  if (auto sp = text.find(' '); sp != std::string_view::npos) {
    r.options = std::string(text.substr(sp + 1));
    text = text.substr(0, sp);
  }
  if (text.size() < 2 || text[0] != 'v') {
    return fail(ErrorCode::kParse, "version range '" + std::string(text) + "' does not start with 'v'");
  }
  text.remove_prefix(1);
  auto parse = [](std::string_view s, int& out) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size();
  };
  auto dots = text.find("..");
  bool ok = dots == std::string_view::npos ? parse(text, r.min) && parse(text, r.max)
                                           : parse(text.substr(0, dots), r.min) && parse(text.substr(dots + 2), r.max);
  if (!ok || r.min <= 0 || r.max < r.min) {
    return fail(ErrorCode::kParse, "version range 'v" + std::string(text) + "' is not v<min>..<max>");
  }
  return r;
}

Result<std::optional<VersionRange>> decode_preamble(std::string_view bytes, std::size_t& consumed) {
  static constexpr std::string_view kMagic("API\0", 4);
  std::size_t have = std::min(bytes.size(), kMagic.size());
  if (bytes.substr(0, have) != kMagic.substr(0, have)) {
    // Clients older than API 9.72 open with their bare client version ("62\0"), unframed.
    const auto nul = bytes.find('\0');
    const auto first = bytes.substr(0, nul);
    if (nul != std::string_view::npos && !first.empty() && first.size() <= 3 &&
        std::all_of(first.begin(), first.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return fail(ErrorCode::kParse, "legacy handshake from client version " + std::string(first) +
                                         " (before API 9.72, no \"API\\0\" preamble): only v100 and later are spoken");
    }
    return fail(ErrorCode::kParse, "connection did not start with the API preamble");
  }
  if (bytes.size() < 8) return std::optional<VersionRange>{};
  std::uint32_t len = read_be32(bytes.substr(4, 4));
  if (len == 0 || len > kMaxPreambleText) {
    return fail(ErrorCode::kParse, "preamble version text length " + std::to_string(len) + " is invalid");
  }
  if (bytes.size() < 8 + len) return std::optional<VersionRange>{};
  auto range = parse_version_range(bytes.substr(8, len));
  if (!range) return std::unexpected(range.error());
  consumed = 8 + len;
  return std::optional<VersionRange>{std::move(*range)};
}

}  // namespace rt::tws

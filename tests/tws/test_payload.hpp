#pragma once
// Helpers shared by the codec tests: payloads from field lists, and frames back to payloads.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tws/messages/codec.hpp"
#include "tws/wire/frame_decoder.hpp"

namespace rt::tws::testing {

inline std::string payload(const std::vector<std::string>& fields) {
  std::string p;
  for (const auto& f : fields) p += f + '\0';
  return p;
}

// The fields of a frame produced by encode(), checked to be exactly one whole frame.
inline std::vector<std::string> fields_of(const std::string& frame) {
  FrameDecoder d;
  d.feed(frame);
  auto next = d.next();
  EXPECT_TRUE(next.has_value() && next->has_value());
  EXPECT_EQ(d.buffered(), 0u);
  std::vector<std::string> out;
  if (!next || !*next) return out;
  std::string_view p = **next;
  while (!p.empty()) {
    auto nul = p.find('\0');
    out.emplace_back(p.substr(0, nul));
    p.remove_prefix(nul == std::string_view::npos ? p.size() : nul + 1);
  }
  return out;
}

inline std::string unframe(const std::string& frame) { return frame.size() >= 4 ? frame.substr(4) : std::string(); }

inline Decimal dec(std::string_view text) { return Decimal::parse(text).value(); }

template <class T>
T response_as(const std::string& p, int sv) {
  auto r = decode_response(p, sv);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  EXPECT_TRUE(r && std::holds_alternative<T>(*r)) << describe_payload(p);
  return r && std::holds_alternative<T>(*r) ? std::get<T>(*r) : T{};
}

template <class T>
T request_as(const std::string& p, int sv) {
  auto r = decode_request(p, sv);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  EXPECT_TRUE(r && std::holds_alternative<T>(*r)) << describe_payload(p);
  return r && std::holds_alternative<T>(*r) ? std::get<T>(*r) : T{};
}

}  // namespace rt::tws::testing

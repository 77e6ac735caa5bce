#pragma once
// Test helpers shared by the gateway tests: frame splitting, field lists, golden captures.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/gateway_session.hpp"

namespace rt::gateway::testing {

// The payload of one complete frame (length prefix checked and removed); "" if malformed.
inline std::string payload_of(std::string_view frame) {
  if (frame.size() < 4) return {};
  const auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(frame[i])); };
  const std::uint32_t len = (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
  if (len != frame.size() - 4) return {};
  return std::string(frame.substr(4));
}

// The NUL-terminated fields of a payload.
inline std::vector<std::string> fields_of(std::string_view payload) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : payload) {
    if (c == '\0') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(cur + "<unterminated>");
  return out;
}

inline std::vector<std::vector<std::string>> fields_of(const SessionOutput& out) {
  std::vector<std::vector<std::string>> all;
  for (const auto& f : out.frames) all.push_back(fields_of(payload_of(f)));
  return all;
}

// A client frame from a list of fields.
inline std::string frame_of(const std::vector<std::string>& fields) {
  std::string payload;
  for (const auto& f : fields) {
    payload += f;
    payload.push_back('\0');
  }
  std::string frame(4, '\0');
  const auto n = static_cast<std::uint32_t>(payload.size());
  frame[0] = static_cast<char>((n >> 24) & 0xFF);
  frame[1] = static_cast<char>((n >> 16) & 0xFF);
  frame[2] = static_cast<char>((n >> 8) & 0xFF);
  frame[3] = static_cast<char>(n & 0xFF);
  return frame + payload;
}

inline nlohmann::json load_golden(int server_version) {
  std::ifstream in(std::string(RT_GOLDEN_DIR) + "/stoqey-1.6.10-sv" + std::to_string(server_version) + ".json");
  return nlohmann::json::parse(in);
}

inline std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

// 2025-01-15 14:30:00 UTC, the moment the golden captures were made at.
inline constexpr std::int64_t kGoldenEpoch = 1736951400;

}  // namespace rt::gateway::testing

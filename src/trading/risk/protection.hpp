#pragma once
// Where a position's protective stop lives.
// - kLocal: the StopBook in this process sends the exit when the price crosses its level.
// - kBroker: a TRAIL order rests at the broker (the entry's bracket child), so the position stays
//   protected while this process is down; the StopBook only mirrors its level (risk, display).
// - kBoth: both, in one OCA group, so whichever triggers first reduces the other.
#include <optional>
#include <string_view>

namespace rt::trading {

enum class Protection { kLocal, kBroker, kBoth };

constexpr std::string_view to_string(Protection p) {
  switch (p) {
    case Protection::kLocal: return "local";
    case Protection::kBroker: return "broker";
    case Protection::kBoth: return "both";
  }
  return "?";
}

constexpr std::optional<Protection> parse_protection(std::string_view text) {
  for (auto p : {Protection::kLocal, Protection::kBroker, Protection::kBoth}) {
    if (text == to_string(p)) return p;
  }
  return std::nullopt;
}

}  // namespace rt::trading

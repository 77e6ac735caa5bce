#pragma once
// RiskDenial: an order the OMS refused to send, with the rule and a readable reason. Denials are
// values returned and journaled, never exceptions.
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace rt::trading {

enum class DenialRule {
  InvalidIntent,        // the intent is incomplete for its order type
  IdempotencyConflict,  // the key is already used by a different intent
  EntryAlreadyWorking,  // O1: one working entry order per symbol
  PositionHeld,         // O1: no new entry while a position is held
  DailyOrderCap,        // too many entry orders today
  DailyNotionalCap,     // too much entry notional today
  NotionalUnknown,      // a market order without a reference price cannot be valued
  RiskLimit,            // a pre-trade RiskEngine rule (the reason starts with the rule's name)
};

constexpr std::string_view to_string(DenialRule r) {
  switch (r) {
    case DenialRule::InvalidIntent: return "InvalidIntent";
    case DenialRule::IdempotencyConflict: return "IdempotencyConflict";
    case DenialRule::EntryAlreadyWorking: return "EntryAlreadyWorking";
    case DenialRule::PositionHeld: return "PositionHeld";
    case DenialRule::DailyOrderCap: return "DailyOrderCap";
    case DenialRule::DailyNotionalCap: return "DailyNotionalCap";
    case DenialRule::NotionalUnknown: return "NotionalUnknown";
    case DenialRule::RiskLimit: return "RiskLimit";
  }
  return "?";
}

inline std::optional<DenialRule> parse_denial_rule(std::string_view s) {
  for (auto r : {DenialRule::InvalidIntent, DenialRule::IdempotencyConflict, DenialRule::EntryAlreadyWorking,
                 DenialRule::PositionHeld, DenialRule::DailyOrderCap, DenialRule::DailyNotionalCap,
                 DenialRule::NotionalUnknown, DenialRule::RiskLimit}) {
    if (to_string(r) == s) return r;
  }
  return std::nullopt;
}

struct RiskDenial {
  Timestamp time{};
  std::string order_ref;
  std::string symbol;
  DenialRule rule = DenialRule::InvalidIntent;
  std::string reason;

  bool operator==(const RiskDenial&) const = default;
};

}  // namespace rt::trading

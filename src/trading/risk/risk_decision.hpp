#pragma once
// RiskDecision: the RiskEngine's answer for one intent. A denial carries the rule and a reason with
// the numbers; a denial by the daily loss limit also asks the caller to trip the kill switch
// (trip_kill_switch == Loss). Plain value.
#include <optional>
#include <string>
#include <utility>

#include "trading/risk/kill_switch.hpp"
#include "trading/risk/risk_rule.hpp"

namespace rt::trading {

struct RiskDecision {
  bool allowed = true;
  std::optional<RiskRule> rule;                 // set when denied
  std::string reason;                           // empty when allowed
  std::optional<KillSwitchKind> trip_kill_switch;

  static RiskDecision allow() { return {}; }
  static RiskDecision deny(RiskRule rule, std::string reason) {
    RiskDecision d;
    d.allowed = false;
    d.rule = rule;
    d.reason = std::move(reason);
    return d;
  }

  explicit operator bool() const { return allowed; }
  bool operator==(const RiskDecision&) const = default;
};

}  // namespace rt::trading

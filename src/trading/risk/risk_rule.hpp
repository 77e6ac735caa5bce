#pragma once
// RiskRule: the identifier of each pre-trade rule the RiskEngine applies, in the order it applies
// them. The text names are stable: they are stored with denials and shown on the dashboard.
#include <optional>
#include <string_view>

namespace rt::trading {

enum class RiskRule {
  InvalidIntent,     // the intent is incomplete for its order type
  KillSwitch,        // entries frozen; exits and stops pass
  StaleQuote,        // D6/D5: no quote, a quote older than max_quote_age, or a quarantined price
  PriceUnknown,      // an entry that cannot be valued (no limit, reference or quote price)
  MaxOpenPositions,
  MaxPositionSize,
  MinPositionValue,
  MaxOrderNotional,
  MaxDailyNotional,
  MaxLeverage,
  PortfolioHeat,
  DailyLossLimit,    // also asks the caller to trip the kill switch (kind Loss)
  Cooldown,          // per symbol and side
};

constexpr std::string_view to_string(RiskRule r) {
  switch (r) {
    case RiskRule::InvalidIntent: return "InvalidIntent";
    case RiskRule::KillSwitch: return "KillSwitch";
    case RiskRule::StaleQuote: return "StaleQuote";
    case RiskRule::PriceUnknown: return "PriceUnknown";
    case RiskRule::MaxOpenPositions: return "MaxOpenPositions";
    case RiskRule::MaxPositionSize: return "MaxPositionSize";
    case RiskRule::MinPositionValue: return "MinPositionValue";
    case RiskRule::MaxOrderNotional: return "MaxOrderNotional";
    case RiskRule::MaxDailyNotional: return "MaxDailyNotional";
    case RiskRule::MaxLeverage: return "MaxLeverage";
    case RiskRule::PortfolioHeat: return "PortfolioHeat";
    case RiskRule::DailyLossLimit: return "DailyLossLimit";
    case RiskRule::Cooldown: return "Cooldown";
  }
  return "?";
}

inline std::optional<RiskRule> parse_risk_rule(std::string_view s) {
  for (auto r : {RiskRule::InvalidIntent, RiskRule::KillSwitch, RiskRule::StaleQuote, RiskRule::PriceUnknown,
                 RiskRule::MaxOpenPositions, RiskRule::MaxPositionSize, RiskRule::MinPositionValue,
                 RiskRule::MaxOrderNotional, RiskRule::MaxDailyNotional, RiskRule::MaxLeverage,
                 RiskRule::PortfolioHeat, RiskRule::DailyLossLimit, RiskRule::Cooldown}) {
    if (to_string(r) == s) return r;
  }
  return std::nullopt;
}

}  // namespace rt::trading

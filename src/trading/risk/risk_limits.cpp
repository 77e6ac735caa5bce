#include "trading/risk/risk_limits.hpp"

#include <string>

namespace rt::trading {

namespace {

using std::chrono::seconds;

std::string seconds_text(Duration d) {
  // Whole seconds are the common case; fall back to Decimal seconds for sub-second values.
  const auto ns = d.count();
  if (ns % 1'000'000'000 == 0) return std::to_string(ns / 1'000'000'000) + " s";
  return Decimal::from_raw(ns / 10).to_string() + " s";
}

std::unexpected<Error> out_of_range(const char* key, const std::string& value, const std::string& range) {
  return fail(ErrorCode::kInvalidArgument, std::string("risk.") + key + " = " + value + ": must be in " + range);
}

}  // namespace

Status RiskLimits::validate() const {
  const Decimal zero;
  const Decimal hundred = Decimal::from_int(100);
  if (max_open_positions < 1 || max_open_positions > 10'000) {
    return out_of_range("max_open_positions", std::to_string(max_open_positions), "[1, 10000]");
  }
  if (max_position_pct <= zero || max_position_pct > hundred) {
    return out_of_range("max_position_pct", max_position_pct.to_string(), "(0, 100]");
  }
  if (max_order_notional <= zero) {
    return out_of_range("max_order_notional", max_order_notional.to_string(), "(0, inf)");
  }
  if (min_position_value < zero || min_position_value > max_order_notional) {
    return out_of_range("min_position_value", min_position_value.to_string(),
                        "[0, max_order_notional = " + max_order_notional.to_string() + "]");
  }
  if (max_daily_notional <= zero) {
    return out_of_range("max_daily_notional", max_daily_notional.to_string(), "(0, inf)");
  }
  if (max_leverage <= zero || max_leverage > Decimal::from_int(10)) {
    return out_of_range("max_leverage", max_leverage.to_string(), "(0, 10]");
  }
  if (max_portfolio_heat_pct <= zero || max_portfolio_heat_pct > hundred) {
    return out_of_range("max_portfolio_heat_pct", max_portfolio_heat_pct.to_string(), "(0, 100]");
  }
  if (daily_loss_limit_pct <= zero || daily_loss_limit_pct > hundred) {
    return out_of_range("daily_loss_limit_pct", daily_loss_limit_pct.to_string(), "(0, 100]");
  }
  if (cooldown < Duration::zero() || cooldown > std::chrono::hours{24}) {
    return out_of_range("cooldown", seconds_text(cooldown), "[0 s, 86400 s]");
  }
  if (max_quote_age <= Duration::zero() || max_quote_age > std::chrono::hours{1}) {
    return out_of_range("max_quote_age", seconds_text(max_quote_age), "(0 s, 3600 s]");
  }
  return {};
}

}  // namespace rt::trading

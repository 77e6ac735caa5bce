#pragma once
// RiskLimits: every configurable pre-trade limit, with the defaults robotrader ships with.
//
// Contract
// - Percentages are written as percent values (2 means 2 %), matching the config file keys
//   risk.<field>. Money is Decimal in account currency.
// - validate() names the first out-of-range key, its value and the allowed range, e.g.
//   "risk.max_position_pct = 150: must be in (0, 100]" (RELIABILITY P3). A RiskEngine is only
//   built from limits that validate.
// Plain value: copied freely, no threads, no ownership.
#include <chrono>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "core/result.hpp"

namespace rt::trading {

struct RiskLimits {
  // Manual kill switch from the configuration: when true, entries are frozen from the start.
  bool kill_switch = false;
  int max_open_positions = 20;
  // One position's value as a percent of equity.
  Decimal max_position_pct = Decimal::from_int(2);
  // Smallest position worth opening (value after the order).
  Decimal min_position_value = Decimal::from_int(500);
  Decimal max_order_notional = Decimal::from_int(10'000);
  // Entry notional per trading day, summed over all symbols.
  Decimal max_daily_notional = Decimal::from_int(100'000);
  // Gross exposure (sum of |quantity| x price) divided by equity.
  Decimal max_leverage = Decimal::from_int(2);
  // Sum over open positions of |distance to stop| x |quantity|, as a percent of equity. A
  // position without a stop counts with its whole value.
  Decimal max_portfolio_heat_pct = Decimal::from_int(6);
  // Loss since the day's starting equity, as a percent of it; reaching it trips the kill switch.
  Decimal daily_loss_limit_pct = Decimal::from_raw(50'000'000);  // 0.5 %
  // No second order on the same symbol and side within this time of the last trade.
  Duration cooldown = std::chrono::seconds{600};
  // A quote older than this is stale: no order and no stop decision on it (D6).
  Duration max_quote_age = std::chrono::seconds{10};

  [[nodiscard]] Status validate() const;

  bool operator==(const RiskLimits&) const = default;
};

}  // namespace rt::trading

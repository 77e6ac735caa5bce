#pragma once
// RiskEngine: the pre-trade rules every order passes before the OMS journals it. The same engine
// judges the live runner's and the backtester's orders.
//
// Contract
// - check(intent, context) applies the rules in this order; the first failure is the denial, with
//   its RiskRule and a reason naming the numbers:
//     InvalidIntent, KillSwitch, StaleQuote, PriceUnknown, MaxOpenPositions, MaxPositionSize,
//     MinPositionValue, MaxOrderNotional, MaxDailyNotional, MaxLeverage, PortfolioHeat,
//     DailyLossLimit, Cooldown.
// - An exit or stop that only reduces a held position (opposite side, quantity not above the
//   position) passes the kill switch and skips every rule after StaleQuote: stops always work,
//   but never on a stale or quarantined price (D6, D5). An exit that would open or flip a position
//   is judged as an entry.
// - The kill switch is engaged when the context says so or RiskLimits::kill_switch is set.
// - The daily loss limit denial sets trip_kill_switch = Loss: the caller trips the KillSwitch.
// - An entry is valued at its limit price (Limit, StopLimit), else its reference price, else the
//   quote's mid (or last). Positions are valued at their mark, or avg cost without one; the
//   intent's own symbol at the entry's price.
// - Pure: no I/O, no clock (time comes from the context), no state between calls.
// Threading: const and stateless after construction; used on the trading event loop or a
// backtest worker. Owns its limits.
#include "core/result.hpp"
#include "trading/order.hpp"
#include "trading/risk/risk_context.hpp"
#include "trading/risk/risk_decision.hpp"
#include "trading/risk/risk_limits.hpp"

namespace rt::trading {

class RiskEngine {
 public:
  // Fails with the limit's validation error when the limits are out of range.
  static Result<RiskEngine> create(RiskLimits limits);

  [[nodiscard]] RiskDecision check(const OrderIntent& intent, const RiskContext& context) const;
  [[nodiscard]] const RiskLimits& limits() const { return limits_; }

  // True when the intent is an exit or stop that only reduces the position held in its symbol.
  [[nodiscard]] static bool reduces_position(const OrderIntent& intent, const RiskContext& context);

 private:
  explicit RiskEngine(RiskLimits limits) : limits_(limits) {}

  RiskLimits limits_;
};

}  // namespace rt::trading

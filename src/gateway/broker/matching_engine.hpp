#pragma once
// MatchingEngine: decides, for one working order and the current quote, whether and at what price
// the order fills now. Pure logic, no I/O, no state of its own: trigger and trailing-stop state
// lives in the SimOrder it updates.
//
// Prices (buy / sell):
//   MKT                 ask + slippage / bid - slippage (slippage = slippage_ticks x tick)
//   LMT                 marketable on arrival (ask <= limit / bid >= limit): at the touch, removing
//                       liquidity; otherwise it rests and fills at its limit once the touch
//                       reaches it (ask <= limit / bid >= limit), adding liquidity
//   STP                 triggers when the trigger price reaches the stop (>= stop / <= stop), then
//                       fills as MKT
//   STP LMT             triggers like STP, then works as LMT at the limit price
//   TRAIL               the stop trails the trigger price by auxPrice (amount) or trailingPercent;
//                       it only ratchets toward the market (up for a sell, down for a buy); it
//                       triggers like STP and fills as MKT. trailStopPrice, if given, is the
//                       initial stop
// Trigger price by triggerMethod (IB's defaults for US stocks): 0 default, 2 last, 3 double last:
// the last price; 1 double bid/ask, 4 bid/ask: the ask for a buy, the bid for a sell; 7 last or
// bid/ask: either; 8 midpoint.
#include <optional>
#include <string>

#include "gateway/broker/broker_config.hpp"
#include "gateway/broker/quote_source.hpp"
#include "gateway/broker/sim_order.hpp"

namespace rt::gateway {

struct MatchResult {
  bool triggered_now = false;     // a stop type crossed its trigger in this evaluation
  bool trail_moved = false;       // a trailing stop ratcheted
  std::optional<Decimal> price;   // fill now at this price
  int last_liquidity = 2;         // 1 added (resting limit), 2 removed
};

class MatchingEngine {
 public:
  explicit MatchingEngine(const BrokerConfig& config) : config_(config) {}

  // Checks the order types and prices the engine supports; empty when fine, else the reason.
  [[nodiscard]] std::optional<std::string> unsupported(const tws::Order& order) const;

  // Evaluates `order` against `quote` (a quote with a zero bid, ask or last cannot fill the side
  // that needs it). `on_arrival`: the order (or its modification) just arrived.
  MatchResult evaluate(SimOrder& order, const TopOfBook& quote, bool on_arrival) const;

  // Sets a TRAIL order's first stop from the quote (before its acceptance is reported).
  void arm_trail(SimOrder& order, const TopOfBook& quote) const {
    MatchResult ignored;
    update_trail(order, quote, ignored);
  }

  // The price a market order of this side gets now (with slippage), if the quote has that side.
  [[nodiscard]] std::optional<Decimal> market_price(bool buy, const TopOfBook& quote) const;

 private:
  [[nodiscard]] std::optional<Decimal> trigger_reference(const SimOrder& order, const TopOfBook& quote) const;
  bool crossed(const SimOrder& order, Decimal stop, const TopOfBook& quote) const;
  void update_trail(SimOrder& order, const TopOfBook& quote, MatchResult& r) const;
  [[nodiscard]] std::optional<Decimal> limit_fill(const SimOrder& order, Decimal limit, const TopOfBook& quote,
                                                  bool marketable_check, MatchResult& r) const;

  const BrokerConfig& config_;
};

}  // namespace rt::gateway

#pragma once
// RiskContext: everything the RiskEngine needs to judge one order intent, gathered by the caller
// (the live runner from the Ledger, Oms, KillSwitch and market data; the backtester from its
// simulated account). Plain value: the engine keeps no reference to it.
#include <map>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "trading/bar.hpp"
#include "trading/order.hpp"
#include "trading/risk/kill_switch.hpp"

namespace rt::trading {

// One open position as the risk rules see it.
struct RiskPosition {
  Decimal quantity;               // signed: positive long, negative short
  Decimal avg_cost;
  std::optional<Decimal> stop;    // protective stop level, when one is set
  std::optional<Decimal> mark;    // latest price; avg_cost is used when absent
  Decimal multiplier = Decimal::from_int(1);  // the instrument's: value = quantity x price x this

  [[nodiscard]] Decimal price() const { return mark.value_or(avg_cost); }
};

// When the last fill on a symbol happened, per side.
struct LastTrades {
  std::optional<Timestamp> buy;
  std::optional<Timestamp> sell;

  [[nodiscard]] const std::optional<Timestamp>& on(Side side) const { return side == Side::Buy ? buy : sell; }
};

struct RiskContext {
  Timestamp now{};
  Decimal equity;
  Decimal cash;
  Decimal day_start_equity;
  std::map<std::string, RiskPosition> positions;  // by symbol; flat symbols may be absent
  Decimal notional_today;                         // entry notional already sent today
  std::map<std::string, LastTrades> last_trades;  // by symbol
  std::optional<Quote> quote;                     // the intent's symbol
  bool quote_quarantined = false;                 // D5: the bad-bar guard holds this symbol's price
  KillSwitchState kill_switch;
  // The protective stop the caller will place if this entry fills; heat counts the entry's whole
  // value when absent.
  std::optional<Decimal> entry_stop;
  Decimal multiplier = Decimal::from_int(1);  // the intent's instrument
};

}  // namespace rt::trading

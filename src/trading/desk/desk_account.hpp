#pragma once
// DeskAccount: what the TradingDesk needs to know about the account it trades, asked at the moment
// of each decision. The live runner answers from the Ledger and the Oms; the backtester from its
// simulated account. A port: the desk never owns or stores the account.
// Thread: called synchronously on the desk's thread (the trading event loop or one backtest worker).
#include <map>
#include <optional>
#include <string>

#include "core/decimal.hpp"
#include "trading/risk/risk_context.hpp"

namespace rt::trading {

class DeskAccount {
 public:
  virtual ~DeskAccount() = default;
  [[nodiscard]] virtual Decimal equity() const = 0;
  [[nodiscard]] virtual Decimal cash() const = 0;
  // Signed position held now (positive long, negative short).
  [[nodiscard]] virtual Decimal held(const std::string& symbol) const = 0;
  // True while an order for the symbol is still working (any purpose).
  [[nodiscard]] virtual bool has_working_order(const std::string& symbol) const = 0;
  // Every open position as the risk rules see it (stop levels are filled in by the desk).
  virtual void open_positions(std::map<std::string, RiskPosition>& out) const = 0;
};

}  // namespace rt::trading

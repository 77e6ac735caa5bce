#pragma once
// Instrument: what a symbol trades. Plain value.
//
// The name is the key everywhere (config, journal, ledger, dashboard): "AAPL", "ES.FUT.CME",
// "ESZ6", "EUR.USD". The rest says how IB names the contract and how its money works:
// - value(price, quantity) = price x quantity x multiplier, in the instrument's currency; sizing,
//   risk and commissions use it.
// - A stock or a currency pair pays its notional: buying moves cash into the position. A future
//   settles only its gains and losses: opening moves no cash, the position is worth its unrealized
//   P&L, and closing books the realized P&L into cash (IB settles variation margin daily; the
//   ledger's equity is the same either way).
// - Quantities are whole multiples of quantity_increment; prices multiples of tick_size.
#include <string>
#include <string_view>

#include "core/decimal.hpp"

namespace rt::trading {

enum class SecType { kStock, kFuture, kCash };

[[nodiscard]] std::string_view to_string(SecType type) noexcept;  // IB's secType: STK, FUT, CASH

struct Instrument {
  std::string name;  // the key: as written in config and on the command line
  SecType type = SecType::kStock;
  std::string symbol;        // IB's symbol: AAPL, ES, EUR
  std::string local_symbol;  // ESZ6 when a contract month is named; empty otherwise
  std::string exchange = "SMART";
  std::string currency = "USD";  // for a currency pair: the quote currency
  std::string contract_month;    // YYYYMM of a named future month; empty: the front month
  Decimal multiplier = Decimal::from_int(1);
  Decimal tick_size = Decimal::from_raw(Decimal::kScale / 100);
  Decimal quantity_increment = Decimal::from_int(1);

  // A US stock on SMART in USD: the instrument of a plain ticker.
  static Instrument stock(std::string ticker);

  [[nodiscard]] Decimal value(Decimal price, Decimal quantity) const { return price * quantity * multiplier; }
  [[nodiscard]] bool pays_notional() const { return type != SecType::kFuture; }
  // The front month of a future, resolved from contract details when trading.
  [[nodiscard]] bool is_continuous_future() const {
    return type == SecType::kFuture && contract_month.empty();
  }
  // Down to a whole multiple of quantity_increment (toward zero).
  [[nodiscard]] Decimal round_quantity(Decimal quantity) const;

  bool operator==(const Instrument&) const = default;
};

}  // namespace rt::trading

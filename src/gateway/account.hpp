#pragma once
// Account: the emulator's simulated brokerage account: cash, stock positions with average cost
// and a mark price, and the figures TWS derives from them (net liquidation, margin, funds).
// Pure value type, no I/O; owned by the GatewayServer (one per managed account) and read by the
// sessions on the io_context thread. Money is Decimal throughout; margin follows a simple Reg T
// model (25 % initial and maintenance on gross stock value, 4x intraday buying power).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "tws/messages/contract.hpp"

namespace rt::gateway {

struct SimPosition {
  tws::Contract contract;  // exchange SMART, primary exchange set, conId from the reference table
  Decimal quantity;        // negative = short
  Decimal average_cost;    // per share
  Decimal mark_price;      // last known price, used for market value and unrealized P&L

  [[nodiscard]] Decimal market_value() const { return quantity * mark_price; }
  [[nodiscard]] Decimal unrealized_pnl() const { return quantity * (mark_price - average_cost); }
};

// Everything the account reports derive from, computed in one place.
struct AccountMetrics {
  Decimal cash;
  Decimal stock_market_value;    // signed sum of market values
  Decimal gross_position_value;  // sum of absolute market values
  Decimal net_liquidation;       // cash + stock market value
  Decimal equity_with_loan;      // equal to net liquidation for a stock-only account
  Decimal init_margin;
  Decimal maint_margin;
  Decimal available_funds;       // equity with loan - initial margin
  Decimal excess_liquidity;      // equity with loan - maintenance margin
  Decimal buying_power;          // 4 x available funds, never below zero
  Decimal unrealized_pnl;
  Decimal realized_pnl;
  Decimal cushion;               // excess liquidity / net liquidation (0 when net liquidation is 0)
  Decimal leverage;              // gross position value / net liquidation (0 when net liquidation is 0)
};

// The contract the emulator uses for a stock symbol: well-known symbols get their real conId and
// primary exchange; others get a stable synthetic conId (>= 900000000) on NASDAQ.
tws::Contract stock_contract(std::string_view symbol);

class Account {
 public:
  Account(std::string code, Decimal cash, std::string currency = "USD");

  [[nodiscard]] const std::string& code() const { return code_; }
  [[nodiscard]] const std::string& currency() const { return currency_; }
  [[nodiscard]] Decimal cash() const { return cash_; }
  [[nodiscard]] Decimal realized_pnl() const { return realized_pnl_; }
  [[nodiscard]] const std::vector<SimPosition>& positions() const { return positions_; }
  [[nodiscard]] const SimPosition* find(std::string_view symbol) const;

  // Seeds (or adds to) a position without moving cash: a holding the account already had.
  // Adding to the same side averages the cost; quantity must be non-zero.
  Status seed_position(std::string_view symbol, Decimal quantity, Decimal average_cost,
                       std::optional<Decimal> mark_price = std::nullopt);
  Status set_mark(std::string_view symbol, Decimal price);
  // Applies a fill of `quantity` shares (positive buys, negative sells) at `price`, paying
  // `commission`: cash moves by -(quantity x price) - commission; an opening fill's commission is
  // part of the position's average cost (as at IB); a closing fill realizes
  // (price - average cost) x closed quantity, net of its commission. A position that reaches zero
  // is removed; one that crosses zero reopens at `price`. Returns the realized P&L, or nullopt
  // when the fill only opens or adds.
  std::optional<Decimal> apply_fill(const tws::Contract& contract, Decimal quantity, Decimal price,
                                    Decimal commission);

  [[nodiscard]] AccountMetrics metrics() const;

  // The day the daily figures count from ("yyyyMMdd", New York): the first call of a new day
  // records the net liquidation and each position's value as they stand (marks of the last close).
  void start_day(const std::string& day);
  // The day's P&L (reqPnL): net liquidation now minus at the day's start; and per symbol: its
  // value now minus at the day's start plus the day's cash flows of its fills.
  [[nodiscard]] Decimal daily_pnl() const;
  [[nodiscard]] Decimal daily_pnl(std::string_view symbol) const;
  // Realized P&L of the day's fills (net of their commissions), for the account or one symbol.
  [[nodiscard]] Decimal realized_today() const { return realized_pnl_ - day_start_realized_; }
  [[nodiscard]] Decimal realized_today(std::string_view symbol) const;
  // Symbols held or traded today, for a reqPnLSingle by conId.
  [[nodiscard]] std::vector<std::string> symbols_of_the_day() const;

 private:
  std::string code_;
  std::string currency_;
  Decimal cash_;
  Decimal realized_pnl_;
  std::vector<SimPosition> positions_;
  std::string day_;
  Decimal day_start_net_liquidation_;
  Decimal day_start_realized_;
  std::map<std::string, Decimal, std::less<>> day_start_value_;   // by symbol
  std::map<std::string, Decimal, std::less<>> day_cash_flow_;     // -(qty x price) - commission
  std::map<std::string, Decimal, std::less<>> day_realized_;
};

}  // namespace rt::gateway

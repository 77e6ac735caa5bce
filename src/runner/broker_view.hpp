#pragma once
// BrokerView: the account as IB values it (account summary: NetLiquidation, TotalCashValue,
// UnrealizedPnL, RealizedPnL), and its comparison with our ledger.
//
// Cash must agree to the cent once every commission is known: a difference is money booked wrong.
// Market value agrees only when both sides value positions at the same prices: after the close
// (both at the closing price), not intraday, where our mark is the last bar's close and IB's is
// its live price; an intraday difference is shown, not flagged.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "core/result.hpp"

namespace rt::runner {

struct BrokerAccountView {
  Timestamp time{};
  std::string account;
  Decimal net_liquidation;
  Decimal cash;
  std::optional<Decimal> unrealized;
  std::optional<Decimal> realized;
};

// The rows of a reqAccountSummary answer for `account` (tags NetLiquidation and TotalCashValue
// required; UnrealizedPnL and RealizedPnL when sent). A missing or non-numeric tag is an error
// that names it.
struct SummaryValue {
  std::string account;
  std::string tag;
  std::string value;
};
[[nodiscard]] Result<BrokerAccountView> broker_view_from_summary(const std::vector<SummaryValue>& rows,
                                                                 const std::string& account, Timestamp time);

struct AccountComparison {
  Decimal cash_difference;   // ours - IB's
  Decimal value_difference;  // our market value - IB's (NetLiquidation - TotalCashValue)
  Decimal equity_difference;  // our equity - NetLiquidation
  std::int64_t commissions_unknown = 0;  // fills whose commission IB has not reported yet
  bool values_comparable = false;        // both sides at closing prices
  bool cash_flagged = false;
  bool value_flagged = false;

  [[nodiscard]] bool agrees() const { return !cash_flagged && !value_flagged; }
  [[nodiscard]] std::string describe() const;
};

inline constexpr Decimal kOneCent = Decimal::from_raw(1'000'000);

[[nodiscard]] AccountComparison compare_account(Decimal our_cash, Decimal our_market_value,
                                                const BrokerAccountView& broker, std::int64_t commissions_unknown,
                                                bool values_comparable);

}  // namespace rt::runner

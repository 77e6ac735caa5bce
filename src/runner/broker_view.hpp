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
#include "ib/broker/pnl_watch.hpp"

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

// One position, ours beside IB's reqPnLSingle. The quantity must agree at any time, but a fill
// reaches our books and IB's P&L stream on separate messages: a difference is flagged only when
// it is still there at the next check. Values agree only at the close (as for the account). IB's
// unrealized P&L is against its average cost with the opening commission in it, ours against the
// FIFO lots without: it is shown beside ours, not compared.
struct PositionComparison {
  std::string symbol;
  Decimal our_quantity;
  Decimal our_value;
  Decimal our_unrealized;
  bool ib_known = false;  // IB has answered for this position
  Decimal ib_quantity;
  std::optional<Decimal> ib_value;
  std::optional<Decimal> ib_unrealized;
  std::optional<Decimal> ib_daily;
  std::optional<Decimal> ib_realized;
  std::string problem;  // why IB's figures are missing
  bool quantity_differs = false;
  bool quantity_flagged = false;
  bool value_flagged = false;

  [[nodiscard]] bool agrees() const { return !quantity_flagged && !value_flagged; }
  [[nodiscard]] std::string describe() const;
};

struct OurPosition {
  std::string symbol;
  Decimal quantity;
  Decimal value;
  Decimal unrealized;
};

// `differed_before`: this position's quantity differed at the previous check too.
[[nodiscard]] PositionComparison compare_position(const OurPosition& ours, const ib::PositionPnl* ib,
                                                  bool values_comparable, bool differed_before);

}  // namespace rt::runner

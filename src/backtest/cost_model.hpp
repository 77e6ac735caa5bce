#pragma once
// CostModel: what a simulated fill costs beyond the price — commission and slippage.
//
// Contract
// - Commission, IB fixed-rate style: per_share x quantity, at least `minimum`, at most
//   max_pct_of_value % of the trade value (0 = no cap). Defaults: $0.005/share, $1 minimum, 1 % cap.
// - Slippage moves the price against the trader by slippage_bps basis points: a buy pays
//   price x (1 + bps / 10,000), a sell receives price x (1 - bps / 10,000). Exact Decimal.
// Plain value; const methods; any thread.
#include "core/decimal.hpp"
#include "trading/order.hpp"

namespace rt::backtest {

struct CostModel {
  Decimal per_share = Decimal::from_raw(500'000);  // 0.005
  Decimal minimum = Decimal::from_int(1);
  Decimal max_pct_of_value = Decimal::from_int(1);
  Decimal slippage_bps;

  [[nodiscard]] Decimal commission(Decimal quantity, Decimal price) const;
  [[nodiscard]] Decimal slipped(trading::Side side, Decimal price) const;
};

}  // namespace rt::backtest

#pragma once
// CostModel: what a simulated fill costs beyond the price — commission and slippage.
//
// Contract
// - Commission, IB fixed-rate style: per_share x quantity, at least `minimum`, at most
//   max_pct_of_value % of the trade value (0 = no cap). Defaults: $0.005/share, $1 minimum, 1 % cap.
// - Futures pay per_contract x contracts, no minimum and no cap (IB's tiered rate before
//   exchange fees). The cap of a stock's commission is of its value: price x quantity x multiplier.
// - Slippage moves the price against the trader by slippage_bps basis points: a buy pays
//   price x (1 + bps / 10,000), a sell receives price x (1 - bps / 10,000). Exact Decimal.
// Plain value; const methods; any thread.
#include "core/decimal.hpp"
#include "trading/instrument/instrument.hpp"
#include "trading/order.hpp"

namespace rt::backtest {

struct CostModel {
  Decimal per_share = Decimal::from_raw(500'000);  // 0.005
  Decimal minimum = Decimal::from_int(1);
  Decimal max_pct_of_value = Decimal::from_int(1);
  Decimal slippage_bps;
  Decimal per_contract = Decimal::from_raw(85'000'000);  // 0.85, futures

  [[nodiscard]] Decimal commission(Decimal quantity, Decimal price) const;
  [[nodiscard]] Decimal commission(Decimal quantity, Decimal price, const trading::Instrument& instrument) const;
  [[nodiscard]] Decimal slipped(trading::Side side, Decimal price) const;
};

}  // namespace rt::backtest

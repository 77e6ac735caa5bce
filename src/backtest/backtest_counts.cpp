#include "backtest/backtest_result.hpp"

namespace rt::backtest {

BacktestCounts BacktestCounts::of(const BacktestResult& r) {
  BacktestCounts c;
  c.bars = r.bars;
  c.traded_bars = r.traded_bars;
  c.quarantined_bars = r.quarantined_bars;
  c.signals = r.signal_count;
  c.orders = r.order_count;
  c.fills = r.fill_count;
  c.sized_to_zero = r.sized_to_zero;
  c.unfilled_at_end = r.unfilled_at_end;
  c.denials = r.denials;
  c.commissions = r.commissions;
  return c;
}

void BacktestCounts::add(const BacktestCounts& o) {
  bars += o.bars;
  traded_bars += o.traded_bars;
  quarantined_bars += o.quarantined_bars;
  signals += o.signals;
  orders += o.orders;
  fills += o.fills;
  sized_to_zero += o.sized_to_zero;
  unfilled_at_end += o.unfilled_at_end;
  for (const auto& [rule, n] : o.denials) denials[rule] += n;
  commissions += o.commissions;
}

void BacktestCounts::apply_to(BacktestResult& r) const {
  r.bars = bars;
  r.traded_bars = traded_bars;
  r.quarantined_bars = quarantined_bars;
  r.signal_count = signals;
  r.order_count = orders;
  r.fill_count = fills;
  r.sized_to_zero = sized_to_zero;
  r.unfilled_at_end = unfilled_at_end;
  r.denials = denials;
  r.commissions = commissions;
}

}  // namespace rt::backtest

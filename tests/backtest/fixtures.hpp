#pragma once
// Test fixtures for the backtester: hand-made daily bar series and a config with risk limits wide
// enough that only the rule under test can deny.
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "backtest/backtest_config.hpp"
#include "backtest/csv_bars.hpp"
#include "trading/market/eastern_time.hpp"

namespace rt::backtest::test {

inline Decimal d(const char* text) {
  const auto v = Decimal::parse(text);
  if (!v) std::abort();
  return *v;
}

inline Timestamp session_open(int day_offset) {
  using namespace std::chrono;
  const sys_days day = sys_days{2024y / January / 2} + days{day_offset};
  return trading::EasternTime::to_utc(year_month_day{day}, minutes{9 * 60 + 30});
}

// Daily bars with the given closes; bar i opens at close[i-1] + 0.25 (the first at its close), so
// an open price tells which bar a fill happened on.
inline BarSeries daily_series(const std::string& symbol, const std::vector<double>& closes, int first_day = 0) {
  BarSeries s;
  s.symbol = symbol;
  s.bar_length = std::chrono::hours{6} + std::chrono::minutes{30};
  for (std::size_t i = 0; i < closes.size(); ++i) {
    trading::Bar b;
    b.start = session_open(first_day + static_cast<int>(i));
    b.length = s.bar_length;
    b.close = Decimal::from_double(closes[i]);
    b.open = i == 0 ? b.close : Decimal::from_double(closes[i - 1] + 0.25);
    b.high = std::max(b.open, b.close) + d("0.5");
    b.low = std::min(b.open, b.close) - d("0.5");
    b.volume = Decimal::from_int(1000);
    s.bars.push_back(b);
  }
  return s;
}

// SMA(2)/SMA(3) on these closes: Buy on bar 4 (close 12), Sell on bar 7 (close 11).
inline const std::vector<double> kCrossCloses = {12, 11, 10, 11, 12, 13, 12, 11, 10, 10};

inline BacktestConfig wide_config() {
  BacktestConfig c;
  c.strategy = "sma_cross";
  c.params = {{"fast", "2"}, {"slow", "3"}};
  c.starting_cash = Decimal::from_int(10'000);
  c.sizing.method = SizingMethod::kShares;
  c.sizing.shares = Decimal::from_int(100);
  c.limits.max_position_pct = Decimal::from_int(100);
  c.limits.max_order_notional = Decimal::from_int(1'000'000);
  c.limits.max_daily_notional = Decimal::from_int(1'000'000);
  c.limits.max_portfolio_heat_pct = Decimal::from_int(100);
  c.limits.min_position_value = Decimal::from_int(1);
  c.limits.daily_loss_limit_pct = Decimal::from_int(50);
  return c;
}

}  // namespace rt::backtest::test

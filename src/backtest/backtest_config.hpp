#pragma once
// BacktestConfig: everything one backtest run needs besides the bars — the strategy and its
// parameters, the account, the costs, when orders fill, how entries are sized, the risk limits
// (the live RiskLimits; same engine, same numbers), protective stops, and the trading window.
// Plain value: copied into each run of a sweep, so runs share nothing mutable.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "backtest/cost_model.hpp"
#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "trading/instrument/instrument.hpp"
#include "trading/risk/risk_limits.hpp"
#include "trading/strategy/strategy_params.hpp"

namespace rt::backtest {

// When a signal's market order trades.
enum class FillTiming {
  kNextOpen,  // a signal on bar t's close fills at bar t+1's open (default; no look-ahead)
  kClose,     // at bar t's close, the price the signal was computed from (optimistic)
};

enum class SizingMethod {
  kFraction,  // PositionSizer::fixed_fraction: fraction_pct of equity
  kAtr,       // PositionSizer::atr: risk_pct of equity over atr_multiple ATRs
  kShares,    // a fixed number of shares
};

struct SizingConfig {
  SizingMethod method = SizingMethod::kFraction;
  Decimal fraction_pct = Decimal::from_int(2);
  Decimal risk_pct = Decimal::from_raw(50'000'000);  // 0.5 %
  Decimal atr_multiple = Decimal::from_int(2);
  int atr_period = 14;
  Decimal shares = Decimal::from_int(100);
};

// How often the equity curve is sampled.
enum class EquitySampling { kBar, kDay };

struct BacktestConfig {
  std::string strategy = "sma_cross";
  // Where a strategy's log lines go (ctx.log, a strategy that raised). None: standard error.
  std::function<void(const std::string&)> log;
  trading::StrategyParams params;
  Decimal starting_cash = Decimal::from_int(100'000);
  CostModel costs;
  FillTiming fill = FillTiming::kNextOpen;
  SizingConfig sizing;
  trading::RiskLimits limits;
  // A trailing protective stop this many percent from the entry, ratcheting; none when empty.
  std::optional<Decimal> trailing_stop_pct;
  // Sell signals open shorts when flat (otherwise they only close longs).
  bool allow_short = false;
  // Run every bar through the BadBarGuard, as the live runner does.
  bool bar_guard = true;
  // Trading window: bars before trade_from only warm up the strategy and indicators; bars at or
  // after trade_to are not processed.
  std::optional<Timestamp> trade_from;
  std::optional<Timestamp> trade_to;
  EquitySampling sampling = EquitySampling::kBar;
  // Keep signals, fills and journal records (false for long benchmark runs: counts only).
  bool keep_records = true;
  // What each symbol trades, by name; a symbol not listed is named by its own name
  // (trading::parse_instrument: "ES.FUT.CME" is a future, "EUR.USD" a pair) or, when that name is
  // not an instrument name and has no dot (a file name), a stock.
  std::map<std::string, trading::Instrument> instruments;
  // Places a one-digit contract year (ESZ6) for parse_instrument; run_backtest uses the first
  // bar's date, the engine otherwise today's.
  std::optional<std::chrono::year_month_day> naming_date;
};

}  // namespace rt::backtest

#pragma once
// Strategy: the one interface the live runner and the backtester both drive. It is fed the closed
// (and bad-bar-checked) bars of one symbol in time order and answers with a Signal per bar.
//
// Contract
// - on_bar is called once per closed bar, in order, on the owner's thread; no I/O, no clock reads.
// - No Buy/Sell before warmup_bars() bars have been fed: the bar with 0-based index warmup_bars()
//   is the first that may signal.
// - Signals are edge-triggered: a strategy does not repeat the same side on consecutive
//   opportunities (Buy, Buy) without the opposite side or a fresh crossing in between.
// - on_bar does not allocate when it returns Hold; Buy/Sell allocate only their reason text.
// A strategy instance belongs to exactly one symbol's bar stream.
#include <functional>
#include <string>
#include <string_view>

#include "core/decimal.hpp"
#include "trading/bar.hpp"
#include "trading/fill.hpp"
#include "trading/strategy/signal.hpp"
#include "trading/strategy/strategy_params.hpp"

namespace rt::trading {

// What the trading kernel tells a strategy beyond its bars. The built-ins ignore it; a strategy
// on the public API (robotrader/strategy.hpp, see api_strategy.hpp) needs its position and the
// outcome of what it asked for.
struct StrategyHost {
  std::string symbol;
  std::function<Decimal(const std::string&)> position;  // signed shares held
  std::function<void(const std::string&)> log;
};

// A failure() in one line: "on_bar raised: ValueError: boom" from a whole Python traceback (its
// callback, then its last line).
std::string failure_summary(std::string_view failure);

class Strategy {
 public:
  virtual ~Strategy() = default;
  virtual Signal on_bar(const Bar& bar) = 0;
  [[nodiscard]] virtual int warmup_bars() const = 0;
  [[nodiscard]] virtual std::string_view name() const = 0;

  // Called once, before the first bar.
  virtual void attach(StrategyHost host) { (void)host; }
  // A fill of the symbol, once the books hold it.
  virtual void on_fill(const Fill& fill) { (void)fill; }
  // A Buy/Sell it gave that sent no order, and why.
  virtual void on_denied(std::string_view reason) { (void)reason; }
  // The run ends.
  virtual void on_stop() {}
  // Every parameter with the value in force, defaults included (for reports).
  [[nodiscard]] virtual StrategyParams params_in_force() const { return {}; }
  // Why it stopped trading (it raised), or empty.
  [[nodiscard]] virtual std::string_view failure() const { return {}; }
};

}  // namespace rt::trading

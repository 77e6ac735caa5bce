#pragma once
// Kernel: the per-symbol trading pipeline, one implementation for the live trader and the
// backtester (parity by construction):
//   a fresh price  -> the symbol's protective stop            on_price -> TradingDesk::on_price
//   a closed bar   -> indicators (ATR when sizing uses it)    on_bar   -> a Decision, or nothing
//                     -> the strategy
//   a Decision     -> sizing, risk, the OMS choke point       act      -> TradingDesk::on_signal
//   a booked fill  -> the stop follows the position, cooldown on_fill  -> TradingDesk::on_position,
//                     and the strategy hears of it                        Strategy::on_fill
// The caller owns time and the order of events: the backtester feeds bars from its files and fills
// from its simulated broker; the live trader feeds ib/'s guarded 5-second bars, aggregated to the
// bar size, and fills as the store books them. A caller may hold a Decision back (not reconciled
// with the broker yet, a margin check waiting) and act on it later, or not at all (refuse() tells
// the strategy why); a decision the desk does not send is told to the strategy by act() itself.
//
// Contract
// - add() gives a symbol its own strategy instance (made by the configured factory); the same name
//   twice gives the same id. Ids are dense from 0, in the order of add().
// - warm() and on_bar() take one symbol's bars in time order; a bar that does not end after the
//   last one seen (warm-up history overlapping the stream) is ignored.
// - on_bar() does not allocate when the strategy holds.
// Thread: single-threaded (the trading event loop, or one backtest worker). Borrows the desk.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "trading/bar.hpp"
#include "trading/desk/trading_desk.hpp"
#include "trading/ports/booked_fill.hpp"
#include "trading/indicators/atr.hpp"
#include "trading/strategy/strategy.hpp"
#include "trading/strategy/strategy_params.hpp"

namespace rt::trading {

using SymbolId = std::size_t;

// Makes one strategy instance for a symbol.
using StrategyMaker = std::function<Result<std::unique_ptr<Strategy>>(const std::string& symbol)>;

struct KernelConfig {
  StrategyMaker make_strategy;
  int atr_period = 14;  // the ATR that ATR sizing reads
  std::function<void(const std::string&)> log;  // a strategy's log lines; none = dropped
};

// A strategy's Buy or Sell on a closed bar, with what the desk needs to act on it.
struct Decision {
  SymbolId symbol = 0;
  Signal signal;
  Decimal price;            // the bar's close
  Timestamp bar_end{};
  std::optional<double> atr;  // when ATR sizing is configured and the ATR is ready
};

// The built-in strategy `name` with `params`, for every symbol.
StrategyMaker builtin_strategy(std::string name, StrategyParams params);

class Kernel {
 public:
  // Fails when the config has no strategy factory.
  static Result<std::unique_ptr<Kernel>> create(KernelConfig config, TradingDesk& desk);
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  // Fails when the strategy cannot be made (unknown name, bad parameters).
  Result<SymbolId> add(const std::string& symbol);
  // The same, defining what the symbol trades at the desk (its multiplier sizes and values it).
  Result<SymbolId> add(const Instrument& instrument);
  [[nodiscard]] std::optional<SymbolId> find(std::string_view symbol) const;
  [[nodiscard]] const std::string& name(SymbolId id) const { return symbols_[id].name; }
  [[nodiscard]] std::size_t size() const { return symbols_.size(); }

  // History before trading: the indicators and the strategy see the bar and nothing is acted on.
  // The Decision the bar would have given (a run that acts once acts on the last bar's).
  std::optional<Decision> warm(SymbolId id, const Bar& bar) { return see(id, bar, false); }
  // A closed bar: the strategy's Buy or Sell as a Decision; nothing for a Hold or an old bar.
  [[gnu::always_inline]] std::optional<Decision> on_bar(SymbolId id, const Bar& bar) { return see(id, bar, true); }
  // The decision through the desk, priced at its bar's close as seen at `now`.
  DeskOutcome act(const Decision& decision, Timestamp now);
  // The decision through the desk without sending (TradingDesk::preview).
  DeskOutcome preview(const Decision& decision, Timestamp now);
  // A decision the caller does not act on (not reconciled, stopping, a margin check waiting): the
  // strategy is told why.
  void refuse(const Decision& decision, std::string_view reason);
  // Every strategy is told the run ends.
  void stop();
  // A fresh price for the symbol's stop: the outcome when it triggered.
  std::optional<DeskOutcome> on_price(SymbolId id, const PriceView& price);
  void on_fill(SymbolId id, const BookedFill& booked);

  [[nodiscard]] StrategyParams params_in_force(SymbolId id) const { return symbols_[id].strategy->params_in_force(); }
  // Why the symbol's strategy stopped (it raised), or empty.
  [[nodiscard]] std::string_view failure(SymbolId id) const { return symbols_[id].strategy->failure(); }
  // "SYMBOL: why" for every strategy that stopped because it raised.
  [[nodiscard]] std::vector<std::string> failures() const;
  // Closed bars seen by on_bar (warm-up not counted).
  [[nodiscard]] std::int64_t bars(SymbolId id) const { return symbols_[id].bars; }
  [[nodiscard]] Timestamp last_bar_end(SymbolId id) const { return symbols_[id].last_bar_end; }
  [[nodiscard]] TradingDesk& desk() { return desk_; }
  [[nodiscard]] const TradingDesk& desk() const { return desk_; }

 private:
  struct SymbolKernel {
    std::string name;
    std::unique_ptr<Strategy> strategy;
    Atr atr;
    Timestamp last_bar_end{};
    std::int64_t bars = 0;
  };
  Kernel(KernelConfig config, TradingDesk& desk);
  // Indicators and strategy: the Decision, or nothing for a Hold or a bar not newer than the last.
  // Inline: the per-bar path of every backtest.
  [[gnu::always_inline]] std::optional<Decision> see(SymbolId id, const Bar& bar, bool counted) {
    SymbolKernel& s = symbols_[id];
    const Timestamp end = bar.end();
    if (end <= s.last_bar_end) return std::nullopt;
    s.last_bar_end = end;
    if (counted) ++s.bars;
    if (track_atr_) s.atr.update(bar.high.to_double(), bar.low.to_double(), bar.close.to_double());
    Signal signal = s.strategy->on_bar(bar);
    if (signal.is_hold()) return std::nullopt;
    return decide(id, std::move(signal), bar);
  }
  Decision decide(SymbolId id, Signal signal, const Bar& bar) const;
  [[nodiscard]] static PriceView view_of(const Decision& d, Timestamp now) {
    return PriceView{d.price, now, PriceQuality::Fresh};
  }

  // The strategy hears of a decision that sent no order.
  void tell(const Decision& decision, const DeskOutcome& outcome);

  KernelConfig config_;
  TradingDesk& desk_;
  bool track_atr_;
  std::vector<SymbolKernel> symbols_;
  std::unordered_map<std::string, SymbolId> index_;
};

}  // namespace rt::trading

#include "trading/kernel/kernel.hpp"

#include <utility>

#include "trading/strategy/strategy_factory.hpp"

namespace rt::trading {

StrategyMaker builtin_strategy(std::string name, StrategyParams params) {
  return [name = std::move(name), params = std::move(params)](const std::string&) {
    return make_strategy(name, params);
  };
}

Result<std::unique_ptr<Kernel>> Kernel::create(KernelConfig config, TradingDesk& desk) {
  if (!config.make_strategy) return fail(ErrorCode::kInvalidArgument, "the kernel needs a strategy factory");
  return std::unique_ptr<Kernel>(new Kernel(std::move(config), desk));
}

Kernel::Kernel(KernelConfig config, TradingDesk& desk)
    : config_(std::move(config)),
      desk_(desk),
      // Only ATR sizing reads the ATR: the other rules skip its update on every bar.
      track_atr_(desk.config().sizing.method == SizingMethod::kAtr) {}

Result<SymbolId> Kernel::add(const std::string& symbol) {
  if (auto it = index_.find(symbol); it != index_.end()) return it->second;
  auto strategy = config_.make_strategy(symbol);
  if (!strategy) return std::unexpected(strategy.error());
  const SymbolId id = symbols_.size();
  StrategyHost host;
  host.symbol = symbol;
  host.position = [this](const std::string& s) { return desk_.held(s); };
  host.log = config_.log;
  (*strategy)->attach(std::move(host));
  symbols_.push_back(SymbolKernel{symbol, std::move(*strategy), Atr(config_.atr_period), {}, 0});
  index_.emplace(symbol, id);
  return id;
}

Result<SymbolId> Kernel::add(const Instrument& instrument) {
  auto id = add(instrument.name);
  if (id) desk_.define(instrument);
  return id;
}

std::optional<SymbolId> Kernel::find(std::string_view symbol) const {
  auto it = index_.find(std::string(symbol));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

Decision Kernel::decide(SymbolId id, Signal signal, const Bar& bar) const {
  Decision d{id, std::move(signal), bar.close, bar.end(), std::nullopt};
  const SymbolKernel& s = symbols_[id];
  if (track_atr_ && s.atr.ready()) d.atr = s.atr.value();
  return d;
}

DeskOutcome Kernel::act(const Decision& decision, Timestamp now) {
  auto outcome = desk_.on_signal(symbols_[decision.symbol].name, decision.signal, view_of(decision, now), decision.atr);
  tell(decision, outcome);
  return outcome;
}

void Kernel::tell(const Decision& decision, const DeskOutcome& outcome) {
  if (outcome.action == DeskAction::kSubmitted || outcome.action == DeskAction::kDryRun) return;
  symbols_[decision.symbol].strategy->on_denied(outcome.detail);
}

void Kernel::refuse(const Decision& decision, std::string_view reason) {
  symbols_[decision.symbol].strategy->on_denied(reason);
}

std::vector<std::string> Kernel::failures() const {
  std::vector<std::string> out;
  for (const auto& s : symbols_) {
    if (auto why = s.strategy->failure(); !why.empty()) out.push_back(s.name + ": " + std::string(why));
  }
  return out;
}

void Kernel::stop() {
  for (auto& s : symbols_) s.strategy->on_stop();
}

DeskOutcome Kernel::preview(const Decision& decision, Timestamp now) {
  return desk_.preview(symbols_[decision.symbol].name, decision.signal, view_of(decision, now), decision.atr);
}

std::optional<DeskOutcome> Kernel::on_price(SymbolId id, const PriceView& price) {
  return desk_.on_price(symbols_[id].name, price);
}

void Kernel::on_fill(SymbolId id, const BookedFill& booked) {
  const Fill& f = booked.fill;
  desk_.on_position(symbols_[id].name, booked.before, booked.after, f.price, f.time, f.side, booked.realized);
  symbols_[id].strategy->on_fill(f);
}

}  // namespace rt::trading

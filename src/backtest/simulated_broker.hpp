#pragma once
// SimulatedBroker: the Broker port for backtests. The OMS calls place() exactly as it calls the IB
// broker live; the engine decides when and at what price the market trades and calls
// fill_pending(). Reports (acknowledgement, executions, final status) are queued and handed to
// the engine by drain(), which feeds them to the Oms and the Ledger like live broker callbacks.
//
// Contract
// - place(): market orders only (the backtester sends nothing else); anything else is refused.
//   An accepted order is acknowledged (Submitted, with a perm id) and waits for fill_pending().
// - fill_pending(symbol, price, time): every waiting order of that symbol fills completely at
//   `price` moved by the CostModel's slippage, with its commission; queues the Fill (unique exec
//   id "sim-<n>") and the Filled status.
// - cancel(): a waiting order is removed and reported Cancelled.
// - has_pending(symbol) is O(1); the engine asks it on every bar.
// Threading: single-threaded, one per backtest run. Owns its queue.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "backtest/cost_model.hpp"
#include "core/clock.hpp"
#include "trading/fill.hpp"
#include "trading/ports/broker.hpp"

namespace rt::backtest {

using BrokerReport = std::variant<trading::BrokerOrderUpdate, trading::Fill>;

class SimulatedBroker final : public trading::Broker {
 public:
  explicit SimulatedBroker(CostModel costs);

  // Registers a symbol; returns its index (the same index for a name registered twice).
  std::size_t add_symbol(const std::string& symbol);
  // The same, trading `instrument`: its commission, and fills on its tick (a slipped price rounds
  // against the trader) unless it is a stock.
  std::size_t add_symbol(const trading::Instrument& instrument);

  Result<std::int64_t> place(const trading::Order& order) override;
  Status cancel(const trading::Order& order) override;

  // Fills the symbol's waiting orders at `price` (before slippage). Returns how many filled.
  std::size_t fill_pending(std::size_t symbol, Decimal price, Timestamp time);
  [[nodiscard]] bool has_pending(std::size_t symbol) const { return pending_count_[symbol] > 0; }
  [[nodiscard]] const CostModel& costs() const { return costs_; }

  // Hands every queued report to `handler` in order, then forgets them.
  template <class Handler>
  void drain(Handler&& handler) {
    for (std::size_t i = 0; i < reports_.size(); ++i) handler(reports_[i]);
    reports_.clear();
  }
  [[nodiscard]] bool has_reports() const { return !reports_.empty(); }

 private:
  struct Waiting {
    std::string order_ref;
    std::int64_t broker_order_id = 0;
    std::int64_t perm_id = 0;
    trading::Side side = trading::Side::Buy;
    Decimal quantity;
  };

  CostModel costs_;
  std::unordered_map<std::string, std::size_t> symbol_index_;
  std::vector<std::string> symbols_;
  std::vector<trading::Instrument> instruments_;  // by symbol index
  std::vector<std::vector<Waiting>> waiting_;  // by symbol index
  std::vector<std::size_t> pending_count_;
  std::vector<BrokerReport> reports_;
  std::int64_t next_order_id_ = 1;
  std::int64_t next_perm_id_ = 1'000'001;
  std::int64_t next_exec_ = 1;
};

}  // namespace rt::backtest

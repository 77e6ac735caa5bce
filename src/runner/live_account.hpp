#pragma once
// LiveAccount: the TradingDesk's view of the live account, answered from the Ledger (positions,
// cash, marks; FIFO, the one place P&L is computed) and the Oms (working orders).
// Thread: the trading event loop. Borrows the Ledger and the Oms (owned by the BrokerStack).
#include "trading/desk/desk_account.hpp"
#include "trading/oms/oms.hpp"
#include "trading/portfolio/ledger.hpp"

namespace rt::runner {

class LiveAccount final : public trading::DeskAccount {
 public:
  LiveAccount(const trading::Ledger& ledger, const trading::Oms& oms) : ledger_(ledger), oms_(oms) {}

  [[nodiscard]] Decimal equity() const override { return ledger_.equity(); }
  [[nodiscard]] Decimal cash() const override { return ledger_.cash(); }
  [[nodiscard]] Decimal held(const std::string& symbol) const override { return ledger_.quantity(symbol); }
  [[nodiscard]] bool has_working_order(const std::string& symbol) const override {
    // A protective order rests for as long as the position is held: it does not block an exit.
    for (const auto& o : oms_.open_orders()) {
      if (o.intent.symbol == symbol && o.intent.purpose != trading::OrderPurpose::Protect) return true;
    }
    return false;
  }
  void open_positions(std::map<std::string, trading::RiskPosition>& out) const override {
    for (const auto& p : ledger_.positions()) {
      if (p.quantity.is_zero()) continue;
      out[p.symbol] = trading::RiskPosition{p.quantity, p.avg_cost, std::nullopt, p.mark};
    }
  }

 private:
  const trading::Ledger& ledger_;
  const trading::Oms& oms_;
};

}  // namespace rt::runner

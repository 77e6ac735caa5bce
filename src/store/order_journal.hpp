#pragma once
// OrderJournal: the SQLite implementation of the trading Journal port — orders (inserted before
// they are sent, then updated with status, perm id, broker order id and fills), order_events and
// risk_events (both append-only, enforced by triggers), plus the queries reconciliation and
// reports need. Each write is one transaction: an order row never exists without its first event.
// Borrows the Database (which must outlive it); used on the trading event loop.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/database.hpp"
#include "trading/oms/order_event.hpp"
#include "trading/oms/risk_denial.hpp"
#include "trading/order.hpp"
#include "trading/ports/journal.hpp"

namespace rt::store {

class OrderJournal final : public trading::Journal {
 public:
  explicit OrderJournal(Database& db) : db_(db) {}

  Status record_new_order(const trading::Order& order, const trading::OrderEvent& event) override;
  Status record_transition(const trading::Order& order, const trading::OrderEvent& event) override;
  Status record_amendment(const trading::Order& order, const trading::OrderEvent& event) override;
  Status record_new_orders(const std::vector<const trading::Order*>& orders,
                           const std::vector<trading::OrderEvent>& events) override;
  Status record_denial(const trading::RiskDenial& denial) override;

  Result<std::vector<trading::Order>> load_orders();
  // Orders whose status is still open (New, PendingSubmit, Submitted, PartiallyFilled).
  Result<std::vector<trading::Order>> load_open_orders();
  Result<std::vector<trading::OrderEvent>> load_events(const std::string& order_ref);
  // The exec ids the journaled orders have taken (their fill events), oldest first. Not the same
  // set as the ledger's: the ledger's write and the order's are two transactions.
  Result<std::vector<std::string>> load_applied_exec_ids();
  Result<std::vector<trading::RiskDenial>> load_denials();

 private:
  Status insert_order(const trading::Order& order, const trading::OrderEvent& event);
  Status insert_event(const trading::OrderEvent& event);
  Result<std::vector<trading::Order>> select_orders(std::string_view sql);

  Database& db_;
};

}  // namespace rt::store

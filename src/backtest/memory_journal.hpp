#pragma once
// MemoryJournal: the Journal port kept in memory, for backtests (and anyone who wants the OMS
// without SQLite). Same contract as the store's journal: a second insert of the same order ref
// fails; transitions and denials are appended.
//
// With keep_records = false only counts are kept (long benchmark runs), and refs are not checked:
// the OMS already refuses a ref it holds, and the engine never reuses one.
// Threading: single-threaded, one per backtest run. Owns its records.
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "trading/ports/journal.hpp"

namespace rt::backtest {

class MemoryJournal final : public trading::Journal {
 public:
  explicit MemoryJournal(bool keep_records = true) : keep_(keep_records) {}

  Status record_new_order(const trading::Order& order, const trading::OrderEvent& event) override;
  Status record_transition(const trading::Order& order, const trading::OrderEvent& event) override;
  Status record_denial(const trading::RiskDenial& denial) override;

  [[nodiscard]] const std::vector<trading::Order>& orders() const { return orders_; }  // as first journaled
  [[nodiscard]] const std::vector<trading::OrderEvent>& events() const { return events_; }
  [[nodiscard]] const std::vector<trading::RiskDenial>& denials() const { return denials_; }
  [[nodiscard]] std::int64_t order_count() const { return order_count_; }
  [[nodiscard]] std::int64_t event_count() const { return event_count_; }
  [[nodiscard]] std::int64_t denial_count() const { return denial_count_; }

 private:
  bool keep_;
  std::unordered_set<std::string> refs_;
  std::vector<trading::Order> orders_;
  std::vector<trading::OrderEvent> events_;
  std::vector<trading::RiskDenial> denials_;
  std::int64_t order_count_ = 0;
  std::int64_t event_count_ = 0;
  std::int64_t denial_count_ = 0;
};

}  // namespace rt::backtest

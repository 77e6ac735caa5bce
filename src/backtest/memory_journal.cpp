#include "backtest/memory_journal.hpp"

namespace rt::backtest {

Status MemoryJournal::record_new_order(const trading::Order& order, const trading::OrderEvent& event) {
  if (keep_ && !refs_.insert(order.ref()).second) {
    return fail(ErrorCode::kStorage, "order ref '" + order.ref() + "' is already journaled");
  }
  ++order_count_;
  ++event_count_;
  if (keep_) {
    orders_.push_back(order);
    events_.push_back(event);
  }
  return {};
}

Status MemoryJournal::record_transition(const trading::Order& order, const trading::OrderEvent& event) {
  if (keep_ && !refs_.contains(order.ref())) {
    return fail(ErrorCode::kStorage, "transition for unknown order ref '" + order.ref() + "'");
  }
  ++event_count_;
  if (keep_) events_.push_back(event);
  return {};
}

Status MemoryJournal::record_denial(const trading::RiskDenial& denial) {
  ++denial_count_;
  if (keep_) denials_.push_back(denial);
  return {};
}

}  // namespace rt::backtest

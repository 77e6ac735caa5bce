#include "ib/broker/fill_recorder.hpp"

namespace rt::ib {

Result<store::FillWrite> FillRecorder::apply_fill(trading::Fill fill) {
  auto waiting = waiting_.find(fill.exec_id);
  const bool attach = waiting != waiting_.end() && fill.commission.is_zero();
  if (attach) fill.commission = waiting->second;
  const Decimal before = ledger_.quantity(fill.symbol);
  const Decimal realized_before = ledger_.realized(fill.symbol);
  auto written = store_.apply_fill(ledger_, fill);
  if (!written) {
    ++stats_.store_errors;
    return written;
  }
  if (*written == store::FillWrite::Duplicate) {
    ++stats_.duplicate_fills;
    if (waiting != waiting_.end()) {
      // The fill was stored earlier (before a restart) without this commission: adjust it now.
      Decimal c = waiting->second;
      waiting_.erase(waiting);
      (void)apply_commission(fill.exec_id, c);
    }
    return written;
  }
  ++stats_.fills_applied;
  if (listener_) {
    const Decimal after = ledger_.quantity(fill.symbol);
    const Decimal realized = ledger_.realized(fill.symbol) - realized_before;
    written_.push_back(Written{fill, before, after, realized});
  }
  if (waiting != waiting_.end()) {
    if (attach) ++stats_.commissions_attached;
    waiting_.erase(waiting);
  }
  return written;
}

void FillRecorder::publish() {
  // A listener may book more (a reconciliation it starts): take the list first.
  auto written = std::move(written_);
  written_.clear();
  for (const auto& w : written) listener_(trading::BookedFill{w.fill, w.before, w.after, w.realized});
}

Result<store::CommissionWrite> FillRecorder::apply_commission(const std::string& exec_id, Decimal commission) {
  auto written = store_.apply_commission(ledger_, exec_id, commission, clock_.now());
  if (!written) {
    ++stats_.store_errors;
    return written;
  }
  switch (*written) {
    case store::CommissionWrite::Applied: ++stats_.commissions_applied; break;
    case store::CommissionWrite::Duplicate: ++stats_.duplicate_commissions; break;
    case store::CommissionWrite::FillUnknown:
      if (waiting_.insert_or_assign(exec_id, commission).second) waiting_order_.push_back(exec_id);
      // The order list may name entries a fill already took; it is bounded all the same.
      while (waiting_order_.size() > kMaxWaitingCommissions) {
        waiting_.erase(waiting_order_.front());
        waiting_order_.pop_front();
      }
      break;
  }
  return written;
}

}  // namespace rt::ib

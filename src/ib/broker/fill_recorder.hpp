#pragma once
// FillRecorder: the order side's one way into the ledger store. A fill is written with
// LedgerStore::apply_fill (fill, lots, position and cash in one transaction) the moment its
// execDetails arrives, whether or not an orderStatus came (O3) and whatever the order's status
// (O4); a repeated exec id is counted once (O5). Its commission arrives later in a
// commissionReport keyed by exec id: if the fill is stored, it is applied as its own idempotent
// cash adjustment (LedgerStore::apply_commission); if not yet, it waits here and rides on the fill
// when that arrives. Waiting commissions are bounded (oldest dropped first); a commission lost to a
// restart comes back with reqExecutions at reconciliation.
// A fill written waits here as a BookedFill until publish(): the caller publishes once the OMS
// has taken the fill too, so a listener sees books that agree with each other.
// Thread: the trading event loop. Borrows the LedgerStore and the Ledger (both outlive it).
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/ledger_store.hpp"
#include "trading/fill.hpp"
#include "trading/ports/booked_fill.hpp"
#include "trading/portfolio/ledger.hpp"

namespace rt::ib {

struct FillRecorderStats {
  std::int64_t fills_applied = 0;
  std::int64_t duplicate_fills = 0;
  std::int64_t commissions_applied = 0;     // as adjustments to stored fills
  std::int64_t commissions_attached = 0;    // waited for their fill and rode on it
  std::int64_t duplicate_commissions = 0;
  std::int64_t store_errors = 0;
};

class FillRecorder {
 public:
  static constexpr std::size_t kMaxWaitingCommissions = 10'000;

  FillRecorder(store::LedgerStore& store, trading::Ledger& ledger, const Clock& clock)
      : store_(store), ledger_(ledger), clock_(clock) {}

  // Writes the fill (with a commission that arrived first, if any).
  Result<store::FillWrite> apply_fill(trading::Fill fill);
  // Applies a commission to its stored fill, or keeps it until the fill arrives.
  Result<store::CommissionWrite> apply_commission(const std::string& exec_id, Decimal commission);

  // Told of every fill written (not of a duplicate), at publish(), in the order written.
  void set_fill_listener(std::function<void(const trading::BookedFill&)> listener) {
    listener_ = std::move(listener);
  }
  // Hands the fills written since the last call to the listener.
  void publish();

  [[nodiscard]] bool has_fill(const std::string& exec_id) const { return ledger_.has_fill(exec_id); }
  [[nodiscard]] std::size_t waiting_commissions() const { return waiting_.size(); }
  [[nodiscard]] const FillRecorderStats& stats() const { return stats_; }
  [[nodiscard]] const trading::Ledger& ledger() const { return ledger_; }

 private:
  store::LedgerStore& store_;
  trading::Ledger& ledger_;
  const Clock& clock_;
  struct Written {
    trading::Fill fill;
    Decimal before;
    Decimal after;
    Decimal realized;
  };
  std::vector<Written> written_;
  std::function<void(const trading::BookedFill&)> listener_;
  std::map<std::string, Decimal> waiting_;
  std::deque<std::string> waiting_order_;
  FillRecorderStats stats_;
};

}  // namespace rt::ib

#pragma once
// LedgerStore: persistence of the trading Ledger — fills (append-only, UNIQUE exec_id), lots,
// positions, account cash, marks and daily equity snapshots.
//
// apply_fill() computes the fill's LedgerDelta with Ledger::preview, writes the fill, every lot
// change, the position and the cash in ONE transaction, and only after COMMIT commits the delta to
// the in-memory Ledger: on any failure neither the database nor the Ledger changes. A fill whose
// exec id is already stored (or already in the Ledger) is ignored and counted (O5).
// load_ledger() rebuilds the Ledger after a restart; it equals the state before the restart.
//
// A fault hook lets tests fail the transaction between any two of its statements.
// Borrows the Database (which must outlive it); used on the trading event loop.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/database.hpp"
#include "trading/fill.hpp"
#include "trading/portfolio/daily_snapshot.hpp"
#include "trading/portfolio/ledger.hpp"
#include "trading/portfolio/mark.hpp"

namespace rt::store {

enum class FillWrite { Applied, Duplicate };
// What apply_commission did: applied to a stored fill, already counted for that exec id, or not
// applied because the fill is not stored (yet).
enum class CommissionWrite { Applied, Duplicate, FillUnknown };

class LedgerStore {
 public:
  // Called with the name of the step about to run inside apply_fill's transaction:
  // "fill", "lots", "open_lot", "position", "account". An error aborts the transaction.
  using FaultHook = std::function<Status(std::string_view step)>;

  explicit LedgerStore(Database& db) : db_(db) {}

  // Sets the starting cash of an account with no fills yet.
  Status set_starting_cash(Decimal cash, Timestamp now);
  // Fills whose commission IB has not reported yet (stored at zero, no adjustment since); an
  // adopted position has no commission to wait for.
  Result<std::int64_t> commissions_unknown() {
    return db_.query_int(
        "SELECT count(*) FROM fills f LEFT JOIN commission_adjustments a ON a.exec_id = f.exec_id "
        "WHERE f.commission = 0 AND a.exec_id IS NULL AND f.order_ref <> 'adopted-from-broker'");
  }
  // How many fills are stored.
  Result<std::int64_t> fill_count() { return db_.query_int("SELECT count(*) FROM fills"); }
  // True for a database that never had its starting cash set and holds no fill: its cash is not
  // known yet and must come from the broker before anything is sized on it.
  Result<bool> cash_unknown();

  Result<FillWrite> apply_fill(trading::Ledger& ledger, const trading::Fill& fill);
  // Makes the ledger hold the broker's quantity of `symbol`: one fill row (order ref
  // "adopted-from-broker") for the difference at the broker's average cost (the ledger's when the
  // broker reports none), with no cash change: the shares moved, the money did not. Duplicate
  // when the quantities already agree.
  Result<FillWrite> adopt_position(trading::Ledger& ledger, const std::string& symbol, Decimal broker_quantity,
                                   Decimal broker_avg_cost, Timestamp now);
  // A commission reported after its fill was applied (IB's commissionReport follows execDetails):
  // in ONE transaction records it by exec id (table commission_adjustments), lowers the account
  // cash and the symbol's realized P&L and raises its commissions, then makes the same change to
  // the in-memory Ledger. Idempotent per exec id: a second report, or a fill
  // that was stored with a non-zero commission, gives Duplicate and changes nothing.
  Result<CommissionWrite> apply_commission(trading::Ledger& ledger, const std::string& exec_id, Decimal commission,
                                           Timestamp now);
  // Commission per exec id: the fill's own plus any later adjustment.
  Result<std::map<std::string, Decimal>> load_commissions();
  // load_ledger() also defines every stored instrument's terms (define_terms()).
  Result<trading::Ledger> load_ledger();

  // Sets a symbol's terms (multiplier, pays notional) in `ledger` and stores them. Refused, with
  // nothing stored, while the symbol holds a position under other terms: a restart that names the
  // same symbol differently cannot revalue what was booked.
  Status define_terms(trading::Ledger& ledger, const std::string& symbol, trading::ValueTerms terms);
  Result<std::map<std::string, trading::ValueTerms>> load_terms();

  Result<std::vector<trading::Fill>> load_fills();
  // The newest `limit` fills, oldest first.
  Result<std::vector<trading::Fill>> load_recent_fills(std::size_t limit);
  Result<std::vector<std::string>> load_exec_ids();

  // The price each position is valued at. save_marks() writes them in one transaction; a mark
  // no newer than the stored one for its symbol is ignored (prices never go back in time); a fill
  // replaces one of its own time. A fill
  // stores its price as a mark too. load_ledger() values positions at these marks.
  Status save_marks(const std::vector<trading::Mark>& marks);
  Result<std::map<std::string, trading::Mark>> load_marks();

  // One snapshot per date; a second write for the same date replaces the first.
  Status record_snapshot(const trading::DailySnapshot& snapshot);
  Result<std::vector<trading::DailySnapshot>> load_snapshots();

  void set_fault_hook(FaultHook hook) { fault_ = std::move(hook); }
  [[nodiscard]] std::int64_t duplicate_fills() const { return duplicates_; }

 private:
  Status step(std::string_view name) { return fault_ ? fault_(name) : Status{}; }
  Status upsert_mark(const trading::Mark& mark);
  Result<FillWrite> write_fill(trading::Ledger& ledger, const trading::Fill& fill, bool cash_neutral);

  Database& db_;
  FaultHook fault_;
  std::int64_t duplicates_ = 0;
};

}  // namespace rt::store

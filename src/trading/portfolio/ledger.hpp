#pragma once
// Ledger: the one place P&L is computed (positions, FIFO lots, cash, realized and unrealized P&L).
//
// Contract
// - Every fill goes through preview() then commit() (or apply(), which does both). preview() is
//   const and returns the complete LedgerDelta — lot changes, new lot, realized P&L, cash and the
//   symbol's position after — so a store can write it in one transaction before the in-memory
//   state changes. commit() of a delta that does not follow from the current state is a broken
//   invariant and aborts.
// - FIFO: a fill first closes the oldest opposite lots; what is left opens one new lot. A single
//   fill may close a long position and open a short one (a flip), and vice versa.
// - Commissions reduce cash and count in realized P&L when paid (opening and closing alike), so
//   equity - starting cash == realized + unrealized, exactly.
// - The mark of a symbol is its last fill price until mark() sets another.
// - Exact Decimal arithmetic; no floating point.
// - A fill whose exec id was already applied is refused (kInvalidArgument) and counted.
// - Instruments: a symbol's ValueTerms (define()) scale every amount by its multiplier. A symbol
//   that pays its notional (stocks, currency pairs) moves price x quantity x multiplier of cash and
//   is worth quantity x mark x multiplier; one that does not (futures) moves only its realized P&L
//   and commissions into cash and is worth its unrealized P&L. equity - starting cash ==
//   realized + unrealized holds for both. An undefined symbol is a stock: multiplier 1.
//
// Threading: single-threaded (trading event loop or a backtest worker); not shared.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "trading/fill.hpp"
#include "trading/portfolio/daily_snapshot.hpp"
#include "trading/portfolio/lot.hpp"

namespace rt::trading {

// A symbol's position as stored and shown.
struct Position {
  std::string symbol;
  Decimal quantity;     // signed
  Decimal avg_cost;     // volume-weighted opening price of the open lots; 0 when flat
  Decimal realized;     // cumulative, net of commissions
  Decimal commissions;  // cumulative
  Decimal mark;         // last fill price or last mark()

  bool operator==(const Position&) const = default;
};

// A lot reduced by a fill.
struct LotClose {
  std::int64_t lot_id = 0;
  Decimal closed;       // signed quantity closed (the lot's sign)
  Decimal remaining;    // signed quantity left open after this fill
  Decimal realized;     // gross P&L of the closed part, before commission
};

// Everything one fill changes.
struct LedgerDelta {
  Fill fill;
  std::vector<LotClose> closes;
  std::optional<Lot> opened;
  Decimal realized;      // closing P&L minus the fill's commission
  Decimal cash_change;   // -(signed quantity * price) - commission
  Decimal cash_after;
  Position position_after;
  std::int64_t next_lot_id = 1;  // after this fill
};

// How a symbol's money works (from its Instrument).
struct ValueTerms {
  Decimal multiplier = Decimal::from_int(1);
  bool pays_notional = true;

  bool operator==(const ValueTerms&) const = default;
};

// The complete ledger state: what a store persists and restores.
struct LedgerState {
  Decimal cash;
  std::int64_t next_lot_id = 1;
  std::map<std::string, Position> positions;
  std::vector<Lot> lots;  // open lots, ordered by id
  std::set<std::string> exec_ids;

  bool operator==(const LedgerState&) const = default;
};

class Ledger {
 public:
  explicit Ledger(Decimal starting_cash = Decimal{});
  // Rebuilds a ledger from stored state; fails if the state is inconsistent (a lot whose sign
  // differs from its position, or a position quantity that is not the sum of its lots).
  static Result<Ledger> restore(LedgerState state);

  [[nodiscard]] Result<LedgerDelta> preview(const Fill& fill) const;
  void commit(const LedgerDelta& delta);
  Result<LedgerDelta> apply(const Fill& fill);

  void mark(const std::string& symbol, Decimal price);
  // Sets a symbol's terms; refused while the symbol holds a position under other terms.
  Status define(const std::string& symbol, ValueTerms terms);
  [[nodiscard]] ValueTerms terms(const std::string& symbol) const;

  [[nodiscard]] bool has_fill(const std::string& exec_id) const { return exec_ids_.contains(exec_id); }
  [[nodiscard]] std::int64_t duplicate_fills() const { return duplicate_fills_; }
  [[nodiscard]] Decimal cash() const { return cash_; }
  [[nodiscard]] Decimal quantity(const std::string& symbol) const;
  [[nodiscard]] std::optional<Position> position(const std::string& symbol) const;
  [[nodiscard]] std::vector<Position> positions() const;  // every symbol ever traded
  [[nodiscard]] std::vector<Lot> lots(const std::string& symbol) const;  // FIFO order
  [[nodiscard]] Decimal realized(const std::string& symbol) const;
  [[nodiscard]] Decimal realized() const;
  [[nodiscard]] Decimal commissions() const;
  [[nodiscard]] Decimal unrealized(const std::string& symbol) const;
  [[nodiscard]] Decimal unrealized() const;
  [[nodiscard]] Decimal market_value() const;
  [[nodiscard]] Decimal equity() const { return cash_ + market_value(); }
  [[nodiscard]] DailySnapshot snapshot(std::chrono::year_month_day date) const;
  [[nodiscard]] LedgerState state() const;

 private:
  struct Book {
    Position position;
    std::vector<Lot> lots;  // FIFO: oldest first
    ValueTerms terms;
  };
  [[nodiscard]] Decimal unrealized_of(const Book& book) const;

  Decimal cash_;
  std::int64_t next_lot_id_ = 1;
  std::map<std::string, Book> books_;
  std::set<std::string> exec_ids_;
  std::int64_t duplicate_fills_ = 0;
  std::map<std::string, ValueTerms> terms_;  // defined symbols, traded or not
};

}  // namespace rt::trading

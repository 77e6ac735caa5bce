#include "trading/portfolio/ledger.hpp"

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace rt::trading {
namespace {

constexpr std::string_view kDuplicatePrefix = "duplicate exec id ";

void require(bool ok) {
  if (!ok) std::abort();
}

Decimal avg_cost_of(const std::vector<Lot>& lots) {
  Decimal qty;
  Decimal cost;
  for (const auto& l : lots) {
    qty += l.quantity.abs();
    cost += l.quantity.abs() * l.price;
  }
  return qty.is_zero() ? Decimal{} : cost / qty;
}

Decimal sum_quantity(const std::vector<Lot>& lots) {
  Decimal q;
  for (const auto& l : lots) q += l.quantity;
  return q;
}

}  // namespace

Ledger::Ledger(Decimal starting_cash) : cash_(starting_cash) {}

Result<Ledger> Ledger::restore(LedgerState state) {
  Ledger ledger(state.cash);
  ledger.next_lot_id_ = state.next_lot_id;
  ledger.exec_ids_ = std::move(state.exec_ids);
  for (auto& [symbol, pos] : state.positions) ledger.books_[symbol].position = pos;
  std::sort(state.lots.begin(), state.lots.end(), [](const Lot& a, const Lot& b) { return a.id < b.id; });
  for (auto& lot : state.lots) {
    if (lot.quantity.is_zero()) return fail(ErrorCode::kInvalidArgument, "restore: lot " + std::to_string(lot.id) + " is closed");
    if (lot.id >= ledger.next_lot_id_) {
      return fail(ErrorCode::kInvalidArgument, "restore: lot id " + std::to_string(lot.id) + " not below next lot id");
    }
    auto it = ledger.books_.find(lot.symbol);
    if (it == ledger.books_.end()) {
      return fail(ErrorCode::kInvalidArgument, "restore: lot " + std::to_string(lot.id) + " of " + lot.symbol +
                                                   " has no position");
    }
    auto& lots = it->second.lots;
    if (!lots.empty() && lots.front().quantity.is_negative() != lot.quantity.is_negative()) {
      return fail(ErrorCode::kInvalidArgument, "restore: " + lot.symbol + " has both long and short lots");
    }
    lots.push_back(std::move(lot));
  }
  for (const auto& [symbol, book] : ledger.books_) {
    if (sum_quantity(book.lots) != book.position.quantity) {
      return fail(ErrorCode::kInvalidArgument, "restore: " + symbol + " position " + book.position.quantity.to_string() +
                                                   " differs from its lots " + sum_quantity(book.lots).to_string());
    }
  }
  return ledger;
}

Result<LedgerDelta> Ledger::preview(const Fill& fill) const {
  auto bad = [&](const std::string& what) {
    return fail(ErrorCode::kInvalidArgument, "fill " + fill.exec_id + " (" + fill.symbol + "): " + what);
  };
  if (fill.exec_id.empty()) return bad("exec id is empty");
  if (exec_ids_.contains(fill.exec_id)) return fail(ErrorCode::kInvalidArgument, std::string(kDuplicatePrefix) + fill.exec_id);
  if (fill.symbol.empty()) return bad("symbol is empty");
  if (fill.quantity <= Decimal{}) return bad("quantity must be positive, got " + fill.quantity.to_string());
  if (fill.price <= Decimal{}) return bad("price must be positive, got " + fill.price.to_string());
  if (fill.commission.is_negative()) return bad("commission is negative: " + fill.commission.to_string());

  LedgerDelta d;
  d.fill = fill;
  d.next_lot_id = next_lot_id_;
  Position pos;
  std::vector<Lot> lots;
  ValueTerms vt;
  if (auto it = books_.find(fill.symbol); it != books_.end()) {
    pos = it->second.position;
    lots = it->second.lots;
    vt = it->second.terms;
  } else {
    pos.symbol = fill.symbol;
    vt = terms(fill.symbol);
  }

  const Decimal signed_qty = fill.quantity * sign(fill.side);
  Decimal left = signed_qty;  // still to be matched, same sign as the fill
  Decimal gross;
  for (auto& lot : lots) {
    if (left.is_zero() || lot.quantity.is_negative() == left.is_negative()) break;
    const Decimal close = std::min(left.abs(), lot.quantity.abs());
    const Decimal lot_sign = lot.quantity.is_negative() ? Decimal::from_int(-1) : Decimal::from_int(1);
    const Decimal closed = close * lot_sign;
    const Decimal pnl = (fill.price - lot.price) * closed * vt.multiplier;
    lot.quantity -= closed;
    left += closed;
    gross += pnl;
    d.closes.push_back(LotClose{lot.id, closed, lot.quantity, pnl});
  }
  std::erase_if(lots, [](const Lot& l) { return l.quantity.is_zero(); });
  if (!left.is_zero()) {
    Lot lot{d.next_lot_id++, fill.symbol, fill.exec_id, left, left, fill.price, fill.time};
    lots.push_back(lot);
    d.opened = std::move(lot);
  }

  d.realized = gross - fill.commission;
  d.cash_change = vt.pays_notional ? -(signed_qty * fill.price * vt.multiplier) - fill.commission : d.realized;
  d.cash_after = cash_ + d.cash_change;
  pos.quantity = sum_quantity(lots);
  pos.avg_cost = avg_cost_of(lots);
  pos.realized += d.realized;
  pos.commissions += fill.commission;
  pos.mark = fill.price;
  d.position_after = pos;
  return d;
}

void Ledger::commit(const LedgerDelta& d) {
  require(!exec_ids_.contains(d.fill.exec_id));
  require(d.cash_after == cash_ + d.cash_change);
  auto [at, fresh] = books_.try_emplace(d.fill.symbol);
  Book& book = at->second;
  if (fresh) book.terms = terms(d.fill.symbol);
  for (const auto& c : d.closes) {
    auto it = std::find_if(book.lots.begin(), book.lots.end(), [&](const Lot& l) { return l.id == c.lot_id; });
    require(it != book.lots.end() && it->quantity - c.closed == c.remaining);
    it->quantity = c.remaining;
  }
  std::erase_if(book.lots, [](const Lot& l) { return l.quantity.is_zero(); });
  if (d.opened) {
    require(d.opened->id == next_lot_id_);
    book.lots.push_back(*d.opened);
  }
  require(sum_quantity(book.lots) == d.position_after.quantity);
  book.position = d.position_after;
  cash_ = d.cash_after;
  next_lot_id_ = d.next_lot_id;
  exec_ids_.insert(d.fill.exec_id);
}

Result<LedgerDelta> Ledger::apply(const Fill& fill) {
  auto d = preview(fill);
  if (!d) {
    if (exec_ids_.contains(fill.exec_id)) ++duplicate_fills_;
    return d;
  }
  commit(*d);
  return d;
}

void Ledger::mark(const std::string& symbol, Decimal price) {
  if (auto it = books_.find(symbol); it != books_.end()) it->second.position.mark = price;
}

Status Ledger::define(const std::string& symbol, ValueTerms terms) {
  if (terms.multiplier <= Decimal{}) {
    return fail(ErrorCode::kInvalidArgument, symbol + ": multiplier must be positive, got " + terms.multiplier.to_string());
  }
  // A restored book has no terms yet: its first definition always applies.
  auto it = books_.find(symbol);
  const bool defined = terms_.contains(symbol);
  if (defined && it != books_.end() && !it->second.position.quantity.is_zero() && it->second.terms != terms) {
    return fail(ErrorCode::kInvalidArgument, symbol + ": its terms cannot change while it holds " +
                                                    it->second.position.quantity.to_string());
  }
  terms_[symbol] = terms;
  if (it != books_.end()) it->second.terms = terms;
  return {};
}

ValueTerms Ledger::terms(const std::string& symbol) const {
  auto it = terms_.find(symbol);
  return it == terms_.end() ? ValueTerms{} : it->second;
}

Decimal Ledger::quantity(const std::string& symbol) const {
  auto it = books_.find(symbol);
  return it == books_.end() ? Decimal{} : it->second.position.quantity;
}

std::optional<Position> Ledger::position(const std::string& symbol) const {
  auto it = books_.find(symbol);
  if (it == books_.end()) return std::nullopt;
  return it->second.position;
}

std::vector<Position> Ledger::positions() const {
  std::vector<Position> out;
  for (const auto& [s, b] : books_) out.push_back(b.position);
  return out;
}

std::vector<Lot> Ledger::lots(const std::string& symbol) const {
  auto it = books_.find(symbol);
  return it == books_.end() ? std::vector<Lot>{} : it->second.lots;
}

Decimal Ledger::realized(const std::string& symbol) const {
  auto it = books_.find(symbol);
  return it == books_.end() ? Decimal{} : it->second.position.realized;
}

Decimal Ledger::realized() const {
  Decimal r;
  for (const auto& [s, b] : books_) r += b.position.realized;
  return r;
}

Decimal Ledger::commissions() const {
  Decimal c;
  for (const auto& [s, b] : books_) c += b.position.commissions;
  return c;
}

Decimal Ledger::unrealized(const std::string& symbol) const {
  auto it = books_.find(symbol);
  return it == books_.end() ? Decimal{} : unrealized_of(it->second);
}

Decimal Ledger::unrealized_of(const Book& book) const {
  Decimal u;
  for (const auto& l : book.lots) u += (book.position.mark - l.price) * l.quantity;
  return u * book.terms.multiplier;
}

Decimal Ledger::unrealized() const {
  Decimal u;
  for (const auto& [s, b] : books_) u += unrealized_of(b);
  return u;
}

Decimal Ledger::market_value() const {
  Decimal v;
  for (const auto& [s, b] : books_) {
    v += b.terms.pays_notional ? b.position.quantity * b.position.mark * b.terms.multiplier : unrealized_of(b);
  }
  return v;
}

DailySnapshot Ledger::snapshot(std::chrono::year_month_day date) const {
  return DailySnapshot{date, equity(), cash_, realized(), unrealized(), equity()};
}

LedgerState Ledger::state() const {
  LedgerState s;
  s.cash = cash_;
  s.next_lot_id = next_lot_id_;
  s.exec_ids = exec_ids_;
  for (const auto& [sym, b] : books_) {
    s.positions[sym] = b.position;
    s.lots.insert(s.lots.end(), b.lots.begin(), b.lots.end());
  }
  std::sort(s.lots.begin(), s.lots.end(), [](const Lot& a, const Lot& b) { return a.id < b.id; });
  return s;
}

}  // namespace rt::trading

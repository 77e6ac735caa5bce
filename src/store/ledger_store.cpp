#include "store/ledger_store.hpp"

#include <algorithm>
#include <cstdio>

#include "store/transaction.hpp"

namespace rt::store {
namespace {

using trading::Fill;
using trading::Ledger;
using trading::LedgerDelta;

std::string format_date(std::chrono::year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

std::optional<std::chrono::year_month_day> parse_date(const std::string& s) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  if (std::sscanf(s.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

template <class F>
Status each_row(Statement& s, F&& on_row) {
  while (true) {
    auto row = s.step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    if (auto st = on_row(s); !st) {
      s.reset();
      return st;
    }
  }
  s.reset();
  return {};
}

}  // namespace

Status LedgerStore::set_starting_cash(Decimal cash, Timestamp now) {
  auto tx = Transaction::begin(db_);
  if (!tx) return std::unexpected(tx.error());
  auto fills = fill_count();
  if (!fills) return std::unexpected(fills.error());
  if (*fills != 0) return fail(ErrorCode::kInvalidArgument, "starting cash cannot change once fills are stored");
  auto s = db_.prepare("UPDATE account SET cash = ?1, updated_at = ?2 WHERE id = 1");
  if (!s) return std::unexpected(s.error());
  if (auto st = (*s)->bind_decimal(1, cash).bind_time(2, now).run(); !st) return st;
  return tx->commit();
}

Result<bool> LedgerStore::cash_unknown() {
  auto fills = fill_count();
  if (!fills) return std::unexpected(fills.error());
  auto set_at = db_.query_int("SELECT updated_at FROM account WHERE id = 1");
  if (!set_at) return std::unexpected(set_at.error());
  return *fills == 0 && *set_at == 0;
}

Result<FillWrite> LedgerStore::apply_fill(Ledger& ledger, const Fill& fill) { return write_fill(ledger, fill, false); }

Result<FillWrite> LedgerStore::adopt_position(Ledger& ledger, const std::string& symbol, Decimal broker_quantity,
                                              Decimal broker_avg_cost, Timestamp now) {
  const Decimal change = broker_quantity - ledger.quantity(symbol);
  if (change.is_zero()) return FillWrite::Duplicate;
  Decimal price = broker_avg_cost;
  if (price <= Decimal{}) price = ledger.position(symbol) ? ledger.position(symbol)->avg_cost : Decimal{};
  if (price <= Decimal{}) {
    return fail(ErrorCode::kInvalidArgument, "cannot adopt " + symbol + ": no average cost from the broker or the ledger");
  }
  trading::Fill f;
  f.exec_id = "adopt-" + symbol + "-" + std::to_string(now.time_since_epoch().count());
  f.order_ref = "adopted-from-broker";
  f.symbol = symbol;
  f.side = change > Decimal{} ? trading::Side::Buy : trading::Side::Sell;
  f.quantity = change.abs();
  f.price = price;
  f.time = now;
  return write_fill(ledger, f, true);
}

Result<FillWrite> LedgerStore::write_fill(Ledger& ledger, const Fill& fill, bool cash_neutral) {
  if (ledger.has_fill(fill.exec_id)) {
    ++duplicates_;
    return FillWrite::Duplicate;
  }
  auto delta = ledger.preview(fill);
  if (!delta) return std::unexpected(delta.error());
  if (cash_neutral) {  // an adoption moves shares, not money
    delta->cash_after -= delta->cash_change;
    delta->cash_change = Decimal{};
  }
  const LedgerDelta& d = *delta;

  auto tx = Transaction::begin(db_);
  if (!tx) return std::unexpected(tx.error());

  if (auto st = step("fill"); !st) return std::unexpected(st.error());
  auto ins = db_.prepare(
      "INSERT INTO fills (exec_id, order_ref, perm_id, symbol, side, quantity, price, commission, time) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (exec_id) DO NOTHING");
  if (!ins) return std::unexpected(ins.error());
  if (auto st = (*ins)->bind_text(1, fill.exec_id)
                    .bind_text(2, fill.order_ref)
                    .bind_int(3, fill.perm_id)
                    .bind_text(4, fill.symbol)
                    .bind_text(5, trading::to_string(fill.side))
                    .bind_decimal(6, fill.quantity)
                    .bind_decimal(7, fill.price)
                    .bind_decimal(8, fill.commission)
                    .bind_time(9, fill.time)
                    .run();
      !st) {
    return std::unexpected(st.error());
  }
  if (db_.changes() == 0) {  // stored before, though this Ledger has not seen it
    ++duplicates_;
    return FillWrite::Duplicate;  // the transaction rolls back; nothing was written
  }

  if (auto st = step("lots"); !st) return std::unexpected(st.error());
  for (const auto& c : d.closes) {
    auto upd = db_.prepare("UPDATE lots SET quantity = ?1 WHERE lot_id = ?2 AND quantity = ?3");
    if (!upd) return std::unexpected(upd.error());
    if (auto st = (*upd)->bind_decimal(1, c.remaining).bind_int(2, c.lot_id).bind_decimal(3, c.remaining + c.closed).run();
        !st) {
      return std::unexpected(st.error());
    }
    if (db_.changes() != 1) {
      return fail(ErrorCode::kStorage, "lot " + std::to_string(c.lot_id) + " in the database differs from the ledger");
    }
  }

  if (auto st = step("open_lot"); !st) return std::unexpected(st.error());
  if (d.opened) {
    const auto& lot = *d.opened;
    auto s = db_.prepare(
        "INSERT INTO lots (lot_id, symbol, open_exec_id, open_quantity, quantity, price, opened_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!s) return std::unexpected(s.error());
    if (auto st = (*s)->bind_int(1, lot.id)
                      .bind_text(2, lot.symbol)
                      .bind_text(3, lot.exec_id)
                      .bind_decimal(4, lot.open_quantity)
                      .bind_decimal(5, lot.quantity)
                      .bind_decimal(6, lot.price)
                      .bind_time(7, lot.opened_at)
                      .run();
        !st) {
      return std::unexpected(st.error());
    }
  }

  if (auto st = step("position"); !st) return std::unexpected(st.error());
  const auto& p = d.position_after;
  auto pos = db_.prepare(
      "INSERT INTO positions (symbol, quantity, avg_cost, realized, commissions, mark, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (symbol) DO UPDATE SET quantity = excluded.quantity, "
      "avg_cost = excluded.avg_cost, realized = excluded.realized, commissions = excluded.commissions, "
      "mark = excluded.mark, updated_at = excluded.updated_at");
  if (!pos) return std::unexpected(pos.error());
  if (auto st = (*pos)->bind_text(1, p.symbol)
                    .bind_decimal(2, p.quantity)
                    .bind_decimal(3, p.avg_cost)
                    .bind_decimal(4, p.realized)
                    .bind_decimal(5, p.commissions)
                    .bind_decimal(6, p.mark)
                    .bind_time(7, fill.time)
                    .run();
      !st) {
    return std::unexpected(st.error());
  }

  if (auto st = upsert_mark(trading::Mark{p.symbol, fill.price, fill.time, trading::MarkSource::Fill}); !st) {
    return std::unexpected(st.error());
  }

  if (auto st = step("account"); !st) return std::unexpected(st.error());
  auto acc = db_.prepare("UPDATE account SET cash = ?1, next_lot_id = ?2, updated_at = ?3 WHERE id = 1 AND cash = ?4");
  if (!acc) return std::unexpected(acc.error());
  if (auto st = (*acc)->bind_decimal(1, d.cash_after)
                    .bind_int(2, d.next_lot_id)
                    .bind_time(3, fill.time)
                    .bind_decimal(4, d.cash_after - d.cash_change)
                    .run();
      !st) {
    return std::unexpected(st.error());
  }
  if (db_.changes() != 1) return fail(ErrorCode::kStorage, "account cash in the database differs from the ledger");

  if (auto st = tx->commit(); !st) return std::unexpected(st.error());
  ledger.commit(d);
  return FillWrite::Applied;
}

Result<CommissionWrite> LedgerStore::apply_commission(Ledger& ledger, const std::string& exec_id, Decimal commission,
                                                      Timestamp now) {
  if (commission.is_negative()) {
    return fail(ErrorCode::kInvalidArgument, "commission for " + exec_id + " is negative: " + commission.to_string());
  }
  auto tx = Transaction::begin(db_);
  if (!tx) return std::unexpected(tx.error());

  auto fill = db_.prepare("SELECT symbol, commission FROM fills WHERE exec_id = ?1");
  if (!fill) return std::unexpected(fill.error());
  (*fill)->bind_text(1, exec_id);
  auto row = (*fill)->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) {
    (*fill)->reset();
    return CommissionWrite::FillUnknown;
  }
  const std::string symbol = (*fill)->column_text(0);
  const Decimal stored = (*fill)->column_decimal(1);
  (*fill)->reset();
  if (!stored.is_zero()) return CommissionWrite::Duplicate;  // the fill carried its commission
  if (commission.is_zero()) return CommissionWrite::Applied;   // nothing to change

  auto ins = db_.prepare(
      "INSERT INTO commission_adjustments (exec_id, symbol, commission, time) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (exec_id) DO NOTHING");
  if (!ins) return std::unexpected(ins.error());
  if (auto st = (*ins)->bind_text(1, exec_id).bind_text(2, symbol).bind_decimal(3, commission).bind_time(4, now).run();
      !st) {
    return std::unexpected(st.error());
  }
  if (db_.changes() == 0) return CommissionWrite::Duplicate;

  trading::LedgerState state = ledger.state();
  auto pos = state.positions.find(symbol);
  if (pos == state.positions.end()) {
    return fail(ErrorCode::kStorage, "fill " + exec_id + " of " + symbol + " is stored but the ledger has no position");
  }
  pos->second.commissions += commission;
  pos->second.realized -= commission;
  const Decimal cash_before = state.cash;
  state.cash -= commission;

  auto upd = db_.prepare(
      "UPDATE positions SET commissions = ?1, realized = ?2, updated_at = ?3 WHERE symbol = ?4 AND commissions = ?5");
  if (!upd) return std::unexpected(upd.error());
  if (auto st = (*upd)->bind_decimal(1, pos->second.commissions)
                    .bind_decimal(2, pos->second.realized)
                    .bind_time(3, now)
                    .bind_text(4, symbol)
                    .bind_decimal(5, pos->second.commissions - commission)
                    .run();
      !st) {
    return std::unexpected(st.error());
  }
  if (db_.changes() != 1) return fail(ErrorCode::kStorage, "position " + symbol + " in the database differs from the ledger");
  auto acc = db_.prepare("UPDATE account SET cash = ?1, updated_at = ?2 WHERE id = 1 AND cash = ?3");
  if (!acc) return std::unexpected(acc.error());
  if (auto st = (*acc)->bind_decimal(1, state.cash).bind_time(2, now).bind_decimal(3, cash_before).run(); !st) {
    return std::unexpected(st.error());
  }
  if (db_.changes() != 1) return fail(ErrorCode::kStorage, "account cash in the database differs from the ledger");

  auto updated = Ledger::restore(std::move(state));
  if (!updated) return fail(ErrorCode::kInternal, "ledger after commission: " + updated.error().message);
  if (auto st = tx->commit(); !st) return std::unexpected(st.error());
  ledger = std::move(*updated);
  return CommissionWrite::Applied;
}

Result<std::map<std::string, Decimal>> LedgerStore::load_commissions() {
  auto s = db_.prepare(
      "SELECT f.exec_id, f.commission + coalesce(a.commission, 0) FROM fills f "
      "LEFT JOIN commission_adjustments a ON a.exec_id = f.exec_id ORDER BY f.id");
  if (!s) return std::unexpected(s.error());
  std::map<std::string, Decimal> out;
  auto st = each_row(**s, [&](Statement& r) -> Status {
    out.emplace(r.column_text(0), r.column_decimal(1));
    return {};
  });
  if (!st) return std::unexpected(st.error());
  return out;
}

namespace {

// Rows of (exec_id, order_ref, perm_id, symbol, side, quantity, price, commission, time).
Result<std::vector<Fill>> read_fills(Statement& statement) {
  std::vector<Fill> out;
  auto st = each_row(statement, [&](Statement& r) -> Status {
    auto side = trading::parse_side(r.column_text(4));
    if (!side) return fail(ErrorCode::kStorage, "fills row " + r.column_text(0) + " has an unknown side");
    out.push_back(Fill{r.column_text(0), r.column_text(1), r.column_int(2), r.column_text(3), *side,
                       r.column_decimal(5), r.column_decimal(6), r.column_decimal(7), r.column_time(8)});
    return {};
  });
  if (!st) return std::unexpected(st.error());
  return out;
}

}  // namespace

Result<std::vector<Fill>> LedgerStore::load_fills() {
  auto s = db_.prepare(
      "SELECT exec_id, order_ref, perm_id, symbol, side, quantity, price, commission, time FROM fills ORDER BY id");
  if (!s) return std::unexpected(s.error());
  return read_fills(**s);
}

Result<std::vector<Fill>> LedgerStore::load_recent_fills(std::size_t limit) {
  // The commission shown is the fill's own plus a later commissionReport's. The limit is part of
  // the SQL text: one cached statement per limit used.
  auto s = db_.prepare(
      "SELECT f.exec_id, f.order_ref, f.perm_id, f.symbol, f.side, f.quantity, f.price,"
      " f.commission + coalesce(a.commission, 0), f.time FROM fills f"
      " LEFT JOIN commission_adjustments a ON a.exec_id = f.exec_id ORDER BY f.id DESC LIMIT " +
      std::to_string(limit));
  if (!s) return std::unexpected(s.error());
  auto out = read_fills(**s);
  if (out) std::reverse(out->begin(), out->end());
  return out;
}

Result<std::vector<std::string>> LedgerStore::load_exec_ids() {
  auto s = db_.prepare("SELECT exec_id FROM fills ORDER BY id");
  if (!s) return std::unexpected(s.error());
  std::vector<std::string> out;
  auto st = each_row(**s, [&](Statement& r) -> Status {
    out.push_back(r.column_text(0));
    return {};
  });
  if (!st) return std::unexpected(st.error());
  return out;
}

Result<Ledger> LedgerStore::load_ledger() {
  trading::LedgerState state;
  {
    auto s = db_.prepare("SELECT cash, next_lot_id FROM account WHERE id = 1");
    if (!s) return std::unexpected(s.error());
    auto row = (*s)->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return fail(ErrorCode::kStorage, "account row is missing");
    state.cash = (*s)->column_decimal(0);
    state.next_lot_id = (*s)->column_int(1);
    (*s)->reset();
  }
  auto pos = db_.prepare("SELECT symbol, quantity, avg_cost, realized, commissions, mark FROM positions");
  if (!pos) return std::unexpected(pos.error());
  auto st = each_row(**pos, [&](Statement& r) -> Status {
    trading::Position p{r.column_text(0), r.column_decimal(1), r.column_decimal(2),
                        r.column_decimal(3), r.column_decimal(4), r.column_decimal(5)};
    state.positions.emplace(p.symbol, p);
    return {};
  });
  if (!st) return std::unexpected(st.error());
  auto lots = db_.prepare(
      "SELECT lot_id, symbol, open_exec_id, open_quantity, quantity, price, opened_at FROM lots "
      "WHERE quantity <> 0 ORDER BY lot_id");
  if (!lots) return std::unexpected(lots.error());
  st = each_row(**lots, [&](Statement& r) -> Status {
    state.lots.push_back(trading::Lot{r.column_int(0), r.column_text(1), r.column_text(2), r.column_decimal(3),
                                      r.column_decimal(4), r.column_decimal(5), r.column_time(6)});
    return {};
  });
  if (!st) return std::unexpected(st.error());
  auto ids = load_exec_ids();
  if (!ids) return std::unexpected(ids.error());
  state.exec_ids.insert(ids->begin(), ids->end());
  auto ledger = Ledger::restore(std::move(state));
  if (!ledger) return fail(ErrorCode::kStorage, "stored ledger is inconsistent: " + ledger.error().message);
  // Positions are valued at their stored marks, as when the trader last wrote them.
  auto marks = load_marks();
  if (!marks) return std::unexpected(marks.error());
  for (const auto& [symbol, m] : *marks) {
    if (ledger->position(symbol)) ledger->mark(symbol, m.price);
  }
  auto terms = load_terms();
  if (!terms) return std::unexpected(terms.error());
  for (const auto& [symbol, t] : *terms) {
    if (auto defined = ledger->define(symbol, t); !defined) {
      return fail(ErrorCode::kStorage, "stored terms of " + symbol + ": " + defined.error().message);
    }
  }
  return ledger;
}

Status LedgerStore::define_terms(trading::Ledger& ledger, const std::string& symbol,
                                 trading::ValueTerms terms) {
  if (auto st = ledger.define(symbol, terms); !st) return st;
  auto s = db_.prepare(
      "INSERT INTO instrument_terms (symbol, multiplier, pays_notional) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (symbol) DO UPDATE SET multiplier = excluded.multiplier, pays_notional = "
      "excluded.pays_notional");
  if (!s) return std::unexpected(s.error());
  return (*s)
      ->bind_text(1, symbol)
      .bind_decimal(2, terms.multiplier)
      .bind_int(3, terms.pays_notional ? 1 : 0)
      .run();
}

Result<std::map<std::string, trading::ValueTerms>> LedgerStore::load_terms() {
  auto s = db_.prepare("SELECT symbol, multiplier, pays_notional FROM instrument_terms ORDER BY symbol");
  if (!s) return std::unexpected(s.error());
  std::map<std::string, trading::ValueTerms> out;
  auto st = each_row(**s, [&](Statement& r) -> Status {
    out[r.column_text(0)] = trading::ValueTerms{r.column_decimal(1), r.column_int(2) != 0};
    return {};
  });
  if (!st) return std::unexpected(st.error());
  return out;
}

Status LedgerStore::upsert_mark(const trading::Mark& mark) {
  // Only a newer price replaces a mark (a fill also one of its own time, as the ledger does): a
  // fill replayed after a reconnect keeps the newer price.
  auto s = db_.prepare(
      "INSERT INTO marks (symbol, price, time, source) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (symbol) DO UPDATE SET price = excluded.price, time = excluded.time, source = excluded.source "
      "WHERE excluded.time > marks.time OR (excluded.time = marks.time AND excluded.source = 'fill')");
  if (!s) return std::unexpected(s.error());
  return (*s)->bind_text(1, mark.symbol)
      .bind_decimal(2, mark.price)
      .bind_time(3, mark.time)
      .bind_text(4, trading::to_string(mark.source))
      .run();
}

Status LedgerStore::save_marks(const std::vector<trading::Mark>& marks) {
  if (marks.empty()) return {};
  for (const auto& m : marks) {
    if (m.price <= Decimal{}) {
      return fail(ErrorCode::kInvalidArgument, "mark of " + m.symbol + " is not a price: " + m.price.to_string());
    }
  }
  auto tx = Transaction::begin(db_);
  if (!tx) return std::unexpected(tx.error());
  for (const auto& m : marks) {
    if (auto st = upsert_mark(m); !st) return st;
  }
  return tx->commit();
}

Result<std::map<std::string, trading::Mark>> LedgerStore::load_marks() {
  auto s = db_.prepare("SELECT symbol, price, time, source FROM marks ORDER BY symbol");
  if (!s) return std::unexpected(s.error());
  std::map<std::string, trading::Mark> out;
  auto st = each_row(**s, [&](Statement& r) -> Status {
    auto source = trading::parse_mark_source(r.column_text(3));
    if (!source) return fail(ErrorCode::kStorage, "marks row " + r.column_text(0) + " has an unknown source");
    out.emplace(r.column_text(0), trading::Mark{r.column_text(0), r.column_decimal(1), r.column_time(2), *source});
    return {};
  });
  if (!st) return std::unexpected(st.error());
  return out;
}

Status LedgerStore::record_snapshot(const trading::DailySnapshot& snap) {
  auto s = db_.prepare(
      "INSERT INTO equity_snapshots (date, equity, cash, realized, unrealized, start_equity) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (date) DO UPDATE SET equity = excluded.equity, "
      "cash = excluded.cash, realized = excluded.realized, unrealized = excluded.unrealized, "
      "start_equity = excluded.start_equity");
  if (!s) return std::unexpected(s.error());
  return (*s)->bind_text(1, format_date(snap.date))
      .bind_decimal(2, snap.equity)
      .bind_decimal(3, snap.cash)
      .bind_decimal(4, snap.realized)
      .bind_decimal(5, snap.unrealized)
      .bind_decimal(6, snap.start_equity)
      .run();
}

Result<std::vector<trading::DailySnapshot>> LedgerStore::load_snapshots() {
  auto s = db_.prepare("SELECT date, equity, cash, realized, unrealized, coalesce(start_equity, equity) FROM equity_snapshots "
      "ORDER BY date");
  if (!s) return std::unexpected(s.error());
  std::vector<trading::DailySnapshot> out;
  auto st = each_row(**s, [&](Statement& r) -> Status {
    auto date = parse_date(r.column_text(0));
    if (!date) return fail(ErrorCode::kStorage, "equity_snapshots has a bad date '" + r.column_text(0) + "'");
    out.push_back(trading::DailySnapshot{*date, r.column_decimal(1), r.column_decimal(2), r.column_decimal(3),
                                         r.column_decimal(4), r.column_decimal(5)});
    return {};
  });
  if (!st) return std::unexpected(st.error());
  return out;
}

}  // namespace rt::store

#include "store/order_journal.hpp"

#include "store/transaction.hpp"

namespace rt::store {
namespace {

using trading::Order;
using trading::OrderEvent;

constexpr std::string_view kOrderColumns =
    "order_ref, symbol, side, order_type, quantity, limit_price, stop_price, trail_amount, trail_percent, "
    "reference_price, tif, purpose, status, broker_order_id, perm_id, filled_quantity, avg_fill_price, "
    "created_at, status_at, updated_at, reject_reason, external, parent_ref, oca_group";

void bind_order(Statement& s, const Order& o) {
  const auto& in = o.intent;
  s.bind_text(1, in.order_ref)
      .bind_text(2, in.symbol)
      .bind_text(3, trading::to_string(in.side))
      .bind_text(4, trading::to_string(in.type))
      .bind_decimal(5, in.quantity)
      .bind_decimal(6, in.limit_price)
      .bind_decimal(7, in.stop_price)
      .bind_decimal(8, in.trail_amount)
      .bind_decimal(9, in.trail_percent)
      .bind_decimal(10, in.reference_price)
      .bind_text(11, trading::to_string(in.tif))
      .bind_text(12, trading::to_string(in.purpose))
      .bind_text(13, trading::to_string(o.status))
      .bind_int(14, o.broker_order_id)
      .bind_int(15, o.perm_id)
      .bind_decimal(16, o.filled_quantity)
      .bind_decimal(17, o.avg_fill_price)
      .bind_time(18, o.created_at)
      .bind_time(19, o.status_at)
      .bind_time(20, o.updated_at)
      .bind_text(21, o.reject_reason)
      .bind_int(22, o.external ? 1 : 0)
      .bind_text(23, in.parent_ref)
      .bind_text(24, in.oca_group);
}

Result<Order> read_order(const Statement& s) {
  Order o;
  auto& in = o.intent;
  in.order_ref = s.column_text(0);
  in.symbol = s.column_text(1);
  auto side = trading::parse_side(s.column_text(2));
  auto type = trading::parse_order_type(s.column_text(3));
  auto tif = trading::parse_time_in_force(s.column_text(10));
  auto purpose = trading::parse_order_purpose(s.column_text(11));
  auto status = trading::parse_order_status(s.column_text(12));
  if (!side || !type || !tif || !purpose || !status) {
    return fail(ErrorCode::kStorage, "orders row '" + in.order_ref + "' has an unknown side, type, tif, purpose or status");
  }
  in.side = *side;
  in.type = *type;
  in.quantity = s.column_decimal(4);
  in.limit_price = s.column_optional_decimal(5);
  in.stop_price = s.column_optional_decimal(6);
  in.trail_amount = s.column_optional_decimal(7);
  in.trail_percent = s.column_optional_decimal(8);
  in.reference_price = s.column_optional_decimal(9);
  in.tif = *tif;
  in.purpose = *purpose;
  o.status = *status;
  o.broker_order_id = s.column_int(13);
  o.perm_id = s.column_int(14);
  o.filled_quantity = s.column_decimal(15);
  o.avg_fill_price = s.column_decimal(16);
  o.created_at = s.column_time(17);
  o.status_at = s.column_time(18);
  o.updated_at = s.column_time(19);
  o.reject_reason = s.column_text(20);
  o.external = s.column_int(21) != 0;
  in.parent_ref = s.column_text(22);
  in.oca_group = s.column_text(23);
  return o;
}

}  // namespace

Status OrderJournal::insert_event(const OrderEvent& e) {
  auto s = db_.prepare(
      "INSERT INTO order_events (order_ref, from_status, to_status, kind, reason, exec_id, time) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!s) return std::unexpected(s.error());
  return (*s)->bind_text(1, e.order_ref)
      .bind_text(2, trading::to_string(e.from))
      .bind_text(3, trading::to_string(e.to))
      .bind_text(4, trading::to_string(e.kind))
      .bind_text(5, e.reason)
      .bind_text(6, e.exec_id)
      .bind_time(7, e.time)
      .run();
}

Status OrderJournal::insert_order(const Order& order, const OrderEvent& event) {
  static const std::string kInsert = "INSERT INTO orders (" + std::string(kOrderColumns) +
                                     ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                                     "?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)";
  auto s = db_.prepare(kInsert);
  if (!s) return std::unexpected(s.error());
  bind_order(**s, order);
  if (auto st = (*s)->run(); !st) return st;
  return insert_event(event);
}

Status OrderJournal::record_new_order(const Order& order, const OrderEvent& event) {
  auto tx = Transaction::begin(db_);
  if (!tx) return std::unexpected(tx.error());
  if (auto st = insert_order(order, event); !st) return st;
  return tx->commit();
}

Status OrderJournal::record_new_orders(const std::vector<const Order*>& orders, const std::vector<OrderEvent>& events) {
  if (orders.size() != events.size()) return fail(ErrorCode::kInternal, "journal: one first event per new order");
  auto tx = Transaction::begin(db_);
  if (!tx) return std::unexpected(tx.error());
  for (std::size_t i = 0; i < orders.size(); ++i) {
    if (auto st = insert_order(*orders[i], events[i]); !st) return st;
  }
  return tx->commit();  // one commit, one sync: the bracket is stored whole or not at all
}

Status OrderJournal::record_transition(const Order& order, const OrderEvent& event) {
  auto tx = Transaction::begin(db_);
  if (!tx) return std::unexpected(tx.error());
  auto s = db_.prepare(
      "UPDATE orders SET status = ?13, broker_order_id = ?14, perm_id = ?15, filled_quantity = ?16, "
      "avg_fill_price = ?17, status_at = ?19, updated_at = ?20, reject_reason = ?21, external = ?22 "
      "WHERE order_ref = ?1 AND symbol = ?2 AND side = ?3 AND order_type = ?4 AND quantity = ?5 "
      "AND limit_price IS ?6 AND stop_price IS ?7 AND trail_amount IS ?8 AND trail_percent IS ?9 "
      "AND reference_price IS ?10 AND tif = ?11 AND purpose = ?12 AND created_at = ?18 "
      "AND parent_ref = ?23 AND oca_group = ?24");
  if (!s) return std::unexpected(s.error());
  bind_order(**s, order);
  if (auto st = (*s)->run(); !st) return st;
  if (db_.changes() != 1) {
    return fail(ErrorCode::kStorage, "journal: order " + order.ref() + " is not stored or its intent differs");
  }
  if (auto st = insert_event(event); !st) return st;
  return tx->commit();
}

Status OrderJournal::record_amendment(const Order& order, const OrderEvent& event) {
  auto tx = Transaction::begin(db_);
  if (!tx) return std::unexpected(tx.error());
  // What a modification may change: the quantity and the prices. The rest names the same order.
  auto s = db_.prepare(
      "UPDATE orders SET quantity = ?5, limit_price = ?6, stop_price = ?7, trail_amount = ?8, trail_percent = ?9, "
      "status = ?13, broker_order_id = ?14, perm_id = ?15, filled_quantity = ?16, avg_fill_price = ?17, "
      "status_at = ?19, updated_at = ?20, reject_reason = ?21 "
      "WHERE order_ref = ?1 AND symbol = ?2 AND side = ?3 AND order_type = ?4 AND tif = ?11 AND purpose = ?12 "
      "AND created_at = ?18 AND parent_ref = ?23 AND oca_group = ?24 AND external = ?22 AND reference_price IS ?10");
  if (!s) return std::unexpected(s.error());
  bind_order(**s, order);
  if (auto st = (*s)->run(); !st) return st;
  if (db_.changes() != 1) {
    return fail(ErrorCode::kStorage, "journal: order " + order.ref() + " is not stored or is not the same order");
  }
  if (auto st = insert_event(event); !st) return st;
  return tx->commit();
}

Status OrderJournal::record_denial(const trading::RiskDenial& d) {
  auto s = db_.prepare("INSERT INTO risk_events (time, order_ref, symbol, rule, reason) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!s) return std::unexpected(s.error());
  return (*s)->bind_time(1, d.time)
      .bind_text(2, d.order_ref)
      .bind_text(3, d.symbol)
      .bind_text(4, trading::to_string(d.rule))
      .bind_text(5, d.reason)
      .run();
}

Result<std::vector<Order>> OrderJournal::select_orders(std::string_view sql) {
  auto s = db_.prepare(sql);
  if (!s) return std::unexpected(s.error());
  std::vector<Order> out;
  while (true) {
    auto row = (*s)->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    auto o = read_order(**s);
    if (!o) {
      (*s)->reset();
      return std::unexpected(o.error());
    }
    out.push_back(std::move(*o));
  }
  (*s)->reset();
  return out;
}

Result<std::vector<Order>> OrderJournal::load_orders() {
  static const std::string kSql = "SELECT " + std::string(kOrderColumns) + " FROM orders ORDER BY created_at, order_ref";
  return select_orders(kSql);
}

Result<std::vector<Order>> OrderJournal::load_open_orders() {
  static const std::string kSql = "SELECT " + std::string(kOrderColumns) +
                                  " FROM orders WHERE status IN ('New', 'PendingSubmit', 'Submitted', "
                                  "'PartiallyFilled') ORDER BY created_at, order_ref";
  return select_orders(kSql);
}

Result<std::vector<OrderEvent>> OrderJournal::load_events(const std::string& order_ref) {
  auto s = db_.prepare(
      "SELECT order_ref, from_status, to_status, kind, reason, exec_id, time FROM order_events "
      "WHERE order_ref = ?1 ORDER BY id");
  if (!s) return std::unexpected(s.error());
  (*s)->bind_text(1, order_ref);
  std::vector<OrderEvent> out;
  while (true) {
    auto row = (*s)->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    auto from = trading::parse_order_status((*s)->column_text(1));
    auto to = trading::parse_order_status((*s)->column_text(2));
    auto kind = trading::parse_order_event_kind((*s)->column_text(3));
    if (!from || !to || !kind) {
      (*s)->reset();
      return fail(ErrorCode::kStorage, "order_events row for '" + order_ref + "' has an unknown status or kind");
    }
    out.push_back(OrderEvent{(*s)->column_text(0), *from, *to, *kind, (*s)->column_text(4), (*s)->column_text(5),
                             (*s)->column_time(6)});
  }
  (*s)->reset();
  return out;
}

Result<std::vector<std::string>> OrderJournal::load_applied_exec_ids() {
  auto s =
      db_.prepare("SELECT exec_id FROM order_events WHERE exec_id <> '' GROUP BY exec_id ORDER BY min(id)");
  if (!s) return std::unexpected(s.error());
  std::vector<std::string> out;
  while (true) {
    auto row = (*s)->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back((*s)->column_text(0));
  }
  (*s)->reset();
  return out;
}

Result<std::vector<trading::RiskDenial>> OrderJournal::load_denials() {
  auto s = db_.prepare("SELECT time, order_ref, symbol, rule, reason FROM risk_events ORDER BY id");
  if (!s) return std::unexpected(s.error());
  std::vector<trading::RiskDenial> out;
  while (true) {
    auto row = (*s)->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    auto rule = trading::parse_denial_rule((*s)->column_text(3));
    if (!rule) {
      (*s)->reset();
      return fail(ErrorCode::kStorage, "risk_events row has an unknown rule '" + (*s)->column_text(3) + "'");
    }
    out.push_back(trading::RiskDenial{(*s)->column_time(0), (*s)->column_text(1), (*s)->column_text(2), *rule,
                                      (*s)->column_text(4)});
  }
  (*s)->reset();
  return out;
}

}  // namespace rt::store

#include "trading/oms/oms.hpp"

#include <cstdlib>
#include <utility>

namespace rt::trading {
namespace {

std::chrono::sys_days utc_day(Timestamp t) { return std::chrono::floor<std::chrono::days>(t); }

}  // namespace

Oms::Oms(const Clock& clock, Broker& broker, Journal& journal, PositionQuery positions, OmsConfig config)
    : clock_(clock),
      broker_(broker),
      journal_(journal),
      positions_(std::move(positions)),
      config_(std::move(config)),
      machine_(config_.cancel_grace) {
  if (!positions_) std::abort();  // the O1 position rule cannot work without a position source
  if (!config_.trading_day) config_.trading_day = utc_day;
  day_ = config_.trading_day(clock_.now());
}

void Oms::restore(std::vector<Order> orders, const std::vector<std::string>& known_exec_ids) {
  const Timestamp now = clock_.now();
  day_ = config_.trading_day(now);
  entries_today_ = 0;
  notional_today_ = Decimal{};
  for (auto& o : orders) {
    if (!o.external && o.intent.purpose == OrderPurpose::Entry && config_.trading_day(o.created_at) == day_) {
      ++entries_today_;
      if (auto n = notional(o.intent)) notional_today_ += *n;
    }
    if (o.perm_id != 0) perm_index_[o.perm_id] = o.ref();
    std::string ref = o.ref();
    orders_.insert_or_assign(std::move(ref), std::move(o));
  }
  exec_ids_.insert(known_exec_ids.begin(), known_exec_ids.end());
}

void Oms::roll_day(Timestamp now) {
  auto today = config_.trading_day(now);
  if (today != day_) {
    day_ = today;
    entries_today_ = 0;
    notional_today_ = Decimal{};
  }
}

std::optional<Decimal> Oms::notional(const OrderIntent& in) const {
  std::optional<Decimal> price = in.limit_price ? in.limit_price : in.stop_price ? in.stop_price : in.reference_price;
  if (!price) return std::nullopt;
  return in.quantity * *price;
}

std::string Oms::next_ref(Timestamp now) {
  // Unique across restarts: the clock's nanoseconds, the run's tag (a simulated day replayed on one
  // database repeats the market clock) and a per-process sequence.
  std::string ref = "rt-" + std::to_string(now.time_since_epoch().count()) + "-";
  if (!config_.run_tag.empty()) ref += config_.run_tag + "-";
  return ref + std::to_string(++ref_seq_);
}

std::unexpected<Error> Oms::deny(const OrderIntent& intent, DenialRule rule, std::string reason) {
  RiskDenial d{clock_.now(), intent.order_ref, intent.symbol, rule, std::move(reason)};
  std::string message = std::string(to_string(rule)) + ": " + d.reason;
  if (auto st = journal_.record_denial(d); !st) {
    ++journal_failures_;
    message += " (denial not journaled: " + st.error().message + ")";
  }
  denials_.push_back(std::move(d));
  return fail(ErrorCode::kRisk, std::move(message));
}

bool Oms::has_working_entry(const std::string& symbol) const {
  const Timestamp now = clock_.now();
  for (const auto& [ref, o] : orders_) {
    if (o.intent.symbol != symbol || o.intent.purpose != OrderPurpose::Entry) continue;
    if (is_open(o.status) || machine_.in_cancel_grace(o, now)) return true;
  }
  return false;
}

std::optional<std::unexpected<Error>> Oms::refusal(const OrderIntent& intent) {
  if (auto st = validate(intent); !st) return deny(intent, DenialRule::InvalidIntent, st.error().message);
  if (intent.purpose != OrderPurpose::Entry) return std::nullopt;
  if (has_working_entry(intent.symbol)) {
    return deny(intent, DenialRule::EntryAlreadyWorking, "an entry order for " + intent.symbol + " is still working");
  }
  if (Decimal held = positions_(intent.symbol); !held.is_zero()) {
    return deny(intent, DenialRule::PositionHeld, "a position of " + held.to_string() + " " + intent.symbol + " is held");
  }
  auto value = notional(intent);
  if (!value) {
    return deny(intent, DenialRule::NotionalUnknown,
                "market entry for " + intent.symbol + " has no reference price to value it");
  }
  if (entries_today_ + 1 > config_.max_entry_orders_per_day) {
    return deny(intent, DenialRule::DailyOrderCap,
                "daily entry order cap of " + std::to_string(config_.max_entry_orders_per_day) + " reached");
  }
  if (notional_today_ + *value > config_.max_entry_notional_per_day) {
    return deny(intent, DenialRule::DailyNotionalCap,
                "entry notional " + value.value().to_string() + " would bring today's total to " +
                    (notional_today_ + *value).to_string() + ", above the cap of " +
                    config_.max_entry_notional_per_day.to_string());
  }
  return std::nullopt;
}

Result<Oms::NewOrder> Oms::make_new(OrderIntent intent, Timestamp now) {
  if (intent.order_ref.empty()) intent.order_ref = next_ref(now);
  // A protective order opens its own OCA group; the exits of its position join it.
  if (intent.purpose == OrderPurpose::Protect && intent.oca_group.empty()) intent.oca_group = "oca-" + intent.order_ref;
  if (orders_.contains(intent.order_ref)) {
    return deny(intent, DenialRule::IdempotencyConflict, "order ref '" + intent.order_ref + "' is already used");
  }
  NewOrder n;
  n.order.intent = std::move(intent);
  n.order.created_at = now;
  n.order.status_at = now;
  n.order.updated_at = now;
  // The journal row says "about to send": if the process dies before the broker acknowledges,
  // reconciliation finds a PendingSubmit order the broker does not know (O2).
  n.first = machine_.apply_status(n.order, OrderStatus::PendingSubmit, "journaled before send", now);
  return n;
}

Order* Oms::keep_new(Order order) {
  if (order.intent.purpose == OrderPurpose::Entry) {
    ++entries_today_;
    notional_today_ += notional(order.intent).value_or(Decimal{});
  }
  auto [it, inserted] = orders_.emplace(order.ref(), std::move(order));
  if (!inserted) std::abort();  // checked in make_new
  placed_here_.insert(it->first);
  return &it->second;
}

Result<Order*> Oms::journal_new(OrderIntent intent, Timestamp now) {
  auto n = make_new(std::move(intent), now);
  if (!n) return std::unexpected(n.error());
  if (auto st = journal_.record_new_order(n->order, n->first); !st) {
    return fail(ErrorCode::kStorage,
                "order " + n->order.ref() + " not sent, journal write failed: " + st.error().message);
  }
  return keep_new(std::move(n->order));
}

Status Oms::send(Order& stored, Timestamp now) {
  auto placed = broker_.place(stored);
  if (!placed) {
    OrderEvent ev = machine_.apply_status(stored, OrderStatus::Rejected, "place failed: " + placed.error().describe(), now);
    journal(stored, ev);
    return std::unexpected(placed.error());
  }
  stored.broker_order_id = *placed;
  stored.updated_at = now;
  std::string what = "sent as broker order " + std::to_string(*placed);
  if (!stored.transmit) what += ", staged until its bracket is transmitted";
  OrderEvent sent{stored.ref(), stored.status, stored.status, OrderEventKind::Transition, std::move(what), {}, now};
  journal(stored, sent);
  return {};
}

Result<Order> Oms::submit(OrderIntent intent) {
  const Timestamp now = clock_.now();
  roll_day(now);
  if (!intent.order_ref.empty()) {
    if (auto it = orders_.find(intent.order_ref); it != orders_.end()) {
      if (it->second.intent == intent) return it->second;  // idempotent: same key, same order
      return deny(intent, DenialRule::IdempotencyConflict,
                  "order ref '" + intent.order_ref + "' is already used by a different order");
    }
  }
  if (auto denied = refusal(intent)) return *denied;
  auto stored = journal_new(std::move(intent), now);
  if (!stored) return std::unexpected(stored.error());
  if (auto st = send(**stored, now); !st) return std::unexpected(st.error());
  return **stored;
}

Result<std::vector<Order>> Oms::submit_bracket(OrderIntent parent, std::vector<OrderIntent> children) {
  const Timestamp now = clock_.now();
  roll_day(now);
  if (children.empty()) {
    auto one = submit(std::move(parent));
    if (!one) return std::unexpected(one.error());
    return std::vector<Order>{std::move(*one)};
  }
  if (auto denied = refusal(parent)) return *denied;
  for (const auto& c : children) {
    if (c.purpose == OrderPurpose::Entry) {
      return deny(c, DenialRule::InvalidIntent, "a bracket child of " + c.symbol + " cannot be an entry");
    }
    if (auto st = validate(c); !st) return deny(c, DenialRule::InvalidIntent, st.error().message);
  }
  // Journal the whole bracket first, in one write: a crash part-way leaves either none of it or
  // all of it journaled and unsent, which reconciliation finds (O2); never an order at the broker
  // the journal does not know.
  std::vector<NewOrder> fresh;
  auto head = make_new(std::move(parent), now);
  if (!head) return std::unexpected(head.error());
  fresh.push_back(std::move(*head));
  std::string group;  // the children's one OCA group: the first child's, unless they name one
  for (auto& c : children) {
    c.parent_ref = fresh.front().order.ref();
    if (c.oca_group.empty()) c.oca_group = group;
    auto leg = make_new(std::move(c), now);
    if (!leg) return std::unexpected(leg.error());
    if (leg->order.ref() == fresh.front().order.ref()) {
      return deny(leg->order.intent, DenialRule::IdempotencyConflict, "a bracket child cannot share its parent's ref");
    }
    if (group.empty()) group = leg->order.intent.oca_group;
    fresh.push_back(std::move(*leg));
  }
  std::vector<const Order*> rows;
  std::vector<OrderEvent> firsts;
  for (const auto& n : fresh) {
    rows.push_back(&n.order);
    firsts.push_back(n.first);
  }
  if (auto st = journal_.record_new_orders(rows, firsts); !st) {
    return fail(ErrorCode::kStorage, "bracket " + fresh.front().order.ref() +
                                         " not sent, journal write failed: " + st.error().message);
  }
  std::vector<Order*> legs;
  for (auto& n : fresh) legs.push_back(keep_new(std::move(n.order)));
  Order* p = legs.front();
  auto abandon = [&](std::size_t from, const std::string& why) {
    for (std::size_t i = from; i < legs.size(); ++i) {
      OrderEvent ev = machine_.apply_status(*legs[i], OrderStatus::Rejected, why, now);
      journal(*legs[i], ev);
    }
  };
  p->transmit = false;
  if (auto st = send(*p, now); !st) {
    abandon(1, "bracket not sent: its parent was refused");
    return std::unexpected(st.error());
  }
  for (std::size_t i = 1; i < legs.size(); ++i) {
    Order& leg = *legs[i];
    leg.parent_broker_order_id = p->broker_order_id;
    leg.transmit = i + 1 == legs.size();
    if (auto st = send(leg, now); !st) {
      // The parent is staged, so nothing has traded: take it back rather than leave it unguarded.
      (void)broker_.cancel(*p);
      abandon(i + 1, "bracket not sent: an earlier child was refused");
      return std::unexpected(st.error());
    }
  }
  std::vector<Order> out;
  for (Order* leg : legs) {
    leg->transmit = true;  // the bracket is at the broker now
    out.push_back(*leg);
  }
  return out;
}

Status Oms::amend(const std::string& order_ref, Decimal quantity, std::optional<Decimal> stop_price) {
  auto it = orders_.find(order_ref);
  if (it == orders_.end()) return fail(ErrorCode::kNotFound, "modify: unknown order ref '" + order_ref + "'");
  Order& o = it->second;
  if (!is_open(o.status)) {
    return fail(ErrorCode::kInvalidArgument,
                "modify: order " + order_ref + " is " + std::string(to_string(o.status)) + ", not open");
  }
  if (!modifiable(order_ref) || o.broker_order_id <= 0) {
    return fail(ErrorCode::kRefused, "modify: order " + order_ref + " was placed by another session");
  }
  if (quantity <= o.filled_quantity) {
    return fail(ErrorCode::kInvalidArgument, "modify: order " + order_ref + " cannot go to " + quantity.to_string() +
                                                 " shares, " + o.filled_quantity.to_string() + " are filled");
  }
  Order changed = o;
  changed.intent.quantity = quantity;
  if (stop_price) changed.intent.stop_price = stop_price;
  if (auto st = validate(changed.intent); !st) return st;
  changed.transmit = true;
  if (auto st = broker_.modify(changed); !st) return st;
  const Timestamp now = clock_.now();
  std::string what = "modified in place: " + o.intent.quantity.to_string() + " -> " + quantity.to_string() + " shares";
  if (stop_price) what += ", stop " + stop_price->to_string();
  changed.updated_at = now;
  OrderEvent ev{changed.ref(), changed.status, changed.status, OrderEventKind::Transition, std::move(what), {}, now};
  o = std::move(changed);
  if (auto st = journal_.record_amendment(o, ev); !st) ++journal_failures_;
  return {};
}

Status Oms::cancel(const std::string& order_ref) {
  auto it = orders_.find(order_ref);
  if (it == orders_.end()) return fail(ErrorCode::kNotFound, "cancel: unknown order ref '" + order_ref + "'");
  if (!is_open(it->second.status)) {
    return fail(ErrorCode::kInvalidArgument, "cancel: order " + order_ref + " is " +
                                                 std::string(to_string(it->second.status)) + ", not open");
  }
  return broker_.cancel(it->second);
}

Order* Oms::find_mutable(const std::string& order_ref, std::int64_t perm_id, std::int64_t broker_order_id) {
  if (!order_ref.empty()) {
    if (auto it = orders_.find(order_ref); it != orders_.end()) return &it->second;
    return nullptr;  // a ref we do not know is not ours, whatever its permId says
  }
  if (perm_id != 0) {
    if (auto it = perm_index_.find(perm_id); it != perm_index_.end()) return &orders_.at(it->second);
  }
  if (broker_order_id != 0) {
    for (auto& [ref, o] : orders_) {
      if (o.broker_order_id == broker_order_id && !o.external && placed_here_.contains(ref)) return &o;
    }
  }
  return nullptr;
}

void Oms::journal(const Order& order, const OrderEvent& event) {
  if (!event.worth_storing()) return;
  if (auto st = journal_.record_transition(order, event); !st) ++journal_failures_;
}

Result<OrderEvent> Oms::on_status(const BrokerOrderUpdate& u) {
  const Timestamp now = clock_.now();
  Order* o = find_mutable(u.order_ref, u.perm_id, u.broker_order_id);
  if (o == nullptr) {
    return fail(ErrorCode::kNotFound, "status for unknown order (ref '" + u.order_ref +
                                          "', perm id " + std::to_string(u.perm_id) + ")");
  }
  bool identity_changed = false;
  if (u.perm_id != 0 && o->perm_id != u.perm_id) {
    o->perm_id = u.perm_id;
    perm_index_[u.perm_id] = o->ref();
    identity_changed = true;
  }
  if (u.broker_order_id != 0 && o->broker_order_id != u.broker_order_id) {
    o->broker_order_id = u.broker_order_id;
    identity_changed = true;
  }
  OrderEvent ev = machine_.apply_status(*o, u.status, u.reason, now);
  if (identity_changed && ev.kind == OrderEventKind::Unchanged) {
    o->updated_at = now;
    ev.kind = OrderEventKind::Transition;
    ev.reason = "acknowledged, perm id " + std::to_string(o->perm_id);
  }
  journal(*o, ev);
  return ev;
}

FillOutcome Oms::on_fill(const Fill& fill) {
  if (exec_ids_.contains(fill.exec_id)) {
    ++duplicate_fills_;
    return {FillOutcome::Kind::Duplicate, std::nullopt};
  }
  Order* o = find_mutable(fill.order_ref, fill.perm_id, 0);
  if (o == nullptr) return {FillOutcome::Kind::Unmatched, std::nullopt};
  exec_ids_.insert(fill.exec_id);
  if (fill.perm_id != 0 && o->perm_id == 0) {
    o->perm_id = fill.perm_id;
    perm_index_[fill.perm_id] = o->ref();
  }
  OrderEvent ev = machine_.apply_fill(*o, fill, clock_.now());
  journal(*o, ev);
  return {FillOutcome::Kind::Applied, std::move(ev)};
}

Status Oms::add_external(Order order) {
  if (order.ref().empty()) order.intent.order_ref = "ext-" + std::to_string(order.perm_id);
  if (orders_.contains(order.ref())) {
    return fail(ErrorCode::kInvalidArgument, "external order ref '" + order.ref() + "' is already known");
  }
  const Timestamp now = clock_.now();
  order.external = true;
  if (order.created_at == Timestamp{}) order.created_at = now;
  order.updated_at = now;
  OrderEvent ev{order.ref(), order.status, order.status, OrderEventKind::Anomaly,
                "broker order unknown to the journal, flagged external", {}, now};
  if (auto st = journal_.record_new_order(order, ev); !st) return st;
  if (order.perm_id != 0) perm_index_[order.perm_id] = order.ref();
  orders_.emplace(order.ref(), std::move(order));
  return {};
}

Result<std::vector<OrderEvent>> Oms::apply_reconciliation(const ReconcilePlan& plan) {
  const Timestamp now = clock_.now();
  std::vector<OrderEvent> events;
  std::optional<Error> first_error;
  for (const auto& a : plan.adopt) {
    if (a.broker.modifiable) placed_here_.insert(a.order_ref);
    auto ev = on_status(BrokerOrderUpdate{a.order_ref, a.broker.perm_id, a.broker.broker_order_id, a.broker.status,
                                          "adopted from the broker at reconcile"});
    if (ev) events.push_back(std::move(*ev));
  }
  auto mark_inactive = [&](const std::string& ref, const char* why) {
    auto it = orders_.find(ref);
    if (it == orders_.end()) return;
    OrderEvent ev = machine_.apply_status(it->second, OrderStatus::Inactive, why, now);
    journal(it->second, ev);
    events.push_back(std::move(ev));
  };
  for (const auto& ref : plan.not_sent) mark_inactive(ref, "not sent: unknown to the broker at reconcile");
  for (const auto& ref : plan.gone_at_broker) {
    mark_inactive(ref, "no longer open at the broker and no execution seen at reconcile");
  }
  for (const auto& b : plan.external_orders) {
    Order o;
    o.intent.order_ref = b.order_ref;
    o.intent.symbol = b.symbol;
    o.intent.side = b.side;
    o.intent.quantity = b.quantity;
    o.intent.type = b.type;
    o.perm_id = b.perm_id;
    o.broker_order_id = b.broker_order_id;
    o.status = b.status;
    o.filled_quantity = b.filled_quantity;
    if (auto st = add_external(std::move(o)); !st && !first_error) first_error = st.error();
  }
  for (const auto* fills : {&plan.fills_to_apply, &plan.order_fills_to_apply}) {
    for (const auto& m : *fills) {
      auto out = on_fill(m.fill);
      if (out.event) events.push_back(std::move(*out.event));
    }
  }
  if (first_error) return std::unexpected(*first_error);
  return events;
}

std::size_t Oms::forget_final_orders() {
  const Timestamp now = clock_.now();
  std::size_t dropped = 0;
  for (auto it = orders_.begin(); it != orders_.end();) {
    if (machine_.is_final(it->second, now)) {
      if (it->second.perm_id != 0) perm_index_.erase(it->second.perm_id);
      it = orders_.erase(it);
      ++dropped;
    } else {
      ++it;
    }
  }
  return dropped;
}

const Order* Oms::find(const std::string& order_ref) const {
  auto it = orders_.find(order_ref);
  return it == orders_.end() ? nullptr : &it->second;
}

const Order* Oms::find_by_perm_id(std::int64_t perm_id) const {
  auto it = perm_index_.find(perm_id);
  return it == perm_index_.end() ? nullptr : find(it->second);
}

std::vector<const Order*> Oms::open_protection() const {
  std::vector<const Order*> out;
  for (const auto& [ref, o] : orders_) {
    if (o.intent.purpose == OrderPurpose::Protect && is_open(o.status)) out.push_back(&o);
  }
  return out;
}

std::vector<Order> Oms::open_orders() const {
  std::vector<Order> out;
  for (const auto& [ref, o] : orders_) {
    if (is_open(o.status)) out.push_back(o);
  }
  return out;
}

}  // namespace rt::trading

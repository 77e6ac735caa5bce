#include "ib/broker/order_feed.hpp"

#include <spdlog/spdlog.h>

#include "ib/broker/order_event_mapper.hpp"

namespace rt::ib {

OrderFeed::OrderFeed(trading::Oms& oms, IbBroker& broker, FillRecorder& recorder, const Clock& clock)
    : oms_(oms), broker_(broker), recorder_(recorder), clock_(clock) {}

OrderFeed::~OrderFeed() = default;

void OrderFeed::attach(ConnectionManager& connections) {
  std::weak_ptr<bool> alive = alive_;
  connections.on_message([this, alive](const tws::Response& r) {
    if (!alive.expired()) handle(r);
  });
}

void OrderFeed::handle(const tws::Response& message) {
  if (auto* m = std::get_if<tws::OrderStatus>(&message)) {
    on_order_status(*m);
  } else if (auto* o = std::get_if<tws::OpenOrder>(&message)) {
    on_open_order(*o);
  } else if (auto* e = std::get_if<tws::ExecutionData>(&message)) {
    on_execution(*e);
  } else if (auto* c = std::get_if<tws::CommissionReport>(&message)) {
    ++stats_.commissions;
    if (auto w = recorder_.apply_commission(c->exec_id, c->commission); !w) {
      ++stats_.fill_errors;
      spdlog::error("orders: commission for {} not stored: {}", c->exec_id, w.error().message);
    }
  } else if (auto* n = std::get_if<tws::NextValidId>(&message)) {
    broker_.on_next_valid_id(n->order_id);
  } else if (auto* err = std::get_if<tws::ErrorMessage>(&message)) {
    on_error(*err);
  }
}

std::string OrderFeed::resolve(const std::string& order_ref, std::int64_t perm_id, std::int64_t order_id) const {
  const trading::Order* o = nullptr;
  if (perm_id != 0) o = oms_.find_by_perm_id(perm_id);
  if (o == nullptr && !order_ref.empty()) o = oms_.find(order_ref);
  if (o == nullptr && order_id > 0) {
    if (auto ref = broker_.ref_for_order_id(order_id)) {
      o = oms_.find(*ref);
      // The id map is per session; a report naming another broker order is not ours.
      if (o != nullptr && perm_id != 0 && o->perm_id != 0 && o->perm_id != perm_id) o = nullptr;
    }
  }
  if (o == nullptr || o->external) return {};
  return o->ref();
}

void OrderFeed::on_open_order(const tws::OpenOrder& m) {
  if (m.order.what_if) return;  // a what-if answer: never an order
  std::string ref = resolve(m.order.order_ref, m.order.perm_id, 0);
  if (ref.empty()) {
    ++stats_.status_unmatched;
    return;
  }
  broker_.remember(m.order_id, ref);
  auto update = to_order_update(m);
  if (!update) return;
  update->order_ref = ref;
  if (oms_.on_status(*update)) ++stats_.status_updates;
}

void OrderFeed::on_order_status(const tws::OrderStatus& m) {
  std::string ref = resolve({}, m.perm_id, m.order_id);
  if (ref.empty()) {
    ++stats_.status_unmatched;
    return;
  }
  auto update = to_order_update(m, ref);
  if (!update) return;
  if (oms_.on_status(*update)) ++stats_.status_updates;
}

void OrderFeed::on_execution(const tws::ExecutionData& m) {
  if (m.req_id != -1) return;  // a reply to reqExecutions: the Reconciler's
  auto fill = to_fill(m, clock_.now());
  if (!fill) {
    ++stats_.fill_errors;
    spdlog::error("orders: {}", fill.error().message);
    return;
  }
  std::string ref = resolve(fill->order_ref, fill->perm_id, m.order_id);
  if (ref.empty()) {
    ++stats_.fills_external;
    spdlog::warn("orders: execution {} ({} {} {}) belongs to no order of ours; not applied", fill->exec_id,
                 m.side, fill->quantity.to_string(), fill->symbol);
    return;
  }
  fill->order_ref = ref;
  // The ledger first: its write is the durable one; both sides ignore an exec id they have seen.
  auto written = recorder_.apply_fill(*fill);
  if (!written) {
    ++stats_.fill_errors;
    spdlog::error("orders: fill {} not stored: {}", fill->exec_id, written.error().message);
  }
  auto outcome = oms_.on_fill(*fill);
  recorder_.publish();
  if (outcome.kind == trading::FillOutcome::Kind::Duplicate ||
      (written && *written == store::FillWrite::Duplicate)) {
    ++stats_.fills_duplicate;
  } else if (outcome.kind == trading::FillOutcome::Kind::Applied) {
    ++stats_.fills_applied;
  }
}

void OrderFeed::on_error(const tws::ErrorMessage& m) {
  if (m.id <= 0) return;
  auto ref = broker_.ref_for_order_id(m.id);
  if (!ref) return;  // not one of our order ids (a request id, or another session's)
  const trading::Order* o = oms_.find(*ref);
  if (o == nullptr) return;
  auto effect = classify_order_error(m.code, m.message);
  if (!effect) {
    if (m.code >= 2100 && m.code < 2200) return;  // informational
    spdlog::warn("orders: TWS {} for order {} (id {}): {}", m.code, *ref, m.id, m.message);
    return;
  }
  ++stats_.order_errors;
  notices_.push_back(OrderNotice{clock_.now(), *ref, m.id, m.code, m.message});
  if (notices_.size() > kMaxNotices) notices_.pop_front();
  spdlog::warn("orders: order {} (id {}) -> {}: {}", *ref, m.id, trading::to_string(effect->status), effect->reason);
  trading::BrokerOrderUpdate update;
  update.order_ref = *ref;
  update.broker_order_id = m.id;
  update.status = effect->status;
  update.reason = effect->reason;
  (void)oms_.on_status(update);
}

}  // namespace rt::ib

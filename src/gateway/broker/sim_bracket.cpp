// SimBroker, brackets and OCA groups, as TWS runs them:
// - transmit = false stages an order: nothing is sent or matched until a later order of its
//   bracket (a child naming it as parent) arrives with transmit = true, which sends them all.
// - A child (parentId) is PreSubmitted and not matched until its parent has filled completely.
// - A parent cancelled before any fill cancels its children.
// - Orders of one OCA group (ocaGroup, per account), and the children of one parent, are one
//   group: a fill of one cancels the others (ocaType 1) or reduces them by the shares filled
//   (ocaType 2 and 3, and a bracket's children), cancelling any reduced to nothing.
#include "gateway/broker/sim_broker.hpp"

namespace rt::gateway {

std::optional<OrderRejection> SimBroker::link_to_parent(SimOrder& o) {
  const auto parent_id = o.order.parent_id;
  if (parent_id == 0) return std::nullopt;
  const SimOrder* parent = find(o.client_id, parent_id);
  if (parent == nullptr || (!parent->working && parent->status != kStatusFilled)) {
    return OrderRejection{o.order_id, kErrOrderRejected,
                          "Order rejected - reason:the parent order " + std::to_string(parent_id) +
                              " is not a working order of this client",
                          {}};
  }
  if (parent->status != kStatusFilled) {
    o.active = false;
    o.status = kStatusPreSubmitted;
  }
  return std::nullopt;
}

void SimBroker::transmit_bracket(SimOrder& last) {
  if (last.order.parent_id == 0) return;
  SimOrder* parent = find_mutable(last.client_id, last.order.parent_id);
  if (parent == nullptr) return;
  if (!parent->transmitted) {
    parent->transmitted = true;
    emit_status(*parent, true);
  }
  for (auto& o : orders_) {
    if (&o == &last || o.transmitted || !o.working || o.client_id != last.client_id ||
        o.order.parent_id != last.order.parent_id) {
      continue;
    }
    o.transmitted = true;
    emit_status(o, true);
  }
}

bool SimBroker::in_group_of(const SimOrder& o, const SimOrder& other) const {
  if (&o == &other) return false;
  if (!o.order.oca_group.empty()) return o.order.oca_group == other.order.oca_group && o.account == other.account;
  return o.order.parent_id != 0 && o.order.parent_id == other.order.parent_id && o.client_id == other.client_id;
}

void SimBroker::release_children(const SimOrder& parent) {
  for (auto& child : orders_) {
    if (child.active || !child.working || child.client_id != parent.client_id ||
        child.order.parent_id != parent.order_id) {
      continue;
    }
    // A child guards what its parent bought: a parent that ends part-filled shrinks it.
    if (parent.filled < child.order.total_quantity) {
      child.order.total_quantity = parent.filled;
      child.remaining = parent.filled - child.filled;
    }
    child.active = true;
    child.status = child.is_stop_type() ? kStatusPreSubmitted : kStatusSubmitted;
    emit_status(child, true);
    // A TRAIL child starts its water mark from the market at activation.
    if (child.order.order_type == "TRAIL") {
      child.trail_stop.reset();
      if (auto q = quotes_->quote(child.contract.symbol, now())) engine_.arm_trail(child, *q);
    }
  }
}

void SimBroker::on_filled_shares(SimOrder& o, Decimal shares) {
  if (o.status == kStatusFilled) release_children(o);
  const bool cancel_all = !o.order.oca_group.empty() && o.order.oca_type == 1;
  for (auto& other : orders_) {
    if (!other.working || !other.transmitted || !in_group_of(o, other)) continue;
    if (cancel_all) {
      do_cancel(other, false);
      continue;
    }
    other.order.total_quantity = other.order.total_quantity - shares;
    other.remaining = other.order.total_quantity - other.filled;
    if (other.remaining <= Decimal{}) {
      other.remaining = Decimal{};
      do_cancel(other, false);
    } else {
      emit_status(other, true);
    }
  }
}

void SimBroker::cancel_children(const SimOrder& parent) {
  for (auto& child : orders_) {
    if (child.working && child.client_id == parent.client_id && child.order.parent_id == parent.order_id) {
      do_cancel(child, false);
    }
  }
}

}  // namespace rt::gateway

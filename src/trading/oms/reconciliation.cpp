#include "trading/oms/reconciliation.hpp"

#include <map>
#include <unordered_map>

namespace rt::trading {

ReconcilePlan reconcile(const ReconcileInput& in) {
  ReconcilePlan plan;
  std::unordered_map<std::string, const Order*> by_ref;
  std::unordered_map<std::int64_t, const Order*> by_perm;
  for (const auto& o : in.journal_orders) {
    by_ref[o.ref()] = &o;
    if (o.perm_id != 0) by_perm[o.perm_id] = &o;
  }
  auto match = [&](const std::string& ref, std::int64_t perm_id, MatchedBy& how) -> const Order* {
    if (!ref.empty()) {
      if (auto it = by_ref.find(ref); it != by_ref.end()) {
        how = MatchedBy::OrderRef;
        return it->second;
      }
      return nullptr;  // another ref: not the journaled order that happens to share its permId
    }
    if (perm_id != 0) {
      if (auto it = by_perm.find(perm_id); it != by_perm.end()) {
        how = MatchedBy::PermId;
        return it->second;
      }
    }
    return nullptr;
  };

  std::set<std::string> seen_at_broker;  // journal refs the broker reported as open
  for (const auto& b : in.broker_orders) {
    MatchedBy how{};
    const Order* o = match(b.order_ref, b.perm_id, how);
    if (o == nullptr || o->external) {
      if (o == nullptr) plan.external_orders.push_back(b);
      if (o != nullptr) seen_at_broker.insert(o->ref());
      continue;
    }
    seen_at_broker.insert(o->ref());
    const bool differs = o->status != b.status || o->perm_id != b.perm_id || o->broker_order_id != b.broker_order_id;
    if (differs) plan.adopt.push_back(OrderAdoption{o->ref(), how, b});
  }

  std::set<std::string> executed;  // journal refs with executions reported by the broker
  std::map<std::string, Decimal> expected;
  for (const auto& p : in.ledger_positions) expected[p.symbol] += p.quantity;
  for (const auto& f : in.broker_executions) {
    MatchedBy how{};
    const Order* o = match(f.order_ref, f.perm_id, how);
    if (o != nullptr) executed.insert(o->ref());
    if (in.ledger_exec_ids.contains(f.exec_id)) {
      if (o != nullptr && !o->external && !in.order_exec_ids.contains(f.exec_id)) {
        plan.order_fills_to_apply.push_back(MissingFill{f, o->ref()});
      }
      continue;
    }
    if (o != nullptr && !o->external) {
      plan.fills_to_apply.push_back(MissingFill{f, o->ref()});
      expected[f.symbol] += f.quantity * sign(f.side);
    } else {
      plan.external_fills.push_back(MissingFill{f, o != nullptr ? o->ref() : std::string{}});
    }
  }

  for (const auto& o : in.journal_orders) {
    if (o.external || !is_open(o.status) || seen_at_broker.contains(o.ref()) || executed.contains(o.ref())) continue;
    if (o.perm_id == 0 && o.broker_order_id == 0) {
      plan.not_sent.push_back(o.ref());
    } else {
      plan.gone_at_broker.push_back(o.ref());
    }
  }

  std::map<std::string, Decimal> broker;
  std::map<std::string, Decimal> broker_cost;
  for (const auto& p : in.broker_positions) {
    broker[p.symbol] += p.quantity;
    broker_cost[p.symbol] = p.avg_cost;
  }
  for (const auto& [symbol, qty] : broker) {
    Decimal want = expected.contains(symbol) ? expected[symbol] : Decimal{};
    if (qty != want) plan.position_mismatches.push_back(PositionMismatch{symbol, qty, want, broker_cost[symbol]});
  }
  for (const auto& [symbol, qty] : expected) {
    if (!qty.is_zero() && !broker.contains(symbol)) {
      plan.position_mismatches.push_back(PositionMismatch{symbol, Decimal{}, qty, Decimal{}});
    }
  }
  return plan;
}

}  // namespace rt::trading

#pragma once
// Startup (and reconnect) reconciliation between the journal/ledger and the broker (O2, O6, O9).
// reconcile() is a pure function: it compares what the broker reports with what the journal and
// the ledger hold and returns a plan; it changes nothing. The caller applies the plan before any
// strategy may trade: adopt broker state into journaled orders, flag unknown broker orders as
// external, apply missing fills to the ledger, and mark never-acknowledged orders Inactive.
//
// Matching: a broker order matches a journaled order by order ref; by perm id only when the broker
// names no ref (a ref the journal does not know is never matched through its perm id).
// A journaled open order that the broker does not report, with no executions, was either never
// sent (no perm id: the process died between journal and send) or ended while we were away
// (it had a perm id). Executions are matched the same way and checked against both stores on
// their own: the ledger's write of a fill and the order's are two transactions, so a process
// killed between them leaves a fill the ledger holds and its order never took. Such a fill goes to
// the order only; without it the order would stay open forever.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/decimal.hpp"
#include "trading/fill.hpp"
#include "trading/order.hpp"

namespace rt::trading {

// An open order as the broker reports it (IB openOrder + orderStatus).
struct BrokerOpenOrder {
  std::string order_ref;
  std::int64_t perm_id = 0;
  std::int64_t broker_order_id = 0;
  std::string symbol;
  Side side = Side::Buy;
  Decimal quantity;
  OrderType type = OrderType::Market;
  OrderStatus status = OrderStatus::Submitted;
  Decimal filled_quantity;
  // Placed under this session's client id: this session may modify and cancel it (TWS lets only
  // the client that placed an order change it).
  bool modifiable = false;
};

// A position as the broker reports it: signed quantity.
struct BrokerPosition {
  std::string symbol;
  Decimal quantity;
  Decimal avg_cost;
};

struct ReconcileInput {
  std::vector<Order> journal_orders;
  std::vector<BrokerOpenOrder> broker_orders;
  std::vector<BrokerPosition> broker_positions;
  std::vector<Fill> broker_executions;
  std::set<std::string> ledger_exec_ids;             // exec ids already applied to the ledger
  std::set<std::string> order_exec_ids;              // exec ids already applied to journaled orders
  std::vector<BrokerPosition> ledger_positions;      // signed quantity per symbol from the ledger
};

enum class MatchedBy { OrderRef, PermId };

struct OrderAdoption {
  std::string order_ref;  // the journaled order
  MatchedBy matched_by = MatchedBy::OrderRef;
  BrokerOpenOrder broker;  // the state to adopt (status, perm id, broker order id)
};

struct MissingFill {
  Fill fill;
  std::string order_ref;  // the journaled order it belongs to; empty when the order is unknown
};

struct PositionMismatch {
  std::string symbol;
  Decimal broker_quantity;
  Decimal expected_quantity;  // ledger plus the missing fills of journaled orders
  Decimal broker_avg_cost;    // 0 when the broker holds none
};

struct ReconcilePlan {
  std::vector<OrderAdoption> adopt;
  std::vector<BrokerOpenOrder> external_orders;  // O6: never adopted silently
  std::vector<MissingFill> fills_to_apply;       // executions of journaled orders missing from the ledger
  std::vector<MissingFill> order_fills_to_apply;  // in the ledger, missing from their journaled order
  std::vector<MissingFill> external_fills;       // executions of orders the journal does not know
  std::vector<std::string> not_sent;             // O2: journaled, never acknowledged, unknown to the broker
  std::vector<std::string> gone_at_broker;       // acknowledged once, no longer open, no new executions
  std::vector<PositionMismatch> position_mismatches;

  [[nodiscard]] bool clean() const {
    return adopt.empty() && external_orders.empty() && fills_to_apply.empty() &&
           order_fills_to_apply.empty() && external_fills.empty() && not_sent.empty() &&
           gone_at_broker.empty() && position_mismatches.empty();
  }
};

ReconcilePlan reconcile(const ReconcileInput& input);

}  // namespace rt::trading

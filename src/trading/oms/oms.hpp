#pragma once
// Oms: the one choke point for every order (DESIGN "Orders and money").
//
// Contract
// - submit() validates the intent, applies the order rules (idempotent key; at most one working
//   entry per symbol; no entry while a position is held; daily entry-count and entry-notional
//   caps), journals the order, and only then calls Broker::place. A failed journal write means
//   nothing is sent and the storage error is returned (P4). Every refusal is a RiskDenial, kept
//   and journaled, and returned as an ErrorCode::kRisk error.
// - Exits and stops are not subject to the entry rules or caps: they are always allowed.
// - on_status() and on_fill() feed broker reports through the OrderStateMachine; every event
//   worth storing is journaled. A fill may arrive with no status (O3) or after Cancelled (O4);
//   a repeated exec id is ignored and counted (O5).
// - A Cancelled entry still inside its grace period counts as working: a late fill may yet open
//   the position.
//
// Threading: single-threaded, lives on the trading event loop. The Clock, Broker and Journal are
// owned by the caller and must outlive the Oms. The position query is called synchronously.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "core/result.hpp"
#include "trading/fill.hpp"
#include "trading/oms/order_event.hpp"
#include "trading/oms/order_state_machine.hpp"
#include "trading/oms/reconciliation.hpp"
#include "trading/oms/risk_denial.hpp"
#include "trading/order.hpp"
#include "trading/ports/broker.hpp"
#include "trading/ports/journal.hpp"

namespace rt::trading {

// Signed position (positive long, negative short) currently held in a symbol.
using PositionQuery = std::function<Decimal(const std::string& symbol)>;
// Maps a time to the trading day the daily caps count against.
using TradingDayFn = std::function<std::chrono::sys_days(Timestamp)>;

struct OmsConfig {
  std::int64_t max_entry_orders_per_day = 100;
  Decimal max_entry_notional_per_day = Decimal::from_int(1'000'000);
  Duration cancel_grace = std::chrono::seconds(30);
  // Default: the UTC calendar day. The runner passes the exchange's day.
  TradingDayFn trading_day;
  // Part of every order ref this Oms makes, unique to the process (the runner derives it from the
  // wall clock): refs stay unique across restarts even when the market clock repeats a day.
  std::string run_tag;
};

// What happened to one execution report.
struct FillOutcome {
  enum class Kind { Applied, Duplicate, Unmatched };
  Kind kind = Kind::Applied;
  std::optional<OrderEvent> event;  // set when Applied
};

class Oms {
 public:
  Oms(const Clock& clock, Broker& broker, Journal& journal, PositionQuery positions, OmsConfig config);

  // Restores orders read back from the journal after a restart, together with the exec ids those
  // orders have taken (the journal's fill events; not the ledger's, which may hold a fill its
  // order never took). Rebuilds today's entry count and notional. Call before any submit.
  void restore(std::vector<Order> orders, const std::vector<std::string>& known_exec_ids);

  Result<Order> submit(OrderIntent intent);
  // Sends an entry and the orders attached to it (its protective stop, a take-profit) as one
  // bracket. Every order is journaled before any is sent; the parent and all children but the last
  // are staged (transmit false) and the last child transmits the whole bracket, so nothing can
  // trade before all of it is at the broker. The parent passes the order rules; the children
  // (never entries) are exempt and take the parent's ref as their parent_ref. A child that cannot
  // be sent cancels the staged parent (nothing traded) and the error is returned.
  Result<std::vector<Order>> submit_bracket(OrderIntent parent, std::vector<OrderIntent> children);
  // Modifies a working order in place (the same broker order): its quantity, and for stops their
  // stop price and trail. Only for orders this session may change (placed by it, or adopted from
  // the broker as modifiable). Journaled as an amendment once the broker took the request.
  Status amend(const std::string& order_ref, Decimal quantity, std::optional<Decimal> stop_price = std::nullopt);
  // Whether the order's broker id is valid on this session, so it can be modified or cancelled.
  [[nodiscard]] bool modifiable(const std::string& order_ref) const { return placed_here_.contains(order_ref); }
  // Requests cancellation of an open order; the Cancelled status arrives later via on_status.
  Status cancel(const std::string& order_ref);

  // Applies a broker status report. Unknown orders give kNotFound.
  Result<OrderEvent> on_status(const BrokerOrderUpdate& update);
  // Applies an execution to its order (matched by order ref, then perm id).
  FillOutcome on_fill(const Fill& fill);

  // Adds an order that the broker holds and the journal does not know, flagged external (O6).
  Status add_external(Order order);

  // Applies a reconciliation plan to the orders (not to the ledger): adopts broker state, marks
  // never-sent and vanished orders Inactive with the reason, adds external orders, and runs the
  // missing executions of journaled orders (plan.fills_to_apply and plan.order_fills_to_apply)
  // through on_fill. The caller applies plan.fills_to_apply to the ledger store as well. Returns
  // the events produced; the first failure to add an external order is returned as an error
  // after the rest are applied.
  Result<std::vector<OrderEvent>> apply_reconciliation(const ReconcilePlan& plan);

  // Drops final orders (Filled, Rejected, Inactive, and Cancelled past its grace period) from
  // memory; the journal keeps them. Their exec ids stay known, so a repeated execution is still a
  // duplicate, but a final order's ref may be used again. For long simulations (the backtester),
  // where has_working_entry() would otherwise scan every order ever sent. Returns how many.
  std::size_t forget_final_orders();

  [[nodiscard]] const Order* find(const std::string& order_ref) const;
  [[nodiscard]] const Order* find_by_perm_id(std::int64_t perm_id) const;
  [[nodiscard]] std::vector<Order> open_orders() const;
  // The open protective orders (purpose Protect), ours and adopted.
  [[nodiscard]] std::vector<const Order*> open_protection() const;
  [[nodiscard]] bool has_working_entry(const std::string& symbol) const;

  [[nodiscard]] std::int64_t duplicate_fills() const { return duplicate_fills_; }
  [[nodiscard]] std::int64_t journal_failures() const { return journal_failures_; }
  [[nodiscard]] const std::vector<RiskDenial>& denials() const { return denials_; }
  [[nodiscard]] std::int64_t entries_today() const { return entries_today_; }
  [[nodiscard]] Decimal entry_notional_today() const { return notional_today_; }
  [[nodiscard]] const OrderStateMachine& state_machine() const { return machine_; }

 private:
  // By order ref; else by permId, unless the update names another ref; else by broker order id,
  // only among orders this Oms placed (order ids are per session: an earlier run's order 5 is not
  // this run's order 5).
  Order* find_mutable(const std::string& order_ref, std::int64_t perm_id, std::int64_t broker_order_id);
  std::unexpected<Error> deny(const OrderIntent& intent, DenialRule rule, std::string reason);
  // The order rules for a new order: a denial, or nullopt when it may go.
  std::optional<std::unexpected<Error>> refusal(const OrderIntent& intent);
  // A new order and its first event (PendingSubmit, "about to send"), its ref assigned; not kept.
  struct NewOrder {
    Order order;
    OrderEvent first;
  };
  Result<NewOrder> make_new(OrderIntent intent, Timestamp now);
  // Keeps a journaled new order; counts an entry.
  Order* keep_new(Order order);
  // Journals a new order and keeps it.
  Result<Order*> journal_new(OrderIntent intent, Timestamp now);
  // Hands a journaled order to the broker and journals the outcome.
  Status send(Order& stored, Timestamp now);
  void roll_day(Timestamp now);
  void journal(const Order& order, const OrderEvent& event);
  std::optional<Decimal> notional(const OrderIntent& intent) const;
  std::string next_ref(Timestamp now);

  const Clock& clock_;
  Broker& broker_;
  Journal& journal_;
  PositionQuery positions_;
  OmsConfig config_;
  OrderStateMachine machine_;

  std::map<std::string, Order> orders_;                          // by order ref
  std::unordered_map<std::int64_t, std::string> perm_index_;     // perm id -> order ref
  std::unordered_set<std::string> exec_ids_;
  std::vector<RiskDenial> denials_;
  std::chrono::sys_days day_{};
  std::int64_t entries_today_ = 0;
  Decimal notional_today_;
  std::int64_t duplicate_fills_ = 0;
  std::int64_t journal_failures_ = 0;
  std::int64_t ref_seq_ = 0;
  std::unordered_set<std::string> placed_here_;  // refs this Oms submitted (broker ids are theirs)
};

}  // namespace rt::trading

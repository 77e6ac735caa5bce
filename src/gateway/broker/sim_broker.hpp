#pragma once
// SimBroker: the broker inside the gateway emulator. It accepts, modifies and cancels orders for
// every client of one emulator instance, matches them against a QuoteSource (MatchingEngine), books
// fills into the simulated Accounts (cash, positions with average cost, realized P&L,
// commissions) and keeps every order and execution for the emulator's lifetime, so a client that
// reconnects, or a new process, reads the same truth back (reqOpenOrders, reqAllOpenOrders,
// reqExecutions, reqPositions).
//
// Orders are keyed by (clientId, orderId) as at TWS; permIds are unique and stable. Matching runs
// when an order arrives and on every on_market() call (each quote update of the market). DAY
// orders expire at the first 16:00 New York close after they were placed; GTC orders stay.
// What happened is reported to subscribers as BrokerEvents, synchronously and in TWS order:
//   accepted:  openOrder + orderStatus (PreSubmitted for stop types until triggered, else Submitted)
//   fill:      execDetails, commissionReport, then orderStatus Submitted (filled/remaining) for a
//              partial fill, or openOrder + orderStatus Filled for the last one
//   cancel:    orderStatus PendingCancel, 202 "Order Canceled - reason:", orderStatus Cancelled
// Rejections of a placeOrder/cancelOrder are returned to the caller, which sends them.
//
// Thread: the io_context thread; not thread-safe. Ownership: borrows the config, clock, accounts
// and quote source, which must outlive it; subscribers must unsubscribe before they go away.
#include <cstdint>
#include <deque>
#include <expected>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "gateway/account.hpp"
#include "gateway/broker/broker_config.hpp"
#include "gateway/broker/broker_event.hpp"
#include "gateway/broker/matching_engine.hpp"
#include "gateway/broker/quote_source.hpp"
#include "gateway/broker/sim_order.hpp"
#include "tws/messages/completed_order.hpp"
#include "tws/messages/executions.hpp"
#include "tws/messages/orders.hpp"

namespace rt::gateway {

// Error codes of the order path (TWS_PROTOCOL.md section 5).
inline constexpr int kErrDuplicateOrderId = 103;
inline constexpr int kErrNotCancellable = 161;
inline constexpr int kErrNoSecurityDefinition = 200;
inline constexpr int kErrOrderRejected = 201;
inline constexpr int kErrOrderCanceled = 202;
inline constexpr int kErrOrderSizeZero = 434;
inline constexpr int kErrCancelNotFound = 10147;
inline constexpr int kErrCancelNotCancellable = 10148;
inline constexpr int kWarnOutsideRthIgnored = 2109;
inline constexpr int kWarnCrossSide = 2137;

// An error to send on an order id.
struct OrderRejection {
  std::int64_t order_id = 0;
  int code = 0;
  std::string message;
  std::string reject_json;  // advancedOrderRejectJson: "" or a JSON object
};

class SimBroker {
 public:
  using Listener = std::function<void(const BrokerEvent&)>;

  SimBroker(const BrokerConfig& config, const Clock& clock, std::vector<Account>& accounts,
            const QuoteSource& quotes);

  // Replaces the quote source (e.g. once the market is built); the new one must outlive the broker.
  void set_quote_source(const QuoteSource& quotes) { quotes_ = &quotes; }

  // Subscribers get every event; the token unsubscribes. Safe to (un)subscribe from a listener.
  std::uint64_t subscribe(Listener listener);
  void unsubscribe(std::uint64_t token);

  // placeOrder from `client_id`: a new order, or a modification of that client's working order
  // with the same id. Returns the rejection to send, if any. `mute_token`: the subscriber that
  // must not hear about this order's acceptance and first fills (the drop-before-ack fault).
  std::optional<OrderRejection> place(int client_id, const tws::PlaceOrder& request,
                                      std::optional<std::uint64_t> mute_token = std::nullopt);
  // A what-if placeOrder (order.whatIf): nothing is placed or remembered. The answer is the openOrder
  // TWS sends for one: status PreSubmitted with the account's initial and maintenance margin and
  // equity with loan before, after and their change, had the order filled now at its limit or the
  // market's price, and the commission it would pay. Bad orders are refused as place() refuses
  // them; buying power is not checked (showing its effect is the point).
  std::expected<tws::OpenOrder, OrderRejection> what_if(const tws::PlaceOrder& request);
  // cancelOrder from `client_id`; returns 10147 / 10148 when it cannot be cancelled.
  std::optional<OrderRejection> cancel(int client_id, std::int64_t order_id);
  // reqGlobalCancel: every working order of every client.
  void cancel_all();
  // Matching up to the clock's now: expiries, triggers, trailing stops and fills, stepping through
  // the quotes since the previous call one simulated second at a time (at most a day back).
  void on_market();

  // The nextValidId for a client: >= `floor` and above every id it has used.
  [[nodiscard]] std::int64_t next_valid_id(int client_id, std::int64_t floor) const;
  // True when the drop-before-ack fault would apply to the next accepted order.
  [[nodiscard]] bool drop_before_ack_armed() const;
  // Called once that order was accepted: true when the connection must drop now (spends a `once`).
  bool take_drop_before_ack();
  // The drop-before-commission fault: true (once, if so configured) when the connection that
  // receives an execution is to close before its commissionReport.
  bool take_drop_before_commission();

  [[nodiscard]] const std::deque<SimOrder>& orders() const { return orders_; }
  [[nodiscard]] const std::deque<SimExecution>& executions() const { return executions_; }
  [[nodiscard]] const SimOrder* find(int client_id, std::int64_t order_id) const;
  // Executions matching a reqExecutions filter (clientId 0 = every client), in time order.
  [[nodiscard]] std::vector<const SimExecution*> executions(const tws::ExecutionFilter& filter) const;

  // The openOrder / orderStatus / execDetails / commissionReport messages of a record.
  [[nodiscard]] static tws::OpenOrder open_order_message(const SimOrder& o);
  // A finished order as reqCompletedOrders lists it.
  [[nodiscard]] static tws::CompletedOrder completed_order_message(const SimOrder& o);
  [[nodiscard]] static tws::OrderStatus order_status_message(const SimOrder& o);
  [[nodiscard]] static tws::ExecutionData execution_message(const SimExecution& e, int req_id);
  [[nodiscard]] static tws::CommissionReport commission_message(const SimExecution& e);

 private:
  SimOrder* find_mutable(int client_id, std::int64_t order_id);
  Account* account_for(std::string_view code);
  std::optional<OrderRejection> validate_new(const tws::PlaceOrder& request, const tws::Order& order,
                                             Account*& account, tws::Contract& contract,
                                             bool check_power = true) const;
  std::optional<Decimal> fill_price(const tws::Contract& contract, const tws::Order& order) const;
  std::optional<OrderRejection> check_buying_power(const Account& account, const tws::Contract& contract,
                                                   const tws::Order& order, Decimal quantity) const;
  std::optional<OrderRejection> modify(SimOrder& o, const tws::PlaceOrder& request);
  void match_all(Timestamp at);
  // Brackets and OCA groups (sim_bracket.cpp).
  std::optional<OrderRejection> link_to_parent(SimOrder& o);
  void transmit_bracket(SimOrder& last);
  void on_filled_shares(SimOrder& o, Decimal shares);
  void cancel_children(const SimOrder& parent);
  void release_children(const SimOrder& parent);
  [[nodiscard]] bool in_group_of(const SimOrder& o, const SimOrder& other) const;
  void match(SimOrder& o, bool on_arrival);
  // The instant being matched: the pass's step, else the clock's now.
  [[nodiscard]] Timestamp now() const { return pass_at_ ? *pass_at_ : clock_.now(); }
  void execute(SimOrder& o, Decimal shares, Decimal price, int last_liquidity, bool report_status);
  void do_cancel(SimOrder& o, bool fill_after);
  void emit(BrokerEvent event);
  void emit_status(const SimOrder& o, bool open_order);
  void emit_notice(const SimOrder& o, int code, std::string message);
  bool fire(const std::optional<OrderFaults::Flag>& fault, bool& spent);
  [[nodiscard]] Decimal chunk_size(const SimOrder& o) const;
  std::string next_exec_id();
  // The account's shares traded this month, before this fill (a new month starts at zero).
  Decimal& month_volume(const std::string& account);

  const BrokerConfig& config_;
  const Clock& clock_;
  std::vector<Account>& accounts_;
  const QuoteSource* quotes_;
  MatchingEngine engine_;
  std::deque<SimOrder> orders_;  // stable addresses; never erased
  std::map<std::pair<int, std::int64_t>, std::size_t> index_;  // (clientId, orderId) -> orders_
  std::map<int, std::int64_t> max_used_id_;                     // per client
  // Per account: the New York month ("yyyyMM") and the shares traded in it (the tiered schedule).
  std::map<std::string, std::pair<std::string, Decimal>> month_volume_;
  std::deque<SimExecution> executions_;
  std::map<std::uint64_t, Listener> listeners_;
  std::uint64_t next_token_ = 1;
  std::optional<std::uint64_t> muted_;
  std::optional<Timestamp> pass_at_;         // set during on_market()'s steps
  std::optional<Timestamp> matched_until_;   // the last on_market() instant
  std::int64_t next_perm_id_;
  std::uint64_t next_exec_;
  bool fill_after_cancel_spent_ = false;
  bool fills_without_status_spent_ = false;
  bool duplicate_exec_spent_ = false;
  bool drop_before_ack_spent_ = false;
  bool drop_before_commission_spent_ = false;
};

}  // namespace rt::gateway

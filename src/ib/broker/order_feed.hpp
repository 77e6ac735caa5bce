#pragma once
// OrderFeed: the inbound side of the order bridge for live traffic. TWS sends order messages
// unsolicited (keyed by orderId, permId and execId); the ConnectionManager forwards every message
// no request claimed, and the feed maps and applies the order ones:
// - openOrder / orderStatus -> Oms::on_status for orders the OMS knows (the order is found by perm
//   id, then by the order id -> ref map of IbBroker, then by orderRef); permId is recorded as the
//   broker identity once known. Orders the OMS does not know are left to the Reconciler (O6).
// - live execDetails (reqId -1) -> FillRecorder (ledger store, one transaction) and Oms::on_fill,
//   with or without an orderStatus (O3), after Cancelled too (O4); a repeated exec id is counted
//   once by both (O5). Executions of orders the journal does not know are counted, not applied.
//   Replies to reqExecutions are the Reconciler's.
// - commissionReport -> FillRecorder::apply_commission, keyed by exec id, whenever it arrives.
// - errors for one of our order ids: 201/103/434/200 reject, 202/10147 cancel, with the TWS text as
//   the reason (O7); nothing is retried.
// Thread: the trading event loop. Borrows the Oms, IbBroker and FillRecorder (they outlive it).
#include <cstdint>
#include <deque>
#include <string>

#include "core/clock.hpp"
#include "ib/broker/fill_recorder.hpp"
#include "ib/broker/ib_broker.hpp"
#include "ib/connection_manager.hpp"
#include "trading/oms/oms.hpp"
#include "tws/messages/codec.hpp"

namespace rt::ib {

struct OrderFeedStats {
  std::int64_t status_updates = 0;     // applied to a known order
  std::int64_t status_unmatched = 0;   // for orders the OMS does not know
  std::int64_t fills_applied = 0;      // new executions written to the ledger and the OMS
  std::int64_t fills_duplicate = 0;    // exec ids seen before (O5)
  std::int64_t fills_external = 0;     // executions of orders the journal does not know
  std::int64_t fill_errors = 0;        // unreadable executions or store failures
  std::int64_t commissions = 0;
  std::int64_t order_errors = 0;       // TWS errors for one of our order ids
};

// An error TWS reported for one of our orders, kept for display (bounded, newest last).
struct OrderNotice {
  Timestamp at{};
  std::string order_ref;
  std::int64_t order_id = 0;
  int code = 0;
  std::string text;
};

class OrderFeed {
 public:
  static constexpr std::size_t kMaxNotices = 256;

  OrderFeed(trading::Oms& oms, IbBroker& broker, FillRecorder& recorder, const Clock& clock);
  ~OrderFeed();
  OrderFeed(const OrderFeed&) = delete;
  OrderFeed& operator=(const OrderFeed&) = delete;

  // Registers with the connection manager's unclaimed-message listeners (once).
  void attach(ConnectionManager& connections);
  // Maps and applies one message; anything that is not an order message is ignored.
  void handle(const tws::Response& message);

  [[nodiscard]] const OrderFeedStats& stats() const { return stats_; }
  [[nodiscard]] const std::deque<OrderNotice>& notices() const { return notices_; }

 private:
  // The OMS order ref for a report, or "" when the OMS does not know the order (or it is external).
  std::string resolve(const std::string& order_ref, std::int64_t perm_id, std::int64_t order_id) const;
  void on_open_order(const tws::OpenOrder& m);
  void on_order_status(const tws::OrderStatus& m);
  void on_execution(const tws::ExecutionData& m);
  void on_error(const tws::ErrorMessage& m);

  trading::Oms& oms_;
  IbBroker& broker_;
  FillRecorder& recorder_;
  const Clock& clock_;
  OrderFeedStats stats_;
  std::deque<OrderNotice> notices_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace rt::ib

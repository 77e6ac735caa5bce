#pragma once
// IbBroker: the trading Broker port over the TWS session (outbound side of the order bridge).
//
// Contract
// - place(order): refuses (nothing sent) unless the OrderGate is open (reconciled on this session),
//   a session is up, and the account is a paper account (DU...) or live trading was explicitly
//   allowed. Otherwise it takes the next TWS order id (never reused: the floor only rises, from
//   nextValidId, from ids seen in the journal and at the broker), encodes placeOrder for the
//   session's server version with orderRef = the OMS idempotency key, and hands it to the pacer as
//   an order (orders jump the queue but count toward the rate). The frame goes out on the session
//   that was current at place(); if that session is gone by then it is dropped and counted, and
//   reconciliation finds the order on the next session.
// - cancel(order): cancelOrder for the order's TWS id, paced as a cancel.
// - Keeps the order id -> order ref map the inbound side needs (orderStatus has no orderRef).
// Thread: the trading event loop. Borrows the ConnectionManager, the PacingDriver (may be null:
// then frames are sent directly) and the OrderGate; all must outlive it.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/result.hpp"
#include "ib/broker/order_gate.hpp"
#include "ib/broker/place_order_builder.hpp"
#include "ib/connection_manager.hpp"
#include "ib/pacing/pacing_driver.hpp"
#include "trading/ports/broker.hpp"
#include "trading/risk/margin_check.hpp"

namespace rt::ib {

struct IbBrokerConfig {
  // The account orders go to; "" = the session's first managed account.
  std::string account;
  // Orders to accounts that are not DU... are refused unless this is set (the runner sets it only
  // when both the flag and the config ask for live trading).
  bool allow_live = false;
  std::string exchange = "SMART";
  std::string currency = "USD";
};

struct IbBrokerStats {
  std::int64_t placed = 0;              // placeOrder handed to the pacer (or sent)
  std::int64_t sent = 0;                // placeOrder frames written to a session
  std::int64_t cancels = 0;
  std::int64_t modified = 0;            // placeOrder modifications of working orders
  std::int64_t refused = 0;             // place() calls refused before anything was sent
  std::int64_t dropped_session_gone = 0;  // frames whose session ended before the pacer let them go
};

class IbBroker final : public trading::Broker {
 public:
  IbBroker(ConnectionManager& connections, PacingDriver* pacer, const OrderGate& gate, IbBrokerConfig config);

  Result<std::int64_t> place(const trading::Order& order) override;
  Status cancel(const trading::Order& order) override;
  // placeOrder again under the order's TWS id with its new quantity and prices (a modification).
  Status modify(const trading::Order& order) override;
  // Asks TWS what `order` would do to the account's margin: a what-if placeOrder under a fresh
  // order id, answered by one openOrder; nothing is placed. Fails when orders could not be sent
  // (the same checks as place()), on TWS's error for it, or at the deadline.
  boost::asio::awaitable<Result<trading::MarginImpact>> what_if(trading::Order order,
                                                                std::chrono::milliseconds timeout);

  // The contract orders for `symbol` (an instrument name) are sent with, as resolved; a symbol
  // never defined is sent as a US stock on SMART.
  void define(const std::string& symbol, tws::Contract contract);
  [[nodiscard]] const tws::Contract* contract_of(const std::string& symbol) const;

  // Raises the order id floor: the next id used is at least `id` (nextValidId).
  void on_next_valid_id(std::int64_t id);
  // An id known to be used (journal, broker reports): the next id is above it.
  void note_used_order_id(std::int64_t id);
  [[nodiscard]] std::int64_t next_order_id() const { return next_id_; }

  // Order id -> order ref, from our placements and from openOrder reports.
  void remember(std::int64_t order_id, const std::string& order_ref);
  [[nodiscard]] std::optional<std::string> ref_for_order_id(std::int64_t order_id) const;

  // The account orders go to now (config, or the session's first account); "" if unknown.
  [[nodiscard]] std::string account() const;
  [[nodiscard]] const IbBrokerStats& stats() const { return stats_; }

 private:
  Status send_paced(RequestKind kind, std::int64_t tag, const std::string& label, std::string frame);
  // The checks every order passes and its placeOrder under the next order id (taken).
  struct Prepared {
    std::shared_ptr<tws::ClientSession> session;
    tws::PlaceOrder message;
  };
  // `existing_id`: a modification of the order under that TWS id (no new id is taken).
  Result<Prepared> prepare(const trading::Order& order, std::int64_t existing_id = 0);
  std::unexpected<Error> refuse(ErrorCode code, std::string message);

  ConnectionManager& connections_;
  PacingDriver* pacer_;
  const OrderGate& gate_;
  IbBrokerConfig config_;
  std::int64_t next_id_ = 1;
  std::unordered_map<std::int64_t, std::string> refs_;
  std::unordered_map<std::string, tws::Contract> contracts_;  // instrument name -> contract
  IbBrokerStats stats_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // paced sends check it
};

}  // namespace rt::ib

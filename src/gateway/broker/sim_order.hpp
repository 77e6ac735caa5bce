#pragma once
// SimOrder and SimExecution: the emulator broker's records of one order and one fill. They live
// in the SimBroker for the life of the emulator (not of a client session), so a client that
// reconnects, or a new process, sees them through reqOpenOrders, reqAllOpenOrders and
// reqExecutions. Plain values.
#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "tws/messages/contract.hpp"
#include "tws/messages/orders.hpp"

namespace rt::gateway {

// TWS order status texts.
inline constexpr const char* kStatusPreSubmitted = "PreSubmitted";
inline constexpr const char* kStatusSubmitted = "Submitted";
inline constexpr const char* kStatusPendingCancel = "PendingCancel";
inline constexpr const char* kStatusCancelled = "Cancelled";
inline constexpr const char* kStatusFilled = "Filled";

struct SimOrder {
  std::int64_t order_id = 0;
  int client_id = 0;
  std::int64_t perm_id = 0;
  std::string account;
  tws::Contract contract;  // resolved: conId, primary exchange; exchange as requested
  tws::Order order;        // as placed: tif resolved, account, client id and perm id filled in
  std::string status = kStatusSubmitted;
  bool working = true;     // false once Filled or Cancelled
  std::optional<Timestamp> completed_at;  // when it stopped working
  Decimal filled;
  Decimal remaining;
  Decimal avg_fill_price;
  Decimal last_fill_price;
  Decimal fill_value;          // sum of shares x price
  Decimal commission_charged;  // sum of the commissions of its fills
  std::optional<Decimal> tier_volume;  // tiered: the account's shares this month before its first fill
  bool triggered = false;      // stop types: the trigger was crossed (the order is now a MKT/LMT)
  bool rested = false;         // a limit was not marketable once: later fills add liquidity
  std::optional<Decimal> trail_stop;  // TRAIL: the current stop price
  int chunks = 1;              // partial fills: how many fills the order is split into
  int fills = 0;               // fills so far
  Timestamp placed_at;
  std::optional<Timestamp> expires_at;  // DAY orders: the session close
  bool transmitted = true;  // false: staged (transmit = false) until a later order of its bracket transmits it
  bool active = true;       // false: a child waiting for its parent to fill (PreSubmitted, not matched)

  [[nodiscard]] bool is_buy() const { return order.action == "BUY"; }
  [[nodiscard]] bool is_stop_type() const {
    return order.order_type == "STP" || order.order_type == "STP LMT" || order.order_type == "TRAIL";
  }
};

struct SimExecution {
  std::string exec_id;  // "0000e0d5.6798a1b2.01.01"
  std::int64_t order_id = 0;
  int client_id = 0;
  std::int64_t perm_id = 0;
  std::string account;
  tws::Contract contract;  // exchange = the venue
  std::string exchange;    // the venue: ISLAND, NYSE, ARCA
  std::string side;        // BOT / SLD
  Decimal shares;
  Decimal price;
  Decimal cum_qty;
  Decimal avg_price;
  std::string order_ref;
  Timestamp time;
  int last_liquidity = 2;  // 1 added, 2 removed
  Decimal commission;
  std::optional<Decimal> realized_pnl;  // closing fills only
};

}  // namespace rt::gateway

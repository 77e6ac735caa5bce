#pragma once
// Inbound order mapping: TWS order messages (openOrder, orderStatus, execDetails, commissionReport,
// order errors, positions) to trading domain values. Pure functions, no I/O and no state; the
// OrderFeed and the Reconciler apply the results.
//
// Status words (TWS_PROTOCOL.md §4.14):
//   PendingSubmit, ApiPending           -> PendingSubmit
//   PreSubmitted, Submitted             -> Submitted (PartiallyFilled once something is filled)
//   Filled                              -> Filled
//   Cancelled, ApiCancelled             -> Cancelled
//   Inactive                            -> Inactive
//   PendingCancel                       -> no change (the order still works until Cancelled)
// Executions: BOT -> Buy, SLD -> Sell; shares and price stay Decimal.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "trading/fill.hpp"
#include "trading/oms/reconciliation.hpp"
#include "trading/order.hpp"
#include "trading/ports/broker.hpp"
#include "tws/messages/account.hpp"
#include "tws/messages/executions.hpp"
#include "tws/messages/orders.hpp"

namespace rt::ib {

// The domain status for a TWS status word; nullopt for PendingCancel and for words we do not know
// (both leave the order as it is).
std::optional<trading::OrderStatus> map_order_status(std::string_view ib_status, Decimal filled = Decimal{});

// orderStatus -> a status update; nullopt when the status word changes nothing. orderStatus has no
// orderRef: the caller passes the ref it knows for the order id ("" if none; perm id then matches).
std::optional<trading::BrokerOrderUpdate> to_order_update(const tws::OrderStatus& status, std::string order_ref);
// openOrder -> a status update (it carries orderRef and permId).
std::optional<trading::BrokerOrderUpdate> to_order_update(const tws::OpenOrder& open);

// openOrder (and the latest orderStatus for it, if any) -> what reconciliation compares.
// Fails for an order that is not a stock order we can represent (unknown action or order type).
Result<trading::BrokerOpenOrder> to_broker_open_order(const tws::OpenOrder& open, const tws::OrderStatus* status);

// execDetails -> a Fill (commission 0: the commissionReport follows). `fallback_time` is used when
// the execution time cannot be read. Fails naming the field for an unknown side, a non-positive
// quantity or price, or an empty exec id.
Result<trading::Fill> to_fill(const tws::ExecutionData& exec, Timestamp fallback_time);

// Execution times: "20250115 09:35:00 US/Eastern", "20250115  09:35:00" (no zone: UTC),
// "20250115-09:35:00" (UTC), zones UTC/GMT and US/Eastern (America/New_York) with US daylight
// saving time. nullopt for anything else.
std::optional<Timestamp> parse_execution_time(std::string_view text);

// The start of `now`'s UTC day as a reqExecutions time filter: "yyyyMMdd-00:00:00".
std::string execution_filter_since_day_start(Timestamp now);

// What an error for an order id means for the order (RELIABILITY O7): 201 (rejected), 103
// (duplicate order id), 434 (size zero), 200 (no security definition) -> Rejected; 202 (cancelled)
// and 10147/135 (not found at cancel) -> Cancelled. nullopt: not an order-ending code (warnings,
// 10148/161 "cannot cancel", ...).
struct OrderErrorEffect {
  trading::OrderStatus status = trading::OrderStatus::Rejected;
  std::string reason;
};
std::optional<OrderErrorEffect> classify_order_error(int code, std::string_view message);

// positions -> the reconciliation view (signed quantity, average cost).
trading::BrokerPosition to_broker_position(const tws::PositionData& p);

// Paper accounts are the ones IB numbers DU...
bool is_paper_account(std::string_view account);

}  // namespace rt::ib

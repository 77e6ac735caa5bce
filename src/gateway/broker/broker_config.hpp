#pragma once
// BrokerConfig: how the emulator's broker fills orders and what it charges, plus the order faults
// it plays. Plain data, part of GatewayConfig.
//
// Order fault specs (`--fault`, same conventions as fault_plan.hpp; `once`: only the first order
// the fault applies to is affected):
//   fill-after-cancel[:once]    a cancel of a working order is confirmed (PendingCancel,
//                               Cancelled, 202), then the remaining quantity is reported filled
//                               (execDetails + commissionReport) at the market             (O4)
//   fills-without-status[:once] fills send execDetails + commissionReport but no orderStatus
//                               and no openOrder                                           (O3)
//   duplicate-exec[:once]       every execDetails is sent twice (same execId)               (O5)
//   drop-before-ack[:once]      after a placeOrder is accepted, the connection is closed
//                               before its openOrder/orderStatus; the order stays working
//                               (O2, O9)
//   drop-before-commission[:once] the connection is closed after an execution's execDetails,
//                               before its commissionReport: the commission reaches the client
//                               only in the reqExecutions reply after it reconnects
//   reject-orders[:CODE]        every placeOrder is rejected with CODE (default 201)        (O7)
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "gateway/broker/commission_model.hpp"

namespace rt::gateway {

struct OrderFaults {
  struct Flag {
    bool once = false;
  };
  std::optional<Flag> fill_after_cancel;
  std::optional<Flag> fills_without_status;
  std::optional<Flag> duplicate_exec;
  std::optional<Flag> drop_before_ack;
  std::optional<Flag> drop_before_commission;
  std::optional<int> reject_orders;  // the error code

  [[nodiscard]] bool empty() const;
  // Adds one spec (syntax above); fails naming the spec on bad syntax or when already set.
  Status add(std::string_view spec);
  // The canonical spec texts, in a fixed order.
  [[nodiscard]] std::vector<std::string> specs() const;
};

// True when `spec` names an order fault (its text before the first ':').
bool is_order_fault_spec(std::string_view spec);

inline constexpr int kMaxSlippageTicks = 1000;

struct BrokerConfig {
  bool partial_fills = false;  // split each order's fills into 2-4 chunks, one per matching pass
  int slippage_ticks = 0;      // market and triggered stop orders fill this many ticks worse
  Decimal tick_size = Decimal::from_raw(Decimal::kScale / 100);  // $0.01
  CommissionModel commission;
  OrderFaults faults;
  // Where execution ids and permIds start. IB never repeats one for an account, across sessions
  // and restarts; 0 = derived by the GatewayServer from its wall clock (microseconds), so two runs
  // never share one. A fixed value makes a test's ids predictable.
  std::uint64_t id_seed = 0;
};

// Ranges: slippage 0..kMaxSlippageTicks, commission rates >= 0, tick > 0.
Status validate(const BrokerConfig& config);

}  // namespace rt::gateway

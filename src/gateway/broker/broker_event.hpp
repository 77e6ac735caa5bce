#pragma once
// BrokerEvent: what the SimBroker tells the sessions, synchronously, as orders change. Each session
// turns the events it is entitled to into TWS messages: the owning client gets everything about
// its orders; a client 0 with reqAutoOpenOrders(true) also gets openOrder/orderStatus of other
// clients' orders; position and account events go to whoever subscribed. The pointers are valid
// only during the call.
#include <cstdint>
#include <string>

#include "gateway/broker/sim_order.hpp"

namespace rt::gateway {

enum class BrokerEventKind {
  kOrderStatus,  // orderStatus (after an openOrder when open_order is set)
  kExecution,    // execDetails (twice when repeat_execution), then commissionReport
  kOrderNotice,  // ERR_MSG on the order id: 202 after a cancel, warnings such as 2109/2137
  kPortfolio,    // a position (and so the account) changed
  kMarks,        // the market moved the accounts' marks (P&L subscribers are updated)
};

struct BrokerEvent {
  BrokerEventKind kind = BrokerEventKind::kOrderStatus;
  const SimOrder* order = nullptr;          // all kinds but kPortfolio
  const SimExecution* execution = nullptr;  // kExecution
  bool open_order = false;                  // kOrderStatus
  bool repeat_execution = false;            // kExecution: the duplicate-exec fault
  int code = 0;                             // kOrderNotice
  std::string message;                      // kOrderNotice
  std::string account;                      // kPortfolio
  std::string symbol;                       // kPortfolio
};

}  // namespace rt::gateway

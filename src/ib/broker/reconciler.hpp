#pragma once
// Reconciler: brings the OMS, the journal and the ledger in line with the broker at startup and
// after every reconnect, BEFORE any new order may be sent (RELIABILITY O2, O6, O9).
//
// Each time the session becomes ready (and when attached to a session that already is) it closes
// the OrderGate and, on that session: asks for the next valid order id, reads positions
// (reqPositions), every client's open orders (reqAllOpenOrders, so orders placed elsewhere are
// seen) and today's executions (reqExecutions from the start of the UTC day), then builds a
// trading::ReconcileInput from those replies plus the journal and the ledger and applies the pure
// trading::reconcile() plan: missing fills of journaled orders are written to the ledger store
// and run through the OMS (a fill the ledger holds but its order never took, left by a process
// killed between the two writes, goes to the order only); broker state is adopted into
// journaled orders; journaled orders the broker never acknowledged are marked Inactive (never
// re-sent); broker orders the journal does not know are added flagged external and reported;
// position mismatches are reported. Only then is the gate opened. A failed attempt is retried a
// few times while the session stays up; the gate stays closed until one succeeds.
//
// Time: `clock` stamps the reports; `monotonic` measures each step's deadline (step_timeout).
//
// Thread: the trading event loop. Borrows everything it is given (all must outlive it); its own
// state is shared with the coroutines it starts, so destroying it while one runs is safe.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/monotonic_clock.hpp"
#include "core/result.hpp"
#include "ib/broker/fill_recorder.hpp"
#include "ib/broker/ib_broker.hpp"
#include "ib/broker/order_gate.hpp"
#include "ib/connection_manager.hpp"
#include "store/order_journal.hpp"
#include "trading/oms/oms.hpp"
#include "trading/oms/reconciliation.hpp"

namespace rt::ib {

struct ReconcilerConfig {
  std::chrono::milliseconds step_timeout{10000};  // per request (ids, positions, orders, executions)
  std::chrono::milliseconds retry_delay{1000};
  int max_attempts = 5;                           // per session
  bool all_clients = true;                        // reqAllOpenOrders rather than reqOpenOrders
  bool executions_since_day_start = true;         // false: every execution the broker still has
};

struct ReconcileReport {
  Timestamp at{};
  std::uint64_t run = 0;
  std::size_t broker_open_orders = 0;
  std::size_t broker_executions = 0;
  std::size_t broker_positions = 0;
  trading::ReconcilePlan plan;
  std::vector<std::string> problems;  // one line per external order/fill, not-sent order, mismatch
};

class Reconciler {
 public:
  Reconciler(boost::asio::any_io_executor executor, ConnectionManager& connections, IbBroker& broker,
             trading::Oms& oms, FillRecorder& recorder, store::OrderJournal& journal, OrderGate& gate,
             const Clock& clock, const MonotonicClock& monotonic, ReconcilerConfig config = {});
  ~Reconciler();
  Reconciler(const Reconciler&) = delete;
  Reconciler& operator=(const Reconciler&) = delete;

  // Registers with the connection manager: reconciles on every ready session from now on.
  void attach();
  // One reconciliation on the current session (attach() runs it for you; do not run two at once).
  boost::asio::awaitable<Result<ReconcileReport>> reconcile_once();

  // True once reconciled on the current session; false while connecting or reconciling.
  [[nodiscard]] bool ready_for_orders() const;
  [[nodiscard]] std::optional<ReconcileReport> last_report() const;
  [[nodiscard]] std::uint64_t completed() const;
  [[nodiscard]] std::uint64_t failures() const;
  [[nodiscard]] std::optional<Error> last_error() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace rt::ib

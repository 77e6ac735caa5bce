#pragma once
// BrokerStack: the order side wired on one event loop — the journal and ledger store on the given
// Database, the in-memory Ledger loaded from it, the OrderGate, IbBroker, the Oms (restored from
// the journal and the ledger's exec ids), the FillRecorder, the OrderFeed and the Reconciler.
// For the runner, commands and tests:
//
//   auto stack = BrokerStack::create(ex, connections, &pacer, db, clock, monotonic, config).value();
//   stack->start();                        // feed + reconciler listen; reconciles on every ready
//   ...
//   if (stack->ready_for_orders()) stack->oms().submit(intent);
//
// Thread: the executor's single thread. Owns everything it builds; borrows the ConnectionManager,
// the PacingDriver (may be null), the Database and the clocks, which must outlive it.
#include <boost/asio/any_io_executor.hpp>
#include <memory>
#include <optional>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "core/result.hpp"
#include "ib/broker/fill_recorder.hpp"
#include "ib/broker/ib_broker.hpp"
#include "ib/broker/order_feed.hpp"
#include "ib/broker/order_gate.hpp"
#include "ib/broker/reconciler.hpp"
#include "store/database.hpp"
#include "store/ledger_store.hpp"
#include "store/order_journal.hpp"
#include "trading/oms/oms.hpp"
#include "trading/portfolio/ledger.hpp"

namespace rt::ib {

struct BrokerStackConfig {
  IbBrokerConfig broker;
  trading::OmsConfig oms;
  ReconcilerConfig reconcile;
  // Written to the store when it holds no fills yet (a new database).
  std::optional<Decimal> starting_cash;
};

class BrokerStack {
 public:
  // Fails when the store cannot be read (journal, ledger) or the stored ledger is inconsistent.
  static Result<std::unique_ptr<BrokerStack>> create(boost::asio::any_io_executor executor,
                                                     ConnectionManager& connections, PacingDriver* pacer,
                                                     store::Database& db, const Clock& clock,
                                                     const MonotonicClock& monotonic, BrokerStackConfig config);
  BrokerStack(const BrokerStack&) = delete;
  BrokerStack& operator=(const BrokerStack&) = delete;
  ~BrokerStack();

  // Starts listening: live order messages go to the feed; every ready session is reconciled.
  void start();

  [[nodiscard]] bool ready_for_orders() const { return gate_.is_open(); }
  // A new database (no starting cash set, no fill) takes the account's cash from the broker
  // before anything is sized on it; elsewhere this does nothing and returns false.
  Result<bool> adopt_starting_cash(Decimal cash, Timestamp now);
  Result<bool> cash_unknown() { return ledger_store_->cash_unknown(); }
  trading::Oms& oms() { return *oms_; }
  IbBroker& broker() { return *broker_; }
  OrderFeed& feed() { return *feed_; }
  Reconciler& reconciler() { return *reconciler_; }
  FillRecorder& recorder() { return *recorder_; }
  trading::Ledger& ledger() { return ledger_; }
  store::LedgerStore& ledger_store() { return *ledger_store_; }
  store::OrderJournal& journal() { return *journal_; }
  const OrderGate& gate() const { return gate_; }

 private:
  BrokerStack() = default;
  ConnectionManager* connections_ = nullptr;
  std::unique_ptr<store::OrderJournal> journal_;
  std::unique_ptr<store::LedgerStore> ledger_store_;
  trading::Ledger ledger_;
  OrderGate gate_;
  std::unique_ptr<IbBroker> broker_;
  std::unique_ptr<trading::Oms> oms_;
  std::unique_ptr<FillRecorder> recorder_;
  std::unique_ptr<OrderFeed> feed_;
  std::unique_ptr<Reconciler> reconciler_;
};

}  // namespace rt::ib

#include "ib/broker/broker_stack.hpp"

#include <utility>

namespace rt::ib {

Result<std::unique_ptr<BrokerStack>> BrokerStack::create(boost::asio::any_io_executor executor,
                                                         ConnectionManager& connections, PacingDriver* pacer,
                                                         store::Database& db, const Clock& clock,
                                                         const MonotonicClock& monotonic, BrokerStackConfig config) {
  std::unique_ptr<BrokerStack> s(new BrokerStack());
  s->connections_ = &connections;
  s->journal_ = std::make_unique<store::OrderJournal>(db);
  s->ledger_store_ = std::make_unique<store::LedgerStore>(db);
  auto exec_ids = s->ledger_store_->load_exec_ids();
  if (!exec_ids) return std::unexpected(exec_ids.error());
  if (config.starting_cash && exec_ids->empty()) {
    if (auto st = s->ledger_store_->set_starting_cash(*config.starting_cash, clock.now()); !st) {
      return std::unexpected(st.error());
    }
  }
  auto ledger = s->ledger_store_->load_ledger();
  if (!ledger) return std::unexpected(ledger.error());
  s->ledger_ = std::move(*ledger);
  auto orders = s->journal_->load_orders();
  if (!orders) return std::unexpected(orders.error());
  auto taken_exec_ids = s->journal_->load_applied_exec_ids();
  if (!taken_exec_ids) return std::unexpected(taken_exec_ids.error());

  s->broker_ = std::make_unique<IbBroker>(connections, pacer, s->gate_, std::move(config.broker));
  trading::Ledger* ledger_ptr = &s->ledger_;
  s->oms_ = std::make_unique<trading::Oms>(
      clock, *s->broker_, *s->journal_, [ledger_ptr](const std::string& symbol) { return ledger_ptr->quantity(symbol); },
      std::move(config.oms));
  for (const auto& o : *orders) {
    if (o.broker_order_id > 0 && !o.external) s->broker_->note_used_order_id(o.broker_order_id);
  }
  s->oms_->restore(std::move(*orders), *taken_exec_ids);
  s->recorder_ = std::make_unique<FillRecorder>(*s->ledger_store_, s->ledger_, clock);
  s->feed_ = std::make_unique<OrderFeed>(*s->oms_, *s->broker_, *s->recorder_, clock);
  s->reconciler_ = std::make_unique<Reconciler>(executor, connections, *s->broker_, *s->oms_, *s->recorder_,
                                                *s->journal_, s->gate_, clock, monotonic, config.reconcile);
  return s;
}

BrokerStack::~BrokerStack() = default;

Result<bool> BrokerStack::adopt_starting_cash(Decimal cash, Timestamp now) {
  auto unknown = ledger_store_->cash_unknown();
  if (!unknown) return std::unexpected(unknown.error());
  if (!*unknown) return false;
  if (auto st = ledger_store_->set_starting_cash(cash, now); !st) return std::unexpected(st.error());
  auto ledger = ledger_store_->load_ledger();
  if (!ledger) return std::unexpected(ledger.error());
  ledger_ = std::move(*ledger);  // the same object: the recorder and the account keep their reference
  return true;
}

void BrokerStack::start() {
  // The feed first: a reply both look at is applied live before the reconciler plans with it.
  feed_->attach(*connections_);
  reconciler_->attach();
}

}  // namespace rt::ib

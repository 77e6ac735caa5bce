// The OMS wired to the SQLite journal and ledger store: journal-before-send on real files (P4),
// a process killed between journal and send (O2), and a restart with duplicate reports (O5).
#include <gtest/gtest.h>

#include <map>

#include "portfolio/fakes.hpp"
#include "store/ledger_store.hpp"
#include "store/order_journal.hpp"
#include "store/temp_dir.hpp"
#include "store/transaction.hpp"
#include "trading/oms/oms.hpp"
#include "trading/oms/reconciliation.hpp"

namespace rt::store {
namespace {

using namespace std::chrono_literals;
using trading::Oms;
using trading::OrderIntent;
using trading::OrderStatus;
using trading::testing::FakeBroker;

Decimal d(const char* s) { return *Decimal::parse(s); }
const Timestamp kT0{std::chrono::sys_days{std::chrono::year{2024} / 3 / 15} + 14h};

OrderIntent entry(const std::string& symbol, const std::string& ref) {
  OrderIntent in;
  in.order_ref = ref;
  in.symbol = symbol;
  in.quantity = d("10");
  in.type = trading::OrderType::Limit;
  in.limit_price = d("100");
  return in;
}

Database open_db(const std::string& path, const OpenOptions& options = {}) {
  auto db = Database::open(path, options);
  if (!db) ADD_FAILURE() << db.error().describe();
  return std::move(*db);
}

class OmsStoreTest : public ::testing::Test {
 protected:
  Oms make_oms(trading::Journal& journal) {
    return Oms(clock_, broker_, journal, [this](const std::string& s) { return positions_[s]; }, {});
  }
  std::string path() const { return dir_.file("trader.db"); }

  testing::TempDir dir_;
  ManualClock clock_{kT0};
  FakeBroker broker_;
  std::map<std::string, Decimal> positions_;
};

TEST_F(OmsStoreTest, SubmitOnAReadOnlyDatabaseFailsWithNoBrokerCall) {
  { Database created = open_db(path()); }
  Database db = open_db(path(), OpenOptions{.read_only = true});
  OrderJournal journal(db);
  Oms oms = make_oms(journal);
  auto r = oms.submit(entry("AAPL", "k1"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kStorage);
  EXPECT_NE(r.error().message.find("readonly"), std::string::npos) << r.error().message;
  EXPECT_TRUE(broker_.placed.empty());
}

TEST_F(OmsStoreTest, SubmitOnALockedDatabaseFailsWithNoBrokerCall) {
  Database holder = open_db(path());
  Database db = open_db(path(), OpenOptions{.busy_timeout = 0ms});
  auto lock = Transaction::begin(holder);
  ASSERT_TRUE(lock);
  OrderJournal journal(db);
  Oms oms = make_oms(journal);
  auto r = oms.submit(entry("AAPL", "k1"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kStorage);
  EXPECT_NE(r.error().message.find("locked"), std::string::npos) << r.error().message;
  EXPECT_TRUE(broker_.placed.empty());
}

TEST_F(OmsStoreTest, SubmitOnAFullDiskFailsWithNoBrokerCall) {
  Database db = open_db(path());
  OrderJournal journal(db);
  Oms oms = make_oms(journal);
  const auto pages = db.query_int("PRAGMA page_count").value();
  ASSERT_TRUE(db.exec("PRAGMA max_page_count = " + std::to_string(pages)));
  Result<trading::Order> r;
  std::size_t accepted = 0;
  for (int i = 0; i < 100000; ++i) {
    r = oms.submit(entry("S" + std::to_string(i), "k" + std::to_string(i)));
    if (!r) break;
    ++accepted;
  }
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kStorage);
  EXPECT_NE(r.error().message.find("full"), std::string::npos) << r.error().message;
  EXPECT_EQ(broker_.placed.size(), accepted);  // every order the broker saw has its journal row
  EXPECT_EQ(OrderJournal(db).load_orders()->size(), accepted);
}

// A broker that reads the journal from another connection at the moment of sending: what a
// process killed right here would find on restart.
class SnapshottingBroker final : public trading::Broker {
 public:
  explicit SnapshottingBroker(std::string path) : path_(std::move(path)) {}
  Result<std::int64_t> place(const trading::Order&) override {
    auto db = Database::open(path_);
    if (!db) return std::unexpected(db.error());
    auto orders = OrderJournal(*db).load_open_orders();
    if (!orders) return std::unexpected(orders.error());
    seen_at_send = *orders;
    return 1;
  }
  Status cancel(const trading::Order&) override { return {}; }
  std::vector<trading::Order> seen_at_send;

 private:
  std::string path_;
};

TEST_F(OmsStoreTest, OrderKilledBetweenJournalAndSendIsReconciledAsNotSent) {
  Database db = open_db(path());
  OrderJournal journal(db);
  SnapshottingBroker broker(path());
  Oms oms(clock_, broker, journal, [](const std::string&) { return Decimal{}; }, {});
  ASSERT_TRUE(oms.submit(entry("AAPL", "k1")));

  // What the journal held, committed, when the broker was called.
  ASSERT_EQ(broker.seen_at_send.size(), 1u);
  const auto& at_send = broker.seen_at_send[0];
  EXPECT_EQ(at_send.ref(), "k1");
  EXPECT_EQ(at_send.status, OrderStatus::PendingSubmit);
  EXPECT_EQ(at_send.broker_order_id, 0);

  // Restart with that journal and a broker that never received the order.
  trading::ReconcileInput in;
  in.journal_orders = broker.seen_at_send;
  auto plan = trading::reconcile(in);
  EXPECT_EQ(plan.not_sent, std::vector<std::string>{"k1"});
  EXPECT_TRUE(plan.adopt.empty());
}

TEST_F(OmsStoreTest, RestartRestoresOrdersLedgerAndIgnoresARepeatedExecution) {
  trading::Fill f;
  {
    Database db = open_db(path());
    OrderJournal journal(db);
    LedgerStore store(db);
    ASSERT_TRUE(store.set_starting_cash(d("10000"), kT0));
    auto ledger = store.load_ledger();
    ASSERT_TRUE(ledger);
    Oms oms(clock_, broker_, journal, [&](const std::string& s) { return ledger->quantity(s); }, {});
    auto order = oms.submit(entry("AAPL", "k1"));
    ASSERT_TRUE(order);
    ASSERT_TRUE(oms.on_status(trading::BrokerOrderUpdate{"k1", 555, order->broker_order_id, OrderStatus::Submitted, ""}));
    f = trading::Fill{"x1", "k1", 555, "AAPL", trading::Side::Buy, d("10"), d("99.5"), d("1"), kT0 + 1s};
    ASSERT_EQ(oms.on_fill(f).kind, trading::FillOutcome::Kind::Applied);
    ASSERT_EQ(store.apply_fill(*ledger, f).value(), FillWrite::Applied);
  }

  Database db = open_db(path());
  OrderJournal journal(db);
  LedgerStore store(db);
  auto ledger = store.load_ledger();
  ASSERT_TRUE(ledger);
  EXPECT_EQ(ledger->quantity("AAPL"), d("10"));
  EXPECT_EQ(ledger->cash(), d("9004"));
  Oms oms(clock_, broker_, journal, [&](const std::string& s) { return ledger->quantity(s); }, {});
  oms.restore(journal.load_orders().value(), store.load_exec_ids().value());
  ASSERT_NE(oms.find_by_perm_id(555), nullptr);
  EXPECT_EQ(oms.find("k1")->status, OrderStatus::Filled);
  EXPECT_EQ(oms.find("k1")->avg_fill_price, d("99.5"));

  // The broker re-sends the same execution after the reconnect.
  EXPECT_EQ(oms.on_fill(f).kind, trading::FillOutcome::Kind::Duplicate);
  EXPECT_EQ(store.apply_fill(*ledger, f).value(), FillWrite::Duplicate);
  EXPECT_EQ(ledger->quantity("AAPL"), d("10"));
  // A new entry is denied: the position is held.
  auto again = oms.submit(entry("AAPL", "k2"));
  ASSERT_FALSE(again);
  EXPECT_EQ(journal.load_denials().value().at(0).rule, trading::DenialRule::PositionHeld);
  EXPECT_TRUE(broker_.placed.size() == 1u);
}

TEST_F(OmsStoreTest, KilledBetweenTheLedgersWriteAndTheOrdersTheRestartGivesTheOrderItsFillOnce) {
  trading::Fill f;
  {
    Database db = open_db(path());
    OrderJournal journal(db);
    LedgerStore store(db);
    ASSERT_TRUE(store.set_starting_cash(d("10000"), kT0));
    auto ledger = store.load_ledger();
    ASSERT_TRUE(ledger);
    Oms oms(clock_, broker_, journal, [&](const std::string& s) { return ledger->quantity(s); }, {});
    auto order = oms.submit(entry("AAPL", "k1"));
    ASSERT_TRUE(order);
    ASSERT_TRUE(oms.on_status(
        trading::BrokerOrderUpdate{"k1", 555, order->broker_order_id, OrderStatus::Submitted, ""}));
    f = trading::Fill{"x1", "k1", 555, "AAPL", trading::Side::Buy, d("10"), d("99.5"), d("1"), kT0 + 1s};
    ASSERT_EQ(store.apply_fill(*ledger, f).value(), FillWrite::Applied);
    // Killed here: the order never took x1.
  }

  Database db = open_db(path());
  OrderJournal journal(db);
  LedgerStore store(db);
  auto ledger = store.load_ledger();
  ASSERT_TRUE(ledger);
  auto taken = journal.load_applied_exec_ids();
  ASSERT_TRUE(taken);
  EXPECT_TRUE(taken->empty());
  Oms oms(clock_, broker_, journal, [&](const std::string& s) { return ledger->quantity(s); }, {});
  oms.restore(journal.load_orders().value(), *taken);
  EXPECT_EQ(oms.find("k1")->status, OrderStatus::Submitted);

  trading::ReconcileInput in;
  in.journal_orders = journal.load_orders().value();
  in.broker_executions = {f};
  in.broker_positions = {trading::BrokerPosition{"AAPL", d("10"), d("99.5")}};
  in.ledger_exec_ids = ledger->state().exec_ids;
  in.order_exec_ids.insert(taken->begin(), taken->end());
  in.ledger_positions = {trading::BrokerPosition{"AAPL", ledger->quantity("AAPL"), d("99.5")}};
  auto plan = trading::reconcile(in);
  EXPECT_TRUE(plan.fills_to_apply.empty());
  ASSERT_EQ(plan.order_fills_to_apply.size(), 1u);
  ASSERT_TRUE(oms.apply_reconciliation(plan));

  EXPECT_EQ(oms.find("k1")->status, OrderStatus::Filled);
  EXPECT_EQ(journal.load_orders().value().at(0).status, OrderStatus::Filled);
  EXPECT_EQ(journal.load_applied_exec_ids().value(), std::vector<std::string>{"x1"});
  EXPECT_EQ(ledger->quantity("AAPL"), d("10"));  // the ledger is not written twice
  EXPECT_EQ(store.load_fills().value().size(), 1u);
}

}  // namespace
}  // namespace rt::store

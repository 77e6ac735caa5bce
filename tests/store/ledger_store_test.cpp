#include "store/ledger_store.hpp"

#include <gtest/gtest.h>

#include "store/temp_dir.hpp"

namespace rt::store {
namespace {

using namespace std::chrono_literals;
using trading::Fill;
using trading::Ledger;
using trading::Side;

Decimal d(const char* s) { return *Decimal::parse(s); }
const Timestamp kT0{std::chrono::seconds{1'710'511'200}};

Fill fill(const char* exec, const char* symbol, Side side, const char* qty, const char* price, const char* comm = "1") {
  Fill f;
  f.exec_id = exec;
  f.order_ref = std::string("ref-") + exec;
  f.perm_id = 1000;
  f.symbol = symbol;
  f.side = side;
  f.quantity = d(qty);
  f.price = d(price);
  f.commission = d(comm);
  f.time = kT0;
  return f;
}

class LedgerStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }

  void reopen() {
    store_.reset();
    db_.reset();
    auto db = Database::open(dir_.file("ledger.db"));
    ASSERT_TRUE(db) << db.error().describe();
    db_.emplace(std::move(*db));
    store_.emplace(*db_);
  }

  std::int64_t count(const char* sql) { return db_->query_int(sql).value(); }

  testing::TempDir dir_;
  std::optional<Database> db_;
  std::optional<LedgerStore> store_;
};

TEST_F(LedgerStoreTest, LateCommissionIsOneAdjustmentAndAReadOnlyStoreReadsIt) {
  ASSERT_TRUE(store_->set_starting_cash(d("10000"), kT0));
  auto ledger = store_->load_ledger();
  ASSERT_TRUE(ledger);
  ASSERT_TRUE(store_->apply_fill(*ledger, fill("e1", "AAPL", Side::Buy, "10", "100", "0")));
  ASSERT_TRUE(store_->apply_fill(*ledger, fill("e2", "MSFT", Side::Buy, "1", "100", "0")));
  EXPECT_EQ(store_->apply_commission(*ledger, "e1", d("1.5"), kT0).value(), CommissionWrite::Applied);
  EXPECT_EQ(store_->apply_commission(*ledger, "e1", d("1.5"), kT0).value(), CommissionWrite::Duplicate);
  EXPECT_EQ(ledger->cash(), d("8898.5"));

  auto ro = Database::open(dir_.file("ledger.db"), OpenOptions{.read_only = true});
  ASSERT_TRUE(ro) << ro.error().describe();
  LedgerStore reader(*ro);
  auto commissions = reader.load_commissions();
  ASSERT_TRUE(commissions) << commissions.error().describe();
  EXPECT_EQ(commissions->at("e1"), d("1.5"));
  EXPECT_EQ(commissions->at("e2"), d("0"));
}

// Adopting the broker's position moves shares, not money: the position becomes the broker's, cash
// is unchanged, and the adjustment is one fill row that survives a reload.
// A future's terms are stored with the ledger: after a restart its open position is valued at the
// multiplier it was booked under, and naming it with other terms is refused while it is held.
TEST_F(LedgerStoreTest, AnInstrumentsTermsSurviveARestartAndCannotChangeUnderItsPosition) {
  ASSERT_TRUE(store_->set_starting_cash(d("100000"), kT0));
  auto ledger = store_->load_ledger();
  ASSERT_TRUE(ledger);
  const trading::ValueTerms es{d("50"), false};
  ASSERT_TRUE(store_->define_terms(*ledger, "ES.FUT.CME", es));
  ASSERT_TRUE(store_->apply_fill(*ledger, fill("e1", "ES.FUT.CME", Side::Buy, "2", "5000", "3.4")));
  ledger->mark("ES.FUT.CME", d("5010"));
  ASSERT_TRUE(
      store_->save_marks({trading::Mark{"ES.FUT.CME", d("5010"), kT0 + 1s, trading::MarkSource::Trade}}));
  const Decimal equity = ledger->equity();

  reopen();
  auto restored = store_->load_ledger();
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ(restored->terms("ES.FUT.CME"), es);
  EXPECT_EQ(restored->cash(), d("99996.6")) << "a future's notional never moved into the position";
  EXPECT_EQ(restored->equity(), equity);
  EXPECT_EQ(restored->equity(), d("100996.6")) << "2 x 10 points x 50, less the commission";

  auto changed = store_->define_terms(*restored, "ES.FUT.CME", trading::ValueTerms{});
  ASSERT_FALSE(changed);
  EXPECT_NE(changed.error().message.find("cannot change"), std::string::npos) << changed.error().message;
  EXPECT_EQ(store_->load_terms().value().at("ES.FUT.CME"), es) << "a refused definition stores nothing";
}

TEST_F(LedgerStoreTest, AdoptingTheBrokersPositionChangesTheQuantityButNotTheCash) {
  ASSERT_TRUE(store_->set_starting_cash(d("10000"), kT0));
  auto ledger = store_->load_ledger();
  ASSERT_TRUE(ledger);
  ASSERT_TRUE(store_->apply_fill(*ledger, fill("e1", "MSFT", Side::Buy, "16", "100", "0")));
  const Decimal cash = ledger->cash();
  EXPECT_EQ(store_->adopt_position(*ledger, "MSFT", d("0"), d("0"), kT0 + 1s).value(), FillWrite::Applied);
  EXPECT_EQ(ledger->quantity("MSFT"), d("0"));
  EXPECT_EQ(ledger->cash(), cash);
  EXPECT_EQ(ledger->realized("MSFT"), d("0"));  // closed at its own average cost
  EXPECT_EQ(store_->adopt_position(*ledger, "AAPL", d("10"), d("150"), kT0 + 2s).value(), FillWrite::Applied);
  EXPECT_EQ(store_->adopt_position(*ledger, "AAPL", d("10"), d("150"), kT0 + 3s).value(), FillWrite::Duplicate);
  EXPECT_EQ(count("SELECT count(*) FROM fills WHERE order_ref = 'adopted-from-broker'"), 2);
  reopen();
  auto again = store_->load_ledger();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->quantity("AAPL"), d("10"));
  EXPECT_EQ(again->position("AAPL")->avg_cost, d("150"));
  EXPECT_EQ(again->cash(), cash);
}

TEST_F(LedgerStoreTest, ReadOnlyStoreReadsCommissionsBeforeAnyAdjustmentWasWritten) {
  ASSERT_TRUE(store_->set_starting_cash(d("10000"), kT0));
  auto ledger = store_->load_ledger();
  ASSERT_TRUE(ledger);
  ASSERT_TRUE(store_->apply_fill(*ledger, fill("e1", "AAPL", Side::Buy, "10", "100")));
  auto ro = Database::open(dir_.file("ledger.db"), OpenOptions{.read_only = true});
  ASSERT_TRUE(ro) << ro.error().describe();
  LedgerStore reader(*ro);
  auto commissions = reader.load_commissions();
  ASSERT_TRUE(commissions) << commissions.error().describe();
  EXPECT_EQ(commissions->at("e1"), d("1"));
}

TEST_F(LedgerStoreTest, ApplyFillWritesFillLotPositionAndCashTogether) {
  ASSERT_TRUE(store_->set_starting_cash(d("10000"), kT0));
  auto ledger = store_->load_ledger();
  ASSERT_TRUE(ledger);
  auto r = store_->apply_fill(*ledger, fill("e1", "AAPL", Side::Buy, "10", "100"));
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(*r, FillWrite::Applied);
  EXPECT_EQ(count("SELECT count(*) FROM fills"), 1);
  EXPECT_EQ(count("SELECT quantity FROM lots WHERE lot_id = 1"), d("10").raw());
  EXPECT_EQ(count("SELECT quantity FROM positions WHERE symbol = 'AAPL'"), d("10").raw());
  EXPECT_EQ(count("SELECT realized FROM positions WHERE symbol = 'AAPL'"), d("-1").raw());
  EXPECT_EQ(count("SELECT cash FROM account"), d("8999").raw());
  EXPECT_EQ(ledger->cash(), d("8999"));
}

TEST_F(LedgerStoreTest, DuplicateExecIdIsCountedOnce) {
  auto ledger = store_->load_ledger();
  ASSERT_TRUE(ledger);
  ASSERT_TRUE(store_->apply_fill(*ledger, fill("e1", "AAPL", Side::Buy, "10", "100")));
  auto again = store_->apply_fill(*ledger, fill("e1", "AAPL", Side::Buy, "10", "100"));
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, FillWrite::Duplicate);
  EXPECT_EQ(store_->duplicate_fills(), 1);
  EXPECT_EQ(count("SELECT count(*) FROM fills"), 1);
  EXPECT_EQ(ledger->quantity("AAPL"), d("10"));
}

TEST_F(LedgerStoreTest, ExecIdAlreadyStoredIsADuplicateEvenForAFreshLedger) {
  Ledger first;
  ASSERT_TRUE(store_->apply_fill(first, fill("e1", "AAPL", Side::Buy, "10", "100")));
  Ledger stale;  // not restored from the store
  auto r = store_->apply_fill(stale, fill("e1", "AAPL", Side::Buy, "10", "100"));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, FillWrite::Duplicate);
  EXPECT_EQ(stale.quantity("AAPL"), d("0"));
  EXPECT_EQ(count("SELECT count(*) FROM lots"), 1);
}

TEST_F(LedgerStoreTest, InvalidFillIsRefusedBeforeAnythingIsWritten) {
  Ledger ledger;
  auto r = store_->apply_fill(ledger, fill("e1", "AAPL", Side::Buy, "0", "100"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(count("SELECT count(*) FROM fills"), 0);
}

TEST_F(LedgerStoreTest, FailureBetweenAnyTwoStatementsLeavesNothingHalfWritten) {
  {
    auto ledger = store_->load_ledger();
    ASSERT_TRUE(ledger);
    ASSERT_TRUE(store_->apply_fill(*ledger, fill("open", "AAPL", Side::Buy, "10", "100")));
  }
  for (const char* failing : {"fill", "lots", "open_lot", "position", "account"}) {
    SCOPED_TRACE(failing);
    reopen();
    auto ledger = store_->load_ledger();
    ASSERT_TRUE(ledger);
    const auto stored_before = ledger->state();
    const auto fills_before = count("SELECT count(*) FROM fills");
    const auto lot_rows_before = count("SELECT count(*) FROM lots");
    const auto lot_qty_before = count("SELECT coalesce(sum(quantity), 0) FROM lots");
    const auto positions_before = count("SELECT coalesce(sum(quantity), 0) FROM positions");
    const auto cash_before = count("SELECT cash FROM account");
    const std::string exec = std::string("flip-") + failing;
    ASSERT_GT(fills_before, 0);

    store_->set_fault_hook([&](std::string_view step) -> Status {
      if (step == failing) return fail(ErrorCode::kStorage, "injected failure at " + std::string(step));
      return {};
    });
    // Closes the long lot and opens a short one: every step of the transaction has work to do.
    Side side = ledger->quantity("AAPL").is_negative() ? Side::Buy : Side::Sell;
    auto r = store_->apply_fill(*ledger, fill(exec.c_str(), "AAPL", side, "25", "110"));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find(failing), std::string::npos);
    EXPECT_EQ(ledger->state(), stored_before);
    EXPECT_EQ(count("SELECT count(*) FROM fills"), fills_before);
    EXPECT_EQ(count("SELECT count(*) FROM lots"), lot_rows_before);
    EXPECT_EQ(count("SELECT coalesce(sum(quantity), 0) FROM lots"), lot_qty_before);
    EXPECT_EQ(count("SELECT coalesce(sum(quantity), 0) FROM positions"), positions_before);
    EXPECT_EQ(count("SELECT cash FROM account"), cash_before);

    store_->set_fault_hook({});
    auto retry = store_->apply_fill(*ledger, fill(exec.c_str(), "AAPL", side, "25", "110"));
    ASSERT_TRUE(retry) << retry.error().describe();
    EXPECT_EQ(*retry, FillWrite::Applied);
    auto reloaded = store_->load_ledger();
    ASSERT_TRUE(reloaded);
    EXPECT_EQ(reloaded->state(), ledger->state());
  }
}

TEST_F(LedgerStoreTest, StoreThatDisagreesWithTheLedgerRefusesTheFillAndRollsBack) {
  Ledger ledger;
  ASSERT_TRUE(store_->apply_fill(ledger, fill("e1", "AAPL", Side::Buy, "10", "100")));
  ASSERT_TRUE(db_->exec("UPDATE account SET cash = cash + 1"));  // someone else changed the cash
  auto r = store_->apply_fill(ledger, fill("e2", "AAPL", Side::Sell, "4", "101"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("cash"), std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM fills"), 1);  // the fill row written before the failure is gone
  EXPECT_EQ(count("SELECT quantity FROM lots WHERE lot_id = 1"), d("10").raw());
  EXPECT_EQ(ledger.quantity("AAPL"), d("10"));
}

TEST_F(LedgerStoreTest, LedgerReloadedAfterRestartEqualsTheStateBeforeRestart) {
  ASSERT_TRUE(store_->set_starting_cash(d("25000"), kT0));
  auto ledger = store_->load_ledger();
  ASSERT_TRUE(ledger);
  const std::vector<Fill> fills{
      fill("e1", "AAPL", Side::Buy, "10", "100.10"), fill("e2", "AAPL", Side::Buy, "20", "101.25"),
      fill("e3", "MSFT", Side::Sell, "5", "400", "0.35"), fill("e4", "AAPL", Side::Sell, "25", "102"),
      fill("e5", "MSFT", Side::Buy, "12", "395.5"), fill("e6", "NVDA", Side::Buy, "3", "880.01"),
      fill("e7", "NVDA", Side::Sell, "3", "870"),
  };
  for (const auto& f : fills) ASSERT_TRUE(store_->apply_fill(*ledger, f));
  const auto before = ledger->state();
  const auto equity_before = ledger->equity();

  reopen();
  auto reloaded = store_->load_ledger();
  ASSERT_TRUE(reloaded) << reloaded.error().describe();
  EXPECT_EQ(reloaded->state(), before);
  EXPECT_EQ(reloaded->equity(), equity_before);
  EXPECT_EQ(reloaded->quantity("MSFT"), d("7"));
  EXPECT_EQ(reloaded->quantity("NVDA"), d("0"));

  // Replaying the stored fills from the starting cash gives the same ledger.
  auto stored = store_->load_fills();
  ASSERT_TRUE(stored);
  EXPECT_EQ(*stored, fills);
  Ledger replay(d("25000"));
  for (const auto& f : *stored) ASSERT_TRUE(replay.apply(f));
  EXPECT_EQ(replay.state(), before);
}

TEST_F(LedgerStoreTest, StartingCashCannotChangeOnceFillsAreStored) {
  ASSERT_TRUE(store_->set_starting_cash(d("5000"), kT0));
  auto ledger = store_->load_ledger();
  ASSERT_TRUE(store_->apply_fill(*ledger, fill("e1", "AAPL", Side::Buy, "1", "100")));
  auto st = store_->set_starting_cash(d("9000"), kT0);
  ASSERT_FALSE(st);
  EXPECT_EQ(count("SELECT cash FROM account"), d("4899").raw());
}

TEST_F(LedgerStoreTest, SnapshotsRoundTripAndOneDateKeepsTheLatest) {
  trading::DailySnapshot a{std::chrono::year{2024} / 3 / 14, d("10100.5"), d("9000"), d("100.5"), d("0"),
                           d("10000")};
  trading::DailySnapshot b{std::chrono::year{2024} / 3 / 15, d("10050"), d("8000"), d("90"), d("-40.5"),
                           d("10100.5")};
  ASSERT_TRUE(store_->record_snapshot(a));
  ASSERT_TRUE(store_->record_snapshot(b));
  b.equity = d("10060");
  ASSERT_TRUE(store_->record_snapshot(b));
  auto all = store_->load_snapshots();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all->at(0), a);
  EXPECT_EQ(all->at(1), b);
}

TEST_F(LedgerStoreTest, DiskFullIsAStorageErrorAndTheLedgerMatchesTheStore) {
  Ledger ledger;
  ASSERT_TRUE(store_->apply_fill(ledger, fill("seed", "AAPL", Side::Buy, "1", "100")));
  const auto pages = count("PRAGMA page_count");
  ASSERT_TRUE(db_->exec("PRAGMA max_page_count = " + std::to_string(pages)));
  Result<FillWrite> r = FillWrite::Applied;
  int applied = 0;
  for (int i = 0; i < 100000 && r; ++i) {
    r = store_->apply_fill(ledger, fill(("e" + std::to_string(i)).c_str(), ("S" + std::to_string(i)).c_str(),
                                        Side::Buy, "1", "10"));
    if (r) ++applied;
  }
  ASSERT_FALSE(r) << "the page limit was never reached";
  EXPECT_EQ(r.error().code, ErrorCode::kStorage);
  EXPECT_NE(r.error().message.find("full"), std::string::npos) << r.error().message;
  auto reloaded = store_->load_ledger();
  ASSERT_TRUE(reloaded);
  EXPECT_EQ(reloaded->state(), ledger.state());
  EXPECT_EQ(count("SELECT count(*) FROM fills"), applied + 1);
}

TEST_F(LedgerStoreTest, AFillStoresItsPriceAsTheMarkAndALaterMarketMarkValuesThePositionAfterARestart) {
  auto ledger = store_->load_ledger();
  ASSERT_TRUE(ledger);
  ASSERT_TRUE(store_->apply_fill(*ledger, fill("e1", "AAPL", Side::Buy, "10", "100")));
  auto marks = store_->load_marks();
  ASSERT_TRUE(marks);
  ASSERT_EQ(marks->count("AAPL"), 1u);
  EXPECT_EQ(marks->at("AAPL").price, d("100"));
  EXPECT_EQ(marks->at("AAPL").source, trading::MarkSource::Fill);

  ledger->mark("AAPL", d("103.25"));
  ASSERT_TRUE(store_->save_marks({trading::Mark{"AAPL", d("103.25"), kT0 + std::chrono::minutes(5),
                                                trading::MarkSource::Trade}}));
  auto restored = store_->load_ledger();
  ASSERT_TRUE(restored);
  EXPECT_EQ(restored->position("AAPL")->mark, d("103.25"));
  EXPECT_EQ(restored->equity(), ledger->equity());
  EXPECT_EQ(restored->unrealized("AAPL"), d("32.5"));  // (103.25 - 100) x 10
}

TEST_F(LedgerStoreTest, AMarkOlderThanTheStoredOneIsIgnoredSoAReplayedFillNeverTurnsThePriceBack) {
  ASSERT_TRUE(store_->save_marks({trading::Mark{"MSFT", d("410"), kT0 + std::chrono::minutes(10),
                                                trading::MarkSource::Trade}}));
  ASSERT_TRUE(store_->save_marks({trading::Mark{"MSFT", d("400"), kT0, trading::MarkSource::Close}}));
  auto marks = store_->load_marks();
  ASSERT_TRUE(marks);
  EXPECT_EQ(marks->at("MSFT").price, d("410"));
  EXPECT_EQ(marks->at("MSFT").source, trading::MarkSource::Trade);
  EXPECT_EQ(marks->at("MSFT").time, kT0 + std::chrono::minutes(10));
}

TEST_F(LedgerStoreTest, AMarkThatIsNotAPriceIsRefusedNamingItsSymbolAndNothingIsWritten) {
  auto st = store_->save_marks({trading::Mark{"AAPL", d("101"), kT0, trading::MarkSource::Trade},
                                trading::Mark{"MSFT", d("0"), kT0, trading::MarkSource::Trade}});
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("MSFT"), std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM marks"), 0);
}

}  // namespace
}  // namespace rt::store

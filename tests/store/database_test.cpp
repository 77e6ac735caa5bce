#include "store/database.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "store/migrations.hpp"
#include "store/temp_dir.hpp"
#include "store/transaction.hpp"

namespace rt::store {
namespace {

Database open_ok(const std::string& path, const OpenOptions& options = {}) {
  auto db = Database::open(path, options);
  if (!db) ADD_FAILURE() << db.error().describe();
  return std::move(*db);
}

std::string text_of(Database& db, const char* sql) {
  auto s = db.prepare(sql);
  EXPECT_TRUE(s);
  auto row = (*s)->step();
  EXPECT_TRUE(row && *row);
  return (*s)->column_text(0);
}

TEST(Database, OpenCreatesTheSchemaWithWalForeignKeysAndBusyTimeout) {
  testing::TempDir dir;
  Database db = open_ok(dir.file("rt.db"));
  EXPECT_EQ(text_of(db, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(db.query_int("PRAGMA foreign_keys").value(), 1);
  EXPECT_EQ(db.query_int("PRAGMA busy_timeout").value(), 2000);
  EXPECT_EQ(schema_version(db).value(), latest_schema_version());
  for (const char* table :
       {"orders", "order_events", "fills", "lots", "positions", "account", "equity_snapshots", "risk_events",
        "stops", "kill_switch", "commission_adjustments"}) {
    auto s = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
    ASSERT_TRUE(s);
    (*s)->bind_text(1, table);
    ASSERT_TRUE((*s)->step().value());
    EXPECT_EQ((*s)->column_int(0), 1) << table;
  }
}

TEST(Database, ReopeningAppliesNoMigrationTwice) {
  testing::TempDir dir;
  { Database db = open_ok(dir.file("rt.db")); }
  Database db = open_ok(dir.file("rt.db"));
  EXPECT_EQ(db.query_int("SELECT count(*) FROM schema_version").value(), latest_schema_version());
  EXPECT_EQ(migrate(db, schema_migrations()).value(), latest_schema_version());
  EXPECT_EQ(db.query_int("SELECT count(*) FROM kill_switch").value(), 1);
}

TEST(Database, NewerSchemaThanTheBinaryKnowsIsAClearError) {
  testing::TempDir dir;
  {
    Database db = open_ok(dir.file("rt.db"));
    ASSERT_TRUE(db.exec("INSERT INTO schema_version (version, name) VALUES (99, 'from the future')"));
  }
  auto db = Database::open(dir.file("rt.db"));
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kStorage);
  EXPECT_NE(db.error().message.find("schema version 99"), std::string::npos);
  EXPECT_NE(db.error().message.find("newer than this binary knows"), std::string::npos);
}

TEST(Database, MigrationsApplyInOrderAndAFailedOneLeavesNothingOfItself) {
  testing::TempDir dir;
  Database db = open_ok(dir.file("rt.db"));
  const int next = latest_schema_version() + 1;
  std::vector<Migration> migrations(schema_migrations().begin(), schema_migrations().end());
  migrations.push_back(
      Migration{next, "add notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);"});
  migrations.push_back(
      Migration{next + 1, "broken", "CREATE TABLE half (id INTEGER); INSERT INTO no_such_table VALUES (1);"});
  auto r = migrate(db, migrations);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("migration " + std::to_string(next + 1) + " (broken)"), std::string::npos);
  EXPECT_EQ(schema_version(db).value(), next);
  EXPECT_EQ(db.query_int("SELECT count(*) FROM sqlite_master WHERE name = 'notes'").value(), 1);
  EXPECT_EQ(db.query_int("SELECT count(*) FROM sqlite_master WHERE name = 'half'").value(), 0);
}

TEST(Database, MigrationListWithAGapIsRefused) {
  testing::TempDir dir;
  Database db = open_ok(dir.file("rt.db"));
  const std::array<Migration, 2> migrations{schema_migrations()[0], Migration{3, "skips two", "SELECT 1;"}};
  EXPECT_FALSE(migrate(db, migrations));
}

// A version 1 database as written before commission_adjustments had a migration: the table was
// created on first use, outside schema_version.
// What a version-1 file holds: none of the later versions' tables and columns.
constexpr const char* kBackToVersion1 =
    "DROP TABLE commission_adjustments; DROP TABLE marks; DROP TABLE instrument_terms; "
    "ALTER TABLE equity_snapshots DROP COLUMN start_equity; "
    "ALTER TABLE orders DROP COLUMN parent_ref; ALTER TABLE orders DROP COLUMN oca_group; "
    "DELETE FROM schema_version WHERE version > 1;";

void make_version_1_with_adjustments_created_on_first_use(Database& db) {
  ASSERT_TRUE(db.exec(kBackToVersion1));
  ASSERT_TRUE(db.exec(
      "CREATE TABLE IF NOT EXISTS commission_adjustments ("
      " exec_id TEXT PRIMARY KEY REFERENCES fills(exec_id),"
      " symbol TEXT NOT NULL,"
      " commission INTEGER NOT NULL CHECK (commission >= 0),"
      " time INTEGER NOT NULL);"
      "CREATE TRIGGER IF NOT EXISTS commission_adjustments_no_update BEFORE UPDATE ON commission_adjustments"
      " BEGIN SELECT RAISE(ABORT, 'commission_adjustments are append-only'); END;"
      "CREATE TRIGGER IF NOT EXISTS commission_adjustments_no_delete BEFORE DELETE ON commission_adjustments"
      " BEGIN SELECT RAISE(ABORT, 'commission_adjustments are append-only'); END;"
      "INSERT INTO fills (exec_id, symbol, side, quantity, price, commission, time) "
      "VALUES ('x1', 'AAPL', 'BUY', 1000000000, 10000000000, 0, 0);"
      "INSERT INTO commission_adjustments (exec_id, symbol, commission, time) VALUES ('x1', 'AAPL', "
      "150000000, 7);"));
  ASSERT_EQ(schema_version(db).value(), 1);
}

TEST(Database, VersionOneDatabaseWhoseCommissionTableWasCreatedOnFirstUseIsUpgradedKeepingItsRows) {
  testing::TempDir dir;
  {
    Database db = open_ok(dir.file("v1.db"));
    make_version_1_with_adjustments_created_on_first_use(db);
  }
  Database db = open_ok(dir.file("v1.db"));
  EXPECT_EQ(schema_version(db).value(), latest_schema_version());
  EXPECT_EQ(db.query_int("SELECT count(*) FROM commission_adjustments").value(), 1);
  EXPECT_EQ(db.query_int("SELECT commission FROM commission_adjustments WHERE exec_id = 'x1'").value(),
            150000000);
  EXPECT_EQ(db.query_int("SELECT time FROM commission_adjustments WHERE exec_id = 'x1'").value(), 7);
  for (const char* sql :
       {"UPDATE commission_adjustments SET commission = 1", "DELETE FROM commission_adjustments"}) {
    auto st = db.exec(sql);
    ASSERT_FALSE(st) << sql;
    EXPECT_NE(st.error().message.find("append-only"), std::string::npos) << st.error().message;
  }
}

TEST(Database, VersionOneDatabaseWithoutTheCommissionTableGainsIt) {
  testing::TempDir dir;
  {
    Database db = open_ok(dir.file("v1.db"));
    ASSERT_TRUE(db.exec(kBackToVersion1));
  }
  Database db = open_ok(dir.file("v1.db"));
  EXPECT_EQ(schema_version(db).value(), latest_schema_version());
  EXPECT_EQ(
      db.query_int(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'commission_adjustments'")
          .value(),
      1);
  EXPECT_EQ(db.query_int("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
                         "name LIKE 'commission_adjustments_no_%'")
                .value(),
            2);
}

TEST(Database, VersionTwoDatabaseGainsMarksFromItsPositionsLastFillPrices) {
  testing::TempDir dir;
  {
    Database db = open_ok(dir.file("v2.db"));
    ASSERT_TRUE(
        db.exec("DROP TABLE marks; DROP TABLE instrument_terms; ALTER TABLE equity_snapshots DROP COLUMN "
                "start_equity; "
                "ALTER TABLE orders DROP COLUMN parent_ref; ALTER TABLE orders DROP COLUMN oca_group; "
                "DELETE FROM schema_version WHERE version > 2; "
                "INSERT INTO positions (symbol, quantity, avg_cost, realized, commissions, mark, updated_at) "
                "VALUES ('AAPL', 10, 1000000000, 0, 0, 1012500000, 42), "
                "('MSFT', 0, 0, 0, 0, 0, 43);"));
  }
  Database db = open_ok(dir.file("v2.db"));
  EXPECT_EQ(schema_version(db).value(), latest_schema_version());
  EXPECT_EQ(db.query_int("SELECT price FROM marks WHERE symbol = 'AAPL' AND source = 'fill' AND time = 42").value(),
            1012500000);
  EXPECT_EQ(db.query_int("SELECT count(*) FROM marks").value(), 1);  // a flat position with no price has none
  EXPECT_EQ(db.query_int("SELECT count(*) FROM pragma_table_info('equity_snapshots') WHERE name = 'start_equity'")
                .value(),
            1);
}

TEST(Database, OpenInAMissingDirectoryFailsWithTheSqliteMessage) {
  testing::TempDir dir;
  auto db = Database::open(dir.file("no/such/dir/rt.db"));
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kStorage);
  EXPECT_NE(db.error().message.find("unable to open"), std::string::npos);
}

TEST(Database, ReadOnlyOpenOfAnUnmigratedFileIsRefused) {
  testing::TempDir dir;
  {
    Database db = open_ok(dir.file("old.db"));
    ASSERT_TRUE(db.exec("DELETE FROM schema_version"));
  }
  auto db = Database::open(dir.file("old.db"), OpenOptions{.read_only = true});
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("schema version 0"), std::string::npos);
}

TEST(Database, FillsOrderEventsAndRiskEventsAreAppendOnly) {
  testing::TempDir dir;
  Database db = open_ok(dir.file("rt.db"));
  ASSERT_TRUE(db.exec(
      "INSERT INTO fills (exec_id, symbol, side, quantity, price, commission, time) "
      "VALUES ('x1', 'AAPL', 'BUY', 1000000000, 10000000000, 0, 0);"
      "INSERT INTO orders (order_ref, symbol, side, order_type, quantity, tif, purpose, status, created_at, "
      "status_at, updated_at) VALUES ('k1', 'AAPL', 'BUY', 'MKT', 1, 'DAY', 'Entry', 'New', 0, 0, 0);"
      "INSERT INTO order_events (order_ref, from_status, to_status, kind, reason, time) "
      "VALUES ('k1', 'New', 'PendingSubmit', 'Transition', '', 0);"
      "INSERT INTO risk_events (time, order_ref, symbol, rule, reason) VALUES (0, '', 'AAPL', 'PositionHeld', 'r');"));
  for (const char* sql : {"UPDATE fills SET price = 1", "DELETE FROM fills", "UPDATE order_events SET reason = 'x'",
                          "DELETE FROM order_events", "UPDATE risk_events SET reason = 'x'", "DELETE FROM risk_events"}) {
    auto st = db.exec(sql);
    ASSERT_FALSE(st) << sql;
    EXPECT_EQ(st.error().code, ErrorCode::kStorage);
    EXPECT_NE(st.error().message.find("append-only"), std::string::npos) << st.error().message;
  }
  EXPECT_EQ(db.query_int("SELECT price FROM fills WHERE exec_id = 'x1'").value(), 10000000000);
  EXPECT_EQ(db.query_int("SELECT typeof(price) = 'integer' FROM fills").value(), 1);
}

TEST(Database, TransactionRollsBackWhenNotCommitted) {
  testing::TempDir dir;
  Database db = open_ok(dir.file("rt.db"));
  {
    auto tx = Transaction::begin(db);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(db.exec("INSERT INTO stops (symbol, kind, level, updated_at) VALUES ('A', 'fixed', 1, 0)"));
  }
  EXPECT_EQ(db.query_int("SELECT count(*) FROM stops").value(), 0);
  {
    auto tx = Transaction::begin(db);
    ASSERT_TRUE(db.exec("INSERT INTO stops (symbol, kind, level, updated_at) VALUES ('A', 'fixed', 1, 0)"));
    ASSERT_TRUE(tx->commit());
  }
  EXPECT_EQ(db.query_int("SELECT count(*) FROM stops").value(), 1);
}

TEST(Database, LockedDatabaseIsAStorageErrorWithTheSqliteMessage) {
  testing::TempDir dir;
  Database holder = open_ok(dir.file("rt.db"));
  Database other = open_ok(dir.file("rt.db"), OpenOptions{.busy_timeout = std::chrono::milliseconds{0}});
  auto held = Transaction::begin(holder);
  ASSERT_TRUE(held);
  auto tx = Transaction::begin(other);
  ASSERT_FALSE(tx);
  EXPECT_EQ(tx.error().code, ErrorCode::kStorage);
  EXPECT_NE(tx.error().message.find("locked"), std::string::npos) << tx.error().message;
}

}  // namespace
}  // namespace rt::store

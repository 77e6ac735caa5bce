#include "store/migrations.hpp"

#include <array>
#include <string>

#include "store/database.hpp"
#include "store/transaction.hpp"

namespace rt::store {
namespace {

// Version 1: the order journal, the ledger, risk events, stops and the kill switch.
// Money is INTEGER Decimal::raw() (value * 1e8); times are INTEGER ns since the epoch.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE orders (
  order_ref       TEXT PRIMARY KEY,
  symbol          TEXT NOT NULL CHECK (length(symbol) > 0),
  side            TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
  order_type      TEXT NOT NULL,
  quantity        INTEGER NOT NULL CHECK (quantity > 0),
  limit_price     INTEGER,
  stop_price      INTEGER,
  trail_amount    INTEGER,
  trail_percent   INTEGER,
  reference_price INTEGER,
  tif             TEXT NOT NULL,
  purpose         TEXT NOT NULL,
  status          TEXT NOT NULL,
  broker_order_id INTEGER NOT NULL DEFAULT 0,
  perm_id         INTEGER NOT NULL DEFAULT 0,
  filled_quantity INTEGER NOT NULL DEFAULT 0,
  avg_fill_price  INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  status_at       INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  reject_reason   TEXT NOT NULL DEFAULT '',
  external        INTEGER NOT NULL DEFAULT 0 CHECK (external IN (0, 1))
);
CREATE INDEX orders_by_perm_id ON orders(perm_id) WHERE perm_id <> 0;
CREATE INDEX orders_by_symbol ON orders(symbol, status);

CREATE TABLE order_events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  order_ref   TEXT NOT NULL REFERENCES orders(order_ref),
  from_status TEXT NOT NULL,
  to_status   TEXT NOT NULL,
  kind        TEXT NOT NULL,
  reason      TEXT NOT NULL,
  exec_id     TEXT NOT NULL DEFAULT '',
  time        INTEGER NOT NULL
);
CREATE INDEX order_events_by_order ON order_events(order_ref, id);
CREATE TRIGGER order_events_no_update BEFORE UPDATE ON order_events
  BEGIN SELECT RAISE(ABORT, 'order_events are append-only'); END;
CREATE TRIGGER order_events_no_delete BEFORE DELETE ON order_events
  BEGIN SELECT RAISE(ABORT, 'order_events are append-only'); END;

CREATE TABLE fills (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  exec_id    TEXT NOT NULL UNIQUE CHECK (length(exec_id) > 0),
  order_ref  TEXT NOT NULL DEFAULT '',
  perm_id    INTEGER NOT NULL DEFAULT 0,
  symbol     TEXT NOT NULL CHECK (length(symbol) > 0),
  side       TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
  quantity   INTEGER NOT NULL CHECK (quantity > 0),
  price      INTEGER NOT NULL CHECK (price > 0),
  commission INTEGER NOT NULL CHECK (commission >= 0),
  time       INTEGER NOT NULL
);
CREATE TRIGGER fills_no_update BEFORE UPDATE ON fills
  BEGIN SELECT RAISE(ABORT, 'fills are append-only'); END;
CREATE TRIGGER fills_no_delete BEFORE DELETE ON fills
  BEGIN SELECT RAISE(ABORT, 'fills are append-only'); END;

CREATE TABLE lots (
  lot_id        INTEGER PRIMARY KEY,
  symbol        TEXT NOT NULL,
  open_exec_id  TEXT NOT NULL REFERENCES fills(exec_id),
  open_quantity INTEGER NOT NULL CHECK (open_quantity <> 0),
  quantity      INTEGER NOT NULL CHECK (quantity = 0 OR (quantity > 0) = (open_quantity > 0)),
  price         INTEGER NOT NULL CHECK (price > 0),
  opened_at     INTEGER NOT NULL
);
CREATE INDEX lots_open_by_symbol ON lots(symbol, lot_id) WHERE quantity <> 0;

CREATE TABLE positions (
  symbol      TEXT PRIMARY KEY,
  quantity    INTEGER NOT NULL,
  avg_cost    INTEGER NOT NULL,
  realized    INTEGER NOT NULL,
  commissions INTEGER NOT NULL CHECK (commissions >= 0),
  mark        INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

CREATE TABLE account (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  cash        INTEGER NOT NULL,
  next_lot_id INTEGER NOT NULL CHECK (next_lot_id >= 1),
  updated_at  INTEGER NOT NULL
);
INSERT INTO account (id, cash, next_lot_id, updated_at) VALUES (1, 0, 1, 0);

CREATE TABLE equity_snapshots (
  date       TEXT PRIMARY KEY,
  equity     INTEGER NOT NULL,
  cash       INTEGER NOT NULL,
  realized   INTEGER NOT NULL,
  unrealized INTEGER NOT NULL
);

CREATE TABLE risk_events (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  time      INTEGER NOT NULL,
  order_ref TEXT NOT NULL,
  symbol    TEXT NOT NULL,
  rule      TEXT NOT NULL,
  reason    TEXT NOT NULL
);
CREATE TRIGGER risk_events_no_update BEFORE UPDATE ON risk_events
  BEGIN SELECT RAISE(ABORT, 'risk_events are append-only'); END;
CREATE TRIGGER risk_events_no_delete BEFORE DELETE ON risk_events
  BEGIN SELECT RAISE(ABORT, 'risk_events are append-only'); END;

CREATE TABLE stops (
  symbol     TEXT PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('fixed', 'trailing')),
  level      INTEGER NOT NULL CHECK (level > 0),
  high_water INTEGER,
  updated_at INTEGER NOT NULL,
  CHECK (kind = 'fixed' OR high_water IS NOT NULL)
);

CREATE TABLE kill_switch (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  engaged INTEGER NOT NULL CHECK (engaged IN (0, 1)),
  kind    TEXT NOT NULL CHECK (kind IN ('none', 'loss', 'connection')),
  reason  TEXT NOT NULL,
  time    INTEGER NOT NULL
);
INSERT INTO kill_switch (id, engaged, kind, reason, time) VALUES (1, 0, 'none', '', 0);
)sql";

// Version 2: commissions reported after their fill was stored, one row per exec id, append-only
// like fills. Databases written before this version may already hold the table (it was created on
// first use): IF NOT EXISTS keeps it and its rows.
constexpr std::string_view kSchemaV2 = R"sql(
CREATE TABLE IF NOT EXISTS commission_adjustments (
  exec_id    TEXT PRIMARY KEY REFERENCES fills(exec_id),
  symbol     TEXT NOT NULL,
  commission INTEGER NOT NULL CHECK (commission >= 0),
  time       INTEGER NOT NULL
);
CREATE TRIGGER IF NOT EXISTS commission_adjustments_no_update BEFORE UPDATE ON commission_adjustments
  BEGIN SELECT RAISE(ABORT, 'commission_adjustments are append-only'); END;
CREATE TRIGGER IF NOT EXISTS commission_adjustments_no_delete BEFORE DELETE ON commission_adjustments
  BEGIN SELECT RAISE(ABORT, 'commission_adjustments are append-only'); END;
)sql";

// Version 3: the price each position is valued at, with its time and source. A fill writes its
// price here too, so the newest of fill and market price is the mark. Databases before this
// version start with their positions' stored marks as fill prices. A day's snapshot keeps the
// equity the day started with, so a statement shows the day's P&L.
constexpr std::string_view kSchemaV3 = R"sql(
CREATE TABLE marks (
  symbol TEXT PRIMARY KEY CHECK (length(symbol) > 0),
  price  INTEGER NOT NULL CHECK (price > 0),
  time   INTEGER NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('trade', 'midpoint', 'close', 'fill'))
);
ALTER TABLE equity_snapshots ADD COLUMN start_equity INTEGER;
INSERT INTO marks (symbol, price, time, source)
  SELECT symbol, mark, updated_at, 'fill' FROM positions WHERE mark > 0;
)sql";

// Version 4: brackets and OCA groups held at the broker: a child order names its parent's ref, and
// the orders guarding one position share an OCA group.
constexpr std::string_view kSchemaV4 = R"sql(
ALTER TABLE orders ADD COLUMN parent_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN oca_group TEXT NOT NULL DEFAULT '';
)sql";

// Version 5: the terms each instrument's money was booked under (a future's multiplier, whether
// it pays its notional). A stored position keeps them across restarts: a later run that names the
// same symbol with other terms is refused while it holds the position, not silently revalued.
constexpr std::string_view kSchemaV5 = R"sql(
CREATE TABLE instrument_terms (
  symbol        TEXT PRIMARY KEY CHECK (length(symbol) > 0),
  multiplier    INTEGER NOT NULL CHECK (multiplier > 0),
  pays_notional INTEGER NOT NULL CHECK (pays_notional IN (0, 1))
);
)sql";

constexpr std::array kMigrations{
    Migration{1, "order journal, ledger, risk events, stops, kill switch", kSchemaV1},
    Migration{2, "commission adjustments", kSchemaV2},
    Migration{3, "marks", kSchemaV3},
    Migration{4, "bracket parents and OCA groups", kSchemaV4},
    Migration{5, "instrument terms", kSchemaV5},
};

}  // namespace

std::span<const Migration> schema_migrations() { return kMigrations; }

int latest_schema_version() { return kMigrations.back().version; }

Result<int> schema_version(Database& db) {
  auto exists = db.query_int("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  if (!exists) return std::unexpected(exists.error());
  if (*exists == 0) return 0;
  auto v = db.query_int("SELECT coalesce(max(version), 0) FROM schema_version");
  if (!v) return std::unexpected(v.error());
  return static_cast<int>(*v);
}

Result<int> migrate(Database& db, std::span<const Migration> migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return fail(ErrorCode::kInternal, "migration list is not numbered 1.." + std::to_string(migrations.size()));
    }
  }
  if (auto st = db.exec("CREATE TABLE IF NOT EXISTS schema_version ("
                        " version INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      !st) {
    return std::unexpected(st.error());
  }
  auto current = schema_version(db);
  if (!current) return std::unexpected(current.error());
  const int known = migrations.empty() ? 0 : migrations.back().version;
  if (*current > known) {
    return fail(ErrorCode::kStorage, "database " + db.path() + " has schema version " + std::to_string(*current) +
                                         ", newer than this binary knows (" + std::to_string(known) +
                                         "); use a newer robotrader or another database file");
  }
  for (const auto& m : migrations) {
    if (m.version <= *current) continue;
    auto tx = Transaction::begin(db);
    if (!tx) return std::unexpected(tx.error());
    if (auto st = db.exec(m.sql); !st) {
      return fail(ErrorCode::kStorage, "migration " + std::to_string(m.version) + " (" + std::string(m.name) +
                                           ") failed: " + st.error().message);
    }
    auto ins = db.prepare("INSERT INTO schema_version (version, name) VALUES (?1, ?2)");
    if (!ins) return std::unexpected(ins.error());
    if (auto st = (*ins)->bind_int(1, m.version).bind_text(2, m.name).run(); !st) return std::unexpected(st.error());
    if (auto st = tx->commit(); !st) return std::unexpected(st.error());
    *current = m.version;
  }
  return *current;
}

}  // namespace rt::store

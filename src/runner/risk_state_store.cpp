#include "runner/risk_state_store.hpp"

#include <chrono>

#include "store/kill_switch_repository.hpp"
#include "store/statement.hpp"
#include "store/stop_repository.hpp"
#include "store/transaction.hpp"

namespace rt::runner {
namespace {

constexpr std::string_view kTables = R"sql(
CREATE TABLE IF NOT EXISTS runner_stops (
  symbol     TEXT PRIMARY KEY,
  side       TEXT NOT NULL CHECK (side IN ('long', 'short')),
  quantity   INTEGER NOT NULL CHECK (quantity > 0),
  kind       TEXT NOT NULL CHECK (kind IN ('fixed', 'trailing')),
  level      INTEGER NOT NULL CHECK (level > 0),
  trail_pct  INTEGER NOT NULL,
  water_mark INTEGER NOT NULL,
  triggered  INTEGER NOT NULL CHECK (triggered IN (0, 1)),
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS runner_kill_switch (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  engaged      INTEGER NOT NULL CHECK (engaged IN (0, 1)),
  kind         TEXT NOT NULL CHECK (kind IN ('none', 'loss', 'manual', 'connection')),
  reason       TEXT NOT NULL,
  time         INTEGER NOT NULL,
  reset_by     TEXT NOT NULL,
  reset_reason TEXT NOT NULL,
  reset_at     INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS runner_daily_pnl (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  year             INTEGER NOT NULL,
  month            INTEGER NOT NULL,
  day              INTEGER NOT NULL,
  start_equity     INTEGER NOT NULL,
  start_realized   INTEGER NOT NULL,
  start_unrealized INTEGER NOT NULL,
  last_equity      INTEGER NOT NULL,
  last_realized    INTEGER NOT NULL,
  last_unrealized  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS signals (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  time     INTEGER NOT NULL,
  symbol   TEXT NOT NULL,
  side     TEXT NOT NULL,
  strength INTEGER NOT NULL,  -- per mille
  price    INTEGER NOT NULL,
  reason   TEXT NOT NULL,
  action   TEXT NOT NULL,
  detail   TEXT NOT NULL,
  dry_run  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS runner_account (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  account TEXT NOT NULL CHECK (length(account) > 0),
  since   INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS runner_client (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  client_id INTEGER NOT NULL,
  since     INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS runner_halts (
  symbol          TEXT PRIMARY KEY,
  reason          TEXT NOT NULL,
  since           INTEGER NOT NULL,
  broker_quantity INTEGER NOT NULL,
  ledger_quantity INTEGER NOT NULL,
  request         TEXT NOT NULL DEFAULT '' CHECK (request IN ('', 'adopt', 'release'))
);
CREATE TABLE IF NOT EXISTS runner_broker_view (
  id                INTEGER PRIMARY KEY CHECK (id = 1),
  time              INTEGER NOT NULL,
  account           TEXT NOT NULL,
  net_liquidation   INTEGER NOT NULL,
  cash              INTEGER NOT NULL,
  unrealized        INTEGER,
  realized          INTEGER,
  cash_difference   INTEGER NOT NULL,
  value_difference  INTEGER NOT NULL,
  equity_difference INTEGER NOT NULL,
  comparable        INTEGER NOT NULL CHECK (comparable IN (0, 1)),
  flagged           INTEGER NOT NULL CHECK (flagged IN (0, 1)),
  detail            TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runner_broker_pnl (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  time       INTEGER NOT NULL,
  account    TEXT NOT NULL,
  daily      INTEGER,
  unrealized INTEGER,
  realized   INTEGER
);
CREATE TABLE IF NOT EXISTS runner_broker_positions (
  symbol         TEXT PRIMARY KEY,
  time           INTEGER NOT NULL,
  our_quantity   INTEGER NOT NULL,
  our_value      INTEGER NOT NULL,
  our_unrealized INTEGER NOT NULL,
  ib_known       INTEGER NOT NULL CHECK (ib_known IN (0, 1)),
  ib_quantity    INTEGER,
  ib_value       INTEGER,
  ib_unrealized  INTEGER,
  ib_daily       INTEGER,
  ib_realized    INTEGER,
  flagged        INTEGER NOT NULL CHECK (flagged IN (0, 1)),
  detail         TEXT NOT NULL
);
)sql";

}  // namespace

Status RiskStateStore::ensure_tables() {
  if (ready_) return {};
  if (auto st = db_.exec(kTables); !st) return st;
  ready_ = true;
  return {};
}

Status RiskStateStore::save_stop(const trading::StopState& stop) {
  if (auto st = ensure_tables(); !st) return st;
  auto tx = store::Transaction::begin(db_);
  if (!tx) return std::unexpected(tx.error());
  auto s = db_.prepare(
      "INSERT OR REPLACE INTO runner_stops (symbol, side, quantity, kind, level, trail_pct, water_mark, triggered, "
      "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!s) return std::unexpected(s.error());
  auto run = (*s)->bind_text(1, stop.symbol)
                 .bind_text(2, trading::to_string(stop.side))
                 .bind_decimal(3, stop.quantity)
                 .bind_text(4, trading::to_string(stop.kind))
                 .bind_decimal(5, stop.level)
                 .bind_decimal(6, stop.trail_pct)
                 .bind_decimal(7, stop.water_mark)
                 .bind_int(8, stop.triggered ? 1 : 0)
                 .bind_time(9, stop.updated_at)
                 .run();
  if (!run) return run;
  store::StopRepository legacy(db_);
  store::StopRecord rec{stop.symbol,
                        stop.kind == trading::StopKind::Fixed ? store::StopKind::Fixed : store::StopKind::Trailing,
                        stop.level,
                        stop.kind == trading::StopKind::Fixed ? std::nullopt : std::optional<Decimal>(stop.water_mark),
                        stop.updated_at};
  if (auto st = legacy.save(rec); !st) return st;
  return tx->commit();
}

Status RiskStateStore::remove_stop(const std::string& symbol) {
  if (auto st = ensure_tables(); !st) return st;
  auto tx = store::Transaction::begin(db_);
  if (!tx) return std::unexpected(tx.error());
  auto s = db_.prepare("DELETE FROM runner_stops WHERE symbol = ?1");
  if (!s) return std::unexpected(s.error());
  if (auto st = (*s)->bind_text(1, symbol).run(); !st) return st;
  store::StopRepository legacy(db_);
  if (auto st = legacy.remove(symbol); !st) return st;
  return tx->commit();
}

Result<std::vector<trading::StopState>> RiskStateStore::load_stops() {
  if (auto st = ensure_tables(); !st) return std::unexpected(st.error());
  auto s = db_.prepare(
      "SELECT symbol, side, quantity, kind, level, trail_pct, water_mark, triggered, updated_at FROM runner_stops "
      "ORDER BY symbol");
  if (!s) return std::unexpected(s.error());
  std::vector<trading::StopState> out;
  while (true) {
    auto row = (*s)->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    trading::StopState st;
    st.symbol = (*s)->column_text(0);
    st.side = (*s)->column_text(1) == "short" ? trading::PositionSide::Short : trading::PositionSide::Long;
    st.quantity = (*s)->column_decimal(2);
    st.kind = (*s)->column_text(3) == "fixed" ? trading::StopKind::Fixed : trading::StopKind::Trailing;
    st.level = (*s)->column_decimal(4);
    st.trail_pct = (*s)->column_decimal(5);
    st.water_mark = (*s)->column_decimal(6);
    st.triggered = (*s)->column_int(7) != 0;
    st.updated_at = (*s)->column_time(8);
    out.push_back(std::move(st));
  }
  (*s)->reset();
  return out;
}

Status RiskStateStore::save_kill_switch(const trading::KillSwitchState& state) {
  if (auto st = ensure_tables(); !st) return st;
  auto tx = store::Transaction::begin(db_);
  if (!tx) return std::unexpected(tx.error());
  auto s = db_.prepare(
      "INSERT OR REPLACE INTO runner_kill_switch (id, engaged, kind, reason, time, reset_by, reset_reason, reset_at) "
      "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!s) return std::unexpected(s.error());
  auto run = (*s)->bind_int(1, state.engaged ? 1 : 0)
                 .bind_text(2, trading::to_string(state.kind))
                 .bind_text(3, state.reason)
                 .bind_time(4, state.time)
                 .bind_text(5, state.reset_by)
                 .bind_text(6, state.reset_reason)
                 .bind_time(7, state.reset_at)
                 .run();
  if (!run) return run;
  store::KillSwitchState legacy;
  legacy.engaged = state.engaged;
  legacy.reason = state.reason;
  legacy.time = state.time;
  switch (state.kind) {
    case trading::KillSwitchKind::None: legacy.kind = store::KillSwitchKind::None; break;
    case trading::KillSwitchKind::Loss: legacy.kind = store::KillSwitchKind::Loss; break;
    case trading::KillSwitchKind::Manual:
      legacy.kind = store::KillSwitchKind::Loss;
      legacy.reason = "manual: " + state.reason;
      break;
    case trading::KillSwitchKind::Connection: legacy.kind = store::KillSwitchKind::Connection; break;
  }
  store::KillSwitchRepository repo(db_);
  if (auto st = repo.save(legacy); !st) return st;
  return tx->commit();
}

Result<trading::KillSwitchState> RiskStateStore::load_kill_switch() {
  if (auto st = ensure_tables(); !st) return std::unexpected(st.error());
  auto s = db_.prepare(
      "SELECT engaged, kind, reason, time, reset_by, reset_reason, reset_at FROM runner_kill_switch WHERE id = 1");
  if (!s) return std::unexpected(s.error());
  auto row = (*s)->step();
  if (!row) return std::unexpected(row.error());
  if (*row) {
    trading::KillSwitchState st;
    st.engaged = (*s)->column_int(0) != 0;
    auto kind = trading::parse_kill_switch_kind((*s)->column_text(1));
    st.reason = (*s)->column_text(2);
    st.time = (*s)->column_time(3);
    st.reset_by = (*s)->column_text(4);
    st.reset_reason = (*s)->column_text(5);
    st.reset_at = (*s)->column_time(6);
    (*s)->reset();
    if (!kind) return fail(ErrorCode::kStorage, "runner_kill_switch has an unknown kind");
    st.kind = *kind;
    return st;
  }
  (*s)->reset();
  // Nothing of ours yet: the schema's row (e.g. written by an older runner).
  store::KillSwitchRepository repo(db_);
  auto legacy = repo.load();
  if (!legacy) return std::unexpected(legacy.error());
  trading::KillSwitchState st;
  st.engaged = legacy->engaged;
  st.reason = legacy->reason;
  st.time = legacy->time;
  st.kind = legacy->kind == store::KillSwitchKind::Loss         ? trading::KillSwitchKind::Loss
            : legacy->kind == store::KillSwitchKind::Connection ? trading::KillSwitchKind::Connection
                                                                 : trading::KillSwitchKind::None;
  if (st.engaged && st.kind == trading::KillSwitchKind::None) st.kind = trading::KillSwitchKind::Manual;
  if (!st.engaged) st.kind = trading::KillSwitchKind::None;
  return st;
}

Status RiskStateStore::save_daily(const trading::DailyPnlState& state) {
  if (auto st = ensure_tables(); !st) return st;
  if (!state.started) return {};
  auto s = db_.prepare(
      "INSERT OR REPLACE INTO runner_daily_pnl (id, year, month, day, start_equity, start_realized, "
      "start_unrealized, last_equity, last_realized, last_unrealized) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!s) return std::unexpected(s.error());
  return (*s)->bind_int(1, static_cast<int>(state.day.year()))
      .bind_int(2, static_cast<unsigned>(state.day.month()))
      .bind_int(3, static_cast<unsigned>(state.day.day()))
      .bind_decimal(4, state.start.equity)
      .bind_decimal(5, state.start.realized)
      .bind_decimal(6, state.start.unrealized)
      .bind_decimal(7, state.last.equity)
      .bind_decimal(8, state.last.realized)
      .bind_decimal(9, state.last.unrealized)
      .run();
}

Result<std::optional<trading::DailyPnlState>> RiskStateStore::load_daily() {
  if (auto st = ensure_tables(); !st) return std::unexpected(st.error());
  auto s = db_.prepare(
      "SELECT year, month, day, start_equity, start_realized, start_unrealized, last_equity, last_realized, "
      "last_unrealized FROM runner_daily_pnl WHERE id = 1");
  if (!s) return std::unexpected(s.error());
  auto row = (*s)->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) {
    (*s)->reset();
    return std::optional<trading::DailyPnlState>{};
  }
  trading::DailyPnlState d;
  d.started = true;
  d.day = std::chrono::year_month_day{std::chrono::year{static_cast<int>((*s)->column_int(0))},
                                      std::chrono::month{static_cast<unsigned>((*s)->column_int(1))},
                                      std::chrono::day{static_cast<unsigned>((*s)->column_int(2))}};
  d.start = trading::PnlMark{(*s)->column_decimal(3), (*s)->column_decimal(4), (*s)->column_decimal(5)};
  d.last = trading::PnlMark{(*s)->column_decimal(6), (*s)->column_decimal(7), (*s)->column_decimal(8)};
  (*s)->reset();
  return std::optional<trading::DailyPnlState>{d};
}

Status RiskStateStore::record_signal(const SignalRow& row) {
  if (auto st = ensure_tables(); !st) return st;
  auto s = db_.prepare(
      "INSERT INTO signals (time, symbol, side, strength, price, reason, action, detail, dry_run) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!s) return std::unexpected(s.error());
  // Strength (0..1) is kept in per mille.
  return (*s)->bind_time(1, row.time)
      .bind_text(2, row.symbol)
      .bind_text(3, row.side)
      .bind_int(4, static_cast<std::int64_t>(row.strength * 1000.0))
      .bind_decimal(5, row.price)
      .bind_text(6, row.reason)
      .bind_text(7, row.action)
      .bind_text(8, row.detail)
      .bind_int(9, row.dry_run ? 1 : 0)
      .run();
}

Result<std::vector<SignalRow>> RiskStateStore::load_signals() {
  if (auto st = ensure_tables(); !st) return std::unexpected(st.error());
  auto s = db_.prepare("SELECT time, symbol, side, strength, price, reason, action, detail, dry_run FROM signals ORDER BY id");
  if (!s) return std::unexpected(s.error());
  std::vector<SignalRow> out;
  while (true) {
    auto row = (*s)->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    SignalRow r;
    r.time = (*s)->column_time(0);
    r.symbol = (*s)->column_text(1);
    r.side = (*s)->column_text(2);
    r.strength = static_cast<double>((*s)->column_int(3)) / 1000.0;
    r.price = (*s)->column_decimal(4);
    r.reason = (*s)->column_text(5);
    r.action = (*s)->column_text(6);
    r.detail = (*s)->column_text(7);
    r.dry_run = (*s)->column_int(8) != 0;
    out.push_back(std::move(r));
  }
  (*s)->reset();
  return out;
}

Status RiskStateStore::save_halt(const HaltRow& halt) {
  if (auto st = ensure_tables(); !st) return st;
  auto s = db_.prepare(
      "INSERT INTO runner_halts (symbol, reason, since, broker_quantity, ledger_quantity, request) "
      "VALUES (?1, ?2, ?3, ?4, ?5, '') ON CONFLICT (symbol) DO UPDATE SET reason = excluded.reason, "
      "broker_quantity = excluded.broker_quantity, ledger_quantity = excluded.ledger_quantity");
  if (!s) return std::unexpected(s.error());
  return (*s)->bind_text(1, halt.symbol)
      .bind_text(2, halt.reason)
      .bind_time(3, halt.since)
      .bind_decimal(4, halt.broker_quantity)
      .bind_decimal(5, halt.ledger_quantity)
      .run();
}

Status RiskStateStore::remove_halt(const std::string& symbol) {
  if (auto st = ensure_tables(); !st) return st;
  auto s = db_.prepare("DELETE FROM runner_halts WHERE symbol = ?1");
  if (!s) return std::unexpected(s.error());
  return (*s)->bind_text(1, symbol).run();
}

Result<std::vector<HaltRow>> RiskStateStore::load_halts() {
  if (auto st = ensure_tables(); !st) return std::unexpected(st.error());
  auto s = db_.prepare(
      "SELECT symbol, reason, since, broker_quantity, ledger_quantity, request FROM runner_halts ORDER BY symbol");
  if (!s) return std::unexpected(s.error());
  std::vector<HaltRow> out;
  while (true) {
    auto row = (*s)->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(HaltRow{(*s)->column_text(0), (*s)->column_text(1), (*s)->column_time(2),
                          (*s)->column_decimal(3), (*s)->column_decimal(4), (*s)->column_text(5)});
  }
  (*s)->reset();
  return out;
}

Status RiskStateStore::request_halt_action(const std::string& symbol, const std::string& action) {
  if (action != "adopt" && action != "release") {
    return fail(ErrorCode::kInvalidArgument, "halt action '" + action + "' is not adopt or release");
  }
  if (auto st = ensure_tables(); !st) return st;
  auto s = db_.prepare("UPDATE runner_halts SET request = ?2 WHERE symbol = ?1");
  if (!s) return std::unexpected(s.error());
  if (auto st = (*s)->bind_text(1, symbol).bind_text(2, action).run(); !st) return st;
  if (db_.changes() == 0) return fail(ErrorCode::kNotFound, symbol + " is not halted");
  return {};
}

Status RiskStateStore::save_broker_view(const BrokerAccountView& view, const AccountComparison& c) {
  if (auto st = ensure_tables(); !st) return st;
  auto s = db_.prepare(
      "INSERT OR REPLACE INTO runner_broker_view (id, time, account, net_liquidation, cash, unrealized, realized, "
      "cash_difference, value_difference, equity_difference, comparable, flagged, detail) "
      "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  if (!s) return std::unexpected(s.error());
  return (*s)->bind_time(1, view.time)
      .bind_text(2, view.account)
      .bind_decimal(3, view.net_liquidation)
      .bind_decimal(4, view.cash)
      .bind_decimal(5, view.unrealized)
      .bind_decimal(6, view.realized)
      .bind_decimal(7, c.cash_difference)
      .bind_decimal(8, c.value_difference)
      .bind_decimal(9, c.equity_difference)
      .bind_int(10, c.values_comparable ? 1 : 0)
      .bind_int(11, c.agrees() ? 0 : 1)
      .bind_text(12, c.describe())
      .run();
}

Status RiskStateStore::save_broker_pnl(const std::string& account, const ib::AccountPnl& pnl,
                                       const std::vector<PositionComparison>& positions, Timestamp time) {
  if (auto st = ensure_tables(); !st) return st;
  auto tx = store::Transaction::begin(db_);
  if (!tx) return std::unexpected(tx.error());
  auto acct = db_.prepare(
      "INSERT OR REPLACE INTO runner_broker_pnl (id, time, account, daily, unrealized, realized) "
      "VALUES (1, ?1, ?2, ?3, ?4, ?5)");
  if (!acct) return std::unexpected(acct.error());
  auto st = (*acct)->bind_time(1, time)
                .bind_text(2, account)
                .bind_decimal(3, pnl.daily)
                .bind_decimal(4, pnl.unrealized)
                .bind_decimal(5, pnl.realized)
                .run();
  if (!st) return st;
  if (st = db_.exec("DELETE FROM runner_broker_positions"); !st) return st;
  auto ins = db_.prepare(
      "INSERT INTO runner_broker_positions (symbol, time, our_quantity, our_value, our_unrealized, ib_known, "
      "ib_quantity, ib_value, ib_unrealized, ib_daily, ib_realized, flagged, detail) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  if (!ins) return std::unexpected(ins.error());
  for (const auto& p : positions) {
    (*ins)->reset();
    st = (*ins)->bind_text(1, p.symbol)
             .bind_time(2, time)
             .bind_decimal(3, p.our_quantity)
             .bind_decimal(4, p.our_value)
             .bind_decimal(5, p.our_unrealized)
             .bind_int(6, p.ib_known ? 1 : 0)
             .bind_decimal(7, p.ib_known ? std::optional<Decimal>(p.ib_quantity) : std::nullopt)
             .bind_decimal(8, p.ib_value)
             .bind_decimal(9, p.ib_unrealized)
             .bind_decimal(10, p.ib_daily)
             .bind_decimal(11, p.ib_realized)
             .bind_int(12, p.agrees() ? 0 : 1)
             .bind_text(13, p.describe())
             .run();
    if (!st) return st;
  }
  return tx->commit();
}

Result<std::string> RiskStateStore::bind_account(const std::string& account, Timestamp now) {
  if (auto st = ensure_tables(); !st) return std::unexpected(st.error());
  auto ins = db_.prepare("INSERT INTO runner_account (id, account, since) VALUES (1, ?1, ?2) ON CONFLICT (id) DO NOTHING");
  if (!ins) return std::unexpected(ins.error());
  if (auto st = (*ins)->bind_text(1, account).bind_time(2, now).run(); !st) return std::unexpected(st.error());
  auto sel = db_.prepare("SELECT account FROM runner_account WHERE id = 1");
  if (!sel) return std::unexpected(sel.error());
  auto row = (*sel)->step();
  if (!row) return std::unexpected(row.error());
  std::string bound = *row ? (*sel)->column_text(0) : std::string();
  (*sel)->reset();
  return bound;
}

Result<std::optional<int>> RiskStateStore::last_client_id() {
  if (auto st = ensure_tables(); !st) return std::unexpected(st.error());
  auto sel = db_.prepare("SELECT client_id FROM runner_client WHERE id = 1");
  if (!sel) return std::unexpected(sel.error());
  auto row = (*sel)->step();
  if (!row) return std::unexpected(row.error());
  std::optional<int> id;
  if (*row) id = static_cast<int>((*sel)->column_int(0));
  (*sel)->reset();
  return id;
}

Status RiskStateStore::save_client_id(int client_id, Timestamp now) {
  if (auto st = ensure_tables(); !st) return st;
  auto up = db_.prepare(
      "INSERT INTO runner_client (id, client_id, since) VALUES (1, ?1, ?2) "
      "ON CONFLICT (id) DO UPDATE SET client_id = excluded.client_id, since = excluded.since");
  if (!up) return std::unexpected(up.error());
  return (*up)->bind_int(1, client_id).bind_time(2, now).run();
}

}  // namespace rt::runner

#include "store/database.hpp"

#include <sqlite3.h>

#include "store/migrations.hpp"
#include "store/sqlite_error.hpp"

namespace rt::store {

void Database::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

Database::~Database() {
  statements_.clear();  // finalize before the connection closes
}

Result<Database> Database::open(const std::string& path, const OpenOptions& options) {
  int flags = options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (!options.read_only && options.create) flags |= SQLITE_OPEN_CREATE;
  flags |= SQLITE_OPEN_NOMUTEX;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<sqlite3, Closer> handle(raw);
  if (rc != SQLITE_OK) return sqlite_error(raw, rc, "open " + path);
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, static_cast<int>(options.busy_timeout.count()));

  Database db(std::move(handle), path);
  if (auto st = db.exec("PRAGMA foreign_keys = ON"); !st) return std::unexpected(st.error());
  if (!options.read_only) {
    auto mode = db.prepare("PRAGMA journal_mode = WAL");
    if (!mode) return std::unexpected(mode.error());
    auto row = (*mode)->step();
    if (!row) return std::unexpected(row.error());
    std::string got = *row ? (*mode)->column_text(0) : std::string{};
    (*mode)->reset();
    if (got != "wal") return fail(ErrorCode::kStorage, "open " + path + ": WAL journal mode refused (got '" + got + "')");
    if (auto st = db.exec("PRAGMA synchronous = FULL"); !st) return std::unexpected(st.error());
    if (auto st = migrate(db, schema_migrations()); !st) return std::unexpected(st.error());
  } else {
    auto version = schema_version(db);
    if (!version) return std::unexpected(version.error());
    if (*version != latest_schema_version()) {
      return fail(ErrorCode::kStorage, "open " + path + " read-only: schema version " + std::to_string(*version) +
                                           ", this binary needs " + std::to_string(latest_schema_version()));
    }
  }
  return db;
}

Status Database::exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    sqlite3_free(message);
    return sqlite_error(db_.get(), rc, sql);
  }
  return {};
}

Result<Statement*> Database::prepare(std::string_view sql) {
  std::string key(sql);
  if (auto it = statements_.find(key); it != statements_.end()) {
    it->second->reset();
    return it->second.get();
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_.get(), key.c_str(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                              nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return sqlite_error(db_.get(), rc, sql);
  }
  auto owned = std::make_unique<Statement>(db_.get(), stmt);
  Statement* out = owned.get();
  statements_.emplace(std::move(key), std::move(owned));
  return out;
}

std::int64_t Database::changes() const { return sqlite3_changes64(db_.get()); }

Result<std::int64_t> Database::query_int(std::string_view sql) {
  auto st = prepare(sql);
  if (!st) return std::unexpected(st.error());
  auto row = (*st)->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return fail(ErrorCode::kStorage, "no row from: " + std::string(sql));
  std::int64_t v = (*st)->column_int(0);
  (*st)->reset();
  return v;
}

}  // namespace rt::store

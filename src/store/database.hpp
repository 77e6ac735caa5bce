#pragma once
// Database: one SQLite connection (RAII) with the robotrader schema applied.
//
// open() sets the busy timeout, foreign keys on, WAL journal mode and synchronous=FULL (a
// committed journal row survives a crash, which is what "journaled before sent" relies on), then
// applies the numbered schema migrations (see migrations.hpp). A read-only open applies nothing and
// fails if the schema is not current. Every failure is ErrorCode::kStorage with SQLite's message.
//
// Money columns are INTEGER holding Decimal::raw() (value * 1e8): exact, sortable, never REAL.
// Times are INTEGER nanoseconds since the Unix epoch.
//
// Threading: one thread at a time (the trading event loop). Repositories borrow the Database and
// must not outlive it. Prepared statements are cached per SQL text and owned by the Database.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"
#include "store/statement.hpp"

struct sqlite3;

namespace rt::store {

struct OpenOptions {
  std::chrono::milliseconds busy_timeout{2000};
  bool read_only = false;
  bool create = true;  // create the file if it does not exist (ignored when read_only)
};

class Database {
 public:
  static Result<Database> open(const std::string& path, const OpenOptions& options = {});

  Database(Database&&) noexcept = default;
  Database& operator=(Database&&) noexcept = default;
  ~Database();

  // Runs one or more statements that return no rows.
  Status exec(std::string_view sql);
  // Returns a cached prepared statement, reset and with no bindings. Valid until the next
  // prepare() of the same SQL text; do not hold it across calls that may reuse it.
  Result<Statement*> prepare(std::string_view sql);
  // Rows changed by the last INSERT/UPDATE/DELETE.
  [[nodiscard]] std::int64_t changes() const;
  // A single integer from a one-row, one-column query.
  Result<std::int64_t> query_int(std::string_view sql);

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] sqlite3* handle() const { return db_.get(); }

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  Database(std::unique_ptr<sqlite3, Closer> db, std::string path) : db_(std::move(db)), path_(std::move(path)) {}

  std::unique_ptr<sqlite3, Closer> db_;  // declared first: destroyed after the statements
  std::string path_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

}  // namespace rt::store

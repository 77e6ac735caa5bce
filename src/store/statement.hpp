#pragma once
// Statement: RAII owner of one prepared sqlite3_stmt. Decimals are bound and read as INTEGER raw
// values (Decimal::raw(), scaled by 1e8: exact and sortable); timestamps as INTEGER nanoseconds
// since the Unix epoch. Binding an out-of-range index is a programming error and aborts; step()
// failures come back as ErrorCode::kStorage with the SQLite message.
// Owned by the Database that prepared it (or by a caller for one-off statements); used on the
// thread that owns the Database.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "core/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace rt::store {

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  // Parameters are numbered from 1, as in SQLite.
  Statement& bind_int(int index, std::int64_t value);
  Statement& bind_text(int index, std::string_view value);
  Statement& bind_decimal(int index, Decimal value) { return bind_int(index, value.raw()); }
  Statement& bind_decimal(int index, const std::optional<Decimal>& value);
  Statement& bind_time(int index, Timestamp value) { return bind_int(index, value.time_since_epoch().count()); }
  Statement& bind_null(int index);

  // Advances: true when a row is available, false when done.
  Result<bool> step();
  // Runs a statement that returns no rows.
  Status run();
  // Clears bindings and rewinds, ready for reuse.
  void reset();

  // Columns are numbered from 0, as in SQLite.
  [[nodiscard]] bool is_null(int column) const;
  [[nodiscard]] std::int64_t column_int(int column) const;
  [[nodiscard]] std::string column_text(int column) const;
  [[nodiscard]] Decimal column_decimal(int column) const { return Decimal::from_raw(column_int(column)); }
  [[nodiscard]] std::optional<Decimal> column_optional_decimal(int column) const;
  [[nodiscard]] Timestamp column_time(int column) const { return Timestamp{Duration{column_int(column)}}; }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace rt::store

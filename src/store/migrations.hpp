#pragma once
// Schema migrations: numbered, applied in order, each in its own transaction together with its
// row in schema_version. Re-running is a no-op. A database whose schema is newer than the
// migrations this binary knows is refused with a clear error, never written to.
// Used by Database::open on the opening thread.
#include <span>
#include <string_view>

#include "core/result.hpp"

namespace rt::store {

class Database;

struct Migration {
  int version = 0;  // 1, 2, 3, ... with no gaps
  std::string_view name;
  std::string_view sql;
};

// The robotrader schema, oldest first.
std::span<const Migration> schema_migrations();
int latest_schema_version();

// The highest applied version; 0 for an empty database.
Result<int> schema_version(Database& db);
// Applies the migrations above the current version. Returns the resulting version.
Result<int> migrate(Database& db, std::span<const Migration> migrations);

}  // namespace rt::store

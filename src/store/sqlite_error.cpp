#include "store/sqlite_error.hpp"

#include <sqlite3.h>

#include <string>

namespace rt::store {

std::unexpected<Error> sqlite_error(sqlite3* db, int rc, std::string_view context) {
  std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int extended = db != nullptr ? sqlite3_extended_errcode(db) : rc;
  std::string where(context.substr(0, 120));
  return fail(ErrorCode::kStorage, message + " (sqlite " + std::to_string(extended) + ") in: " + where);
}

}  // namespace rt::store

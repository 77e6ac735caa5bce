#pragma once
// Turns an SQLite result code into an ErrorCode::kStorage error carrying SQLite's message, the
// extended result code and what was being done. Internal to the store.
#include <string_view>

#include "core/result.hpp"

struct sqlite3;

namespace rt::store {

std::unexpected<Error> sqlite_error(sqlite3* db, int rc, std::string_view context);

}  // namespace rt::store

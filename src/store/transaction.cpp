#include "store/transaction.hpp"

#include <utility>

#include "store/database.hpp"

namespace rt::store {

Result<Transaction> Transaction::begin(Database& db) {
  if (auto st = db.exec("BEGIN IMMEDIATE"); !st) return std::unexpected(st.error());
  return Transaction(db);
}

Transaction::Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->exec("ROLLBACK");
}

Status Transaction::commit() {
  Database* db = std::exchange(db_, nullptr);
  if (db == nullptr) return fail(ErrorCode::kInternal, "commit of a finished transaction");
  if (auto st = db->exec("COMMIT"); !st) {
    (void)db->exec("ROLLBACK");
    return st;
  }
  return {};
}

}  // namespace rt::store

#pragma once
// Transaction: RAII guard for BEGIN IMMEDIATE ... COMMIT. Destroyed without commit() it rolls back,
// so an early return on any error leaves nothing half-written. Not nestable. Borrows the Database;
// same thread.
#include "core/result.hpp"

namespace rt::store {

class Database;

class Transaction {
 public:
  // BEGIN IMMEDIATE: takes the write lock now, so a busy database fails here, not halfway.
  static Result<Transaction> begin(Database& db);

  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  Status commit();

 private:
  explicit Transaction(Database& db) : db_(&db) {}
  Database* db_ = nullptr;  // null once committed, rolled back or moved from
};

}  // namespace rt::store

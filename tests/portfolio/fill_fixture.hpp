#pragma once
// Fills written as text for the ledger and statement tests.
#include "core/decimal.hpp"
#include "trading/fill.hpp"

namespace rt::trading::testing {

inline Decimal d(const char* s) {
  return *Decimal::parse(s);
}

inline Fill fill(const char* exec, const char* symbol, Side side, const char* qty, const char* price,
                 const char* comm = "0", Timestamp time = Timestamp{std::chrono::seconds{1'700'000'000}}) {
  Fill f;
  f.exec_id = exec;
  f.symbol = symbol;
  f.side = side;
  f.quantity = d(qty);
  f.price = d(price);
  f.commission = d(comm);
  f.time = time;
  return f;
}

}  // namespace rt::trading::testing

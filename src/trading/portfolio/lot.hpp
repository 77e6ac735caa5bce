#pragma once
// Lot: an open slice of a position at one price, closed first-in first-out. Plain value.
// quantity is signed: positive for a long lot, negative for a short lot; never zero while open.
#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "core/decimal.hpp"

namespace rt::trading {

struct Lot {
  std::int64_t id = 0;        // ledger-assigned, increasing in opening order
  std::string symbol;
  std::string exec_id;        // the execution that opened it
  Decimal open_quantity;      // signed quantity when opened
  Decimal quantity;           // signed quantity still open
  Decimal price;              // opening price
  Timestamp opened_at{};

  bool operator==(const Lot&) const = default;
};

}  // namespace rt::trading

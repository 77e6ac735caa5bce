#pragma once
// The margin check before an order: the broker's what-if answer (the account's margin and equity
// with loan had the order filled) judged against the configured limit. Pure; no I/O.
#include <optional>
#include <string>

#include "core/decimal.hpp"

namespace rt::trading {

struct MarginImpact {
  Decimal init_margin_before;
  Decimal init_margin_after;
  Decimal maint_margin_after;
  Decimal equity_with_loan_after;
  std::optional<Decimal> commission;
};

// Why the order must not go, or nullopt: the initial margin after the order above the equity with
// loan after it (the order is not funded), or above `max_margin_pct` percent of it.
[[nodiscard]] std::optional<std::string> margin_denial(const MarginImpact& impact, Decimal max_margin_pct);

}  // namespace rt::trading

#include "trading/risk/margin_check.hpp"

namespace rt::trading {

std::optional<std::string> margin_denial(const MarginImpact& m, Decimal max_margin_pct) {
  const auto text = [](Decimal d) { return d.to_string_fixed(2); };
  if (m.init_margin_after > m.equity_with_loan_after) {
    return "initial margin after the order " + text(m.init_margin_after) + " exceeds the equity with loan " +
           text(m.equity_with_loan_after);
  }
  const Decimal limit = m.equity_with_loan_after * max_margin_pct / Decimal::from_int(100);
  if (m.init_margin_after > limit) {
    return "initial margin after the order " + text(m.init_margin_after) + " exceeds " +
           max_margin_pct.to_string() + " % of the equity with loan (" + text(limit) + ")";
  }
  return std::nullopt;
}

}  // namespace rt::trading

#include "trading/instrument/roll_rule.hpp"

namespace rt::trading {

std::chrono::sys_days RollRule::roll_day(const ContractMonth& month) const {
  return std::chrono::sys_days{month.last_trade} - std::chrono::days{days_before_expiry};
}

bool RollRule::must_roll(const ContractMonth& held, std::chrono::year_month_day today) const {
  return std::chrono::sys_days{today} >= roll_day(held);
}

std::optional<std::size_t> RollRule::front_month(std::span<const ContractMonth> months,
                                                 std::chrono::year_month_day today) const {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < months.size(); ++i) {
    if (must_roll(months[i], today)) continue;
    if (!best ||
        std::chrono::sys_days{months[i].last_trade} < std::chrono::sys_days{months[*best].last_trade})
      best = i;
  }
  return best;
}

}  // namespace rt::trading

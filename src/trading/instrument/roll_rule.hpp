#pragma once
// RollRule: which month of a future is "the front month" on a given day, and when a held month
// must roll to the next.
//
// Contract
// - A month is tradable until `days_before_expiry` calendar days before its last trading day;
//   from then on the next listed month is the front (volume and open interest move to it then).
// - front_month() picks, among the months given (any order), the tradable one expiring first;
//   none when every month is inside its roll window or expired.
// - must_roll(): a held month rolls once it is inside its roll window; the roll is one journaled
//   pair (close the old month, open the same quantity in the new one).
// Plain values; pure functions.
#include <chrono>
#include <optional>
#include <span>
#include <string>

namespace rt::trading {

struct ContractMonth {
  std::string local_symbol;                  // ESZ6
  std::chrono::year_month_day last_trade{};  // the last trading day
  bool operator==(const ContractMonth&) const = default;
};

struct RollRule {
  int days_before_expiry = 5;

  [[nodiscard]] bool must_roll(const ContractMonth& held, std::chrono::year_month_day today) const;
  [[nodiscard]] std::optional<std::size_t> front_month(std::span<const ContractMonth> months,
                                                       std::chrono::year_month_day today) const;
  // The first day the month is no longer the front: last_trade - days_before_expiry.
  [[nodiscard]] std::chrono::sys_days roll_day(const ContractMonth& month) const;
};

}  // namespace rt::trading

#include "ib/pacing/pacing_policy.hpp"

#include <cctype>
#include <charconv>
#include <string>

namespace rt::ib {

namespace {

Status require(bool ok, const char* field, const std::string& rule) {
  if (ok) return {};
  return fail(ErrorCode::kInvalidArgument, std::string("pacing policy: ") + field + " " + rule);
}

bool starts_with_word(std::string_view unit, std::string_view word) {
  if (unit.size() < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(unit[i])) != word[i]) return false;
  }
  return true;
}

}  // namespace

Status PacingPolicy::validate() const {
  const Duration zero{0};
  Status s;
  if (!(s = require(max_messages_per_second >= 1 && max_messages_per_second <= 50, "max_messages_per_second",
                    "must be 1..50 (IB's limit is 50/s)")))
    return s;
  if (!(s = require(rate_window > zero, "rate_window", "must be positive"))) return s;
  if (!(s = require(rate_window_guard >= zero && rate_window_guard <= rate_window, "rate_window_guard",
                    "must be 0..rate_window")))
    return s;
  if (!(s = require(urgent_reserve >= 0 && urgent_reserve < max_messages_per_second, "urgent_reserve",
                    "must be 0..max_messages_per_second-1")))
    return s;
  if (!(s = require(min_messages_per_second >= 1 && min_messages_per_second <= max_messages_per_second,
                    "min_messages_per_second", "must be 1..max_messages_per_second")))
    return s;
  if (!(s = require(rate_recovery_step >= 1, "rate_recovery_step", "must be at least 1"))) return s;
  if (!(s = require(rate_recovery_interval > zero, "rate_recovery_interval", "must be positive"))) return s;
  if (!(s = require(identical_historical_gap >= zero, "identical_historical_gap", "must not be negative")))
    return s;
  if (!(s = require(same_contract_max >= 1, "same_contract_max", "must be at least 1"))) return s;
  if (!(s = require(same_contract_window > zero, "same_contract_window", "must be positive"))) return s;
  if (!(s = require(small_bar_max >= 2, "small_bar_max", "must be at least 2 (BID_ASK counts double)"))) return s;
  if (!(s = require(small_bar_window > zero, "small_bar_window", "must be positive"))) return s;
  if (!(s = require(max_open_historical >= 1, "max_open_historical", "must be at least 1"))) return s;
  if (!(s = require(historical_backoff_initial > zero && historical_backoff_max >= historical_backoff_initial,
                    "historical_backoff_initial", "must be positive and not above historical_backoff_max")))
    return s;
  if (!(s = require(max_pacing_retries >= 0, "max_pacing_retries", "must not be negative"))) return s;
  if (!(s = require(market_data_lines >= 1, "market_data_lines", "must be at least 1"))) return s;
  if (!(s = require(rotation_dwell > zero, "rotation_dwell", "must be positive"))) return s;
  if (!(s = require(rotation_rest >= zero, "rotation_rest", "must not be negative"))) return s;
  if (!(s = require(snapshot_max_hold > zero, "snapshot_max_hold", "must be positive"))) return s;
  if (!(s = require(realtime_bars_max >= 1, "realtime_bars_max", "must be at least 1"))) return s;
  if (!(s = require(realtime_bars_window > zero, "realtime_bars_window", "must be positive"))) return s;
  if (!(s = require(realtime_backoff_initial > zero && realtime_backoff_max >= realtime_backoff_initial,
                    "realtime_backoff_initial", "must be positive and not above realtime_backoff_max")))
    return s;
  return {};
}

Result<std::int64_t> bar_size_seconds(std::string_view bar_size) {
  auto bad = [&] {
    return fail(ErrorCode::kInvalidArgument, "bar size '" + std::string(bar_size) + "' is not '<n> <unit>'");
  };
  std::size_t i = 0;
  while (i < bar_size.size() && bar_size[i] == ' ') ++i;
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(bar_size.data() + i, bar_size.data() + bar_size.size(), n);
  if (ec != std::errc() || n <= 0) return bad();
  std::string_view unit = bar_size.substr(static_cast<std::size_t>(end - bar_size.data()));
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  if (starts_with_word(unit, "sec")) return n;
  if (starts_with_word(unit, "min")) return n * 60;
  if (starts_with_word(unit, "hour")) return n * 3600;
  if (starts_with_word(unit, "day")) return n * 86400;
  if (starts_with_word(unit, "week")) return n * 7 * 86400;
  if (starts_with_word(unit, "month")) return n * 30 * 86400;
  return bad();
}

}  // namespace rt::ib

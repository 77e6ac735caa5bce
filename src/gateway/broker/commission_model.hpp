#pragma once
// CommissionModel: IB's two stock commission schedules, charged per order. A partial fill is
// charged the order's commission so far minus what its earlier fills were charged, so an order
// filled in chunks costs what it would have cost filled at once. Pure value type.
//
//   fixed   a rate per share (0.005) with a minimum per order (1.00), at most a percentage of the
//           trade value (1 %); exchange and regulatory fees are included.
//   tiered  a rate per share by the account's shares traded this month before the order
//           (0.0035 up to 300,000, 0.002 to 3M, 0.0015 to 20M, 0.001 to 100M, then 0.0005), at
//           least 0.35 and at most 1 % of the trade value, plus third-party fees per share
//           (clearing, 0.0002), which the minimum and the cap do not include.
#include <string_view>
#include <vector>

#include "core/decimal.hpp"
#include "core/result.hpp"

namespace rt::gateway {

enum class CommissionSchedule { kFixed, kTiered };

// "fixed" or "tiered".
Result<CommissionSchedule> parse_commission_schedule(std::string_view text);
const char* to_string(CommissionSchedule schedule) noexcept;

// A band of monthly volume: orders placed while the month's volume is below `up_to` shares pay
// `per_share`. The last band has up_to = 0: no upper bound.
struct CommissionTier {
  Decimal up_to;
  Decimal per_share;
};

std::vector<CommissionTier> ib_stock_tiers();

struct CommissionModel {
  CommissionSchedule schedule = CommissionSchedule::kFixed;
  Decimal per_share = Decimal::from_raw(500'000);   // fixed: $0.005
  Decimal minimum = Decimal::from_int(1);           // fixed: $1.00 per order
  Decimal max_rate = Decimal::from_raw(1'000'000);  // both: 1 % of the trade value
  std::vector<CommissionTier> tiers = ib_stock_tiers();
  Decimal tiered_minimum = Decimal::from_raw(35'000'000);  // $0.35 per order
  Decimal tiered_fees_per_share = Decimal::from_raw(20'000);  // $0.0002 clearing

  // The commission of an order whose fills so far total `shares` worth `value` (both > 0), for
  // an account that had traded `month_volume` shares this month before the order:
  // clamp(shares x rate, minimum, value x max_rate) (+ fees when tiered), rounded to cents. The
  // maximum wins over the minimum for tiny trades, as at IB.
  [[nodiscard]] Decimal order_commission(Decimal shares, Decimal value, Decimal month_volume = Decimal{}) const;
  // The tiered rate per share at `month_volume`.
  [[nodiscard]] Decimal tier_rate(Decimal month_volume) const;
};

// Rates, minimums and fees >= 0; tiers ascending with the unbounded one last.
Status validate(const CommissionModel& model);

}  // namespace rt::gateway

#include "gateway/broker/commission_model.hpp"

#include <algorithm>

namespace rt::gateway {
namespace {

Decimal dec(const char* text) { return *Decimal::parse(text); }

}  // namespace

Result<CommissionSchedule> parse_commission_schedule(std::string_view text) {
  if (text == "fixed") return CommissionSchedule::kFixed;
  if (text == "tiered") return CommissionSchedule::kTiered;
  return fail(ErrorCode::kInvalidArgument,
              "commission schedule '" + std::string(text) + "' is not one of: fixed, tiered");
}

const char* to_string(CommissionSchedule schedule) noexcept {
  return schedule == CommissionSchedule::kTiered ? "tiered" : "fixed";
}

std::vector<CommissionTier> ib_stock_tiers() {
  return {{dec("300000"), dec("0.0035")},
          {dec("3000000"), dec("0.002")},
          {dec("20000000"), dec("0.0015")},
          {dec("100000000"), dec("0.001")},
          {Decimal{}, dec("0.0005")}};
}

Decimal CommissionModel::tier_rate(Decimal month_volume) const {
  for (const auto& t : tiers) {
    if (t.up_to.is_zero() || month_volume < t.up_to) return t.per_share;
  }
  return tiers.empty() ? per_share : tiers.back().per_share;
}

Decimal CommissionModel::order_commission(Decimal shares, Decimal value, Decimal month_volume) const {
  const Decimal cent = Decimal::from_raw(Decimal::kScale / 100);
  const bool tiered = schedule == CommissionSchedule::kTiered;
  const Decimal rate = tiered ? tier_rate(month_volume) : per_share;
  Decimal c = std::max(shares.abs() * rate, tiered ? tiered_minimum : minimum);
  const Decimal cap = value.abs() * max_rate;
  if (!max_rate.is_zero() && c > cap) c = cap;
  if (tiered) c += shares.abs() * tiered_fees_per_share;
  return c.round_to(cent);
}

Status validate(const CommissionModel& m) {
  if (m.per_share.is_negative() || m.minimum.is_negative() || m.max_rate.is_negative() ||
      m.tiered_minimum.is_negative() || m.tiered_fees_per_share.is_negative()) {
    return fail(ErrorCode::kInvalidArgument, "commission rates, minimums and fees must not be negative");
  }
  if (m.schedule == CommissionSchedule::kTiered) {
    if (m.tiers.empty() || !m.tiers.back().up_to.is_zero()) {
      return fail(ErrorCode::kInvalidArgument, "the commission tiers must end with an unbounded tier");
    }
    Decimal previous;
    for (std::size_t i = 0; i < m.tiers.size(); ++i) {
      const auto& t = m.tiers[i];
      if (t.per_share.is_negative()) return fail(ErrorCode::kInvalidArgument, "commission tier rates must not be negative");
      if (i + 1 < m.tiers.size() && t.up_to <= previous) {
        return fail(ErrorCode::kInvalidArgument, "commission tiers must rise: tier " + std::to_string(i + 1) +
                                                     " ends at " + t.up_to.to_string());
      }
      previous = t.up_to;
    }
  }
  return {};
}

}  // namespace rt::gateway

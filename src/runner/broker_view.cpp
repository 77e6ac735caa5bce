#include "runner/broker_view.hpp"

namespace rt::runner {

Result<BrokerAccountView> broker_view_from_summary(const std::vector<SummaryValue>& rows, const std::string& account,
                                                   Timestamp time) {
  BrokerAccountView v;
  v.time = time;
  v.account = account;
  bool net = false;
  bool cash = false;
  for (const auto& r : rows) {
    if (r.account != account) continue;
    const bool wanted = r.tag == "NetLiquidation" || r.tag == "TotalCashValue" || r.tag == "UnrealizedPnL" ||
                        r.tag == "RealizedPnL";
    if (!wanted) continue;
    auto value = Decimal::parse(r.value);
    if (!value) {
      return fail(ErrorCode::kParse, "account " + account + ": " + r.tag + " '" + r.value + "' is not a number");
    }
    if (r.tag == "NetLiquidation") {
      v.net_liquidation = *value;
      net = true;
    } else if (r.tag == "TotalCashValue") {
      v.cash = *value;
      cash = true;
    } else if (r.tag == "UnrealizedPnL") {
      v.unrealized = *value;
    } else {
      v.realized = *value;
    }
  }
  if (!net || !cash) {
    return fail(ErrorCode::kNotFound, "account " + account + " reported no " +
                                          std::string(!net ? "NetLiquidation" : "TotalCashValue"));
  }
  return v;
}

AccountComparison compare_account(Decimal our_cash, Decimal our_market_value, const BrokerAccountView& broker,
                                  std::int64_t commissions_unknown, bool values_comparable) {
  AccountComparison c;
  c.cash_difference = our_cash - broker.cash;
  c.value_difference = our_market_value - (broker.net_liquidation - broker.cash);
  c.equity_difference = our_cash + our_market_value - broker.net_liquidation;
  c.commissions_unknown = commissions_unknown;
  c.values_comparable = values_comparable;
  // An unknown commission is still on its way: the cash cannot be judged until it lands.
  c.cash_flagged = commissions_unknown == 0 && c.cash_difference.abs() > kOneCent;
  c.value_flagged = values_comparable && c.value_difference.abs() > kOneCent;
  return c;
}

std::string AccountComparison::describe() const {
  std::string s = "cash difference " + cash_difference.to_string_fixed(2) + ", market value difference " +
                  value_difference.to_string_fixed(2) + (values_comparable ? "" : " (intraday marks differ)");
  if (commissions_unknown > 0) s += ", " + std::to_string(commissions_unknown) + " commissions not yet reported";
  return s;
}

PositionComparison compare_position(const OurPosition& ours, const ib::PositionPnl* ib, bool values_comparable,
                                    bool differed_before) {
  PositionComparison c;
  c.symbol = ours.symbol;
  c.our_quantity = ours.quantity;
  c.our_value = ours.value;
  c.our_unrealized = ours.unrealized;
  if (ib == nullptr) {
    c.problem = "IB's P&L for this position is not watched yet";
    return c;
  }
  c.problem = ib->problem;
  if (!ib->received) {
    if (c.problem.empty()) c.problem = "IB has not answered yet";
    return c;
  }
  c.ib_known = true;
  c.ib_quantity = ib->position;
  c.ib_value = ib->value;
  c.ib_unrealized = ib->unrealized;
  c.ib_daily = ib->daily;
  c.ib_realized = ib->realized;
  c.quantity_differs = ours.quantity != ib->position;
  c.quantity_flagged = c.quantity_differs && differed_before;
  c.value_flagged = values_comparable && ib->value && (ours.value - *ib->value).abs() > kOneCent;
  return c;
}

std::string PositionComparison::describe() const {
  if (!ib_known) return symbol + ": " + problem;
  std::string s = symbol + ": quantity " + our_quantity.to_string() + " (IB " + ib_quantity.to_string() + ")";
  if (ib_value) {
    s += ", value " + our_value.to_string_fixed(2) + " (IB " + ib_value->to_string_fixed(2) + ")";
  }
  if (quantity_differs && !quantity_flagged) s += ", quantity differs: checking again";
  return s;
}

}  // namespace rt::runner

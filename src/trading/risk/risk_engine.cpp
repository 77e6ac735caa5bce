#include "trading/risk/risk_engine.hpp"

#include <string>

#include "trading/risk/money_text.hpp"

namespace rt::trading {

namespace {

const Decimal kZero;
const Decimal kHundred = Decimal::from_int(100);
const Decimal kCent = Decimal::from_raw(1'000'000);

std::string seconds_text(Duration d) {
  // Nanoseconds to Decimal seconds (Decimal has 8 fractional digits), shown to the millisecond.
  return Decimal::from_raw(d.count() / 10).round_to(Decimal::from_raw(100'000)).to_string() + " s";
}

std::string quantity_text(const OrderIntent& in) {
  return std::string(to_string(in.side)) + " " + in.quantity.to_string() + " " + in.symbol;
}

// The open risk of a position: distance to its stop times its size, or its whole value without a
// stop. A stop already beyond the price carries no risk.
Decimal position_risk(Decimal quantity, Decimal price, const std::optional<Decimal>& stop) {
  const Decimal size = quantity.abs();
  if (!stop) return size * price;
  const Decimal distance = quantity.is_negative() ? *stop - price : price - *stop;
  return distance > kZero ? distance * size : kZero;
}

std::optional<Decimal> entry_price(const OrderIntent& in, const RiskContext& ctx) {
  const bool limit_type = in.type == OrderType::Limit || in.type == OrderType::StopLimit;
  if (limit_type && in.limit_price && *in.limit_price > kZero) return in.limit_price;
  if (in.reference_price && *in.reference_price > kZero) return in.reference_price;
  if (ctx.quote) {
    const Decimal p = ctx.quote->mid_or_last();
    if (p > kZero) return p;
  }
  return std::nullopt;
}

}  // namespace

Result<RiskEngine> RiskEngine::create(RiskLimits limits) {
  if (auto ok = limits.validate(); !ok) return std::unexpected(ok.error());
  return RiskEngine(limits);
}

bool RiskEngine::reduces_position(const OrderIntent& intent, const RiskContext& context) {
  if (intent.purpose == OrderPurpose::Entry) return false;
  const auto it = context.positions.find(intent.symbol);
  if (it == context.positions.end()) return false;
  const Decimal held = it->second.quantity;
  if (held.is_zero()) return false;
  const bool opposite = intent.side == Side::Sell ? held > kZero : held < kZero;
  return opposite && intent.quantity <= held.abs();
}

RiskDecision RiskEngine::check(const OrderIntent& intent, const RiskContext& ctx) const {
  if (auto valid = validate(intent); !valid) {
    return RiskDecision::deny(RiskRule::InvalidIntent, valid.error().message);
  }
  const bool reducing = reduces_position(intent, ctx);

  // 1. Kill switch: entries frozen, reducing exits and stops pass.
  if ((ctx.kill_switch.engaged || limits_.kill_switch) && !reducing) {
    std::string why = ctx.kill_switch.engaged
                          ? std::string(to_string(ctx.kill_switch.kind)) + ": " + ctx.kill_switch.reason
                          : std::string("risk.kill_switch is set in the configuration");
    std::string what = intent.purpose == OrderPurpose::Entry
                           ? "entry " + quantity_text(intent)
                           : std::string(to_string(intent.purpose)) + " " + quantity_text(intent) +
                                 " does not reduce a held position, so it counts as an entry;";
    return RiskDecision::deny(RiskRule::KillSwitch, what + " refused: kill switch engaged (" + why + ")");
  }

  // 2. Freshness (D6) and quarantine (D5): applies to exits and stops too.
  if (ctx.quote_quarantined) {
    return RiskDecision::deny(RiskRule::StaleQuote,
                              "price of " + intent.symbol + " is quarantined by the bad-bar guard; no order on it");
  }
  if (!ctx.quote || ctx.quote->time == Timestamp{}) {
    return RiskDecision::deny(RiskRule::StaleQuote, "no timed quote for " + intent.symbol + "; no order without one");
  }
  if (!ctx.quote->fresh(ctx.now, limits_.max_quote_age)) {
    const Duration age = ctx.now - ctx.quote->time;
    const std::string age_text =
        age >= Duration::zero() ? seconds_text(age) + " old" : seconds_text(-age) + " in the future";
    return RiskDecision::deny(RiskRule::StaleQuote, "quote for " + intent.symbol + " is " + age_text +
                                                        "; max_quote_age " + seconds_text(limits_.max_quote_age));
  }

  if (reducing) return RiskDecision::allow();

  const auto price_opt = entry_price(intent, ctx);
  if (!price_opt) {
    return RiskDecision::deny(RiskRule::PriceUnknown,
                              "cannot value " + quantity_text(intent) + ": no limit, reference or quote price");
  }
  const Decimal price = *price_opt;
  const Decimal m = ctx.multiplier;
  const Decimal notional = intent.quantity * price * m;

  Decimal held;
  std::optional<Decimal> held_stop;
  std::int64_t open_positions = 0;
  Decimal gross_others;
  Decimal heat_others;
  for (const auto& [symbol, pos] : ctx.positions) {
    if (pos.quantity.is_zero()) continue;
    ++open_positions;
    if (symbol == intent.symbol) {
      held = pos.quantity;
      held_stop = pos.stop;
      continue;
    }
    gross_others += pos.quantity.abs() * pos.price() * pos.multiplier;
    heat_others += position_risk(pos.quantity, pos.price(), pos.stop) * pos.multiplier;
  }
  const Decimal after = held + (intent.side == Side::Buy ? intent.quantity : -intent.quantity);
  const Decimal value_after = after.abs() * price * m;

  // 3. Max open positions: only an entry into a symbol not held opens a new one.
  if (held.is_zero() && open_positions >= limits_.max_open_positions) {
    return RiskDecision::deny(RiskRule::MaxOpenPositions,
                              intent.symbol + " would be open position " + std::to_string(open_positions + 1) +
                                  "; max_open_positions " + std::to_string(limits_.max_open_positions));
  }

  // 4. Max position size.
  const Decimal size_limit = ctx.equity * limits_.max_position_pct / kHundred;
  if (value_after > size_limit) {
    return RiskDecision::deny(RiskRule::MaxPositionSize,
                              "position value " + format_money(value_after) + " in " + intent.symbol +
                                  " exceeds max_position_pct " + format_percent(limits_.max_position_pct) +
                                  " of equity " + format_money(ctx.equity) + " = " + format_money(size_limit));
  }

  // 5. Min position value.
  if (!after.is_zero() && value_after < limits_.min_position_value) {
    return RiskDecision::deny(RiskRule::MinPositionValue,
                              "position value " + format_money(value_after) + " in " + intent.symbol +
                                  " is below min_position_value " + format_money(limits_.min_position_value));
  }

  // 6. Max order notional.
  if (notional > limits_.max_order_notional) {
    return RiskDecision::deny(RiskRule::MaxOrderNotional, "order notional " + format_money(notional) +
                                                              " exceeds max_order_notional " +
                                                              format_money(limits_.max_order_notional));
  }

  // 7. Max daily notional.
  const Decimal day_total = ctx.notional_today + notional;
  if (day_total > limits_.max_daily_notional) {
    return RiskDecision::deny(RiskRule::MaxDailyNotional,
                              "daily notional " + format_money(ctx.notional_today) + " + order " +
                                  format_money(notional) + " = " + format_money(day_total) +
                                  " exceeds max_daily_notional " + format_money(limits_.max_daily_notional));
  }

  // 8. Max leverage: gross exposure after the order over equity.
  const Decimal gross = gross_others + value_after;
  if (ctx.equity <= kZero) {
    return RiskDecision::deny(RiskRule::MaxLeverage,
                              "equity " + format_money(ctx.equity) + " is not positive; leverage is unbounded");
  }
  if (gross > ctx.equity * limits_.max_leverage) {
    return RiskDecision::deny(RiskRule::MaxLeverage,
                              "gross exposure " + format_money(gross) + " would be " +
                                  (gross / ctx.equity).round_to(kCent).to_string() + "x equity " +
                                  format_money(ctx.equity) + "; max_leverage " +
                                  limits_.max_leverage.to_string() + "x");
  }

  // 9. Portfolio heat: open risk of every position plus this entry's risk to its planned stop.
  Decimal entry_risk = notional;
  if (ctx.entry_stop) {
    const Decimal distance = intent.side == Side::Buy ? price - *ctx.entry_stop : *ctx.entry_stop - price;
    entry_risk = distance > kZero ? distance * intent.quantity * m : kZero;
  }
  const Decimal heat = heat_others + position_risk(held, price, held_stop) * m + entry_risk;
  const Decimal heat_limit = ctx.equity * limits_.max_portfolio_heat_pct / kHundred;
  if (heat > heat_limit) {
    return RiskDecision::deny(RiskRule::PortfolioHeat,
                              "portfolio heat " + format_money(heat) + " (" +
                                  (heat * kHundred / ctx.equity).round_to(kCent).to_string() + "% of equity " +
                                  format_money(ctx.equity) + ") exceeds max_portfolio_heat_pct " +
                                  format_percent(limits_.max_portfolio_heat_pct) + " = " + format_money(heat_limit));
  }

  // 10. Daily loss limit: deny and ask for a Loss trip.
  if (ctx.day_start_equity > kZero) {
    const Decimal loss = ctx.day_start_equity - ctx.equity;
    const Decimal loss_limit = ctx.day_start_equity * limits_.daily_loss_limit_pct / kHundred;
    if (loss >= loss_limit) {
      auto d = RiskDecision::deny(RiskRule::DailyLossLimit,
                                  "day loss " + format_money(loss) + " reached daily_loss_limit_pct " +
                                      format_percent(limits_.daily_loss_limit_pct) + " of day-start equity " +
                                      format_money(ctx.day_start_equity) + " = " + format_money(loss_limit) +
                                      "; kill switch must trip (kind=loss)");
      d.trip_kill_switch = KillSwitchKind::Loss;
      return d;
    }
  }

  // 11. Cooldown per symbol and side.
  if (const auto it = ctx.last_trades.find(intent.symbol); it != ctx.last_trades.end()) {
    if (const auto& last = it->second.on(intent.side); last && ctx.now - *last < limits_.cooldown) {
      return RiskDecision::deny(RiskRule::Cooldown,
                                quantity_text(intent) + " " + seconds_text(ctx.now - *last) + " after the last " +
                                    std::string(to_string(intent.side)) + " on " + intent.symbol + "; cooldown " +
                                    seconds_text(limits_.cooldown));
    }
  }

  return RiskDecision::allow();
}

}  // namespace rt::trading

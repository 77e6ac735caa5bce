#include "gateway/broker/matching_engine.hpp"

#include <algorithm>

namespace rt::gateway {
namespace {

bool positive(const std::optional<Decimal>& d) { return d && *d > Decimal{}; }

}  // namespace

std::optional<std::string> MatchingEngine::unsupported(const tws::Order& o) const {
  const auto& t = o.order_type;
  if (t == "MKT") return std::nullopt;
  if (t == "LMT") {
    if (!positive(o.lmt_price)) return "a LMT order needs a positive limit price";
    return std::nullopt;
  }
  if (t == "STP") {
    if (!positive(o.aux_price)) return "a STP order needs a positive stop price (auxPrice)";
    return std::nullopt;
  }
  if (t == "STP LMT") {
    if (!positive(o.lmt_price) || !positive(o.aux_price)) {
      return "a STP LMT order needs a positive limit price and stop price (auxPrice)";
    }
    return std::nullopt;
  }
  if (t == "TRAIL") {
    if (!positive(o.aux_price) && !positive(o.trailing_percent)) {
      return "a TRAIL order needs a trailing amount (auxPrice) or a trailing percent";
    }
    if (positive(o.trailing_percent) && *o.trailing_percent >= Decimal::from_int(100)) {
      return "the trailing percent must be below 100";
    }
    return std::nullopt;
  }
  return "order type '" + t + "' is not supported by this gateway (MKT, LMT, STP, STP LMT, TRAIL)";
}

std::optional<Decimal> MatchingEngine::market_price(bool buy, const TopOfBook& q) const {
  const Decimal slip = config_.tick_size * config_.slippage_ticks;
  if (buy) {
    if (q.ask <= Decimal{}) return std::nullopt;
    return q.ask + slip;
  }
  if (q.bid <= Decimal{}) return std::nullopt;
  return std::max(q.bid - slip, config_.tick_size);
}

std::optional<Decimal> MatchingEngine::trigger_reference(const SimOrder& o, const TopOfBook& q) const {
  const Decimal side = o.is_buy() ? q.ask : q.bid;
  switch (o.order.trigger_method) {
    case 1:
    case 4:
      if (side <= Decimal{}) return std::nullopt;
      return side;
    case 8:
      if (q.bid <= Decimal{} || q.ask <= Decimal{}) return std::nullopt;
      return (q.bid + q.ask) / Decimal::from_int(2);
    default:
      if (q.last <= Decimal{}) return std::nullopt;
      return q.last;
  }
}

bool MatchingEngine::crossed(const SimOrder& o, Decimal stop, const TopOfBook& q) const {
  auto hit = [&](Decimal ref) { return o.is_buy() ? ref >= stop : ref <= stop; };
  if (o.order.trigger_method == 7) {
    const Decimal side = o.is_buy() ? q.ask : q.bid;
    return (q.last > Decimal{} && hit(q.last)) || (side > Decimal{} && hit(side));
  }
  auto ref = trigger_reference(o, q);
  return ref && hit(*ref);
}

void MatchingEngine::update_trail(SimOrder& o, const TopOfBook& q, MatchResult& r) const {
  auto ref = trigger_reference(o, q);
  if (!ref) return;
  Decimal amount = o.order.aux_price.value_or(Decimal{});
  if (positive(o.order.trailing_percent)) amount = *ref * *o.order.trailing_percent / Decimal::from_int(100);
  const Decimal candidate = (o.is_buy() ? *ref + amount : *ref - amount).round_to(config_.tick_size);
  if (!o.trail_stop) {
    o.trail_stop = positive(o.order.trail_stop_price) ? *o.order.trail_stop_price : candidate;
    r.trail_moved = true;
    return;
  }
  const bool better = o.is_buy() ? candidate < *o.trail_stop : candidate > *o.trail_stop;
  if (better) {
    o.trail_stop = candidate;
    r.trail_moved = true;
  }
}

std::optional<Decimal> MatchingEngine::limit_fill(const SimOrder& o, Decimal limit, const TopOfBook& q,
                                                  bool marketable_check, MatchResult& r) const {
  const Decimal touch = o.is_buy() ? q.ask : q.bid;
  if (touch <= Decimal{}) return std::nullopt;
  const bool reaches = o.is_buy() ? touch <= limit : touch >= limit;
  if (!reaches) return std::nullopt;
  if (marketable_check) {
    r.last_liquidity = 2;
    return touch;  // marketable: at the touch, never worse than the limit
  }
  r.last_liquidity = 1;
  return limit;  // a resting limit is filled at its own price
}

MatchResult MatchingEngine::evaluate(SimOrder& o, const TopOfBook& q, bool on_arrival) const {
  MatchResult r;
  const auto& type = o.order.order_type;
  if (type == "MKT") {
    r.price = market_price(o.is_buy(), q);
    return r;
  }
  if (type == "LMT") {
    const bool taker = on_arrival || !o.rested;
    r.price = limit_fill(o, *o.order.lmt_price, q, taker, r);
    if (!r.price) o.rested = true;
    return r;
  }
  // Stop types: trigger first.
  if (!o.triggered) {
    Decimal stop;
    if (type == "TRAIL") {
      update_trail(o, q, r);
      if (!o.trail_stop) return r;
      stop = *o.trail_stop;
    } else {
      stop = *o.order.aux_price;
    }
    if (!crossed(o, stop, q)) return r;
    o.triggered = true;
    r.triggered_now = true;
  }
  if (type == "STP LMT") {
    const bool taker = r.triggered_now || !o.rested;
    r.price = limit_fill(o, *o.order.lmt_price, q, taker, r);
    if (!r.price) o.rested = true;
    return r;
  }
  r.price = market_price(o.is_buy(), q);
  return r;
}

}  // namespace rt::gateway

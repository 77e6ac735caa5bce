#include "ib/market_data/quote_builder.hpp"

#include <charconv>

namespace rt::ib {

TickMapping map_tick_type(int tick_type) noexcept {
  switch (tick_type) {
    case 0: return {QuoteField::kBidSize, false};
    case 1: return {QuoteField::kBid, false};
    case 2: return {QuoteField::kAsk, false};
    case 3: return {QuoteField::kAskSize, false};
    case 4: return {QuoteField::kLast, false};
    case 5: return {QuoteField::kLastSize, false};
    case 6: return {QuoteField::kHigh, false};
    case 7: return {QuoteField::kLow, false};
    case 8: return {QuoteField::kVolume, false};
    case 9: return {QuoteField::kClose, false};
    case 14: return {QuoteField::kOpen, false};
    case 45: return {QuoteField::kLastTimestamp, false};
    case 49: return {QuoteField::kHalted, false};
    case 66: return {QuoteField::kBid, true};
    case 67: return {QuoteField::kAsk, true};
    case 68: return {QuoteField::kLast, true};
    case 69: return {QuoteField::kBidSize, true};
    case 70: return {QuoteField::kAskSize, true};
    case 71: return {QuoteField::kLastSize, true};
    case 72: return {QuoteField::kHigh, true};
    case 73: return {QuoteField::kLow, true};
    case 74: return {QuoteField::kVolume, true};
    case 75: return {QuoteField::kClose, true};
    case 76: return {QuoteField::kOpen, true};
    case 88: return {QuoteField::kLastTimestamp, true};
    case 90: return {QuoteField::kHalted, true};
    default: return {};
  }
}

namespace {

bool update(Decimal& field, Decimal value) {
  if (field == value) return false;
  field = value;
  return true;
}

QuoteField size_field_of(QuoteField price_field) {
  switch (price_field) {
    case QuoteField::kBid: return QuoteField::kBidSize;
    case QuoteField::kAsk: return QuoteField::kAskSize;
    case QuoteField::kLast: return QuoteField::kLastSize;
    default: return QuoteField::kNone;
  }
}

}  // namespace

bool QuoteBuilder::set(QuoteField field, Decimal value, Timestamp received) {
  auto& q = state_.quote;
  bool quote_changed = false;
  switch (field) {
    case QuoteField::kBid: quote_changed = update(q.bid, value); break;
    case QuoteField::kAsk: quote_changed = update(q.ask, value); break;
    case QuoteField::kLast: quote_changed = update(q.last, value); break;
    case QuoteField::kBidSize: quote_changed = update(q.bid_size, value); break;
    case QuoteField::kAskSize: quote_changed = update(q.ask_size, value); break;
    case QuoteField::kLastSize: quote_changed = update(q.last_size, value); break;
    case QuoteField::kHigh: update(state_.high, value); break;
    case QuoteField::kLow: update(state_.low, value); break;
    case QuoteField::kVolume: update(state_.volume, value); break;
    case QuoteField::kClose: update(state_.close, value); break;
    case QuoteField::kOpen: update(state_.open, value); break;
    default: break;
  }
  if (quote_changed) q.time = received;
  return quote_changed;
}

bool QuoteBuilder::on_tick(const tws::TickPrice& tick, Timestamp received) {
  ++ticks_;
  const TickMapping m = map_tick_type(tick.tick_type);
  if (m.field == QuoteField::kNone) {
    ++ignored_;
    return false;
  }
  state_.delayed = state_.delayed || m.delayed;
  const Decimal price = tick.price.raw() > 0 ? tick.price : Decimal{};
  bool changed = set(m.field, price, received);
  if (QuoteField size_field = size_field_of(m.field); size_field != QuoteField::kNone && !tick.size.is_zero()) {
    changed = set(size_field, tick.size, received) || changed;
  }
  return changed;
}

bool QuoteBuilder::on_tick(const tws::TickSize& tick, Timestamp received) {
  ++ticks_;
  const TickMapping m = map_tick_type(tick.tick_type);
  if (m.field == QuoteField::kNone || m.field == QuoteField::kLastTimestamp || m.field == QuoteField::kHalted) {
    ++ignored_;
    return false;
  }
  state_.delayed = state_.delayed || m.delayed;
  return set(m.field, tick.size, received);
}

bool QuoteBuilder::on_tick(const tws::TickString& tick, Timestamp /*received*/) {
  ++ticks_;
  const TickMapping m = map_tick_type(tick.tick_type);
  if (m.field != QuoteField::kLastTimestamp) {
    ++ignored_;
    return false;
  }
  state_.delayed = state_.delayed || m.delayed;
  std::int64_t seconds = 0;
  const char* end = tick.value.data() + tick.value.size();
  auto [ptr, ec] = std::from_chars(tick.value.data(), end, seconds);
  if (ec != std::errc() || ptr != end || seconds <= 0) {
    ++ignored_;
    return false;
  }
  state_.last_trade_time = Timestamp{std::chrono::seconds{seconds}};
  return false;
}

bool QuoteBuilder::on_tick(const tws::TickGeneric& tick, Timestamp /*received*/) {
  ++ticks_;
  const TickMapping m = map_tick_type(tick.tick_type);
  if (m.field != QuoteField::kHalted) {
    ++ignored_;
    return false;
  }
  state_.delayed = state_.delayed || m.delayed;
  // 0 = not halted, 1 = general halt, 2 = volatility halt; -1 = unknown.
  state_.halted = tick.value > 0.5;
  return false;
}

bool QuoteBuilder::apply(const tws::Response& message, Timestamp received) {
  if (auto* p = std::get_if<tws::TickPrice>(&message)) return on_tick(*p, received);
  if (auto* s = std::get_if<tws::TickSize>(&message)) return on_tick(*s, received);
  if (auto* t = std::get_if<tws::TickString>(&message)) return on_tick(*t, received);
  if (auto* g = std::get_if<tws::TickGeneric>(&message)) return on_tick(*g, received);
  return false;
}

}  // namespace rt::ib

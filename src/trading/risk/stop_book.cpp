#include "trading/risk/stop_book.hpp"

#include <cstdlib>

namespace rt::trading {

namespace {
const Decimal kZero;
const Decimal kHundred = Decimal::from_int(100);

bool valid_trail_pct(Decimal pct) { return pct > kZero && pct < kHundred; }

std::unexpected<Error> bad(const std::string& symbol, const std::string& what) {
  return fail(ErrorCode::kInvalidArgument, "stop for '" + symbol + "': " + what);
}
}  // namespace

StopBook::StopBook(Decimal default_trail_pct) : default_trail_pct_(default_trail_pct) {
  if (!valid_trail_pct(default_trail_pct)) std::abort();  // contract: (0, 100)
}

Decimal StopBook::trail_level(PositionSide side, Decimal water_mark, Decimal trail_pct) {
  const Decimal factor = side == PositionSide::Long ? kHundred - trail_pct : kHundred + trail_pct;
  return water_mark * factor / kHundred;
}

Result<StopBook> StopBook::restore(const std::vector<StopState>& state, Decimal default_trail_pct) {
  if (!valid_trail_pct(default_trail_pct)) {
    return fail(ErrorCode::kInvalidArgument,
                "default trail percent " + default_trail_pct.to_string() + ": must be in (0, 100)");
  }
  StopBook book(default_trail_pct);
  for (const auto& s : state) {
    if (s.symbol.empty()) return fail(ErrorCode::kInvalidArgument, "stop state with an empty symbol");
    if (book.stops_.contains(s.symbol)) return bad(s.symbol, "appears twice");
    if (s.quantity <= kZero) return bad(s.symbol, "quantity must be positive, got " + s.quantity.to_string());
    if (s.level <= kZero) return bad(s.symbol, "level must be positive, got " + s.level.to_string());
    if (s.kind == StopKind::Trailing) {
      if (!valid_trail_pct(s.trail_pct)) {
        return bad(s.symbol, "trail percent " + s.trail_pct.to_string() + " must be in (0, 100)");
      }
      if (s.water_mark <= kZero) return bad(s.symbol, "trailing stop needs a positive water mark");
    }
    book.stops_.emplace(s.symbol, s);
  }
  return book;
}

Status StopBook::set_fixed(const std::string& symbol, PositionSide side, Decimal quantity, Decimal level,
                           Timestamp time) {
  if (symbol.empty()) return fail(ErrorCode::kInvalidArgument, "stop needs a symbol");
  if (quantity <= kZero) return bad(symbol, "quantity must be positive, got " + quantity.to_string());
  if (level <= kZero) return bad(symbol, "level must be positive, got " + level.to_string());
  stops_[symbol] = StopState{symbol, side, quantity, StopKind::Fixed, level, kZero, kZero, false, time};
  return {};
}

Status StopBook::set_trailing(const std::string& symbol, PositionSide side, Decimal quantity, Decimal price,
                              Timestamp time, std::optional<Decimal> trail_pct) {
  if (symbol.empty()) return fail(ErrorCode::kInvalidArgument, "stop needs a symbol");
  if (quantity <= kZero) return bad(symbol, "quantity must be positive, got " + quantity.to_string());
  if (price <= kZero) return bad(symbol, "start price must be positive, got " + price.to_string());
  const Decimal pct = trail_pct.value_or(default_trail_pct_);
  if (!valid_trail_pct(pct)) return bad(symbol, "trail percent " + pct.to_string() + " must be in (0, 100)");
  stops_[symbol] =
      StopState{symbol, side, quantity, StopKind::Trailing, trail_level(side, price, pct), pct, price, false, time};
  return {};
}

Status StopBook::set_quantity(const std::string& symbol, Decimal quantity) {
  const auto it = stops_.find(symbol);
  if (it == stops_.end()) return fail(ErrorCode::kNotFound, "no stop for '" + symbol + "'");
  if (quantity <= kZero) return bad(symbol, "quantity must be positive, got " + quantity.to_string());
  it->second.quantity = quantity;
  return {};
}

bool StopBook::remove(const std::string& symbol) { return stops_.erase(symbol) > 0; }

std::optional<OrderIntent> StopBook::on_price(const std::string& symbol, Decimal price, Timestamp time,
                                              PriceQuality quality) {
  const auto it = stops_.find(symbol);
  if (it == stops_.end() || it->second.triggered) return std::nullopt;
  StopState& s = it->second;
  if (quality != PriceQuality::Fresh || price <= kZero || time < s.updated_at) {
    ++ignored_prices_;
    return std::nullopt;
  }
  const bool is_long = s.side == PositionSide::Long;
  const bool crossed = is_long ? price <= s.level : price >= s.level;
  if (crossed) {
    s.triggered = true;
    s.updated_at = time;
    OrderIntent exit;
    exit.symbol = s.symbol;
    exit.side = is_long ? Side::Sell : Side::Buy;
    exit.quantity = s.quantity;
    exit.type = OrderType::Market;
    exit.purpose = OrderPurpose::Stop;
    exit.reference_price = price;
    return exit;
  }
  if (s.kind == StopKind::Trailing) {
    const bool better = is_long ? price > s.water_mark : price < s.water_mark;
    if (better) {
      s.water_mark = price;
      const Decimal candidate = trail_level(s.side, price, s.trail_pct);
      if (is_long ? candidate > s.level : candidate < s.level) s.level = candidate;
      s.updated_at = time;
    }
  }
  return std::nullopt;
}

const StopState* StopBook::find(const std::string& symbol) const {
  const auto it = stops_.find(symbol);
  return it == stops_.end() ? nullptr : &it->second;
}

std::optional<Decimal> StopBook::level(const std::string& symbol) const {
  const auto* s = find(symbol);
  if (s == nullptr) return std::nullopt;
  return s->level;
}

std::vector<StopState> StopBook::state() const {
  std::vector<StopState> out;
  out.reserve(stops_.size());
  for (const auto& [symbol, s] : stops_) out.push_back(s);
  return out;
}

}  // namespace rt::trading

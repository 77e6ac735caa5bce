#pragma once
// StopBook: the protective stop of each position, fixed or trailing, long or short.
//
// Contract
// - One stop per symbol. A fixed stop keeps its level. A trailing stop sits trail_pct below the
//   highest price seen (long) or above the lowest (short); the level only ever moves toward the
//   price, never back (the ratchet).
// - on_price(symbol, price, time, quality) is the only place a stop decision is made. It returns
//   the exit intent (purpose Stop, market, opposite side, the stop's quantity, reference price =
//   the crossing price) once, when the price reaches the level: at or below it for a long, at or
//   above it for a short. A triggered stop fires no second intent; set or remove it afterwards.
// - A price that is not Fresh (stale, D6; quarantined by the bad-bar guard, D5), not positive, or
//   older than the stop's last change moves nothing and decides nothing; it is counted.
// - state() is a plain list (by symbol) for the store; restore(state()) gives identical stops.
// Threading: single-threaded, trading event loop (or one backtest worker). Owns its stops.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "core/result.hpp"
#include "trading/order.hpp"

namespace rt::trading {

enum class StopKind { Fixed, Trailing };
enum class PositionSide { Long, Short };
// What the caller knows about a price before handing it over.
enum class PriceQuality { Fresh, Stale, Quarantined };

constexpr std::string_view to_string(StopKind k) { return k == StopKind::Fixed ? "fixed" : "trailing"; }
constexpr std::string_view to_string(PositionSide s) { return s == PositionSide::Long ? "long" : "short"; }

struct StopState {
  std::string symbol;
  PositionSide side = PositionSide::Long;
  Decimal quantity;          // positive: the shares the stop exits
  StopKind kind = StopKind::Fixed;
  Decimal level;             // the stop price
  Decimal trail_pct;         // Trailing: percent distance from the water mark; zero for Fixed
  Decimal water_mark;        // Trailing: highest (long) or lowest (short) price seen; zero for Fixed
  bool triggered = false;    // the exit intent was already returned
  Timestamp updated_at{};    // the last change of level, water mark or trigger

  bool operator==(const StopState&) const = default;
};

class StopBook {
 public:
  static constexpr Decimal kDefaultTrailPct = Decimal::from_int(5);

  // default_trail_pct must be in (0, 100) (broken invariant otherwise, aborts).
  explicit StopBook(Decimal default_trail_pct = kDefaultTrailPct);
  // Rebuilds a book from stored state; fails naming the symbol on a duplicate or an inconsistent
  // entry (non-positive level or quantity, trailing without trail percent or water mark).
  static Result<StopBook> restore(const std::vector<StopState>& state, Decimal default_trail_pct = kDefaultTrailPct);

  // Sets (or replaces) a fixed stop at `level`.
  Status set_fixed(const std::string& symbol, PositionSide side, Decimal quantity, Decimal level, Timestamp time);
  // Sets (or replaces) a trailing stop starting from `price` (usually the entry fill price);
  // trail_pct defaults to the book's default.
  Status set_trailing(const std::string& symbol, PositionSide side, Decimal quantity, Decimal price, Timestamp time,
                      std::optional<Decimal> trail_pct = std::nullopt);
  // Changes the quantity after a partial exit or an add.
  Status set_quantity(const std::string& symbol, Decimal quantity);
  // Removes the symbol's stop (position closed). Returns false when there was none.
  bool remove(const std::string& symbol);

  std::optional<OrderIntent> on_price(const std::string& symbol, Decimal price, Timestamp time, PriceQuality quality);

  [[nodiscard]] const StopState* find(const std::string& symbol) const;
  [[nodiscard]] std::optional<Decimal> level(const std::string& symbol) const;
  [[nodiscard]] std::vector<StopState> state() const;
  [[nodiscard]] std::size_t size() const { return stops_.size(); }
  // Prices that were not acted on: stale, quarantined, non-positive or out of order.
  [[nodiscard]] std::int64_t ignored_prices() const { return ignored_prices_; }
  [[nodiscard]] Decimal default_trail_pct() const { return default_trail_pct_; }

 private:
  static Decimal trail_level(PositionSide side, Decimal water_mark, Decimal trail_pct);

  Decimal default_trail_pct_;
  std::map<std::string, StopState> stops_;
  std::int64_t ignored_prices_ = 0;
};

}  // namespace rt::trading

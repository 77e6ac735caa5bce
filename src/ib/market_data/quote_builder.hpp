#pragma once
// QuoteBuilder: turns the ticks of one reqMktData stream (or snapshot) into a trading::Quote with
// the time it was observed (RELIABILITY D6), plus the day's open/high/low/close/volume.
//
// Contract
// - Live and delayed tick types map to the same fields (TWS_PROTOCOL.md §4.8): 1/66 bid, 2/67 ask,
//   4/68 last, 0/69 bid size, 3/70 ask size, 5/71 last size, 6/72 high, 7/73 low, 8/74 volume,
//   9/75 close, 14/76 open, 45/88 last timestamp, 49/90 halted. Any delayed tick marks the state
//   delayed. Other tick types are counted and ignored.
// - A price of -1 (or 0) on bid/ask/last means "no price": the field is cleared to zero.
// - A TICK_PRICE's own size updates the matching size field only when it is non-zero (some servers
//   send 0 there and the real size in a separate TICK_SIZE).
// - quote().time is the receive time of the last tick that changed bid, ask, last or a size.
// Single-threaded, lives with its stream; no allocation.
#include <cstdint>
#include <optional>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "trading/bar.hpp"
#include "tws/messages/codec.hpp"

namespace rt::ib {

enum class QuoteField : std::uint8_t {
  kNone, kBid, kAsk, kLast, kBidSize, kAskSize, kLastSize, kHigh, kLow, kVolume, kClose, kOpen,
  kLastTimestamp, kHalted,
};

struct TickMapping {
  QuoteField field = QuoteField::kNone;
  bool delayed = false;
  constexpr bool operator==(const TickMapping&) const = default;
};

// The Quote field a TWS tick type feeds, and whether it is a delayed tick.
TickMapping map_tick_type(int tick_type) noexcept;

struct QuoteState {
  trading::Quote quote;
  Decimal open;
  Decimal high;
  Decimal low;
  Decimal close;  // the previous session's close
  Decimal volume;
  std::optional<Timestamp> last_trade_time;  // from LAST_TIMESTAMP (45/88)
  bool halted = false;
  bool delayed = false;  // some tick came from delayed data
};

class QuoteBuilder {
 public:
  // Each returns true when bid, ask, last or one of their sizes changed (quote().time is then
  // `received`).
  bool on_tick(const tws::TickPrice& tick, Timestamp received);
  bool on_tick(const tws::TickSize& tick, Timestamp received);
  bool on_tick(const tws::TickString& tick, Timestamp received);
  bool on_tick(const tws::TickGeneric& tick, Timestamp received);
  // Any of the four tick messages; false for every other message.
  bool apply(const tws::Response& message, Timestamp received);

  [[nodiscard]] const QuoteState& state() const { return state_; }
  [[nodiscard]] const trading::Quote& quote() const { return state_.quote; }
  [[nodiscard]] std::uint64_t ticks() const { return ticks_; }
  [[nodiscard]] std::uint64_t ignored_ticks() const { return ignored_; }

 private:
  bool set(QuoteField field, Decimal value, Timestamp received);

  QuoteState state_;
  std::uint64_t ticks_ = 0;
  std::uint64_t ignored_ = 0;
};

}  // namespace rt::ib

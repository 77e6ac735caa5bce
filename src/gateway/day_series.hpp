#pragma once
// DaySeries: one trading day of a symbol's market as 5-second base bars over the regular session,
// the single source the emulator derives everything from (ticks, real-time bars, historical bars
// of every size, keepUpToDate updates), so they always agree. DayGenerator: where the days come
// from (a seeded synthetic model or a replayed CSV).
//
// Within a 5-second bar the trade price is known at each whole second: p[0] = open, p[5] = close
// (= the next bar's open), high at second `high_second`, low at `low_second`, the other seconds
// interpolated. Bid/ask follow the trade price at a fixed offset for the bar.
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/decimal.hpp"
#include "trading/market/market_calendar.hpp"

namespace rt::gateway {

inline constexpr std::chrono::seconds kBaseBar{5};

struct BaseBar {
  Decimal open;
  Decimal high;
  Decimal low;
  Decimal close;
  std::int64_t volume = 0;  // shares
  std::int32_t count = 0;   // trades
  std::uint8_t high_second = 1;  // 1..4
  std::uint8_t low_second = 2;   // 1..4, != high_second
  std::uint8_t spread_ticks = 1;  // ask - bid
  std::uint8_t bid_offset_ticks = 0;  // last - bid, 0..spread_ticks

  // Trade price at whole second k (0..5) of the bar.
  [[nodiscard]] Decimal price_at(int k, Decimal rounding) const;
  // Shares traded in second k (0..4); the five add up to volume.
  [[nodiscard]] std::int64_t volume_in(int k) const;
  [[nodiscard]] std::int32_t count_in(int k) const;
};

struct DaySeries {
  trading::Date date;
  trading::Session session;
  Decimal rounding;  // prices are multiples of this (the min tick, or finer for replayed CSVs)
  Decimal tick;      // the quote tick (bid/ask offsets)
  std::vector<BaseBar> bars;  // bars[i] covers [session.open + 5 s * i, + 5 s)
  Decimal prev_close;         // the previous trading day's close (the first open when unknown)

  [[nodiscard]] Timestamp bar_start(std::size_t i) const { return session.open + kBaseBar * static_cast<int>(i); }
};

class DayGenerator {
 public:
  virtual ~DayGenerator() = default;
  // The session of `date` when the symbol trades that day.
  [[nodiscard]] virtual std::optional<trading::Session> session(trading::Date date) const = 0;
  // The day's bars; nullopt when the symbol does not trade that day.
  [[nodiscard]] virtual std::optional<DaySeries> generate(trading::Date date) = 0;
  // The first date with data; nullopt when the series has no beginning (the synthetic market).
  [[nodiscard]] virtual std::optional<trading::Date> history_start() const { return std::nullopt; }
};

// Deterministic 64-bit mixing (splitmix64) and the values derived from it.
std::uint64_t mix64(std::uint64_t x);
std::uint64_t mix64(std::uint64_t a, std::uint64_t b, std::uint64_t c = 0, std::uint64_t d = 0);
double uniform01(std::uint64_t h);  // (0, 1)
double std_normal(std::uint64_t h);
std::uint64_t hash_text(const char* s, std::size_t n);

// Fills high/low seconds, spread and volume split of bars whose open/high/low/close/volume are
// set: the parts both generators share. `salt` keeps days apart.
void finish_bars(DaySeries& day, std::uint64_t salt, Decimal base_spread_ticks);

}  // namespace rt::gateway

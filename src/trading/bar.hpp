#pragma once
// Bar, BarSize and Quote: the market-data values every strategy, the runner and the backtester see.
//
// Contract
// - A Bar covers [start, start + length). Prices and volume are Decimal (exact, as received).
// - BarSize is the bar length used by TWS ("5 secs", "1 min", "1 hour", "1 day"); parse() accepts
//   exactly the TWS spellings of fixed-length sizes and names the accepted ones on error.
// - A Quote carries the time its prices were observed (RELIABILITY D6): callers ask fresh(now, max_age)
//   before deciding anything on it. A quote with no time is never fresh.
// Plain values: no threads, no ownership.
#include <array>
#include <chrono>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "core/result.hpp"

namespace rt::trading {

struct Bar {
  Timestamp start{};
  Duration length{};
  Decimal open;
  Decimal high;
  Decimal low;
  Decimal close;
  Decimal volume;
  int trade_count = 0;
  Decimal wap;
  // True when some of the bar's input lies outside the regular session (pre-market, after-hours).
  bool extended_hours = false;

  [[nodiscard]] Timestamp end() const { return start + length; }
};

class BarSize {
 public:
  // Accepts the fixed-length TWS bar sizes; "1 week" and "1 month" are calendar lengths and are
  // not supported.
  constexpr BarSize() = default;

  static Result<BarSize> parse(std::string_view text) {
    using namespace std::chrono;
    struct Entry {
      std::string_view text;
      Duration length;
    };
    static constexpr std::array<Entry, 19> kTable = {{
        {"1 secs", seconds{1}},   {"5 secs", seconds{5}},   {"10 secs", seconds{10}},
        {"15 secs", seconds{15}}, {"30 secs", seconds{30}}, {"1 min", minutes{1}},
        {"2 mins", minutes{2}},   {"3 mins", minutes{3}},   {"5 mins", minutes{5}},
        {"10 mins", minutes{10}}, {"15 mins", minutes{15}}, {"20 mins", minutes{20}},
        {"30 mins", minutes{30}}, {"1 hour", hours{1}},     {"2 hours", hours{2}},
        {"3 hours", hours{3}},    {"4 hours", hours{4}},    {"8 hours", hours{8}},
        {"1 day", hours{24}},
    }};
    for (const auto& e : kTable) {
      if (e.text == text) return BarSize(e.length, e.text);
    }
    std::string accepted;
    for (const auto& e : kTable) {
      if (!accepted.empty()) accepted += ", ";
      accepted += '"';
      accepted += e.text;
      accepted += '"';
    }
    return fail(ErrorCode::kInvalidArgument,
                "bar size \"" + std::string(text) + "\" is not a TWS bar size; accepted: " + accepted);
  }

  [[nodiscard]] constexpr Duration length() const { return length_; }
  [[nodiscard]] constexpr std::string_view text() const { return text_; }
  [[nodiscard]] constexpr bool is_daily() const { return length_ == std::chrono::hours{24}; }

  constexpr bool operator==(const BarSize& o) const { return length_ == o.length_; }

 private:
  constexpr BarSize(Duration length, std::string_view text) : length_(length), text_(text) {}

  Duration length_{std::chrono::seconds{5}};
  std::string_view text_{"5 secs"};
};

struct Quote {
  Decimal bid;
  Decimal ask;
  Decimal last;
  Decimal bid_size;
  Decimal ask_size;
  Decimal last_size;
  Timestamp time{};  // when these prices were observed; the epoch means "never"

  // True when the quote has a time, is not from the future beyond max_age, and is at most
  // max_age old at `now`.
  [[nodiscard]] bool fresh(Timestamp now, Duration max_age) const {
    if (time == Timestamp{}) return false;
    const Duration age = now - time;
    return age <= max_age && age >= -max_age;
  }
  [[nodiscard]] bool has_two_sides() const {
    return bid.raw() > 0 && ask.raw() > 0 && bid <= ask;
  }
  // Mid price when both sides are present, else last.
  [[nodiscard]] Decimal mid_or_last() const {
    if (has_two_sides()) return Decimal::from_raw((bid.raw() + ask.raw()) / 2);
    return last;
  }
};

}  // namespace rt::trading

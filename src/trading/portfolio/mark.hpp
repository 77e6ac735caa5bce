#pragma once
// Mark: the price a position is valued at, when it was seen and where it came from. Plain value.
// Every screen (the run's summary, the dashboard, `report`) values positions from the same stored
// marks, so they agree; the time says how old a price is.
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/decimal.hpp"

namespace rt::trading {

enum class MarkSource {
  Trade,     // the last trade (a TRADES bar's close)
  Midpoint,  // the bid/ask midpoint (a MIDPOINT bar's close)
  Close,     // a session's closing price (a historical bar)
  Fill,      // the position's last fill price
};

[[nodiscard]] constexpr std::string_view to_string(MarkSource s) {
  switch (s) {
    case MarkSource::Trade: return "trade";
    case MarkSource::Midpoint: return "midpoint";
    case MarkSource::Close: return "close";
    case MarkSource::Fill: return "fill";
  }
  return "fill";
}

[[nodiscard]] inline std::optional<MarkSource> parse_mark_source(std::string_view s) {
  for (auto m : {MarkSource::Trade, MarkSource::Midpoint, MarkSource::Close, MarkSource::Fill}) {
    if (s == to_string(m)) return m;
  }
  return std::nullopt;
}

struct Mark {
  std::string symbol;
  Decimal price;
  Timestamp time{};
  MarkSource source = MarkSource::Fill;

  bool operator==(const Mark&) const = default;
};

}  // namespace rt::trading

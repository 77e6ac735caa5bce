#pragma once
// The JSON of `quote --json` (docs/schemas/quote.schema.json): a snapshot document, or in a
// stream one quote object a line, and the --stats object.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "ib/market_data/quote_builder.hpp"

namespace rt::app {

// One symbol's quote: prices and sizes as decimal strings (null while unknown), the time of the
// quote in exchange time, live or delayed, halted.
[[nodiscard]] nlohmann::json quote_json(std::string_view symbol, const ib::QuoteState& state);
// Messages received and their rate over the first to the last message.
[[nodiscard]] nlohmann::json quote_stats_json(std::uint64_t messages, double span_seconds, double per_second);

}  // namespace rt::app

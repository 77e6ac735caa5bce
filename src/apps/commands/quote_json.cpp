#include "apps/commands/quote_json.hpp"

#include <string>

#include "apps/commands/json_output.hpp"

namespace rt::app {
namespace {

// A quote field is zero until its first tick: unknown, not a price of 0.
nlohmann::json known(Decimal d) { return d.is_zero() ? nlohmann::json() : json_money(d); }

}  // namespace

nlohmann::json quote_json(std::string_view symbol, const ib::QuoteState& s) {
  const auto& q = s.quote;
  return {{"symbol", std::string(symbol)},
          {"bid", known(q.bid)},
          {"bid_size", known(q.bid_size)},
          {"ask", known(q.ask)},
          {"ask_size", known(q.ask_size)},
          {"last", known(q.last)},
          {"last_size", known(q.last_size)},
          {"time", json_time(q.time)},
          {"data", s.delayed ? "delayed" : "live"},
          {"halted", s.halted}};
}

nlohmann::json quote_stats_json(std::uint64_t messages, double span_seconds, double per_second) {
  return {{"messages", messages}, {"span_seconds", span_seconds}, {"messages_per_second", per_second}};
}

}  // namespace rt::app

#pragma once
// MarketModel: the market of one symbol as a function of simulated time. Everything the gateway
// serves for the symbol comes from here: the quote (bid/ask/last, sizes, day volume, high/low) at
// any instant, the 5-second base bars, and bars aggregated over any interval, so streaming
// ticks, real-time bars, historical bars and keepUpToDate updates agree with each other (a 5-min
// historical bar is exactly the aggregation of the 5-second real-time bars it covers). Order
// matching uses quote_at() for the touch and aggregate() for what traded in an interval.
//
// The market trades in the regular session only (09:30-16:00 New York, 13:00 on early-close
// days, per the NYSE calendar or the replayed file's days); outside it the quote is the last
// close and nothing trades.
//
// Thread: the io_context thread; not thread-safe (days are generated on demand and cached).
// Owned by the Market; references stay valid for the Market's lifetime.
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "core/result.hpp"
#include "gateway/day_series.hpp"

namespace rt::gateway {

// Which price a bar follows (reqHistoricalData / reqRealTimeBars whatToShow).
enum class PriceKind { kTrades, kMidpoint, kBid, kAsk };
// "TRADES", "MIDPOINT", "BID", "ASK"; others fail.
Result<PriceKind> parse_price_kind(std::string_view what_to_show);

// The market at one instant.
struct Quote {
  Timestamp time;
  bool market_open = false;  // inside a session of the symbol
  Decimal bid;
  Decimal ask;
  Decimal last;
  Decimal bid_size;   // shares
  Decimal ask_size;
  Decimal last_size;
  Decimal volume;     // shares traded so far in the quoted session
  Decimal open;       // the quoted session's open, high and low so far
  Decimal high;
  Decimal low;
  Decimal prev_close; // the previous session's close
  Timestamp last_trade_time;
  bool valid = false;  // false when the symbol has no session on or before `time`
};

// Bars over an interval. Volume, WAP and count are -1 for quote-based kinds, as TWS sends them.
struct MarketBar {
  Timestamp start;  // the first traded instant covered
  Decimal open;
  Decimal high;
  Decimal low;
  Decimal close;
  Decimal volume;
  Decimal wap;
  std::int32_t count = 0;
  bool operator==(const MarketBar&) const = default;
};

class MarketModel {
 public:
  MarketModel(std::string symbol, std::unique_ptr<DayGenerator> generator);
  ~MarketModel();
  MarketModel(const MarketModel&) = delete;
  MarketModel& operator=(const MarketModel&) = delete;

  [[nodiscard]] const std::string& symbol() const { return symbol_; }
  [[nodiscard]] static Decimal min_tick();

  // The symbol's session on `date`, if it trades then.
  [[nodiscard]] std::optional<trading::Session> session(trading::Date date) const;
  // True when `t` lies in a session of the symbol.
  [[nodiscard]] bool is_open(Timestamp t) const;
  // The start of the first session at or after `t` (searched two weeks ahead).
  [[nodiscard]] std::optional<Timestamp> next_open(Timestamp t) const;
  // The first date of the series; nullopt when it has no beginning.
  [[nodiscard]] std::optional<trading::Date> history_start() const { return generator_->history_start(); }

  // The quote at `t`: inside a session the current touch and last trade; outside, the last close.
  Quote quote_at(Timestamp t);
  // What traded (or was quoted) in [from, to), at one-second resolution; nullopt when nothing.
  std::optional<MarketBar> aggregate(Timestamp from, Timestamp to, PriceKind kind = PriceKind::kTrades);
  // The 5-second base bars that start in [from, to) (`from` rounded up to a 5-second boundary).
  std::vector<MarketBar> base_bars(Timestamp from, Timestamp to, PriceKind kind = PriceKind::kTrades);
  // A whole session as one bar (cached): the daily bar.
  std::optional<MarketBar> day_bar(trading::Date date, PriceKind kind = PriceKind::kTrades);

 private:
  struct Day;
  std::shared_ptr<const Day> day(trading::Date date);
  void accumulate(const Day& d, Timestamp from, Timestamp to, PriceKind kind, struct Accumulator& acc) const;

  std::string symbol_;
  std::unique_ptr<DayGenerator> generator_;
  std::map<int, std::shared_ptr<const Day>> days_;  // recently used days
  std::list<int> lru_;
  std::map<std::pair<int, int>, std::optional<MarketBar>> day_bars_;
};

}  // namespace rt::gateway

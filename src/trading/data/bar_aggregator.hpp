#pragma once
// BarAggregator: builds bars of one size from trades (price, size, time) or from smaller bars
// (e.g. TWS 5-second real-time bars), for one symbol.
//
// Contract
// - Bars are aligned to clock boundaries: a 5-minute bar starts at :00, :05, ...; sizes up to one
//   hour align to the UTC clock (identical to New York's, whose offset is whole hours); 2/3/4/8-hour
//   and daily bars align to New York local midnight. Bar::start is the boundary, Bar::length the
//   size (23 or 25 hours for a daily bar on a DST change day).
// - A bar is closed and returned when an input arrives at or after its end, or when flush(now) is
//   called with now at or after its end, so a quiet symbol still closes its bar on a timer. A bucket
//   that received no input produces no bar.
// - Input older than the current bar (or than a bar already emitted) is dropped and counted.
// - Session handling (needs a MarketCalendar that outlives the aggregator): kAll keeps everything;
//   kRegularOnly drops input outside the regular session; kLabelExtended keeps it and sets
//   Bar::extended_hours on bars that contain any of it. Input from a small bar is judged by its start.
// - wap is the volume-weighted average price of the inputs (the close when there was no volume).
// - With ignore_tradeless_input(true) (TRADES data), an input without volume or trades carries no
//   price: it still closes the bar before it by time, but starts or changes none, so an interval
//   without a trade has no bar — as in IB's TRADES history, which the warm-up comes from.
// Single-threaded; on_tick/on_bar/flush are O(1) and do not allocate.
#include <cstdint>
#include <optional>

#include "trading/bar.hpp"
#include "trading/market/market_calendar.hpp"

namespace rt::trading {

enum class SessionMode { kAll, kRegularOnly, kLabelExtended };

class BarAggregator {
 public:
  explicit BarAggregator(BarSize size);
  BarAggregator(BarSize size, const MarketCalendar& calendar, SessionMode mode);

  // A trade. Returns the bar it closed, if any.
  std::optional<Bar> on_tick(Decimal price, Decimal size, Timestamp time);
  // A smaller bar (its length must not exceed the target size). Returns the bar it closed, if any.
  std::optional<Bar> on_bar(const Bar& small);
  // Closes the current bar when now >= its end.
  std::optional<Bar> flush(Timestamp now);
  // See the contract above. Off by default.
  void ignore_tradeless_input(bool on) { ignore_tradeless_ = on; }

  // The bar in progress, if any.
  [[nodiscard]] const std::optional<Bar>& partial() const { return current_; }
  // When the bar in progress closes (a runner arms a timer for it); nullopt when there is none.
  [[nodiscard]] std::optional<Timestamp> pending_close() const;
  [[nodiscard]] BarSize size() const { return size_; }
  [[nodiscard]] std::uint64_t dropped_late() const { return dropped_late_; }
  [[nodiscard]] std::uint64_t dropped_outside_session() const { return dropped_outside_session_; }
  [[nodiscard]] std::uint64_t ignored_tradeless() const { return ignored_tradeless_; }

  // The [start, end) bucket containing t for this bar size.
  [[nodiscard]] std::pair<Timestamp, Timestamp> bucket(Timestamp t) const;

 private:
  struct Input {
    Timestamp time;
    Decimal open, high, low, close, volume, wap;
    int trades;
  };
  std::optional<Bar> add(const Input& in);
  [[nodiscard]] bool in_regular_session(Timestamp t);

  BarSize size_;
  const MarketCalendar* calendar_ = nullptr;
  SessionMode mode_ = SessionMode::kAll;

  std::optional<Bar> current_;
  double notional_ = 0.0;  // sum of price x volume in the current bar (statistic, not money)
  Timestamp emitted_until_{};
  std::uint64_t dropped_late_ = 0;
  std::uint64_t dropped_outside_session_ = 0;
  std::uint64_t ignored_tradeless_ = 0;
  bool ignore_tradeless_ = false;

  // Cache of the New York day last looked up, so the calendar is consulted once per day.
  Timestamp day_start_{};
  Timestamp day_end_{};
  std::optional<Session> day_session_;
};

}  // namespace rt::trading

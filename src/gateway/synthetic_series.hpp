#pragma once
// SyntheticSeries: the seeded market of one symbol. Daily closes follow a mean-reverting random
// walk of the log price (from 1990, so any date has the same close whenever it is asked for);
// each day's intraday path is a Brownian bridge from the open (yesterday's close plus an
// overnight gap) to that close, with volatility and volume U-shaped over the session (high at the
// open and the close). Prices are whole ticks; the spread is a few ticks, wider for cheap stocks
// and just after the open. Everything is a function of (seed, symbol, date).
//
// Thread: the io_context thread (caches the daily walk); owned by its MarketModel.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gateway/day_series.hpp"

namespace rt::gateway {

// The level and tick of a market that is not a stock's (a future, a currency pair): its walk
// reverts to `reference_price`, its prices are multiples of `tick`, its spread is one tick.
struct SeriesProfile {
  double reference_price = 100;
  Decimal tick = Decimal::from_raw(Decimal::kScale / 100);
  double daily_volume = 1e6;
};

class SyntheticSeries final : public DayGenerator {
 public:
  SyntheticSeries(std::uint64_t seed, std::string symbol, const trading::MarketCalendar& calendar,
                  std::optional<SeriesProfile> profile = std::nullopt);

  [[nodiscard]] std::optional<trading::Session> session(trading::Date date) const override;
  [[nodiscard]] std::optional<DaySeries> generate(trading::Date date) override;

  [[nodiscard]] double reference_price() const { return reference_price_; }

 private:
  // Log closes by calendar day since kAnchor (non-trading days repeat the previous close).
  double log_close(int day_index);

  std::uint64_t key_;
  std::string symbol_;
  const trading::MarketCalendar& calendar_;
  double reference_price_;  // the level the walk reverts to
  double daily_vol_;
  double daily_volume_;
  Decimal tick_;
  bool stock_ = true;  // the stock spread rule, else one tick
  std::vector<double> log_closes_;
};

}  // namespace rt::gateway

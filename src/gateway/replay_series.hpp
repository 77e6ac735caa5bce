#pragma once
// ReplaySeries: real bars from a CSV replayed as a symbol's market. Two layouts are read:
//   daily   Date,Open,High,Low,Close,Adj Close,Volume        (one row per trading day)
//   minute  Date,Time,Open,High,Low,Close,Volume[,OpenInterest] (rows start at Time)
// Each CSV bar is spread over the 5-second base bars it covers by a deterministic path that
// starts at its open, touches its high and low exactly and ends at its close, with its volume
// split exactly, so the day (or minute) rebuilt from the base bars is the CSV row itself. Minute
// rows outside the regular session are ignored; the trading days are the days the file has.
// Prices keep the CSV's precision (six decimals); quotes use the 0.01 tick around them.
//
// Thread: the io_context thread; owned by its MarketModel. Load once at start.
#include <map>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "gateway/day_series.hpp"

namespace rt::gateway {

struct CsvBar {
  std::int64_t seconds_of_day = -1;  // minute layout: bar start in New York time; -1 = daily
  Decimal open;
  Decimal high;
  Decimal low;
  Decimal close;
  std::int64_t volume = 0;
};

class ReplaySeries final : public DayGenerator {
 public:
  // Reads the file; fails naming the file and line on a bad row or an unknown layout.
  static Result<std::unique_ptr<ReplaySeries>> load(const std::string& path, const trading::MarketCalendar& calendar,
                                                    std::uint64_t seed);

  [[nodiscard]] std::optional<trading::Session> session(trading::Date date) const override;
  [[nodiscard]] std::optional<DaySeries> generate(trading::Date date) override;
  [[nodiscard]] std::optional<trading::Date> history_start() const override { return first_date(); }

  [[nodiscard]] std::size_t rows() const { return rows_; }
  [[nodiscard]] trading::Date first_date() const;
  [[nodiscard]] trading::Date last_date() const;

 private:
  ReplaySeries(const trading::MarketCalendar& calendar, std::uint64_t seed) : calendar_(calendar), seed_(seed) {}

  const trading::MarketCalendar& calendar_;
  std::uint64_t seed_;
  std::map<int, std::vector<CsvBar>> days_;  // by days since the epoch
  std::size_t rows_ = 0;
};

}  // namespace rt::gateway

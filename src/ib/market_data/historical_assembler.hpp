#pragma once
// HistoricalAssembler: collects the reply to one reqHistoricalData for the negotiated server
// version (TWS_PROTOCOL.md §4.9), and the conversion of wire bars into trading::Bar.
//
// Contract
// - SV < 196: one HISTORICAL_DATA message (with start and end dates) is the whole answer.
// - SV >= 196: HISTORICAL_DATA carries the bars and HISTORICAL_DATA_END (id 108) the dates; the
//   request is complete only at the end message.
// - Any other message (a keepUpToDate update before completion, ticks) is counted and ignored.
// - Bar dates: epoch seconds (formatDate 2); "yyyyMMdd" (daily and longer: New York midnight);
//   "yyyyMMdd HH:mm:ss[ tz]" with one or two spaces, where tz is US/Eastern, America/New_York,
//   EST5EDT, UTC or GMT (no tz: New York, the exchange time of US stocks); "yyyyMMdd-HH:mm:ss"
//   (UTC). Anything else is a parse error naming the text.
// Single-threaded value; no I/O.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "trading/bar.hpp"
#include "tws/messages/codec.hpp"

namespace rt::ib {

class HistoricalAssembler {
 public:
  explicit HistoricalAssembler(int server_version) : server_version_(server_version) {}

  // Feeds one reply carrying this request's id; returns true when the request is complete.
  bool on_reply(const tws::Response& reply);

  [[nodiscard]] bool complete() const { return complete_; }
  [[nodiscard]] const std::vector<tws::HistoricalBar>& bars() const { return bars_; }
  [[nodiscard]] std::vector<tws::HistoricalBar> take_bars() { return std::move(bars_); }
  [[nodiscard]] const std::string& start_date() const { return start_date_; }
  [[nodiscard]] const std::string& end_date() const { return end_date_; }
  [[nodiscard]] std::uint64_t ignored() const { return ignored_; }

 private:
  int server_version_;
  bool complete_ = false;
  bool got_data_ = false;
  std::vector<tws::HistoricalBar> bars_;
  std::string start_date_;
  std::string end_date_;
  std::uint64_t ignored_ = 0;
};

// The start instant of a bar from its wire date (see the contract above).
Result<Timestamp> parse_bar_time(std::string_view date);
// A wire bar as a trading::Bar of the given length.
Result<trading::Bar> to_bar(const tws::HistoricalBar& bar, Duration length);
// A 5-second real-time bar as a trading::Bar.
trading::Bar to_bar(const tws::RealTimeBar& bar);

}  // namespace rt::ib

#pragma once
// Historical bars, their keepUpToDate updates and 5-second real-time bars (TWS_PROTOCOL.md §4.9-4.10).
#include <cstdint>
#include <string>
#include <vector>

#include "core/decimal.hpp"
#include "tws/messages/contract.hpp"

namespace rt::tws {

// --- requests ---
// No version field (since SV 124): [20, reqId, <contract block 12>, includeExpired, endDateTime,
// barSize, duration, useRTH, whatToShow, formatDate, [BAG legs], keepUpToDate, chartOptions]
struct ReqHistoricalData {
  int req_id = 0;
  Contract contract;
  bool include_expired = false;
  std::string end_date_time;  // "" = now (required with keepUpToDate), "20250114 16:00:00 US/Eastern"
  std::string bar_size = "1 min";
  std::string duration = "1 D";
  bool use_rth = true;
  std::string what_to_show = "TRADES";
  int format_date = 1;  // 1 text, 2 epoch seconds
  std::vector<ComboLeg> combo_legs;  // BAG only (4 fields per leg)
  bool keep_up_to_date = false;
  std::string chart_options;  // TagValue string, normally empty
  bool operator==(const ReqHistoricalData&) const = default;
};
struct CancelHistoricalData {  // [25, 1, reqId]
  int req_id = 0;
  bool operator==(const CancelHistoricalData&) const = default;
};
// [50, 3, reqId, <contract block 12>, barSize, whatToShow, useRTH, realTimeBarsOptions]
struct ReqRealTimeBars {
  int req_id = 0;
  Contract contract;
  int bar_size = 5;  // TWS only supports 5
  std::string what_to_show = "TRADES";
  bool use_rth = true;
  std::string options;
  bool operator==(const ReqRealTimeBars&) const = default;
};
struct CancelRealTimeBars {  // [51, 1, reqId]
  int req_id = 0;
  bool operator==(const CancelRealTimeBars&) const = default;
};

// --- responses ---
struct HistoricalBar {
  std::string date;  // "20250114 09:30:00 US/Eastern", "20250114" (daily), or epoch seconds (formatDate 2)
  Decimal open;
  Decimal high;
  Decimal low;
  Decimal close;
  Decimal volume;
  Decimal wap;
  int count = 0;  // trades in the bar
  bool operator==(const HistoricalBar&) const = default;
};
// SV 124-195: [17, reqId, startDate, endDate, barCount, (date, open, high, low, close, volume,
// WAP, count) x barCount]. SV >= 196: [17, reqId, barCount, bars...]; the dates move to
// HISTORICAL_DATA_END, so start_date/end_date are not on the wire (and decode empty) there.
struct HistoricalData {
  int req_id = 0;
  std::string start_date;
  std::string end_date;
  std::vector<HistoricalBar> bars;
  bool operator==(const HistoricalData&) const = default;
};
struct HistoricalDataEnd {  // SV >= 196: [108, reqId, startDate, endDate]
  int req_id = 0;
  std::string start_date;
  std::string end_date;
  bool operator==(const HistoricalDataEnd&) const = default;
};
// [90, reqId, tradeCount, date, open, close, high, low, WAP, volume]: note close before high/low
// and WAP before volume.
struct HistoricalDataUpdate {
  int req_id = 0;
  HistoricalBar bar;
  bool operator==(const HistoricalDataUpdate&) const = default;
};
// [50, 3, reqId, time, open, high, low, close, volume, WAP, count]
struct RealTimeBar {
  int req_id = 0;
  std::int64_t time = 0;  // bar start, epoch seconds
  Decimal open;
  Decimal high;
  Decimal low;
  Decimal close;
  Decimal volume;
  Decimal wap;
  int count = 0;
  bool operator==(const RealTimeBar&) const = default;
};

}  // namespace rt::tws

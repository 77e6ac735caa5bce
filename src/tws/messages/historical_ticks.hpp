#pragma once
// Historical ticks and histograms (TWS_PROTOCOL.md §4.19): reqHistoricalTicks with its three
// replies (HISTORICAL_TICKS for MIDPOINT, _BID_ASK, _LAST for TRADES) and reqHistogramData with
// HISTOGRAM_DATA. No version fields.
#include <cstdint>
#include <string>
#include <vector>

#include "core/decimal.hpp"
#include "tws/messages/contract.hpp"

namespace rt::tws {

// [96, reqId, contract(12), includeExpired, startDateTime, endDateTime, numberOfTicks, whatToShow,
//  useRth, ignoreSize, miscOptions]; exactly one of start and end is set.
struct ReqHistoricalTicks {
  int req_id = 0;
  Contract contract;
  bool include_expired = false;
  std::string start_date_time;  // "yyyyMMdd HH:mm:ss zone" or "yyyyMMdd-HH:mm:ss" (UTC)
  std::string end_date_time;
  int number_of_ticks = 1000;  // at most 1000
  std::string what_to_show = "TRADES";  // TRADES, MIDPOINT, BID_ASK
  bool use_rth = true;
  bool ignore_size = false;
  std::string misc_options;
  bool operator==(const ReqHistoricalTicks&) const = default;
};
// [88, reqId, contract(12), includeExpired, useRTH, timePeriod ("3 days", "1 week")]
struct ReqHistogramData {
  int req_id = 0;
  Contract contract;
  bool include_expired = false;
  bool use_rth = true;
  std::string time_period = "1 day";
  bool operator==(const ReqHistogramData&) const = default;
};
struct CancelHistogramData {  // [89, reqId]
  int req_id = 0;
  bool operator==(const CancelHistogramData&) const = default;
};

struct HistoricalTick {
  std::int64_t time = 0;  // epoch seconds
  int mask = 0;           // BID_ASK: 1 askPastHigh, 2 bidPastLow; TRADES: 1 pastLimit, 2 unreported
  Decimal price;          // MIDPOINT and TRADES
  Decimal size;
  Decimal bid_price, ask_price, bid_size, ask_size;  // BID_ASK
  std::string exchange;                              // TRADES
  std::string special_conditions;                    // TRADES
  bool operator==(const HistoricalTick&) const = default;
};
enum class HistoricalTickKind { kMidpoint = 96, kBidAsk = 97, kTrades = 98 };
// HISTORICAL_TICKS [96, reqId, n, (time, 0, price, size)..., done]; _BID_ASK [97, reqId, n,
// (time, mask, bid, ask, bidSize, askSize)..., done]; _LAST [98, reqId, n, (time, mask, price,
// size, exchange, specialConditions)..., done]. The message id is the kind.
struct HistoricalTicks {
  int req_id = 0;
  HistoricalTickKind kind = HistoricalTickKind::kTrades;
  std::vector<HistoricalTick> ticks;
  bool done = true;
  bool operator==(const HistoricalTicks&) const = default;
};
struct HistogramEntry {
  Decimal price;
  Decimal size;
  bool operator==(const HistogramEntry&) const = default;
};
struct HistogramData {  // [89, reqId, n, (price, size)...]
  int req_id = 0;
  std::vector<HistogramEntry> entries;
  bool operator==(const HistogramData&) const = default;
};

std::string encode(const ReqHistoricalTicks& m, int server_version);
std::string encode(const ReqHistogramData& m, int server_version);
std::string encode(const CancelHistogramData& m, int server_version);
std::string encode(const HistoricalTicks& m, int server_version);
std::string encode(const HistogramData& m, int server_version);

}  // namespace rt::tws

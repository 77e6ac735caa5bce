#pragma once
// Streaming quotes: market data type, reqMktData and its ticks (TWS_PROTOCOL.md §4.7-4.8).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/decimal.hpp"
#include "tws/messages/contract.hpp"

namespace rt::tws {

// Tick type ids used by robotrader (TWS_PROTOCOL.md §4.8); others pass through as plain ints.
namespace tick {
inline constexpr int kBidSize = 0;
inline constexpr int kBid = 1;
inline constexpr int kAsk = 2;
inline constexpr int kAskSize = 3;
inline constexpr int kLast = 4;
inline constexpr int kLastSize = 5;
inline constexpr int kHigh = 6;
inline constexpr int kLow = 7;
inline constexpr int kVolume = 8;
inline constexpr int kClose = 9;
inline constexpr int kOpen = 14;
inline constexpr int kLastTimestamp = 45;
inline constexpr int kShortable = 46;  // generic tick 236: above 2.5 easy to borrow
inline constexpr int kRtVolume = 48;   // generic tick 233: price;size;timeMs;volume;vwap;single
inline constexpr int kHalted = 49;
inline constexpr int kDelayedBid = 66;
inline constexpr int kDelayedAsk = 67;
inline constexpr int kDelayedLast = 68;
}  // namespace tick

// Market data types: what reqMarketDataType asks for and MARKET_DATA_TYPE reports.
namespace market_data_type {
inline constexpr int kLive = 1;
inline constexpr int kFrozen = 2;
inline constexpr int kDelayed = 3;
inline constexpr int kDelayedFrozen = 4;
}  // namespace market_data_type

// --- requests ---
struct ReqMarketDataType {  // [59, 1, type]
  int market_data_type = market_data_type::kLive;
  bool operator==(const ReqMarketDataType&) const = default;
};
// [1, 11, reqId, <contract block 12>, [BAG: legCount, (conId, ratio, action, exchange)*],
//  deltaNeutral(0/1) [conId, delta, price], genericTickList, snapshot, regulatorySnapshot, mktDataOptions]
struct ReqMktData {
  int req_id = 0;
  Contract contract;
  std::vector<ComboLeg> combo_legs;  // only on the wire when secType is BAG (4 fields per leg)
  std::optional<DeltaNeutralContract> delta_neutral;
  std::string generic_tick_list;  // "233,236"
  bool snapshot = false;
  bool regulatory_snapshot = false;
  std::string mkt_data_options;  // TagValue string "tag=value;", normally empty
  bool operator==(const ReqMktData&) const = default;
};
struct CancelMktData {  // [2, 1, reqId]
  int req_id = 0;
  bool operator==(const CancelMktData&) const = default;
};

// --- responses ---
struct MarketDataType {  // [58, 1, reqId, type]
  int req_id = 0;
  int market_data_type = market_data_type::kLive;
  bool operator==(const MarketDataType&) const = default;
};
// [1, 6, reqId, tickType, price, size, attrMask]: exactly 7 fields (ib_async needs that). The price is
// written with at least two decimals ("150.30"); every client parses it as a double.
struct TickPrice {
  int req_id = 0;
  int tick_type = 0;
  Decimal price;  // -1 means "no price" for some tick types
  Decimal size;
  int attr_mask = 0;  // 1 canAutoExecute, 2 pastLimit, 4 preOpen
  [[nodiscard]] bool can_auto_execute() const { return (attr_mask & 1) != 0; }
  [[nodiscard]] bool past_limit() const { return (attr_mask & 2) != 0; }
  [[nodiscard]] bool pre_open() const { return (attr_mask & 4) != 0; }
  bool operator==(const TickPrice&) const = default;
};
struct TickSize {  // [2, 6, reqId, tickType, size]
  int req_id = 0;
  int tick_type = 0;
  Decimal size;
  bool operator==(const TickSize&) const = default;
};
struct TickString {  // [46, 6, reqId, tickType, value]
  int req_id = 0;
  int tick_type = 0;
  std::string value;
  bool operator==(const TickString&) const = default;
};
struct TickGeneric {  // [45, 6, reqId, tickType, value]; e.g. 49 HALTED, not a price
  int req_id = 0;
  int tick_type = 0;
  double value = 0;
  bool operator==(const TickGeneric&) const = default;
};
struct TickReqParams {  // [81, reqId, minTick, bboExchange, snapshotPermissions] (no version)
  int req_id = 0;
  Decimal min_tick;
  std::string bbo_exchange;
  int snapshot_permissions = 0;
  bool operator==(const TickReqParams&) const = default;
};
struct TickSnapshotEnd {  // [57, 1, reqId]
  int req_id = 0;
  bool operator==(const TickSnapshotEnd&) const = default;
};

}  // namespace rt::tws

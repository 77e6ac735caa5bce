#pragma once
// Order-book depth and tick-by-tick data (TWS_PROTOCOL.md §4.19): reqMktDepth with its L1/L2
// updates, and reqTickByTickData with its four tick kinds.
#include <cstdint>
#include <string>

#include "core/decimal.hpp"
#include "tws/messages/contract.hpp"

namespace rt::tws {

// --- requests ---
// [10, 5, reqId, contract(12), numRows, isSmartDepth, mktDepthOptions]
struct ReqMktDepth {
  int req_id = 0;
  Contract contract;
  int num_rows = 5;
  bool smart_depth = false;
  std::string options;
  bool operator==(const ReqMktDepth&) const = default;
};
struct CancelMktDepth {  // [11, 1, reqId, isSmartDepth]
  int req_id = 0;
  bool smart_depth = false;
  bool operator==(const CancelMktDepth&) const = default;
};
// [97, reqId, contract(12), tickType, numberOfTicks, ignoreSize]
struct ReqTickByTick {
  int req_id = 0;
  Contract contract;
  std::string tick_type = "AllLast";  // "Last", "AllLast", "BidAsk", "MidPoint"
  int number_of_ticks = 0;            // > 0: that many historical ticks first
  bool ignore_size = false;
  bool operator==(const ReqTickByTick&) const = default;
};
struct CancelTickByTick {  // [98, reqId]
  int req_id = 0;
  bool operator==(const CancelTickByTick&) const = default;
};

// --- responses ---
enum class DepthOperation { kInsert = 0, kUpdate = 1, kDelete = 2 };
enum class DepthSide { kAsk = 0, kBid = 1 };
// MARKET_DEPTH [12, 1, reqId, position, operation, side, price, size]; MARKET_DEPTH_L2 [13, 1, reqId,
// position, marketMaker, operation, side, price, size, isSmartDepth]. One struct: l2 picks the id.
struct MarketDepth {
  int req_id = 0;
  int position = 0;  // row, 0 = best
  bool l2 = false;
  std::string market_maker;  // L2 only: the exchange or market maker quoting the row
  DepthOperation operation = DepthOperation::kInsert;
  DepthSide side = DepthSide::kBid;
  Decimal price;
  Decimal size;
  bool smart_depth = false;  // L2 only
  bool operator==(const MarketDepth&) const = default;
};
// TICK_BY_TICK [99, reqId, tickType, time, ...]: 1 Last / 2 AllLast: price, size, mask, exchange,
// specialConditions; 3 BidAsk: bidPrice, askPrice, bidSize, askSize, mask; 4 MidPoint: midPoint.
struct TickByTick {
  int req_id = 0;
  int tick_type = 2;
  std::int64_t time = 0;  // epoch seconds
  Decimal price;          // Last/AllLast: trade price; MidPoint: the midpoint
  Decimal size;
  Decimal bid_price, ask_price, bid_size, ask_size;  // BidAsk
  int mask = 0;
  std::string exchange;
  std::string special_conditions;
  bool operator==(const TickByTick&) const = default;
};
// The tickType integer of a request's tick type name ("AllLast" -> 2), or 0 when unknown.
int tick_by_tick_type(std::string_view name);

std::string encode(const ReqMktDepth& m, int server_version);
std::string encode(const CancelMktDepth& m, int server_version);
std::string encode(const ReqTickByTick& m, int server_version);
std::string encode(const CancelTickByTick& m, int server_version);
std::string encode(const MarketDepth& m, int server_version);
std::string encode(const TickByTick& m, int server_version);

}  // namespace rt::tws

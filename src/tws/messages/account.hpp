#pragma once
// Account summary, positions and account updates (TWS_PROTOCOL.md §4.4-4.6).
#include <cstdint>
#include <optional>
#include <string>

#include "core/decimal.hpp"
#include "tws/messages/contract.hpp"

namespace rt::tws {

// --- requests ---
struct ReqAccountSummary {  // [62, 1, reqId, group, tags]
  int req_id = 0;
  std::string group = "All";
  std::string tags;  // comma-separated
  bool operator==(const ReqAccountSummary&) const = default;
};
struct CancelAccountSummary {  // [63, 1, reqId]
  int req_id = 0;
  bool operator==(const CancelAccountSummary&) const = default;
};
struct ReqPositions {  // [61, 1]
  bool operator==(const ReqPositions&) const = default;
};
struct CancelPositions {  // [64, 1]
  bool operator==(const CancelPositions&) const = default;
};
struct ReqAccountUpdates {  // [6, 2, subscribe, acctCode]
  bool subscribe = true;
  std::string account;
  bool operator==(const ReqAccountUpdates&) const = default;
};
// P&L subscriptions (server version >= 127). No version field on the wire.
struct ReqPnL {  // [92, reqId, account, modelCode]
  int req_id = 0;
  std::string account;
  std::string model_code;
  bool operator==(const ReqPnL&) const = default;
};
struct CancelPnL {  // [93, reqId]
  int req_id = 0;
  bool operator==(const CancelPnL&) const = default;
};
struct ReqPnLSingle {  // [94, reqId, account, modelCode, conId]
  int req_id = 0;
  std::string account;
  std::string model_code;
  std::int64_t con_id = 0;
  bool operator==(const ReqPnLSingle&) const = default;
};
struct CancelPnLSingle {  // [95, reqId]
  int req_id = 0;
  bool operator==(const CancelPnLSingle&) const = default;
};

// --- responses ---
struct AccountSummary {  // [63, 1, reqId, account, tag, value, currency]
  int req_id = 0;
  std::string account;
  std::string tag;
  std::string value;  // text as sent ("100000.00"); numeric tags parse with Decimal::parse
  std::string currency;
  bool operator==(const AccountSummary&) const = default;
};
struct AccountSummaryEnd {  // [64, 1, reqId]
  int req_id = 0;
  bool operator==(const AccountSummaryEnd&) const = default;
};
struct PositionData {  // [61, 3, account, contract(11: no primaryExch), position, avgCost]
  std::string account;
  Contract contract;  // primary_exchange is not on the wire here
  Decimal position;
  Decimal avg_cost;
  bool operator==(const PositionData&) const = default;
};
struct PositionEnd {  // [62, 1]
  bool operator==(const PositionEnd&) const = default;
};
struct AccountValue {  // [6, 2, key, value, currency, accountName]
  std::string key;
  std::string value;
  std::string currency;
  std::string account;
  bool operator==(const AccountValue&) const = default;
};
// [7, 8, conId, symbol, secType, lastTrade, strike, right, multiplier, primaryExchange, currency,
//  localSymbol, tradingClass, position, marketPrice, marketValue, averageCost, unrealizedPNL,
//  realizedPNL, accountName] - 20 fields; contract.exchange stays empty, primary_exchange is set.
struct PortfolioValue {
  Contract contract;
  Decimal position;
  Decimal market_price;
  Decimal market_value;
  Decimal average_cost;
  Decimal unrealized_pnl;
  Decimal realized_pnl;
  std::string account;
  bool operator==(const PortfolioValue&) const = default;
};
struct AccountUpdateTime {  // [8, 1, "HH:mm"]
  std::string time;
  bool operator==(const AccountUpdateTime&) const = default;
};
struct AccountDownloadEnd {  // [54, 1, accountName]
  std::string account;
  bool operator==(const AccountDownloadEnd&) const = default;
};
// The account's P&L: [94, reqId, dailyPnL, unrealizedPnL (sv >= 129), realizedPnL (sv >= 135)].
// A value IB does not know is sent as Double.MAX and decodes as unset.
struct PnL {
  int req_id = 0;
  std::optional<Decimal> daily;
  std::optional<Decimal> unrealized;
  std::optional<Decimal> realized;
  bool operator==(const PnL&) const = default;
};
// One position's P&L: [95, reqId, pos, dailyPnL, unrealizedPnL (sv >= 129), realizedPnL (sv >= 135),
// value].
struct PnLSingle {
  int req_id = 0;
  Decimal position;
  std::optional<Decimal> daily;
  std::optional<Decimal> unrealized;
  std::optional<Decimal> realized;
  std::optional<Decimal> value;
  bool operator==(const PnLSingle&) const = default;
};

}  // namespace rt::tws

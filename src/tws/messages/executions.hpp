#pragma once
// Executions and commissions (TWS_PROTOCOL.md §4.15).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/decimal.hpp"
#include "tws/messages/contract.hpp"

namespace rt::tws {

// --- requests ---
struct ExecutionFilter {
  int client_id = 0;  // 0 = every client
  std::string account;
  std::string time;  // "yyyyMMdd-HH:mm:ss" (UTC) or "yyyyMMdd HH:mm:ss tz"
  std::string symbol;
  std::string sec_type;
  std::string exchange;
  std::string side;  // BUY / SELL
  // SV >= 200: executions of the last N days (unset: today only) or of these dates (yyyyMMdd).
  std::optional<int> last_n_days;
  std::vector<std::string> specific_dates;
  bool operator==(const ExecutionFilter&) const = default;
};
// [7, 3, reqId, clientId, acctCode, time, symbol, secType, exchange, side], then from SV 200
// lastNDays, nDates, dates...
struct ReqExecutions {
  int req_id = 0;
  ExecutionFilter filter;
  bool operator==(const ReqExecutions&) const = default;
};

// --- responses ---
// EXECUTION_DATA, no version field (SV >= 136): [11, reqId, orderId, <contract 11>, execId, time,
// acctNumber, exchange, side, shares, price, permId, clientId, liquidation, cumQty, avgPrice,
// orderRef, evRule, evMultiplier, modelCode, lastLiquidity, pendingPriceRevision (SV >= 178),
// submitter (SV >= 198)]: 31 fields below 178, 32 at 178-197.
struct ExecutionData {
  int req_id = -1;  // -1 for live fills that answer no request
  std::int64_t order_id = 0;
  Contract contract;  // no primaryExch
  std::string exec_id;
  std::string time;  // "20250115 09:35:00 US/Eastern"
  std::string account;
  std::string exchange;
  std::string side;  // BOT / SLD
  Decimal shares;
  Decimal price;
  std::int64_t perm_id = 0;
  int client_id = 0;
  int liquidation = 0;
  Decimal cum_qty;
  Decimal avg_price;
  std::string order_ref;
  std::string ev_rule;
  std::optional<double> ev_multiplier;
  std::string model_code;
  int last_liquidity = 0;
  bool pending_price_revision = false;  // SV >= 178
  std::string submitter;                // SV >= 198
  bool operator==(const ExecutionData&) const = default;
};
struct ExecutionDataEnd {  // [55, 1, reqId]
  int req_id = 0;
  bool operator==(const ExecutionDataEnd&) const = default;
};
// [59, 1, execId, commission, currency, realizedPNL, yield, yieldRedemptionDate]: 8 fields.
// Unknown values (TWS sends 1.7976931348623157E308) are unset, written as empty fields.
struct CommissionReport {
  std::string exec_id;
  Decimal commission;
  std::string currency;
  std::optional<Decimal> realized_pnl;
  std::optional<double> yield;
  std::optional<int> yield_redemption_date;  // yyyymmdd
  bool operator==(const CommissionReport&) const = default;
};

}  // namespace rt::tws

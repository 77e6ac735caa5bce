#pragma once
// Positions and account values per account and model (reqPositionsMulti, reqAccountUpdatesMulti):
// the request-id keyed forms of reqPositions and reqAccountUpdates that multi-account clients and
// ib_async's startup use (TWS_PROTOCOL.md §4.17).
#include <string>

#include "core/decimal.hpp"
#include "tws/messages/contract.hpp"

namespace rt::tws {

// --- requests ---
struct ReqPositionsMulti {  // [74, 1, reqId, account, modelCode]
  int req_id = 0;
  std::string account;  // "" or "All": every managed account
  std::string model_code;
  bool operator==(const ReqPositionsMulti&) const = default;
};
struct CancelPositionsMulti {  // [75, 1, reqId]
  int req_id = 0;
  bool operator==(const CancelPositionsMulti&) const = default;
};
struct ReqAccountUpdatesMulti {  // [76, 1, reqId, account, modelCode, ledgerAndNLV]
  int req_id = 0;
  std::string account;
  std::string model_code;
  bool ledger_and_nlv = false;  // only the cash ledger and NetLiquidation keys
  bool operator==(const ReqAccountUpdatesMulti&) const = default;
};
struct CancelAccountUpdatesMulti {  // [77, 1, reqId]
  int req_id = 0;
  bool operator==(const CancelAccountUpdatesMulti&) const = default;
};

// --- responses ---
// [71, 1, reqId, account, contract(11, exchange slot), position, avgCost, modelCode]
struct PositionMulti {
  int req_id = 0;
  std::string account;
  Contract contract;  // primary_exchange is not on the wire here
  Decimal position;
  Decimal avg_cost;
  std::string model_code;
  bool operator==(const PositionMulti&) const = default;
};
struct PositionMultiEnd {  // [72, 1, reqId]
  int req_id = 0;
  bool operator==(const PositionMultiEnd&) const = default;
};
struct AccountUpdateMulti {  // [73, 1, reqId, account, modelCode, key, value, currency]
  int req_id = 0;
  std::string account;
  std::string model_code;
  std::string key;
  std::string value;
  std::string currency;
  bool operator==(const AccountUpdateMulti&) const = default;
};
struct AccountUpdateMultiEnd {  // [74, 1, reqId]
  int req_id = 0;
  bool operator==(const AccountUpdateMultiEnd&) const = default;
};

std::string encode(const ReqPositionsMulti& m, int server_version);
std::string encode(const CancelPositionsMulti& m, int server_version);
std::string encode(const ReqAccountUpdatesMulti& m, int server_version);
std::string encode(const CancelAccountUpdatesMulti& m, int server_version);
std::string encode(const PositionMulti& m, int server_version);
std::string encode(const PositionMultiEnd& m, int server_version);
std::string encode(const AccountUpdateMulti& m, int server_version);
std::string encode(const AccountUpdateMultiEnd& m, int server_version);

}  // namespace rt::tws

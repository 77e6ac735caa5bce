#pragma once
// Reference data a trader asks for beside quotes and orders (TWS_PROTOCOL.md §4.18): family codes,
// user info, symbol search, price-increment rules, SMART's component exchanges, option-chain
// parameters, the earliest available bar (head timestamp) and the time in milliseconds.
#include <cstdint>
#include <string>
#include <vector>

#include "core/decimal.hpp"
#include "tws/messages/contract.hpp"

namespace rt::tws {

// --- requests ---
struct ReqFamilyCodes {  // [80]
  bool operator==(const ReqFamilyCodes&) const = default;
};
struct ReqUserInfo {  // [104, reqId]
  int req_id = 0;
  bool operator==(const ReqUserInfo&) const = default;
};
struct ReqMatchingSymbols {  // [81, reqId, pattern]
  int req_id = 0;
  std::string pattern;
  bool operator==(const ReqMatchingSymbols&) const = default;
};
struct ReqMarketRule {  // [91, marketRuleId]
  int market_rule_id = 0;
  bool operator==(const ReqMarketRule&) const = default;
};
struct ReqSmartComponents {  // [83, reqId, bboExchange]
  int req_id = 0;
  std::string bbo_exchange;
  bool operator==(const ReqSmartComponents&) const = default;
};
struct ReqSecDefOptParams {  // [78, reqId, underlyingSymbol, futFopExchange, underlyingSecType, underlyingConId]
  int req_id = 0;
  std::string underlying_symbol;
  std::string fut_fop_exchange;
  std::string underlying_sec_type;
  std::int64_t underlying_con_id = 0;
  bool operator==(const ReqSecDefOptParams&) const = default;
};
// [87, reqId, contract(12), includeExpired, useRTH, whatToShow, formatDate]
struct ReqHeadTimestamp {
  int req_id = 0;
  Contract contract;
  bool include_expired = false;
  bool use_rth = true;
  std::string what_to_show = "TRADES";
  int format_date = 1;  // 1: "yyyyMMdd-HH:mm:ss"; 2: epoch seconds
  bool operator==(const ReqHeadTimestamp&) const = default;
};
struct CancelHeadTimestamp {  // [90, reqId]
  int req_id = 0;
  bool operator==(const CancelHeadTimestamp&) const = default;
};
struct ReqCurrentTimeInMillis {  // [105] (server version >= 197)
  bool operator==(const ReqCurrentTimeInMillis&) const = default;
};

// --- responses ---
struct FamilyCode {
  std::string account;
  std::string family_code;
  bool operator==(const FamilyCode&) const = default;
};
struct FamilyCodes {  // [78, n, (accountID, familyCode)...]
  std::vector<FamilyCode> codes;
  bool operator==(const FamilyCodes&) const = default;
};
struct UserInfo {  // [107, reqId, whiteBrandingId]
  int req_id = 0;
  std::string white_branding_id;
  bool operator==(const UserInfo&) const = default;
};
struct ContractDescription {
  Contract contract;  // con_id, symbol, sec_type, primary_exchange, currency; exchange stays empty
  std::vector<std::string> derivative_sec_types;
  std::string description;  // server version >= 176
  std::string issuer_id;    // server version >= 176
  bool operator==(const ContractDescription&) const = default;
};
// [79, reqId, n, (conId, symbol, secType, primaryExchange, currency, nDerivs, derivs..., description,
//  issuerId)...]
struct SymbolSamples {
  int req_id = 0;
  std::vector<ContractDescription> descriptions;
  bool operator==(const SymbolSamples&) const = default;
};
struct PriceIncrement {
  Decimal low_edge;
  Decimal increment;
  bool operator==(const PriceIncrement&) const = default;
};
struct MarketRule {  // [93, marketRuleId, n, (lowEdge, increment)...]
  int market_rule_id = 0;
  std::vector<PriceIncrement> increments;
  bool operator==(const MarketRule&) const = default;
};
struct SmartComponent {
  int bit_number = 0;
  std::string exchange;
  std::string exchange_letter;
  bool operator==(const SmartComponent&) const = default;
};
struct SmartComponents {  // [82, reqId, n, (bitNumber, exchange, exchangeLetter)...]
  int req_id = 0;
  std::vector<SmartComponent> components;
  bool operator==(const SmartComponents&) const = default;
};
// [75, reqId, exchange, underlyingConId, tradingClass, multiplier, nExp, exps..., nStrikes, strikes...]
struct SecDefOptParams {
  int req_id = 0;
  std::string exchange;
  std::int64_t underlying_con_id = 0;
  std::string trading_class;
  std::string multiplier;
  std::vector<std::string> expirations;  // yyyyMMdd
  std::vector<double> strikes;           // option strikes: not a money path
  bool operator==(const SecDefOptParams&) const = default;
};
struct SecDefOptParamsEnd {  // [76, reqId]
  int req_id = 0;
  bool operator==(const SecDefOptParamsEnd&) const = default;
};
struct HeadTimestamp {  // [88, reqId, headTimestamp]
  int req_id = 0;
  std::string head_timestamp;  // as formatDate asked: "20040123-14:30:00" or epoch seconds
  bool operator==(const HeadTimestamp&) const = default;
};
struct CurrentTimeInMillis {  // [109, epochMillis]
  std::int64_t millis = 0;
  bool operator==(const CurrentTimeInMillis&) const = default;
};

std::string encode(const ReqFamilyCodes& m, int server_version);
std::string encode(const ReqUserInfo& m, int server_version);
std::string encode(const ReqMatchingSymbols& m, int server_version);
std::string encode(const ReqMarketRule& m, int server_version);
std::string encode(const ReqSmartComponents& m, int server_version);
std::string encode(const ReqSecDefOptParams& m, int server_version);
std::string encode(const ReqHeadTimestamp& m, int server_version);
std::string encode(const CancelHeadTimestamp& m, int server_version);
std::string encode(const ReqCurrentTimeInMillis& m, int server_version);
std::string encode(const FamilyCodes& m, int server_version);
std::string encode(const UserInfo& m, int server_version);
std::string encode(const SymbolSamples& m, int server_version);
std::string encode(const MarketRule& m, int server_version);
std::string encode(const SmartComponents& m, int server_version);
std::string encode(const SecDefOptParams& m, int server_version);
std::string encode(const SecDefOptParamsEnd& m, int server_version);
std::string encode(const HeadTimestamp& m, int server_version);
std::string encode(const CurrentTimeInMillis& m, int server_version);

}  // namespace rt::tws

#pragma once
// Contract details (TWS_PROTOCOL.md §4.11): reqContractDetails, CONTRACT_DATA, CONTRACT_DATA_END.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/decimal.hpp"
#include "tws/messages/contract.hpp"

namespace rt::tws {

// --- requests ---
// [9, 8, reqId, <contract block 12>, includeExpired, secIdType, secId, issuerId (SV >= 176)]
struct ReqContractData {
  int req_id = 0;
  Contract contract;
  bool include_expired = false;
  std::string sec_id_type;  // "ISIN", "CUSIP", ...
  std::string sec_id;
  std::string issuer_id;  // only on the wire at SV >= 176
  bool operator==(const ReqContractData&) const = default;
};

// --- responses ---
// The 17 fund fields, on the wire only when secType is FUND and SV >= 179. Kept as sent.
struct FundDetails {
  std::string name;
  std::string family;
  std::string type;
  std::string front_load;
  std::string back_load;
  std::string back_load_time_interval;
  std::string management_fee;
  bool closed = false;
  bool closed_for_new_investors = false;
  bool closed_for_new_money = false;
  std::string notify_amount;
  std::string minimum_initial_purchase;
  std::string subsequent_minimum_purchase;
  std::string blue_sky_states;
  std::string blue_sky_territories;
  std::string distribution_policy_indicator;
  std::string asset_type;
  bool operator==(const FundDetails&) const = default;
};
struct IneligibilityReason {
  std::string id;
  std::string description;
  bool operator==(const IneligibilityReason&) const = default;
};

// CONTRACT_DATA, no version field since SV 164 (157-163: a version field, mdSizeMultiplier after
// minTick, and at 163 a single sizeMinTick in place of the three size rules, read into min_size):
// [10, reqId, symbol, secType, lastTradeDateOrContractMonth, lastTradeDate (SV >= 182), strike,
//  right, exchange, currency, localSymbol, marketName, tradingClass, conId, minTick, multiplier,
//  orderTypes, validExchanges, priceMagnifier, underConId, longName, primaryExchange,
//  contractMonth, industry, category, subcategory, timeZoneId, tradingHours, liquidHours, evRule,
//  evMultiplier, secIdListCount, (tag, value)*, aggGroup, underSymbol, underSecType,
//  marketRuleIds, realExpirationDate, stockType, minSize, sizeIncrement, suggestedSizeIncrement,
//  [17 fund fields if FUND and SV >= 179], [SV >= 186: reasonCount, (id, description)*]]
struct ContractDetails {
  int req_id = 0;
  Contract contract;  // exchange and primary_exchange are both set
  std::string last_trade_date;  // SV >= 182
  std::string market_name;
  Decimal min_tick;
  std::string order_types;      // comma list
  std::string valid_exchanges;  // comma list
  int price_magnifier = 0;
  std::int64_t under_con_id = 0;
  std::string long_name;
  std::string contract_month;
  std::string industry;
  std::string category;
  std::string subcategory;
  std::string time_zone_id;   // "US/Eastern"
  std::string trading_hours;  // "20250115:0400-20250115:2000;..."
  std::string liquid_hours;
  std::string ev_rule;
  std::optional<double> ev_multiplier;
  std::vector<TagValue> sec_id_list;  // e.g. {ISIN, US0378331005}
  int agg_group = 0;
  std::string under_symbol;
  std::string under_sec_type;
  std::string market_rule_ids;  // "26,26,26"
  std::string real_expiration_date;
  std::string stock_type;  // COMMON, ETF, ...
  Decimal min_size;
  Decimal size_increment;
  Decimal suggested_size_increment;
  std::optional<FundDetails> fund;  // FUND contracts at SV >= 179
  std::vector<IneligibilityReason> ineligibility_reasons;  // SV >= 186
  bool operator==(const ContractDetails&) const = default;
};
struct ContractDataEnd {  // [52, 1, reqId]
  int req_id = 0;
  bool operator==(const ContractDataEnd&) const = default;
};

}  // namespace rt::tws

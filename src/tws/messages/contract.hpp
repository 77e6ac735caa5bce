#pragma once
// The contract fields that recur across TWS messages ("contract block").
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/decimal.hpp"

namespace rt::tws {

struct Contract {
  std::int64_t con_id = 0;
  std::string symbol;
  std::string sec_type = "STK";
  std::string last_trade_date_or_contract_month;
  double strike = 0;  // options only; never on the money path for stocks
  std::string right;
  std::string multiplier;
  std::string exchange = "SMART";
  std::string primary_exchange;
  std::string currency = "USD";
  std::string local_symbol;
  std::string trading_class;

  bool operator==(const Contract&) const = default;
};

// One leg of a BAG (combo) contract. Requests for market data and historical data send the first
// four fields; placeOrder and openOrder carry all eight.
struct ComboLeg {
  std::int64_t con_id = 0;
  int ratio = 0;
  std::string action;  // BUY / SELL / SSHORT
  std::string exchange;
  int open_close = 0;
  int short_sale_slot = 0;
  std::string designated_location;
  int exempt_code = -1;
  bool operator==(const ComboLeg&) const = default;
};

// The hedge of a delta-neutral combo (reqMktData, placeOrder, openOrder).
struct DeltaNeutralContract {
  std::int64_t con_id = 0;
  double delta = 0;
  Decimal price;
  bool operator==(const DeltaNeutralContract&) const = default;
};

// A tag/value pair sent as two fields (algo params, smart-combo params, secIdList).
struct TagValue {
  std::string tag;
  std::string value;
  bool operator==(const TagValue&) const = default;
};

}  // namespace rt::tws

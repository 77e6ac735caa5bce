#pragma once
// The contract fields that recur across TWS messages ("contract block").
#include <cstdint>
#include <string>

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

}  // namespace rt::tws

#include "trading/risk/money_text.hpp"

namespace rt::trading {

std::string format_money(Decimal value) {
  const bool negative = value.is_negative();
  const std::string digits = value.abs().to_string_fixed(2);  // "12500.00"
  const std::size_t dot = digits.find('.');
  const std::string whole = digits.substr(0, dot);
  std::string grouped;
  grouped.reserve(whole.size() + whole.size() / 3);
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  std::string out = negative ? "-$" : "$";
  out += grouped;
  if (dot != std::string::npos) out += digits.substr(dot);
  return out;
}

std::string format_percent(Decimal percent) { return percent.to_string() + "%"; }

}  // namespace rt::trading

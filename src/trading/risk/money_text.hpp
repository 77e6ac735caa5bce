#pragma once
// Text for money and percentages in risk reasons and limit errors: "$12,500.00", "-$310.25",
// "2.5%". Pure functions, callable from any thread.
#include <string>

#include "core/decimal.hpp"

namespace rt::trading {

// Dollars with two decimals and thousands separators: format_money(12500) == "$12,500.00".
std::string format_money(Decimal value);
// A percent value as given (no scaling), shortest form: format_percent(2.5) == "2.5%".
std::string format_percent(Decimal percent);

}  // namespace rt::trading

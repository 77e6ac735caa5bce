#include "trading/instrument/instrument.hpp"

namespace rt::trading {

std::string_view to_string(SecType type) noexcept {
  switch (type) {
    case SecType::kStock: return "STK";
    case SecType::kFuture: return "FUT";
    case SecType::kCash: return "CASH";
  }
  return "?";
}

Instrument Instrument::stock(std::string ticker) {
  Instrument i;
  i.symbol = ticker;
  i.name = std::move(ticker);
  return i;
}

Decimal Instrument::round_quantity(Decimal quantity) const {
  if (quantity_increment <= Decimal{}) return quantity;
  return (quantity / quantity_increment).trunc() * quantity_increment;
}

}  // namespace rt::trading

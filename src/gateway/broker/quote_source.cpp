#include "gateway/broker/quote_source.hpp"

#include "gateway/account.hpp"

namespace rt::gateway {

std::optional<tws::Contract> QuoteSource::resolve(const tws::Contract& request, Timestamp at) const {
  if ((!request.sec_type.empty() && request.sec_type != "STK") ||
      (!request.currency.empty() && request.currency != "USD") || request.symbol.empty()) {
    return std::nullopt;
  }
  if (!quote(request.symbol, at)) return std::nullopt;
  auto c = stock_contract(request.symbol);
  if (!request.exchange.empty()) c.exchange = request.exchange;
  return c;
}

}  // namespace rt::gateway

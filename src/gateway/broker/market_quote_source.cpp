#include "gateway/broker/market_quote_source.hpp"

#include <string>

#include "gateway/market.hpp"

namespace rt::gateway {

std::optional<TopOfBook> MarketQuoteSource::quote(std::string_view symbol, Timestamp at) const {
  if (ContractDirectory::canonical_symbol(symbol).empty()) return std::nullopt;
  const auto q = market_.model(std::string(symbol)).quote_at(at);
  if (!q.valid) return std::nullopt;
  return TopOfBook{q.bid, q.ask, q.last, q.market_open};
}

std::optional<tws::Contract> MarketQuoteSource::resolve(const tws::Contract& request, Timestamp /*at*/) const {
  auto resolved = market_.resolve(request);
  if (!resolved) return std::nullopt;
  auto c = resolved->to_contract();
  if (!request.exchange.empty()) c.exchange = request.exchange;
  return c;
}

}  // namespace rt::gateway

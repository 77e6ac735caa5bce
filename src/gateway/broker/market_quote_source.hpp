#pragma once
// MarketQuoteSource: the emulator's Market seen as a QuoteSource: contracts resolve through the
// Market's contract directory (200 for what it does not know), quotes are MarketModel::quote_at()
// at the matching instant, and nothing fills outside the symbol's trading session.
// Thread: the io_context thread. Ownership: borrows the Market, which must outlive it.
#include "gateway/broker/quote_source.hpp"

namespace rt::gateway {

class Market;

class MarketQuoteSource final : public QuoteSource {
 public:
  explicit MarketQuoteSource(Market& market) : market_(market) {}

  [[nodiscard]] std::optional<TopOfBook> quote(std::string_view symbol, Timestamp at) const override;
  [[nodiscard]] std::optional<tws::Contract> resolve(const tws::Contract& request, Timestamp at) const override;

 private:
  Market& market_;  // quote_at() caches generated days, so the market is not const
};

}  // namespace rt::gateway

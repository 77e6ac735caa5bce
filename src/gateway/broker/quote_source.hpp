#pragma once
// QuoteSource: what the matching engine needs from a market: the bid, ask and last price of a
// symbol at a time, and the contract an order names. The emulator's market model implements it; tests use FixedQuoteSource.
// Implementations are read on the io_context thread only.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "tws/messages/contract.hpp"

namespace rt::gateway {

// The touch and last trade of a symbol at an instant. Outside its trading session nothing fills.
struct TopOfBook {
  Decimal bid;
  Decimal ask;
  Decimal last;
  bool open = true;  // inside a trading session
  bool operator==(const TopOfBook&) const = default;
};

class QuoteSource {
 public:
  virtual ~QuoteSource() = default;
  // The quote of `symbol` at `at`, or nullopt when the symbol is not known to the market.
  [[nodiscard]] virtual std::optional<TopOfBook> quote(std::string_view symbol, Timestamp at) const = 0;
  // The contract an order names, resolved (conId, primary exchange, exchange as requested), or
  // nullopt when there is no such security (the order gets 200). Default: a USD stock with a quote.
  [[nodiscard]] virtual std::optional<tws::Contract> resolve(const tws::Contract& request, Timestamp at) const;
};

// Quotes set by hand (tests, and symbols seeded on the command line); time is ignored.
class FixedQuoteSource final : public QuoteSource {
 public:
  void set(std::string symbol, TopOfBook q) { quotes_[std::move(symbol)] = q; }
  void erase(std::string_view symbol) {
    if (auto it = quotes_.find(symbol); it != quotes_.end()) quotes_.erase(it);
  }
  [[nodiscard]] std::optional<TopOfBook> quote(std::string_view symbol, Timestamp /*at*/) const override {
    auto it = quotes_.find(symbol);
    if (it == quotes_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<std::string, TopOfBook, std::less<>> quotes_;
};

}  // namespace rt::gateway

#pragma once
// ContractDirectory: resolves the stock contracts clients ask for. Any plausible US stock symbol
// (1-5 letters, optionally a share-class suffix: "BRK.B" or "BRK B") is a contract: its conId is
// derived from the symbol alone (stable across runs and seeds), its primary exchange is NASDAQ,
// NYSE or ARCA chosen from the symbol, and a few well-known symbols carry their real conId and
// exchange (AAPL: 265598, NASDAQ). Digits-only, punctuation, too-long symbols, non-stock or
// non-USD requests and the configured unknown symbols do not resolve (the session answers 200).
//
// Thread: the io_context thread; not thread-safe (it remembers resolved contracts so a request by
// conId alone finds them). Owned by the Market.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "tws/messages/contract.hpp"

namespace rt::gateway {

struct StockContract {
  std::int64_t con_id = 0;
  std::string symbol;            // IB spelling: "AAPL", "BRK B"
  std::string primary_exchange;  // NASDAQ, NYSE, ARCA
  std::string long_name;
  std::string industry;
  std::string category;
  std::string stock_type = "COMMON";
  // A future's month or a currency pair (listed_contracts.hpp): the contract block reported as
  // it is, `symbol` is its local symbol (ESH5, EUR.USD), the key of its market.
  std::optional<tws::Contract> listed;
  // The contract block the gateway reports (a stock's: exchange SMART, primary exchange set).
  [[nodiscard]] tws::Contract to_contract() const;
  [[nodiscard]] bool is_stock() const { return !listed.has_value(); }
};

class ContractDirectory {
 public:
  explicit ContractDirectory(std::vector<std::string> unknown_symbols = {});

  // The contract a request describes (symbol, or conId alone once known), or an error naming why
  // it does not resolve.
  Result<StockContract> resolve(const tws::Contract& request);
  // The contract of a plausible symbol (nullopt when the symbol is not one).
  [[nodiscard]] std::optional<StockContract> by_symbol(std::string_view symbol) const;
  // reqMatchingSymbols: the contract the pattern names, then the well-known symbols it begins,
  // at most 16 (empty when nothing matches).
  [[nodiscard]] std::vector<StockContract> matching(std::string_view pattern) const;

  // "BRK.B" -> "BRK B", lower case -> upper case; empty when not a plausible stock symbol.
  static std::string canonical_symbol(std::string_view symbol);
  // The conId a symbol always gets (canonical spelling).
  static std::int64_t con_id_for(std::string_view canonical);

 private:
  std::vector<std::string> unknown_;
  std::map<std::int64_t, std::string> by_con_id_;
};

}  // namespace rt::gateway

#pragma once
// ContractResolver: symbol -> contract details (conId, primary exchange, min tick, trading hours,
// time zone) through reqContractDetails, cached for the life of the resolver.
//
// Contract
// - resolve(name) reads an instrument name (AAPL, ES.FUT.CME, ESZ6, EUR.USD: docs/instruments.md);
//   a name it cannot read fails with kInvalidArgument and its reason, before any request. A plain
//   ticker resolves as STK / SMART / USD; resolve(contract) takes any contract block.
// - A future without a month resolves to its front month: every listed month is requested and the
//   roll rule picks (the answer holds for the resolver's life: one trading day).
// - The instrument of the answer carries TWS's terms: multiplier, tick, size increment, month.
// - Error 200 (no security definition) fails that symbol only, with ErrorCode::kNotFound, a
//   message "unknown symbol 'XYZ'..." and broker_code 200 (RELIABILITY D3). The failure is cached
//   too, so an unknown symbol costs one request per resolver.
// - Several definitions for one request: the one whose symbol and currency match is taken (the
//   first such); `alternatives` says how many there were.
// - Every request goes through the pacing driver (kContractDetails) and carries a deadline.
// Thread: the trading event loop. Holds the ConnectionManager and PacingDriver by reference; both
// must outlive it.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "core/result.hpp"
#include "trading/instrument/instrument.hpp"
#include "trading/instrument/roll_rule.hpp"
#include "tws/messages/codec.hpp"

namespace rt::ib {

class ConnectionManager;
class PacingDriver;

struct ResolvedContract {
  tws::Contract contract;  // con_id and primary_exchange set; exchange as requested (SMART)
  Decimal min_tick;
  Decimal size_increment;  // zero when TWS does not say
  std::string long_name;
  std::string time_zone;      // "US/Eastern"
  std::string trading_hours;  // "20250115:0400-20250115:2000;..."
  std::string liquid_hours;
  int alternatives = 1;            // definitions TWS returned for the request
  trading::Instrument instrument;  // the name resolved, with TWS's terms
};

struct ContractResolverOptions {
  std::chrono::milliseconds request_timeout{10000};
  std::chrono::milliseconds pacing_wait{60000};
  trading::RollRule roll;  // which month of a future is the front
};

class ContractResolver {
 public:
  // `clock` dates the names (ESZ6's decade) and the front month.
  ContractResolver(ConnectionManager& connections, PacingDriver& pacer, const Clock& clock,
                   ContractResolverOptions options = {});

  boost::asio::awaitable<Result<ResolvedContract>> resolve(std::string name);
  boost::asio::awaitable<Result<ResolvedContract>> resolve(trading::Instrument instrument);
  boost::asio::awaitable<Result<ResolvedContract>> resolve(tws::Contract contract);

  // The cached answer, if any (successes and failures alike).
  [[nodiscard]] const Result<ResolvedContract>* cached(const tws::Contract& contract) const;
  [[nodiscard]] std::uint64_t requests_sent() const { return requests_; }

  // The contract block robotrader uses for a plain US stock symbol.
  static tws::Contract stock(std::string symbol);

 private:
  static std::string key_of(const tws::Contract& c);
  // Every definition TWS returns for `contract`; kNotFound (cached by the caller) when none.
  boost::asio::awaitable<Result<std::vector<tws::ContractDetails>>> details(const tws::Contract& contract,
                                                                            const std::string& label);
  [[nodiscard]] std::chrono::year_month_day today() const;

  ConnectionManager& connections_;
  PacingDriver& pacer_;
  const Clock& clock_;
  ContractResolverOptions options_;
  std::map<std::string, Result<ResolvedContract>> cache_;
  std::uint64_t requests_ = 0;
};

}  // namespace rt::ib

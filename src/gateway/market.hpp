#pragma once
// Market: the emulator's whole market, shared by every session of one GatewayServer: the
// simulated clock, the NYSE calendar, the contract directory and one MarketModel per symbol
// (seeded synthetic, or replayed from a CSV), created on first use.
//
// Thread: the io_context thread; not thread-safe. Ownership: owned by the GatewayServer (or a
// test); borrows the clock and the config, which must outlive it. MarketModel references stay
// valid for the Market's lifetime.
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "gateway/contract_directory.hpp"
#include "gateway/market_config.hpp"
#include "gateway/market_model.hpp"
#include "trading/market/market_calendar.hpp"
#include "tws/messages/contract_details.hpp"

namespace rt::gateway {

class ReplaySeries;

class Market {
 public:
  // Borrows the config and the clock; load() reads the replayed files.
  Market(const MarketConfig& config, const Clock& clock);
  ~Market();
  Market(const Market&) = delete;
  Market& operator=(const Market&) = delete;

  // Loads the replayed files (once); fails naming a file that cannot be read or parsed.
  Status load();

  [[nodiscard]] const Clock& clock() const { return clock_; }
  [[nodiscard]] Timestamp now() const { return clock_.now(); }
  [[nodiscard]] const MarketConfig& config() const { return config_; }
  [[nodiscard]] const trading::MarketCalendar& calendar() const { return calendar_; }

  // The contract a request names, or the "no security definition" error. A future without a
  // month names several and is refused as ambiguous, as TWS does for market data and orders.
  Result<StockContract> resolve(const tws::Contract& request);
  [[nodiscard]] const ContractDirectory& directory() const { return directory_; }
  // The market of a resolved contract's symbol.
  MarketModel& model(const StockContract& contract) { return model(contract.symbol); }
  MarketModel& model(const std::string& symbol);
  // True for symbols configured as delayed-only (no live subscription).
  [[nodiscard]] bool delayed_only(std::string_view symbol) const;

  // CONTRACT_DATA for a contract, with trading/liquid hours for the week from the simulated today.
  tws::ContractDetails details(const StockContract& contract, int req_id);

 private:
  const MarketConfig& config_;
  const Clock& clock_;
  trading::MarketCalendar calendar_;
  ContractDirectory directory_;
  std::map<std::string, std::unique_ptr<ReplaySeries>> replays_;  // until moved into their model
  std::map<std::string, std::unique_ptr<MarketModel>> models_;
  std::map<std::int64_t, tws::Contract> listed_by_con_id_;  // futures months and pairs resolved
};

// "20250115:0400-20250115:2000;20250118:CLOSED;..." for the 7 days from `from`; `liquid`: the
// regular session instead of the extended one.
std::string trading_hours_text(const MarketModel& model, trading::Date from, bool liquid);

}  // namespace rt::gateway

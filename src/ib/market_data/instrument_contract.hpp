#pragma once
// How an instrument is named to TWS, and which listed month of a future is traded.
//
// Contract
// - contract_for(): the contract block robotrader sends for an instrument.
//   - A stock routes SMART in its currency; a named exchange (AAPL.STK.NASDAQ) becomes the
//     primary exchange, which tells TWS which listing is meant.
//   - A future names its root, exchange, currency and multiplier, and its month when one is named
//     (ESZ6); without one, reqContractDetails lists every month and front_month() picks.
//   - A currency pair is CASH on IDEALPRO: symbol the base currency, currency the quote.
// - front_month(): among the contract details of a future's months, the one the roll rule calls
//   the front today. Fails (kNotFound) naming the months when none is tradable.
// - history_source(): what historical bars to ask for. Currency pairs have no TRADES.
// Pure functions.
#include <chrono>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "trading/instrument/instrument.hpp"
#include "trading/instrument/roll_rule.hpp"
#include "tws/messages/contract_details.hpp"

namespace rt::ib {

[[nodiscard]] tws::Contract contract_for(const trading::Instrument& instrument);

// The listed months of `details` with their last trading days; a detail whose date cannot be read
// is left out.
[[nodiscard]] std::vector<trading::ContractMonth> listed_months(
    std::span<const tws::ContractDetails> details);

[[nodiscard]] Result<std::size_t> front_month(std::span<const tws::ContractDetails> details,
                                              std::chrono::year_month_day today,
                                              const trading::RollRule& rule);

[[nodiscard]] std::string_view history_source(const trading::Instrument& instrument);

}  // namespace rt::ib

#pragma once
// The emulator's futures and currency pairs: what reqContractDetails answers for FUT and CASH.
//
// Contract
// - A future of the known table (ES, NQ, CL, GC, ...; trading/instrument) on its exchange lists
//   its next four contract months from `today`, each expiring on the month's third Friday (the
//   equity-index rule, used for every root: the emulator needs a definite date, not each
//   exchange's calendar). A request naming a month (lastTradeDateOrContractMonth YYYYMM or the
//   local symbol ESZ6) gets that month alone, if listed.
// - A currency pair of two ISO codes is CASH on IDEALPRO (symbol the base, currency the quote).
// - conIds are derived from the local symbol: stable across runs, away from the stocks' range.
// - Anything else fails (kNotFound) with TWS's text for error 200.
// Pure functions.
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "gateway/synthetic_series.hpp"
#include "trading/market/eastern_time.hpp"
#include "tws/messages/contract_details.hpp"

namespace rt::gateway {

// The synthetic market of a listed contract, by its local symbol (ESH5, EUR.USD): the level it
// trades around and its tick. None for a stock.
[[nodiscard]] std::optional<SeriesProfile> listed_market(std::string_view local_symbol);

[[nodiscard]] bool is_listed_kind(const tws::Contract& request);  // secType FUT or CASH
[[nodiscard]] Result<std::vector<tws::ContractDetails>> listed_contracts(const tws::Contract& request,
                                                                         trading::Date today);

}  // namespace rt::gateway

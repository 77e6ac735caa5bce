#pragma once
// Instrument names: how a symbol in config or on the command line names what it trades.
//
//   AAPL                 a stock: STK on SMART in USD
//   AAPL.STK.NASDAQ      a stock on a named exchange; SHOP.STK.TSE.CAD adds the currency
//   ES.FUT.CME           a future's front month (resolved from contract details; rolled)
//   ES.FUT               the same, the exchange taken from the table of known futures
//   ESZ6, ESZ26          one contract month of a known future (IB's local symbol)
//   EUR.USD              a currency pair: CASH on IDEALPRO, quantity in EUR, priced in USD
//
// A name that fits none of these is refused with the forms it could have meant. Multiplier and
// tick size come from the table of known futures (docs/instruments.md) until contract details
// replace them when trading.
#include <chrono>
#include <span>
#include <string_view>

#include "core/result.hpp"
#include "trading/instrument/instrument.hpp"

namespace rt::trading {

// A future the names above know without asking the broker.
struct KnownFuture {
  std::string_view root;        // IB's symbol: ES
  std::string_view exchange;    // CME
  std::string_view currency;    // USD
  std::string_view months;      // listed contract months as codes: "HMUZ"
  std::int64_t multiplier_raw;  // Decimal raw value
  std::int64_t tick_raw;        // Decimal raw value
  std::string_view description;
};

[[nodiscard]] std::span<const KnownFuture> known_futures() noexcept;
[[nodiscard]] const KnownFuture* find_known_future(std::string_view root) noexcept;
[[nodiscard]] bool is_currency_code(std::string_view code) noexcept;
// F G H J K M N Q U V X Z -> 1..12; 0 for anything else.
[[nodiscard]] unsigned month_of_code(char code) noexcept;

// `today` places a one-digit year (ESZ6) in the decade around it: the first year ending in that
// digit from last year on.
[[nodiscard]] Result<Instrument> parse_instrument(std::string_view name, std::chrono::year_month_day today);

}  // namespace rt::trading

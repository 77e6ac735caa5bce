#include "ib/market_data/instrument_contract.hpp"

#include <charconv>
#include <optional>
#include <string>

namespace rt::ib {
namespace {

// YYYYMMDD (the first eight characters: TWS may append a time and zone).
std::optional<std::chrono::year_month_day> read_date(std::string_view text) {
  if (text.size() < 8) return std::nullopt;
  int y = 0, m = 0, d = 0;
  auto field = [&](std::size_t at, std::size_t n, int& out) {
    const auto* first = text.data() + at;
    auto [end, ec] = std::from_chars(first, first + n, out);
    return ec == std::errc{} && end == first + n;
  };
  if (!field(0, 4, y) || !field(4, 2, m) || !field(6, 2, d)) return std::nullopt;
  const std::chrono::year_month_day day{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!day.ok()) return std::nullopt;
  return day;
}

}  // namespace

tws::Contract contract_for(const trading::Instrument& instrument) {
  tws::Contract c;
  c.symbol = instrument.symbol;
  c.sec_type = std::string(trading::to_string(instrument.type));
  c.currency = instrument.currency;
  switch (instrument.type) {
    case trading::SecType::kStock:
      c.exchange = "SMART";
      if (instrument.exchange != "SMART") c.primary_exchange = instrument.exchange;
      break;
    case trading::SecType::kFuture:
      c.exchange = instrument.exchange;
      c.last_trade_date_or_contract_month = instrument.contract_month;
      c.local_symbol = instrument.local_symbol;
      c.multiplier = instrument.multiplier.to_string();
      break;
    case trading::SecType::kCash: c.exchange = "IDEALPRO"; break;
  }
  return c;
}

std::vector<trading::ContractMonth> listed_months(std::span<const tws::ContractDetails> details) {
  std::vector<trading::ContractMonth> months;
  months.reserve(details.size());
  for (const auto& d : details) {
    const auto& date =
        d.last_trade_date.empty() ? d.contract.last_trade_date_or_contract_month : d.last_trade_date;
    if (auto day = read_date(date)) months.push_back({d.contract.local_symbol, *day});
  }
  return months;
}

Result<std::size_t> front_month(std::span<const tws::ContractDetails> details,
                                std::chrono::year_month_day today, const trading::RollRule& rule) {
  // Index the readable months back to their details.
  std::vector<std::size_t> index;
  std::vector<trading::ContractMonth> months;
  for (std::size_t i = 0; i < details.size(); ++i) {
    auto one = listed_months(details.subspan(i, 1));
    if (one.empty()) continue;
    months.push_back(std::move(one.front()));
    index.push_back(i);
  }
  if (auto pick = rule.front_month(months, today)) return index[*pick];
  std::string listed;
  for (const auto& m : months) listed += (listed.empty() ? "" : ", ") + m.local_symbol;
  return fail(ErrorCode::kNotFound,
              "no tradable month: " +
                  (listed.empty()
                       ? std::string("none listed with a last trading day")
                       : listed + " all expire within " + std::to_string(rule.days_before_expiry) + " days"));
}

std::string_view history_source(const trading::Instrument& instrument) {
  return instrument.type == trading::SecType::kCash ? "MIDPOINT" : "TRADES";
}

}  // namespace rt::ib

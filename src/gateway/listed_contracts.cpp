#include "gateway/listed_contracts.hpp"

#include <cstdio>
#include <string>

#include "gateway/day_series.hpp"
#include "trading/instrument/instrument_name.hpp"

namespace rt::gateway {
namespace {

using namespace std::chrono;

constexpr std::string_view kMonthCodes = "FGHJKMNQUVXZ";

Result<std::vector<tws::ContractDetails>> no_definition() {
  return fail(ErrorCode::kNotFound, "No security definition has been found for the request");
}

// Futures and pairs get 10-digit ids, above every stock id the directory hands out.
std::int64_t con_id_of(std::string_view local_symbol) {
  return 1'000'000'000 +
         static_cast<std::int64_t>(hash_text(local_symbol.data(), local_symbol.size()) % 900'000'000ULL);
}

std::string yyyymmdd(year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

year_month_day third_friday(year y, month m) {
  return year_month_day{sys_days{y / m / Friday[3]}};
}

tws::ContractDetails future_month(const trading::KnownFuture& f, year y, month m) {
  const auto expiry = third_friday(y, m);
  tws::ContractDetails d;
  auto& c = d.contract;
  c.symbol = std::string(f.root);
  c.sec_type = "FUT";
  c.exchange = std::string(f.exchange);
  c.currency = std::string(f.currency);
  c.last_trade_date_or_contract_month = yyyymmdd(expiry);
  c.multiplier = Decimal::from_raw(f.multiplier_raw).to_string();
  c.local_symbol = std::string(f.root) + kMonthCodes[static_cast<unsigned>(m) - 1] +
                   std::to_string(static_cast<int>(y) % 10);
  c.trading_class = std::string(f.root);
  c.con_id = con_id_of(c.local_symbol);
  d.last_trade_date = c.last_trade_date_or_contract_month;
  d.contract_month = c.last_trade_date_or_contract_month.substr(0, 6);
  d.real_expiration_date = c.last_trade_date_or_contract_month;
  d.market_name = c.trading_class;
  d.long_name = std::string(f.description);
  d.min_tick = Decimal::from_raw(f.tick_raw);
  d.order_types = "ACTIVETIM,AD,ADJUST,ALERT,ALLOC,DAY,GTC,LMT,MKT,OCA,STP,STPLMT,TRAIL,WHATIF";
  d.valid_exchanges = c.exchange;
  d.price_magnifier = 1;
  d.under_symbol = c.symbol;
  d.under_sec_type = "IND";
  d.time_zone_id = "US/Central";
  d.min_size = d.size_increment = d.suggested_size_increment = Decimal::from_int(1);
  return d;
}

Result<std::vector<tws::ContractDetails>> futures(const tws::Contract& request, trading::Date today) {
  const auto* f = trading::find_known_future(request.symbol);
  if (f == nullptr) return no_definition();
  if (!request.exchange.empty() && request.exchange != f->exchange) return no_definition();
  if (!request.currency.empty() && request.currency != f->currency) return no_definition();
  std::vector<tws::ContractDetails> months;
  year_month at{today.year(), today.month()};
  for (int scanned = 0; months.size() < 4 && scanned < 36; ++scanned, at += std::chrono::months{1}) {
    const char code = kMonthCodes[static_cast<unsigned>(at.month()) - 1];
    if (f->months.find(code) == std::string_view::npos) continue;
    if (sys_days{third_friday(at.year(), at.month())} < sys_days{today}) continue;  // expired
    months.push_back(future_month(*f, at.year(), at.month()));
  }
  const auto& month = request.last_trade_date_or_contract_month;
  const auto& local = request.local_symbol;
  if (month.empty() && local.empty() && request.con_id == 0) return months;
  std::vector<tws::ContractDetails> named;
  for (auto& d : months) {
    const bool by_month = month.empty() || d.contract.last_trade_date_or_contract_month.starts_with(month);
    const bool by_local = local.empty() || d.contract.local_symbol == local;
    const bool by_id = request.con_id == 0 || d.contract.con_id == request.con_id;
    if (by_month && by_local && by_id) named.push_back(std::move(d));
  }
  if (named.empty()) return no_definition();
  return named;
}

Result<std::vector<tws::ContractDetails>> pair(const tws::Contract& request) {
  if (!trading::is_currency_code(request.symbol) || !trading::is_currency_code(request.currency) ||
      request.symbol == request.currency) {
    return no_definition();
  }
  if (!request.exchange.empty() && request.exchange != "IDEALPRO") return no_definition();
  tws::ContractDetails d;
  auto& c = d.contract;
  c.symbol = request.symbol;
  c.sec_type = "CASH";
  c.exchange = "IDEALPRO";
  c.currency = request.currency;
  c.local_symbol = request.symbol + "." + request.currency;
  c.trading_class = c.local_symbol;
  c.con_id = con_id_of(c.local_symbol);
  if (request.con_id != 0 && request.con_id != c.con_id) return no_definition();
  d.market_name = c.local_symbol;
  d.long_name = request.symbol + " " + request.currency;
  d.min_tick = Decimal::from_raw(Decimal::kScale / 20000);  // 0.00005
  d.order_types = "ACTIVETIM,AD,ALERT,ALLOC,DAY,GTC,IOC,LMT,MKT,OCA,STP,STPLMT,TRAIL,WHATIF";
  d.valid_exchanges = "IDEALPRO";
  d.price_magnifier = 1;
  d.time_zone_id = "US/Eastern";
  d.min_size = d.size_increment = Decimal::from_int(1);
  d.suggested_size_increment = Decimal::from_int(1000);
  return std::vector{std::move(d)};
}

struct Level {
  std::string_view key;  // a future's root or a pair
  double price;
};

// Round levels of late 2024, so prices look like the real markets'.
constexpr Level kLevels[] = {
    {"ES", 5000},      {"MES", 5000},     {"NQ", 18000},     {"MNQ", 18000},    {"RTY", 2000},
    {"M2K", 2000},     {"YM", 40000},     {"MYM", 40000},    {"ZN", 110},       {"ZB", 115},
    {"CL", 75},        {"MCL", 75},       {"NG", 3},         {"GC", 2000},      {"MGC", 2000},
    {"SI", 25},        {"HG", 4},         {"EUR.USD", 1.08}, {"GBP.USD", 1.27}, {"USD.JPY", 150},
    {"AUD.USD", 0.66}, {"USD.CAD", 1.36}, {"USD.CHF", 0.88}, {"EUR.GBP", 0.85}, {"EUR.JPY", 162},
};

double level_of(std::string_view key, double otherwise) {
  for (const auto& l : kLevels) {
    if (l.key == key) return l.price;
  }
  return otherwise;
}

}  // namespace

std::optional<SeriesProfile> listed_market(std::string_view local_symbol) {
  if (const auto dot = local_symbol.find('.'); dot != std::string_view::npos) {
    const auto base = local_symbol.substr(0, dot);
    const auto quote = local_symbol.substr(dot + 1);
    if (!trading::is_currency_code(base) || !trading::is_currency_code(quote)) return std::nullopt;
    SeriesProfile p;
    p.reference_price = level_of(local_symbol, 1.0);
    // Half a pip; yen pairs quote two fewer decimals.
    p.tick = Decimal::from_raw(Decimal::kScale / (quote == "JPY" ? 200 : 20000));
    p.daily_volume = 5e8;
    return p;
  }
  // A future's local symbol: the root, a month code, one year digit.
  if (local_symbol.size() < 3) return std::nullopt;
  const auto root = local_symbol.substr(0, local_symbol.size() - 2);
  const auto* f = trading::find_known_future(root);
  if (f == nullptr || trading::month_of_code(local_symbol[local_symbol.size() - 2]) == 0) return std::nullopt;
  SeriesProfile p;
  p.reference_price = level_of(root, 100);
  p.tick = Decimal::from_raw(f->tick_raw);
  p.daily_volume = 1.5e6;
  return p;
}

bool is_listed_kind(const tws::Contract& request) {
  return request.sec_type == "FUT" || request.sec_type == "CASH";
}

Result<std::vector<tws::ContractDetails>> listed_contracts(const tws::Contract& request,
                                                           trading::Date today) {
  if (request.sec_type == "FUT") return futures(request, today);
  if (request.sec_type == "CASH") return pair(request);
  return no_definition();
}

}  // namespace rt::gateway

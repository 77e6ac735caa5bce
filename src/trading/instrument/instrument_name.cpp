#include "trading/instrument/instrument_name.hpp"

#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

namespace rt::trading {
namespace {

constexpr std::string_view kForms =
    "AAPL, AAPL.STK.NASDAQ, ES.FUT.CME, ESZ6 or EUR.USD (docs/instruments.md)";

Result<Instrument> refuse(std::string_view name, const std::string& why) {
  return fail(ErrorCode::kInvalidArgument,
              "instrument '" + std::string(name) + "': " + why + "; names look like " + std::string(kForms));
}

std::vector<std::string_view> split_dots(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t from = 0;
  while (true) {
    const auto dot = s.find('.', from);
    parts.push_back(s.substr(from, dot == std::string_view::npos ? std::string_view::npos : dot - from));
    if (dot == std::string_view::npos) return parts;
    from = dot + 1;
  }
}

bool is_ticker(std::string_view s) {
  if (s.empty() || s.size() > 12) return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::isupper(u) || std::isdigit(u) || c == ' ' || c == '.')) return false;
  }
  return true;
}

bool is_code(std::string_view s) {
  if (s.empty() || s.size() > 8) return false;
  for (char c : s) {
    if (!(std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c))))
      return false;
  }
  return true;
}

std::string months_text(std::string_view codes) {
  std::string out;
  for (char c : codes) {
    if (!out.empty()) out += ' ';
    out += c;
  }
  return out;
}

Instrument future_of(const KnownFuture& f, std::string name) {
  Instrument i;
  i.name = std::move(name);
  i.type = SecType::kFuture;
  i.symbol = std::string(f.root);
  i.exchange = std::string(f.exchange);
  i.currency = std::string(f.currency);
  i.multiplier = Decimal::from_raw(f.multiplier_raw);
  i.tick_size = Decimal::from_raw(f.tick_raw);
  return i;
}

Instrument pair_of(std::string_view base, std::string_view quote, std::string name) {
  Instrument i;
  i.name = std::move(name);
  i.type = SecType::kCash;
  i.symbol = std::string(base);
  i.currency = std::string(quote);
  i.exchange = "IDEALPRO";
  // IDEALPRO quotes half pips: 0.00005, or 0.005 for a pair priced in yen.
  i.tick_size = Decimal::from_raw(quote == "JPY" ? Decimal::kScale / 200 : Decimal::kScale / 20'000);
  return i;
}

// ESZ6 / ESZ26: a known root, a listed month code, a year of one or two digits.
std::optional<Result<Instrument>> month_contract(std::string_view name, std::chrono::year_month_day today) {
  std::size_t digits = 0;
  while (digits < name.size() && digits < 2 &&
         std::isdigit(static_cast<unsigned char>(name[name.size() - 1 - digits]))) {
    ++digits;
  }
  if (digits == 0 || name.size() < digits + 2) return std::nullopt;
  const char code = name[name.size() - digits - 1];
  const auto root = name.substr(0, name.size() - digits - 1);
  const KnownFuture* f = find_known_future(root);
  if (f == nullptr || month_of_code(code) == 0) return std::nullopt;
  if (f->months.find(code) == std::string_view::npos) {
    return refuse(name, std::string(f->root) + " (" + std::string(f->description) + ") lists the months " +
                            months_text(f->months) + ", not " + code);
  }
  const int year_digits = std::stoi(std::string(name.substr(name.size() - digits)));
  int year = 0;
  if (digits == 2) {
    year = 2000 + year_digits;
  } else {
    year = static_cast<int>(today.year()) - 1;
    while (year % 10 != year_digits) ++year;
  }
  Instrument i = future_of(*f, std::string(name));
  i.local_symbol = std::string(name);
  char month[24];
  std::snprintf(month, sizeof month, "%04d%02u", year, month_of_code(code));
  i.contract_month = month;
  return i;
}

Result<Instrument> typed(std::string_view name, const std::vector<std::string_view>& p) {
  const auto sym = p[0];
  const auto type = p[1];
  if (p.size() > 4) return refuse(name, "too many fields (at most SYMBOL.TYPE.EXCHANGE.CURRENCY)");
  for (std::size_t k = 2; k < p.size(); ++k) {
    if (!is_code(p[k]))
      return refuse(name, "field " + std::to_string(k + 1) + " '" + std::string(p[k]) +
                              "' is not an exchange or currency code");
  }
  if (p.size() == 4 && !is_currency_code(p[3]))
    return refuse(name, "'" + std::string(p[3]) + "' is not a currency");
  if (type == "STK") {
    if (!is_ticker(sym)) return refuse(name, "'" + std::string(sym) + "' is not a ticker (A-Z, 0-9, space)");
    Instrument i = Instrument::stock(std::string(sym));
    i.name = std::string(name);
    if (p.size() >= 3) i.exchange = std::string(p[2]);
    if (p.size() == 4) i.currency = std::string(p[3]);
    return i;
  }
  if (type == "FUT") {
    const KnownFuture* f = find_known_future(sym);
    if (f == nullptr) {
      if (p.size() < 3)
        return refuse(name, "'" + std::string(sym) + "' is not a known future; name its exchange: " +
                                std::string(sym) + ".FUT.EXCHANGE");
      Instrument i;
      i.name = std::string(name);
      i.type = SecType::kFuture;
      i.symbol = std::string(sym);
      i.exchange = std::string(p[2]);
      if (p.size() == 4) i.currency = std::string(p[3]);
      return i;  // multiplier and tick come from contract details
    }
    Instrument i = future_of(*f, std::string(name));
    if (p.size() >= 3 && p[2] != f->exchange) {
      return refuse(name, std::string(f->root) + " trades on " + std::string(f->exchange) + ", not " +
                              std::string(p[2]));
    }
    if (p.size() == 4) i.currency = std::string(p[3]);
    return i;
  }
  if (type == "CASH") {
    if (!is_currency_code(sym) || p.size() < 4 || p[2] != "IDEALPRO") {
      return refuse(name, "a currency pair is BASE.QUOTE, e.g. EUR.USD (or EUR.CASH.IDEALPRO.USD)");
    }
    return pair_of(sym, p[3], std::string(name));
  }
  return refuse(name, "unknown security type '" + std::string(type) + "' (STK, FUT or CASH)");
}

}  // namespace

Result<Instrument> parse_instrument(std::string_view name, std::chrono::year_month_day today) {
  if (name.empty()) return refuse(name, "the name is empty");
  for (char c : name) {
    if (std::islower(static_cast<unsigned char>(c))) return refuse(name, "names are upper case");
  }
  const auto parts = split_dots(name);
  for (const auto& part : parts) {
    if (part.empty()) return refuse(name, "an empty field between dots");
  }
  if (parts.size() >= 2 && (parts[1] == "STK" || parts[1] == "FUT" || parts[1] == "CASH"))
    return typed(name, parts);
  if (parts.size() == 2 && is_currency_code(parts[0])) {
    if (!is_currency_code(parts[1])) {
      return refuse(name, std::string(parts[0]) + " is a currency but " + std::string(parts[1]) +
                              " is not; a pair is BASE.QUOTE");
    }
    if (parts[0] == parts[1]) return refuse(name, "a pair needs two different currencies");
    return pair_of(parts[0], parts[1], std::string(name));
  }
  if (parts.size() == 1) {
    if (auto contract = month_contract(name, today)) return std::move(*contract);
  }
  if (parts.size() > 2) return refuse(name, "the second field must be STK, FUT or CASH");
  if (!is_ticker(name)) return refuse(name, "not a ticker (A-Z, 0-9, '.', space; at most 12 characters)");
  // A bare ticker is a stock even when a future has that root (CL is Colgate-Palmolive).
  return Instrument::stock(std::string(name));
}

}  // namespace rt::trading

#include "gateway/contract_directory.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace rt::gateway {
namespace {

struct KnownStock {
  const char* symbol;
  std::int64_t con_id;
  const char* exchange;
  const char* long_name;
  const char* industry;
  const char* category;
  const char* stock_type;
};

// Real conIds and primary exchanges of a few symbols people try first.
constexpr std::array<KnownStock, 14> kKnown{{
    {"AAPL", 265598, "NASDAQ", "APPLE INC", "Technology", "Computers", "COMMON"},
    {"MSFT", 272093, "NASDAQ", "MICROSOFT CORP", "Technology", "Software", "COMMON"},
    {"IBM", 8314, "NYSE", "INTL BUSINESS MACHINES CORP", "Technology", "Computers", "COMMON"},
    {"ORCL", 272800, "NYSE", "ORACLE CORP", "Technology", "Software", "COMMON"},
    {"NVDA", 4815747, "NASDAQ", "NVIDIA CORP", "Technology", "Semiconductors", "COMMON"},
    {"AMZN", 3691937, "NASDAQ", "AMAZON.COM INC", "Communications", "Internet", "COMMON"},
    {"TSLA", 76792991, "NASDAQ", "TESLA INC", "Consumer, Cyclical", "Auto Manufacturers", "COMMON"},
    {"GOOGL", 208813719, "NASDAQ", "ALPHABET INC-CL A", "Communications", "Internet", "COMMON"},
    {"META", 107113386, "NASDAQ", "META PLATFORMS INC-CLASS A", "Communications", "Internet", "COMMON"},
    {"SPY", 756733, "ARCA", "SPDR S&P 500 ETF TRUST", "Funds", "Equity Fund", "ETF"},
    {"QQQ", 320227571, "NASDAQ", "INVESCO QQQ TRUST SERIES 1", "Funds", "Equity Fund", "ETF"},
    {"JPM", 1520593, "NYSE", "JPMORGAN CHASE & CO", "Financial", "Banks", "COMMON"},
    {"KO", 8894, "NYSE", "COCA-COLA CO/THE", "Consumer, Non-cyclical", "Beverages", "COMMON"},
    {"XOM", 13977, "NYSE", "EXXON MOBIL CORP", "Energy", "Oil&Gas", "COMMON"},
}};

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

const KnownStock* known(std::string_view symbol) {
  for (const auto& k : kKnown) {
    if (symbol == k.symbol) return &k;
  }
  return nullptr;
}

}  // namespace

tws::Contract StockContract::to_contract() const {
  if (listed) return *listed;
  tws::Contract c;
  c.con_id = con_id;
  c.symbol = symbol;
  c.sec_type = "STK";
  c.exchange = "SMART";
  c.primary_exchange = primary_exchange;
  c.currency = "USD";
  c.local_symbol = symbol;
  c.trading_class = primary_exchange == "NASDAQ" ? "NMS" : symbol;
  return c;
}

ContractDirectory::ContractDirectory(std::vector<std::string> unknown_symbols) {
  for (const auto& s : unknown_symbols) {
    auto c = canonical_symbol(s);
    unknown_.push_back(c.empty() ? s : c);
  }
}

std::string ContractDirectory::canonical_symbol(std::string_view symbol) {
  std::string s;
  for (char c : symbol) s.push_back((c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c);
  const auto sep = s.find_first_of(". ");
  const std::string root = s.substr(0, sep);
  const auto letters = [](std::string_view v) {
    return std::all_of(v.begin(), v.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  };
  if (root.empty() || root.size() > 5 || !letters(root)) return {};
  if (sep == std::string::npos) return root;
  const std::string cls = s.substr(sep + 1);
  if (cls.empty() || cls.size() > 2 || !letters(cls)) return {};
  return root + " " + cls;
}

std::int64_t ContractDirectory::con_id_for(std::string_view canonical) {
  if (const auto* k = known(canonical)) return k->con_id;
  // 9-digit ids well away from the small real ones above.
  return 400000000 + static_cast<std::int64_t>(fnv1a(canonical) % 500000000ULL);
}

std::optional<StockContract> ContractDirectory::by_symbol(std::string_view symbol) const {
  const auto canonical = canonical_symbol(symbol);
  if (canonical.empty()) return std::nullopt;
  if (std::find(unknown_.begin(), unknown_.end(), canonical) != unknown_.end()) return std::nullopt;
  StockContract c;
  c.symbol = canonical;
  c.con_id = con_id_for(canonical);
  if (const auto* k = known(canonical)) {
    c.primary_exchange = k->exchange;
    c.long_name = k->long_name;
    c.industry = k->industry;
    c.category = k->category;
    c.stock_type = k->stock_type;
    return c;
  }
  const auto h = fnv1a(canonical);
  const auto pick = (h >> 17) % 10;
  c.primary_exchange = pick < 6 ? "NASDAQ" : pick < 9 ? "NYSE" : "ARCA";
  c.long_name = canonical + (c.primary_exchange == "ARCA" ? " TRUST" : " INC");
  c.industry = "Industrial";
  c.category = "Miscellaneous";
  if (c.primary_exchange == "ARCA") c.stock_type = "ETF";
  return c;
}

std::vector<StockContract> ContractDirectory::matching(std::string_view pattern) const {
  constexpr std::size_t kMaxMatches = 16;  // TWS answers reqMatchingSymbols with at most 16
  std::vector<StockContract> out;
  std::string prefix;
  for (char ch : pattern) prefix.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
  if (auto exact = by_symbol(prefix)) out.push_back(std::move(*exact));
  for (const auto& k : kKnown) {
    const std::string_view symbol = k.symbol;
    if (out.size() >= kMaxMatches || prefix.empty() || !symbol.starts_with(prefix)) continue;
    if (!out.empty() && out.front().symbol == symbol) continue;
    if (auto c = by_symbol(symbol)) out.push_back(std::move(*c));
  }
  return out;
}

Result<StockContract> ContractDirectory::resolve(const tws::Contract& request) {
  const auto no_definition = [] {
    return fail(ErrorCode::kNotFound, "No security definition has been found for the request");
  };
  if (!request.sec_type.empty() && request.sec_type != "STK") return no_definition();
  if (!request.currency.empty() && request.currency != "USD") return no_definition();
  std::string symbol = request.symbol;
  if (symbol.empty() && request.con_id != 0) {
    auto it = by_con_id_.find(request.con_id);
    if (it == by_con_id_.end()) {
      for (const auto& k : kKnown) {
        if (k.con_id == request.con_id) symbol = k.symbol;
      }
      if (symbol.empty()) return no_definition();
    } else {
      symbol = it->second;
    }
  }
  auto contract = by_symbol(symbol);
  if (!contract) return no_definition();
  if (request.con_id != 0 && request.con_id != contract->con_id) return no_definition();
  const auto& ex = request.exchange;
  if (!ex.empty() && ex != "SMART" && ex != contract->primary_exchange && ex != "ISLAND" && ex != "NYSE" &&
      ex != "ARCA" && ex != "NASDAQ" && ex != "BATS" && ex != "IEX") {
    return no_definition();
  }
  by_con_id_.emplace(contract->con_id, contract->symbol);
  return *contract;
}

}  // namespace rt::gateway

// The futures robotrader names without asking the broker: exchange, currency, listed months,
// multiplier and minimum tick as the exchanges publish them. Contract details replace these when
// trading; the table lets a name be checked offline and a backtest value its P&L.
#include <algorithm>
#include <array>

#include "trading/instrument/instrument_name.hpp"

namespace rt::trading {
namespace {

constexpr std::int64_t raw(std::int64_t units, std::int64_t per = 1) {
  return units * Decimal::kScale / per;
}

constexpr std::string_view kQuarterly = "HMUZ";
constexpr std::string_view kMonthly = "FGHJKMNQUVXZ";

constexpr std::array kFutures{
    KnownFuture{"ES", "CME", "USD", kQuarterly, raw(50), raw(1, 4), "E-mini S&P 500"},
    KnownFuture{"MES", "CME", "USD", kQuarterly, raw(5), raw(1, 4), "Micro E-mini S&P 500"},
    KnownFuture{"NQ", "CME", "USD", kQuarterly, raw(20), raw(1, 4), "E-mini Nasdaq-100"},
    KnownFuture{"MNQ", "CME", "USD", kQuarterly, raw(2), raw(1, 4), "Micro E-mini Nasdaq-100"},
    KnownFuture{"RTY", "CME", "USD", kQuarterly, raw(50), raw(1, 10), "E-mini Russell 2000"},
    KnownFuture{"M2K", "CME", "USD", kQuarterly, raw(5), raw(1, 10), "Micro E-mini Russell 2000"},
    KnownFuture{"YM", "CBOT", "USD", kQuarterly, raw(5), raw(1), "E-mini Dow"},
    KnownFuture{"MYM", "CBOT", "USD", kQuarterly, raw(1, 2), raw(1), "Micro E-mini Dow"},
    KnownFuture{"ZN", "CBOT", "USD", kQuarterly, raw(1000), raw(1, 64), "10-Year T-Note"},
    KnownFuture{"ZB", "CBOT", "USD", kQuarterly, raw(1000), raw(1, 32), "U.S. Treasury Bond"},
    KnownFuture{"CL", "NYMEX", "USD", kMonthly, raw(1000), raw(1, 100), "Crude Oil"},
    KnownFuture{"MCL", "NYMEX", "USD", kMonthly, raw(100), raw(1, 100), "Micro Crude Oil"},
    KnownFuture{"NG", "NYMEX", "USD", kMonthly, raw(10000), raw(1, 1000), "Henry Hub Natural Gas"},
    KnownFuture{"GC", "COMEX", "USD", "GJMQVZ", raw(100), raw(1, 10), "Gold"},
    KnownFuture{"MGC", "COMEX", "USD", "GJMQVZ", raw(10), raw(1, 10), "Micro Gold"},
    KnownFuture{"SI", "COMEX", "USD", "HKNUZ", raw(5000), raw(5, 1000), "Silver"},
    KnownFuture{"HG", "COMEX", "USD", "HKNUZ", raw(25000), raw(5, 10000), "Copper"},
};

constexpr std::array<std::string_view, 22> kCurrencies{"AUD", "CAD", "CHF", "CNH", "CZK", "DKK", "EUR", "GBP",
                                                       "HKD", "HUF", "ILS", "JPY", "KRW", "MXN", "NOK", "NZD",
                                                       "PLN", "SEK", "SGD", "TRY", "USD", "ZAR"};

}  // namespace

std::span<const KnownFuture> known_futures() noexcept {
  return kFutures;
}

const KnownFuture* find_known_future(std::string_view root) noexcept {
  const auto it = std::ranges::find(kFutures, root, &KnownFuture::root);
  return it == kFutures.end() ? nullptr : &*it;
}

bool is_currency_code(std::string_view code) noexcept {
  return std::ranges::find(kCurrencies, code) != kCurrencies.end();
}

unsigned month_of_code(char code) noexcept {
  const auto at = kMonthly.find(code);
  return at == std::string_view::npos ? 0 : static_cast<unsigned>(at) + 1;
}

}  // namespace rt::trading

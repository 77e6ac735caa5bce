#include "gateway/synthetic_series.hpp"

#include <algorithm>
#include <cmath>

namespace rt::gateway {
namespace {

using namespace std::chrono;

constexpr sys_days kAnchor = sys_days{year{1990} / January / 1};
constexpr double kReversion = 0.6931471805599453 / 250.0;  // half-life: a year of trading days
const Decimal kStockTick = Decimal::from_raw(Decimal::kScale / 100);

// Intraday shape over the session fraction f in [0, 1]: high at the open, rising into the close.
double u_shape(double f) { return 0.55 + 2.2 * std::exp(-f / 0.04) + 0.9 * std::exp(-(1.0 - f) / 0.06) + 0.4 * (2 * f - 1) * (2 * f - 1); }

}  // namespace

SyntheticSeries::SyntheticSeries(std::uint64_t seed, std::string symbol,
                                 const trading::MarketCalendar& calendar,
                                 std::optional<SeriesProfile> profile)
    : key_(mix64(seed, hash_text(symbol.data(), symbol.size()))),
      symbol_(std::move(symbol)),
      calendar_(calendar),
      tick_(profile ? profile->tick : kStockTick),
      stock_(!profile) {
  const auto h = mix64(key_, 1);
  daily_vol_ = (0.18 + 0.45 * uniform01(mix64(key_, 2))) / std::sqrt(252.0);
  if (profile) {
    // Within 10 % of the profile's level, so two months of one future sit close together.
    reference_price_ = profile->reference_price * (0.95 + 0.1 * uniform01(h));
    daily_vol_ *= 0.5;  // index futures and major pairs move less than a single stock
    daily_volume_ = profile->daily_volume;
    return;
  }
  // Log-uniform between $3 and $600: some cheap stocks, mostly tens to hundreds of dollars.
  reference_price_ = std::exp(std::log(3.0) + uniform01(h) * (std::log(600.0) - std::log(3.0)));
  daily_volume_ = std::exp(std::log(5e5) + uniform01(mix64(key_, 3)) * (std::log(4e7) - std::log(5e5)));
}

std::optional<trading::Session> SyntheticSeries::session(trading::Date date) const {
  if (sys_days{date} < kAnchor + days{1}) return std::nullopt;
  return calendar_.session(date);
}

double SyntheticSeries::log_close(int day_index) {
  if (log_closes_.empty()) log_closes_.push_back(std::log(reference_price_));
  const double mu = std::log(reference_price_);
  while (static_cast<int>(log_closes_.size()) <= day_index) {
    const int d = static_cast<int>(log_closes_.size());
    const double prev = log_closes_.back();
    const trading::Date date{kAnchor + days{d}};
    if (!calendar_.is_trading_day(date)) {
      log_closes_.push_back(prev);
      continue;
    }
    const double z = std_normal(mix64(key_, 0xDA11, static_cast<std::uint64_t>(d)));
    log_closes_.push_back(prev + kReversion * (mu - prev) + daily_vol_ * z);
  }
  return log_closes_[static_cast<std::size_t>(day_index)];
}

std::optional<DaySeries> SyntheticSeries::generate(trading::Date date) {
  auto s = session(date);
  if (!s) return std::nullopt;
  const int d = static_cast<int>((sys_days{date} - kAnchor).count());
  const double prev = log_close(d - 1);
  const double close = log_close(d);
  const std::uint64_t day_key = mix64(key_, 0xD4E, static_cast<std::uint64_t>(d));
  const double open = prev + 0.25 * daily_vol_ * std_normal(mix64(day_key, 1));

  const Decimal kTick = tick_;
  DaySeries day;
  day.date = date;
  day.session = *s;
  day.rounding = kTick;
  day.tick = kTick;
  day.prev_close = Decimal::from_double(std::exp(prev)).round_to(kTick);
  const auto n = static_cast<std::size_t>((s->close - s->open) / kBaseBar);
  if (n == 0) return std::nullopt;

  // Brownian bridge with U-shaped weights from log open to log close.
  std::vector<double> w(n), walk(n + 1, 0.0), cum(n + 1, 0.0);
  double wsum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    w[i] = u_shape(static_cast<double>(i) / static_cast<double>(n));
    wsum += w[i] * w[i];
  }
  const double intraday_vol = 0.9 * daily_vol_;
  for (std::size_t i = 0; i < n; ++i) {
    const double wi = w[i] / std::sqrt(wsum);
    walk[i + 1] = walk[i] + intraday_vol * wi * std_normal(mix64(day_key, 2, i));
    cum[i + 1] = cum[i] + wi * wi;
  }
  const double drift_fix = walk[n] - (close - open);
  std::vector<Decimal> px(n + 1);
  for (std::size_t k = 0; k <= n; ++k) {
    const double x = open + walk[k] - (cum[k] / cum[n]) * drift_fix;
    px[k] = std::max(kTick, Decimal::from_double(std::exp(x)).round_to(kTick));
  }

  double vsum = 0;
  std::vector<double> vw(n);
  for (std::size_t i = 0; i < n; ++i) {
    vw[i] = w[i] * std::exp(0.5 * std_normal(mix64(day_key, 3, i)));
    vsum += vw[i];
  }
  const double day_volume = daily_volume_ * std::exp(0.3 * std_normal(mix64(day_key, 4)));
  const double avg_trade = 60 + 140 * uniform01(mix64(key_, 5));

  day.bars.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto& b = day.bars[i];
    b.open = px[i];
    b.close = px[i + 1];
    const double price = std::exp(open + walk[i]);
    const double bar_sigma_ticks = intraday_vol * (w[i] / std::sqrt(wsum)) * price / kTick.to_double();
    const auto wick = [&](int salt) {
      return static_cast<std::int64_t>(std::floor(0.5 * bar_sigma_ticks * std::fabs(std_normal(mix64(day_key, 5, i, static_cast<std::uint64_t>(salt))))));
    };
    b.high = std::max(b.open, b.close) + kTick * wick(1);
    b.low = std::max(kTick, std::min(b.open, b.close) - kTick * wick(2));
    b.volume = std::max<std::int64_t>(1, std::llround(day_volume * vw[i] / vsum));
    b.count = static_cast<std::int32_t>(std::max<std::int64_t>(1, std::llround(static_cast<double>(b.volume) / avg_trade)));
  }
  const double mid_price = std::exp(close);
  const std::int64_t base_spread = !stock_ ? 1
                                           : 1 + (mid_price < 10 ? 2 : 0) + (mid_price >= 150 ? 1 : 0) +
                                                 static_cast<std::int64_t>(mix64(key_, 6) % 2);
  finish_bars(day, day_key, Decimal::from_int(base_spread));
  return day;
}

}  // namespace rt::gateway

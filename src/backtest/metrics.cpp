#include "backtest/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "trading/market/eastern_time.hpp"

namespace rt::backtest {

double infer_periods_per_year(std::span<const EquityPoint> equity) {
  constexpr double kTradingDays = 252.0;
  if (equity.size() < 3) return kTradingDays;
  // The median spacing of the points, from at most kSample gaps spread evenly over the curve: the
  // bar size shows in any few thousand of them, and a curve of tens of millions of points must not
  // cost a copy of its gaps.
  constexpr std::size_t kSample = 1 << 16;
  const std::size_t n = equity.size() - 2;  // gaps from the second point on
  const std::size_t stride = std::max<std::size_t>(1, n / kSample);
  std::vector<Duration::rep> gaps;
  gaps.reserve(std::min(n, kSample + 1));
  for (std::size_t i = 2; i < equity.size(); i += stride) gaps.push_back((equity[i].time - equity[i - 1].time).count());
  if (gaps.empty()) return kTradingDays;
  std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2), gaps.end());
  const Duration median{gaps[gaps.size() / 2]};
  if (median >= std::chrono::hours{20}) return kTradingDays;
  // Distinct New York days; the date is worked out once per day, at the first point past midnight.
  std::int64_t days = 0;
  Timestamp next_midnight{};
  for (std::size_t i = 1; i < equity.size(); ++i) {
    const Timestamp t = equity[i].time - Duration{1};
    if (days > 0 && t < next_midnight) continue;
    const auto day = std::chrono::sys_days{trading::EasternTime::local_date(t)};
    next_midnight = trading::EasternTime::to_utc(trading::Date{day + std::chrono::days{1}}, std::chrono::minutes{0});
    ++days;
  }
  return kTradingDays * static_cast<double>(equity.size() - 1) / static_cast<double>(std::max<std::int64_t>(days, 1));
}

std::vector<double> drawdowns(std::span<const EquityPoint> equity) {
  std::vector<double> out;
  out.reserve(equity.size());
  double peak = 0.0;
  for (const auto& p : equity) {
    const double e = p.equity.to_double();
    peak = std::max(peak, e);
    out.push_back(peak > 0.0 ? 1.0 - e / peak : 0.0);
  }
  return out;
}

Metrics compute_metrics(std::span<const EquityPoint> equity, std::span<const TradeRecord> trades,
                        double periods_per_year, double risk_free_rate) {
  Metrics m;
  m.periods_per_year = periods_per_year;
  if (!equity.empty()) m.final_equity = equity.back().equity.to_double();
  if (equity.size() >= 2) {
    const std::size_t n = equity.size() - 1;
    const double first = equity.front().equity.to_double();
    const double last = equity.back().equity.to_double();
    m.total_return = first > 0.0 ? last / first - 1.0 : 0.0;
    m.years = static_cast<double>(n) / periods_per_year;
    if (m.years > 0.0 && first > 0.0 && last > 0.0) m.cagr = std::pow(last / first, 1.0 / m.years) - 1.0;

    const double rf = risk_free_rate / periods_per_year;
    double sum = 0.0, sum_down = 0.0;
    std::int64_t exposed = 0;
    std::vector<double> r(n);
    for (std::size_t i = 1; i <= n; ++i) {
      const double prev = equity[i - 1].equity.to_double();
      r[i - 1] = prev > 0.0 ? equity[i].equity.to_double() / prev - 1.0 : 0.0;
      sum += r[i - 1];
      const double below = std::min(0.0, r[i - 1] - rf);
      sum_down += below * below;
      if (equity[i].exposed) ++exposed;
    }
    const double mean = sum / static_cast<double>(n);
    double var = 0.0;
    for (double x : r) var += (x - mean) * (x - mean);
    const double sd = n > 1 ? std::sqrt(var / static_cast<double>(n - 1)) : 0.0;
    const double annual = std::sqrt(periods_per_year);
    m.volatility = sd * annual;
    if (sd > 0.0) m.sharpe = (mean - rf) / sd * annual;
    const double downside = std::sqrt(sum_down / static_cast<double>(n));
    if (downside > 0.0) m.sortino = (mean - rf) / downside * annual;
    m.exposure = static_cast<double>(exposed) / static_cast<double>(n);

    double peak = first;
    std::size_t peak_at = 0;
    bool under = false;
    for (std::size_t i = 0; i <= n; ++i) {
      const double e = equity[i].equity.to_double();
      const bool recovered = e >= peak;
      if (!recovered) m.max_drawdown = std::max(m.max_drawdown, 1.0 - e / peak);
      // A stretch under the peak runs until the curve is back at it (i) or to the end.
      if (!recovered || under) {
        const auto periods = static_cast<std::int64_t>(i - peak_at);
        if (periods > m.max_drawdown_periods) {
          m.max_drawdown_periods = periods;
          m.max_drawdown_days =
              std::chrono::duration<double, std::ratio<86400>>(equity[i].time - equity[peak_at].time).count();
        }
      }
      under = !recovered;
      if (recovered) {
        peak = e;
        peak_at = i;
      }
    }
    if (m.max_drawdown > 0.0) m.calmar = m.cagr / m.max_drawdown;
  }

  m.trades = static_cast<std::int64_t>(trades.size());
  double gross_win = 0.0, gross_loss = 0.0;
  std::int64_t wins = 0, losses = 0;
  for (const auto& t : trades) {
    const double pnl = t.pnl.to_double();
    if (pnl > 0.0) {
      gross_win += pnl, ++wins;
    } else if (pnl < 0.0) {
      gross_loss -= pnl, ++losses;
    }
  }
  if (m.trades > 0) m.win_rate = static_cast<double>(wins) / static_cast<double>(m.trades);
  if (gross_loss > 0.0) m.profit_factor = gross_win / gross_loss;
  if (wins > 0) m.avg_win = gross_win / static_cast<double>(wins);
  if (losses > 0) m.avg_loss = -gross_loss / static_cast<double>(losses);
  return m;
}

Metrics compute_metrics(const BacktestResult& result, double risk_free_rate) {
  return compute_metrics(result.equity, result.trades, result.periods_per_year, risk_free_rate);
}

std::optional<double> rank_value(const Metrics& m, std::string_view name) {
  if (name == "sharpe") return m.sharpe;
  if (name == "sortino") return m.sortino;
  if (name == "cagr") return m.cagr;
  if (name == "calmar") return m.calmar;
  if (name == "total_return") return m.total_return;
  if (name == "max_drawdown") return -m.max_drawdown;
  if (name == "volatility") return -m.volatility;
  if (name == "win_rate") return m.win_rate;
  if (name == "profit_factor") return m.profit_factor.value_or(m.trades > 0 ? std::numeric_limits<double>::max() : 0.0);
  if (name == "trades") return static_cast<double>(m.trades);
  if (name == "exposure") return m.exposure;
  return std::nullopt;
}

bool is_rank_name(std::string_view name) {
  return std::find(std::begin(kRankNames), std::end(kRankNames), name) != std::end(kRankNames);
}

std::string rank_names_text() {
  std::string out;
  for (auto n : kRankNames) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace rt::backtest

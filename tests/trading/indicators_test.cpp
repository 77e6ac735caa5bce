// Each incremental indicator is checked against a plain batch recomputation over the real ORCL
// daily series (5,036 bars), bar by bar.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "trading/indicators/atr.hpp"
#include "trading/indicators/bollinger_bands.hpp"
#include "trading/indicators/donchian_channel.hpp"
#include "trading/indicators/ema.hpp"
#include "trading/indicators/macd.hpp"
#include "trading/indicators/rate_of_change.hpp"
#include "trading/indicators/rsi.hpp"
#include "trading/indicators/sma.hpp"
#include "trading/indicators/volume_average.hpp"
#include "trading/indicators/z_score.hpp"
#include "trading/csv_bars.hpp"

namespace rt::trading {
namespace {

using testing::closes;
using testing::load_daily_bars;

class IndicatorsOnOrcl : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { bars_ = new std::vector<Bar>(load_daily_bars("orcl-1995-2014.txt")); }
  static void TearDownTestSuite() { delete bars_; }
  static const std::vector<Bar>& bars() { return *bars_; }
  static std::vector<Bar>* bars_;
};
std::vector<Bar>* IndicatorsOnOrcl::bars_ = nullptr;

double batch_mean(const std::vector<double>& x, std::size_t end, std::size_t n) {
  double s = 0;
  for (std::size_t i = end + 1 - n; i <= end; ++i) s += x[i];
  return s / static_cast<double>(n);
}

double batch_stddev(const std::vector<double>& x, std::size_t end, std::size_t n) {
  const double m = batch_mean(x, end, n);
  double s = 0;
  for (std::size_t i = end + 1 - n; i <= end; ++i) s += (x[i] - m) * (x[i] - m);
  return std::sqrt(s / static_cast<double>(n));
}

std::vector<double> batch_ema(const std::vector<double>& x, std::size_t n) {
  std::vector<double> out(x.size(), NAN);
  if (x.size() < n) return out;
  double e = batch_mean(x, n - 1, n);
  out[n - 1] = e;
  const double a = 2.0 / (static_cast<double>(n) + 1.0);
  for (std::size_t i = n; i < x.size(); ++i) {
    e = a * x[i] + (1 - a) * e;
    out[i] = e;
  }
  return out;
}

void expect_near_rel(double actual, double expected, std::size_t i, const char* what) {
  EXPECT_NEAR(actual, expected, 1e-9 * std::max(1.0, std::fabs(expected))) << what << " at bar " << i;
}

TEST_F(IndicatorsOnOrcl, SeriesIsTheFullDailyFile) { ASSERT_EQ(bars().size(), 5036u); }

TEST_F(IndicatorsOnOrcl, SmaMatchesBatchMeanOfLastPeriodCloses) {
  const auto x = closes(bars());
  Sma sma(20);
  for (std::size_t i = 0; i < x.size(); ++i) {
    sma.update(x[i]);
    ASSERT_EQ(sma.ready(), i >= 19) << i;
    if (sma.ready()) expect_near_rel(sma.value(), batch_mean(x, i, 20), i, "sma");
  }
}

TEST_F(IndicatorsOnOrcl, EmaMatchesSmaSeededRecursion) {
  const auto x = closes(bars());
  const auto expected = batch_ema(x, 12);
  Ema ema(12);
  for (std::size_t i = 0; i < x.size(); ++i) {
    ema.update(x[i]);
    ASSERT_EQ(ema.ready(), i >= 11);
    if (ema.ready()) expect_near_rel(ema.value(), expected[i], i, "ema");
  }
}

TEST_F(IndicatorsOnOrcl, RsiMatchesWilderBatchComputation) {
  const auto x = closes(bars());
  const std::size_t n = 14;
  Rsi rsi(14);
  double ag = 0;
  double al = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    rsi.update(x[i]);
    ASSERT_EQ(rsi.ready(), i >= n) << i;
    if (i == n) {
      ag = al = 0;
      for (std::size_t j = 1; j <= n; ++j) {
        const double ch = x[j] - x[j - 1];
        ag += std::max(ch, 0.0);
        al += std::max(-ch, 0.0);
      }
      ag /= 14.0;
      al /= 14.0;
    } else if (i > n) {
      const double ch = x[i] - x[i - 1];
      ag = (ag * 13.0 + std::max(ch, 0.0)) / 14.0;
      al = (al * 13.0 + std::max(-ch, 0.0)) / 14.0;
    }
    if (i >= n) {
      const double expected = al == 0 ? 100.0 : 100.0 - 100.0 / (1.0 + ag / al);
      expect_near_rel(rsi.value(), expected, i, "rsi");
      ASSERT_GE(rsi.value(), 0.0);
      ASSERT_LE(rsi.value(), 100.0);
    }
  }
}

TEST_F(IndicatorsOnOrcl, MacdIsFastMinusSlowEmaWithSignalEmaOfIt) {
  const auto x = closes(bars());
  const auto fast = batch_ema(x, 12);
  const auto slow = batch_ema(x, 26);
  std::vector<double> line(x.begin() + 25, x.end());
  for (std::size_t i = 25; i < x.size(); ++i) line[i - 25] = fast[i] - slow[i];
  const auto signal = batch_ema(line, 9);
  Macd macd(12, 26, 9);
  EXPECT_EQ(macd.warmup(), 34);
  for (std::size_t i = 0; i < x.size(); ++i) {
    macd.update(x[i]);
    ASSERT_EQ(macd.ready(), i >= 33) << i;
    if (macd.ready()) {
      expect_near_rel(macd.value().macd, line[i - 25], i, "macd");
      expect_near_rel(macd.value().signal, signal[i - 25], i, "signal");
      expect_near_rel(macd.value().histogram, line[i - 25] - signal[i - 25], i, "histogram");
    }
  }
}

TEST_F(IndicatorsOnOrcl, RateOfChangeIsPercentChangeOverPeriod) {
  const auto x = closes(bars());
  RateOfChange roc(10);
  for (std::size_t i = 0; i < x.size(); ++i) {
    roc.update(x[i]);
    ASSERT_EQ(roc.ready(), i >= 10);
    if (roc.ready()) expect_near_rel(roc.value(), 100.0 * (x[i] - x[i - 10]) / x[i - 10], i, "roc");
  }
}

TEST_F(IndicatorsOnOrcl, BollingerBandsAreMeanPlusMinusKPopulationStddev) {
  const auto x = closes(bars());
  BollingerBands bb(20, 2.0);
  for (std::size_t i = 0; i < x.size(); ++i) {
    bb.update(x[i]);
    ASSERT_EQ(bb.ready(), i >= 19);
    if (!bb.ready()) continue;
    const double m = batch_mean(x, i, 20);
    const double sd = batch_stddev(x, i, 20);
    EXPECT_NEAR(bb.value().middle, m, 1e-9 * m) << i;
    EXPECT_NEAR(bb.value().stddev, sd, 1e-7 * m + 1e-9) << i;
    EXPECT_NEAR(bb.value().upper, m + 2 * sd, 1e-7 * m) << i;
    EXPECT_NEAR(bb.value().lower, m - 2 * sd, 1e-7 * m) << i;
  }
}

TEST_F(IndicatorsOnOrcl, ZScoreIsDistanceFromMeanInStddevs) {
  const auto x = closes(bars());
  ZScore z(20);
  for (std::size_t i = 0; i < x.size(); ++i) {
    z.update(x[i]);
    if (!z.ready()) continue;
    const double sd = batch_stddev(x, i, 20);
    const double expected = sd > 0 ? (x[i] - batch_mean(x, i, 20)) / sd : 0.0;
    EXPECT_NEAR(z.value(), expected, 1e-6) << i;
  }
}

TEST_F(IndicatorsOnOrcl, AtrMatchesWilderBatchComputation) {
  const auto& b = bars();
  std::vector<double> tr(b.size());
  for (std::size_t i = 0; i < b.size(); ++i) {
    const double h = b[i].high.to_double();
    const double l = b[i].low.to_double();
    tr[i] = h - l;
    if (i > 0) {
      const double pc = b[i - 1].close.to_double();
      tr[i] = std::max({h - l, std::fabs(h - pc), std::fabs(l - pc)});
    }
  }
  Atr atr(14);
  double expected = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    atr.update(b[i].high.to_double(), b[i].low.to_double(), b[i].close.to_double());
    ASSERT_EQ(atr.ready(), i >= 13);
    if (i == 13) expected = batch_mean(tr, 13, 14);
    if (i > 13) expected = (expected * 13.0 + tr[i]) / 14.0;
    if (atr.ready()) expect_near_rel(atr.value(), expected, i, "atr");
  }
}

TEST_F(IndicatorsOnOrcl, DonchianChannelIsRollingMaxHighAndMinLow) {
  const auto& b = bars();
  DonchianChannel dc(20);
  for (std::size_t i = 0; i < b.size(); ++i) {
    dc.update(b[i].high.to_double(), b[i].low.to_double());
    ASSERT_EQ(dc.ready(), i >= 19);
    if (!dc.ready()) continue;
    double hi = -1e300;
    double lo = 1e300;
    for (std::size_t j = i - 19; j <= i; ++j) {
      hi = std::max(hi, b[j].high.to_double());
      lo = std::min(lo, b[j].low.to_double());
    }
    ASSERT_EQ(dc.value().upper, hi) << i;
    ASSERT_EQ(dc.value().lower, lo) << i;
  }
}

TEST_F(IndicatorsOnOrcl, VolumeAverageIsRollingMeanOfVolume) {
  const auto& b = bars();
  std::vector<double> v;
  for (const auto& bar : b) v.push_back(bar.volume.to_double());
  VolumeAverage avg(20);
  for (std::size_t i = 0; i < v.size(); ++i) {
    avg.update(v[i]);
    if (avg.ready()) expect_near_rel(avg.value(), batch_mean(v, i, 20), i, "volume average");
  }
}

TEST(Rsi, OnlyRisingPricesThenRsiIs100AndFlatThen50) {
  Rsi up(3);
  Rsi flat(3);
  for (int i = 0; i < 5; ++i) {
    up.update(10.0 + i);
    flat.update(10.0);
  }
  EXPECT_DOUBLE_EQ(up.value(), 100.0);
  EXPECT_DOUBLE_EQ(flat.value(), 50.0);
}

TEST(ZScore, FlatWindowThenZero) {
  ZScore z(5);
  for (int i = 0; i < 5; ++i) z.update(42.0);
  ASSERT_TRUE(z.ready());
  EXPECT_EQ(z.value(), 0.0);
}

TEST(RollingStats, LargeMeanSmallVarianceStaysAccurate) {
  RollingStats s(4);
  for (int i = 0; i < 10000; ++i) s.update(1e6 + (i % 2 == 0 ? 0.01 : -0.01));
  EXPECT_NEAR(s.stddev(), 0.01, 1e-6);
}

}  // namespace
}  // namespace rt::trading

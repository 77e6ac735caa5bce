#pragma once
// BollingerBands: middle = mean of the last `period` closes, upper/lower = middle +/- k * population
// standard deviation. O(1) per update (RollingStats). ready() after `period` values.
#include "trading/indicators/rolling_stats.hpp"

namespace rt::trading {

struct BollingerValue {
  double middle = 0.0;
  double upper = 0.0;
  double lower = 0.0;
  double stddev = 0.0;
};

class BollingerBands {
 public:
  explicit BollingerBands(int period = 20, double k = 2.0) : stats_(period), k_(k) {}

  void update(double x) { stats_.update(x); }
  [[nodiscard]] bool ready() const { return stats_.ready(); }
  [[nodiscard]] BollingerValue value() const {
    const double sd = stats_.stddev();
    return {stats_.mean(), stats_.mean() + k_ * sd, stats_.mean() - k_ * sd, sd};
  }
  [[nodiscard]] int period() const { return stats_.period(); }
  [[nodiscard]] double k() const { return k_; }

 private:
  RollingStats stats_;
  double k_;
};

}  // namespace rt::trading

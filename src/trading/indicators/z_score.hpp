#pragma once
// ZScore: (x - mean) / stddev of the last `period` values including x (population stddev); 0 when
// the window is flat. O(1) per update. ready() after `period` values.
#include "trading/indicators/rolling_stats.hpp"

namespace rt::trading {

class ZScore {
 public:
  explicit ZScore(int period = 20) : stats_(period) {}

  void update(double x) { stats_.update(x); }
  [[nodiscard]] bool ready() const { return stats_.ready(); }
  [[nodiscard]] double value() const {
    const double sd = stats_.stddev();
    return sd > 0.0 ? (stats_.last() - stats_.mean()) / sd : 0.0;
  }
  [[nodiscard]] int period() const { return stats_.period(); }

 private:
  RollingStats stats_;
};

}  // namespace rt::trading

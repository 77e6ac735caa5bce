#pragma once
// RollingStats: mean and population standard deviation of the last `period` values in O(1) per
// update. Uses the windowed Welford update (add x, remove the oldest) instead of sum / sum of
// squares, so a small variance on a large mean does not cancel out. Allocation-free after
// construction. ready() once `period` values have been seen.
#include <cmath>
#include <cstddef>

#include "trading/indicators/ring_buffer.hpp"

namespace rt::trading {

class RollingStats {
 public:
  explicit RollingStats(int period) : period_(period < 1 ? 1 : period), window_(static_cast<std::size_t>(period_)) {}

  void update(double x) {
    if (!window_.full()) {
      window_.push_back(x);
      const double n = static_cast<double>(window_.size());
      const double delta = x - mean_;
      mean_ += delta / n;
      m2_ += delta * (x - mean_);
      return;
    }
    const double old = window_.front();
    window_.pop_front();
    window_.push_back(x);
    const double n = static_cast<double>(period_);
    const double old_mean = mean_;
    mean_ += (x - old) / n;
    m2_ += (x - old) * (x - mean_ + old - old_mean);
    if (m2_ < 0.0) m2_ = 0.0;
  }
  [[nodiscard]] bool ready() const { return window_.full(); }
  [[nodiscard]] double mean() const { return mean_; }
  [[nodiscard]] double variance() const {
    return window_.empty() ? 0.0 : m2_ / static_cast<double>(window_.size());
  }
  [[nodiscard]] double stddev() const { return std::sqrt(variance()); }
  [[nodiscard]] double last() const { return window_.empty() ? 0.0 : window_.back(); }
  [[nodiscard]] int period() const { return period_; }

 private:
  int period_;
  RingBuffer<double> window_;
  double mean_ = 0.0;
  double m2_ = 0.0;
};

}  // namespace rt::trading

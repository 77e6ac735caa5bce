#pragma once
// RateOfChange: percentage change over `period` values, 100 * (x - x[period ago]) / x[period ago].
// ready() after period + 1 values; 0 when the old value is 0. O(1), allocation-free.
#include <cstddef>

#include "trading/indicators/ring_buffer.hpp"

namespace rt::trading {

class RateOfChange {
 public:
  explicit RateOfChange(int period) : period_(period < 1 ? 1 : period), window_(static_cast<std::size_t>(period_) + 1) {}

  void update(double x) {
    if (window_.full()) window_.pop_front();
    window_.push_back(x);
  }
  [[nodiscard]] bool ready() const { return window_.full(); }
  [[nodiscard]] double value() const {
    if (!ready() || window_.front() == 0.0) return 0.0;
    return 100.0 * (window_.back() - window_.front()) / window_.front();
  }
  [[nodiscard]] int period() const { return period_; }

 private:
  int period_;
  RingBuffer<double> window_;
};

}  // namespace rt::trading

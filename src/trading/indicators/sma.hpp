#pragma once
// Sma: simple moving average over the last `period` values, O(1) per update via a running sum
// (re-summed from the window every `period` updates so rounding error cannot accumulate).
// ready() once `period` values have been seen. Allocation-free after construction.
#include <cstddef>

#include "trading/indicators/ring_buffer.hpp"

namespace rt::trading {

class Sma {
 public:
  explicit Sma(int period) : period_(period < 1 ? 1 : period), window_(static_cast<std::size_t>(period_)) {}

  void update(double x) {
    if (window_.full()) {
      sum_ -= window_.front();
      window_.pop_front();
    }
    window_.push_back(x);
    sum_ += x;
    if (++since_resum_ >= period_) {
      since_resum_ = 0;
      double s = 0.0;
      for (std::size_t i = 0; i < window_.size(); ++i) s += window_[i];
      sum_ = s;
    }
  }
  [[nodiscard]] bool ready() const { return window_.full(); }
  [[nodiscard]] double value() const { return window_.empty() ? 0.0 : sum_ / static_cast<double>(window_.size()); }
  [[nodiscard]] int period() const { return period_; }
  void reset() {
    window_.clear();
    sum_ = 0.0;
    since_resum_ = 0;
  }

 private:
  int period_;
  RingBuffer<double> window_;
  double sum_ = 0.0;
  int since_resum_ = 0;
};

}  // namespace rt::trading

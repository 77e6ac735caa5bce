#pragma once
// Atr: Wilder's average true range. True range = max(high - low, |high - prev close|,
// |low - prev close|), just high - low on the first bar. The first ATR is the mean of the first
// `period` true ranges, then atr = (atr * (period - 1) + tr) / period. ready() after `period` bars.
// O(1), allocation-free.
#include <algorithm>
#include <cmath>

namespace rt::trading {

class Atr {
 public:
  explicit Atr(int period = 14) : period_(period < 1 ? 1 : period) {}

  void update(double high, double low, double close) {
    double tr = high - low;
    if (has_prev_) tr = std::max({tr, std::fabs(high - prev_close_), std::fabs(low - prev_close_)});
    prev_close_ = close;
    has_prev_ = true;
    const double n = static_cast<double>(period_);
    if (count_ < period_) {
      value_ += tr;
      if (++count_ == period_) value_ /= n;
      return;
    }
    value_ = (value_ * (n - 1.0) + tr) / n;
  }
  [[nodiscard]] bool ready() const { return count_ >= period_; }
  [[nodiscard]] double value() const { return ready() ? value_ : 0.0; }
  [[nodiscard]] int period() const { return period_; }
  void reset() {
    has_prev_ = false;
    prev_close_ = 0.0;
    count_ = 0;
    value_ = 0.0;
  }

 private:
  int period_;
  bool has_prev_ = false;
  double prev_close_ = 0.0;
  int count_ = 0;
  double value_ = 0.0;
};

}  // namespace rt::trading

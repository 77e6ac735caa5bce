#pragma once
// Ema: exponential moving average with alpha = 2 / (period + 1), seeded with the simple average of
// the first `period` values (the usual charting convention). ready() after `period` values.
// O(1), allocation-free.
namespace rt::trading {

class Ema {
 public:
  explicit Ema(int period)
      : period_(period < 1 ? 1 : period), alpha_(2.0 / (static_cast<double>(period_) + 1.0)) {}

  void update(double x) {
    if (count_ < period_) {
      seed_sum_ += x;
      ++count_;
      if (count_ == period_) value_ = seed_sum_ / static_cast<double>(period_);
      return;
    }
    value_ += alpha_ * (x - value_);
  }
  [[nodiscard]] bool ready() const { return count_ >= period_; }
  [[nodiscard]] double value() const { return value_; }
  [[nodiscard]] int period() const { return period_; }

 private:
  int period_;
  double alpha_;
  int count_ = 0;
  double seed_sum_ = 0.0;
  double value_ = 0.0;
};

}  // namespace rt::trading

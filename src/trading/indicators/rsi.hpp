#pragma once
// Rsi: Wilder's relative strength index. The first average gain/loss is the simple mean of the
// first `period` changes; later ones use Wilder smoothing avg = (avg * (period - 1) + x) / period.
// RSI = 100 - 100 / (1 + avg_gain / avg_loss); 100 when there were no losses, 50 when flat.
// ready() after period + 1 values. O(1), allocation-free.
namespace rt::trading {

class Rsi {
 public:
  explicit Rsi(int period = 14) : period_(period < 1 ? 1 : period) {}

  void update(double x) {
    if (!has_prev_) {
      prev_ = x;
      has_prev_ = true;
      return;
    }
    const double change = x - prev_;
    prev_ = x;
    const double gain = change > 0 ? change : 0.0;
    const double loss = change < 0 ? -change : 0.0;
    const double n = static_cast<double>(period_);
    if (changes_ < period_) {
      avg_gain_ += gain;
      avg_loss_ += loss;
      if (++changes_ == period_) {
        avg_gain_ /= n;
        avg_loss_ /= n;
      }
      return;
    }
    avg_gain_ = (avg_gain_ * (n - 1.0) + gain) / n;
    avg_loss_ = (avg_loss_ * (n - 1.0) + loss) / n;
  }
  [[nodiscard]] bool ready() const { return changes_ >= period_; }
  [[nodiscard]] double value() const {
    if (!ready()) return 50.0;
    if (avg_loss_ == 0.0) return avg_gain_ == 0.0 ? 50.0 : 100.0;
    return 100.0 - 100.0 / (1.0 + avg_gain_ / avg_loss_);
  }
  [[nodiscard]] int period() const { return period_; }

 private:
  int period_;
  bool has_prev_ = false;
  double prev_ = 0.0;
  int changes_ = 0;
  double avg_gain_ = 0.0;
  double avg_loss_ = 0.0;
};

}  // namespace rt::trading

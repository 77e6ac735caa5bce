#pragma once
// Macd: MACD line = EMA(fast) - EMA(slow); signal = EMA(signal_period) of the MACD line, fed from
// the first bar on which the slow EMA is ready; histogram = MACD - signal.
// ready() once the signal EMA is ready (slow + signal - 1 values with 12/26/9: 34). O(1).
#include "trading/indicators/ema.hpp"

namespace rt::trading {

struct MacdValue {
  double macd = 0.0;
  double signal = 0.0;
  double histogram = 0.0;
};

class Macd {
 public:
  Macd(int fast = 12, int slow = 26, int signal = 9) : fast_(fast), slow_(slow), signal_(signal) {}

  void update(double x) {
    fast_.update(x);
    slow_.update(x);
    if (!slow_.ready()) return;
    value_.macd = fast_.value() - slow_.value();
    signal_.update(value_.macd);
    if (signal_.ready()) {
      value_.signal = signal_.value();
      value_.histogram = value_.macd - value_.signal;
    }
  }
  [[nodiscard]] bool ready() const { return signal_.ready(); }
  [[nodiscard]] MacdValue value() const { return value_; }
  // Values needed before ready().
  [[nodiscard]] int warmup() const { return slow_.period() + signal_.period() - 1; }

 private:
  Ema fast_;
  Ema slow_;
  Ema signal_;
  MacdValue value_;
};

}  // namespace rt::trading

#pragma once
// DonchianChannel: highest high and lowest low of the last `period` bars, kept with two monotonic
// deques (amortised O(1) per update, fixed capacity, allocation-free after construction).
// ready() after `period` bars. A breakout test compares a new close with the channel *before*
// updating it with that bar.
#include <cstddef>
#include <cstdint>

#include "trading/indicators/ring_buffer.hpp"

namespace rt::trading {

struct DonchianValue {
  double upper = 0.0;
  double lower = 0.0;
  [[nodiscard]] double middle() const { return (upper + lower) / 2.0; }
};

class DonchianChannel {
 public:
  explicit DonchianChannel(int period = 20)
      : period_(period < 1 ? 1 : period),
        highs_(static_cast<std::size_t>(period_)),
        lows_(static_cast<std::size_t>(period_)) {}

  void update(double high, double low) {
    const std::int64_t i = index_++;
    const std::int64_t oldest = i - period_ + 1;
    while (!highs_.empty() && highs_.front().index < oldest) highs_.pop_front();
    while (!lows_.empty() && lows_.front().index < oldest) lows_.pop_front();
    while (!highs_.empty() && highs_.back().value <= high) highs_.pop_back();
    while (!lows_.empty() && lows_.back().value >= low) lows_.pop_back();
    highs_.push_back({i, high});
    lows_.push_back({i, low});
  }
  [[nodiscard]] bool ready() const { return index_ >= period_; }
  [[nodiscard]] DonchianValue value() const {
    if (highs_.empty()) return {};
    return {highs_.front().value, lows_.front().value};
  }
  [[nodiscard]] int period() const { return period_; }

 private:
  struct Entry {
    std::int64_t index = 0;
    double value = 0.0;
  };
  int period_;
  RingBuffer<Entry> highs_;
  RingBuffer<Entry> lows_;
  std::int64_t index_ = 0;
};

}  // namespace rt::trading

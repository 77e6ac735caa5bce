#pragma once
// VolumeAverage: rolling mean of bar volume over `period` bars (an Sma on volume), so a strategy
// can ask whether this bar's volume is above normal. O(1), allocation-free.
#include "trading/indicators/sma.hpp"

namespace rt::trading {

class VolumeAverage {
 public:
  explicit VolumeAverage(int period = 20) : sma_(period) {}

  void update(double volume) { sma_.update(volume); }
  [[nodiscard]] bool ready() const { return sma_.ready(); }
  [[nodiscard]] double value() const { return sma_.value(); }
  [[nodiscard]] int period() const { return sma_.period(); }

 private:
  Sma sma_;
};

}  // namespace rt::trading

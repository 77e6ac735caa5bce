#pragma once
// WaitHistogram: how long requests waited between enqueue and send, in fixed buckets from 1 ms to
// 10 minutes, with percentiles read off the buckets (each reported as its bucket's upper bound,
// the largest wait seen for the last bucket). Thread: one owner.
#include <array>
#include <cstdint>

#include "core/clock.hpp"

namespace rt::ib {

class WaitHistogram {
 public:
  static constexpr std::array<std::int64_t, 16> kBucketUpperMs = {
      1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000};
  static constexpr std::size_t kBucketCount = kBucketUpperMs.size() + 1;  // + "above 10 min"

  void record(Duration wait);
  [[nodiscard]] std::uint64_t count() const { return count_; }
  [[nodiscard]] Duration max() const { return max_; }
  [[nodiscard]] Duration total() const { return total_; }
  // q in [0, 1]; zero when nothing was recorded.
  [[nodiscard]] Duration percentile(double q) const;
  [[nodiscard]] Duration p50() const { return percentile(0.50); }
  [[nodiscard]] Duration p99() const { return percentile(0.99); }
  [[nodiscard]] const std::array<std::uint64_t, kBucketCount>& buckets() const { return buckets_; }

 private:
  std::array<std::uint64_t, kBucketCount> buckets_{};
  std::uint64_t count_ = 0;
  Duration max_{0};
  Duration total_{0};
};

}  // namespace rt::ib

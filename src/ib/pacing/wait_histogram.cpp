#include "ib/pacing/wait_histogram.hpp"

#include <algorithm>
#include <cmath>

namespace rt::ib {

void WaitHistogram::record(Duration wait) {
  wait = std::max(wait, Duration{0});
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(wait).count();
  std::size_t bucket = kBucketUpperMs.size();
  for (std::size_t i = 0; i < kBucketUpperMs.size(); ++i) {
    if (ms < kBucketUpperMs[i]) {
      bucket = i;
      break;
    }
  }
  ++buckets_[bucket];
  ++count_;
  max_ = std::max(max_, wait);
  total_ += wait;
}

Duration WaitHistogram::percentile(double q) const {
  if (count_ == 0) return Duration{0};
  q = std::clamp(q, 0.0, 1.0);
  const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < kBucketCount; ++i) {
    seen += buckets_[i];
    if (seen >= rank) {
      if (i == kBucketUpperMs.size()) return max_;
      return std::min<Duration>(std::chrono::milliseconds(kBucketUpperMs[i]), max_);
    }
  }
  return max_;
}

}  // namespace rt::ib

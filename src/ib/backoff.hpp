#pragma once
// Backoff: capped exponential backoff with jitter, and a floor on how often a login may start.
// Deterministic for a given seed so tests can predict it. Not thread-safe (one owner).
#include <chrono>
#include <cstdint>
#include <random>

namespace rt::ib {

struct BackoffConfig {
  std::chrono::milliseconds initial{1000};
  std::chrono::milliseconds max{60000};
  double multiplier = 2.0;
  double jitter = 0.2;  // each delay is scaled by a factor in [1 - jitter, 1 + jitter]
  // No two logins start closer than this: at most 6 a minute with the default, far below the
  // rate at which IB throttles logins.
  std::chrono::milliseconds min_login_interval{10000};
};

class Backoff {
 public:
  explicit Backoff(BackoffConfig config, std::uint64_t seed = 0x5eed) : config_(config), rng_(seed) {}

  // The delay before the next attempt after a failure; grows until `max`.
  std::chrono::milliseconds next_delay();
  void reset() { failures_ = 0; }
  [[nodiscard]] int failures() const { return failures_; }
  [[nodiscard]] const BackoffConfig& config() const { return config_; }

 private:
  BackoffConfig config_;
  std::mt19937_64 rng_;
  int failures_ = 0;
};

}  // namespace rt::ib

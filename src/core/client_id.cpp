#include "core/client_id.hpp"

namespace rt {

int derive_client_id(std::int64_t epoch_millis, int pid, int attempt) {
  constexpr std::uint64_t kSpan = kDerivedClientIdMax - kDerivedClientIdMin + 1;
  // Mix time and PID so neighbouring PIDs and milliseconds spread across the range.
  std::uint64_t x = static_cast<std::uint64_t>(epoch_millis) * 0x9E3779B97F4A7C15ULL;
  x ^= static_cast<std::uint64_t>(pid) * 0xC2B2AE3D27D4EB4FULL;
  x ^= x >> 29;
  // Consecutive attempts walk the range with a stride coprime to its size, so they never repeat
  // within kSpan attempts.
  std::uint64_t slot = (x + static_cast<std::uint64_t>(attempt) * 7919ULL) % kSpan;
  return kDerivedClientIdMin + static_cast<int>(slot);
}

}  // namespace rt

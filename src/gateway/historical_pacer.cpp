#include "gateway/historical_pacer.hpp"

#include <chrono>

namespace rt::gateway {
namespace {

using namespace std::chrono_literals;
constexpr auto kIdenticalWindow = 15s;
constexpr auto kContractWindow = 2s;
constexpr std::size_t kContractMax = 5;
constexpr auto kSmallWindow = 600s;
constexpr std::size_t kSmallMax = 60;

void expire(std::deque<Timestamp>& q, Timestamp now, Duration window) {
  while (!q.empty() && q.front() + window <= now) q.pop_front();
}

}  // namespace

PacingVerdict HistoricalPacer::admit(Timestamp now, const std::string& identity, const std::string& contract_key,
                                     bool small_bars, int weight, std::size_t open_requests) {
  if (open_requests >= kMaxOpenHistorical) return PacingVerdict::kTooManyOpen;
  if (!enabled_) return PacingVerdict::kAllowed;
  if (auto it = last_identical_.find(identity); it != last_identical_.end() && it->second + kIdenticalWindow > now) {
    return PacingVerdict::kIdentical;
  }
  auto& contract = per_contract_[contract_key];
  expire(contract, now, kContractWindow);
  if (contract.size() >= kContractMax) return PacingVerdict::kSameContract;
  expire(small_, now, kSmallWindow);
  if (small_bars && small_.size() + static_cast<std::size_t>(weight) > kSmallMax) return PacingVerdict::kTooMany;
  last_identical_[identity] = now;
  contract.push_back(now);
  if (small_bars) {
    for (int i = 0; i < weight; ++i) small_.push_back(now);
  }
  // Forget identities older than the window so the map stays small.
  if (last_identical_.size() > 256) {
    std::erase_if(last_identical_, [&](const auto& kv) { return kv.second + kIdenticalWindow <= now; });
  }
  return PacingVerdict::kAllowed;
}

}  // namespace rt::gateway

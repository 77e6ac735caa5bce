#include "ib/pacing/sliding_window.hpp"

#include <algorithm>

namespace rt::ib {

void SlidingWindow::prune(Timestamp now) {
  while (!entries_.empty() && entries_.front().first + span_ <= now) entries_.pop_front();
}

int SlidingWindow::used(Timestamp now) const {
  int total = 0;
  for (const auto& [at, weight] : entries_) {
    if (at + span_ > now) total += weight;
  }
  return total;
}

std::optional<Timestamp> SlidingWindow::available_at(Timestamp now, int weight, int limit) const {
  if (weight > limit) return std::nullopt;
  int total = used(now);
  if (total + weight <= limit) return now;
  // Drop the oldest counting events until enough room is left; the last one dropped decides.
  for (const auto& [at, w] : entries_) {
    if (at + span_ <= now) continue;
    total -= w;
    if (total + weight <= limit) return at + span_;
  }
  return std::nullopt;  // unreachable: with every event expired, total is 0 and weight <= limit
}

void SlidingWindow::add(Timestamp at, int weight) {
  if (entries_.empty() || entries_.back().first <= at) {
    entries_.emplace_back(at, weight);
    return;
  }
  auto pos = std::upper_bound(entries_.begin(), entries_.end(), at,
                              [](Timestamp t, const std::pair<Timestamp, int>& e) { return t < e.first; });
  entries_.insert(pos, {at, weight});
}

}  // namespace rt::ib

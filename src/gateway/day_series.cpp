#include "gateway/day_series.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace rt::gateway {

std::uint64_t mix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::uint64_t mix64(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d) {
  return mix64(mix64(mix64(mix64(a) ^ b) ^ c) ^ d);
}

double uniform01(std::uint64_t h) { return (static_cast<double>(h >> 11) + 0.5) / 9007199254740992.0; }

double std_normal(std::uint64_t h) {
  const double u1 = uniform01(h);
  const double u2 = uniform01(mix64(h));
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

std::uint64_t hash_text(const char* s, std::size_t n) {
  std::uint64_t h = 1469598103934665603ULL;
  for (std::size_t i = 0; i < n; ++i) {
    h ^= static_cast<unsigned char>(s[i]);
    h *= 1099511628211ULL;
  }
  return h;
}

Decimal BaseBar::price_at(int k, Decimal rounding) const {
  if (k <= 0) return open;
  if (k >= 5) return close;
  if (k == high_second) return high;
  if (k == low_second) return low;
  // Interpolate between the nearest fixed seconds on either side.
  int left = 0;
  Decimal lv = open;
  for (int j = 1; j < k; ++j) {
    if (j == high_second) { left = j; lv = high; }
    if (j == low_second) { left = j; lv = low; }
  }
  int right = 5;
  Decimal rv = close;
  for (int j = 4; j > k; --j) {
    if (j == high_second) { right = j; rv = high; }
    if (j == low_second) { right = j; rv = low; }
  }
  const Decimal v = lv + Decimal::from_raw((rv - lv).raw() * (k - left) / (right - left));
  return v.round_to(rounding);
}

std::int64_t BaseBar::volume_in(int k) const { return volume * (k + 1) / 5 - volume * k / 5; }
std::int32_t BaseBar::count_in(int k) const { return count * (k + 1) / 5 - count * k / 5; }

void finish_bars(DaySeries& day, std::uint64_t salt, Decimal base_spread_ticks) {
  const auto n = day.bars.size();
  for (std::size_t i = 0; i < n; ++i) {
    auto& b = day.bars[i];
    const auto h = mix64(salt, i, 0x5EC0);
    b.high_second = static_cast<std::uint8_t>(1 + h % 4);
    b.low_second = static_cast<std::uint8_t>(1 + (b.high_second + (h >> 8) % 3) % 4);
    // Spread: the base, one tick wider in the first 15 minutes, sometimes one more.
    const double f = n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 0.0;
    auto spread = base_spread_ticks.raw() / Decimal::kScale + ((h >> 16) % 4 == 0 ? 1 : 0) + (f < 0.04 ? 1 : 0);
    spread = std::clamp<std::int64_t>(spread, 1, 20);
    b.spread_ticks = static_cast<std::uint8_t>(spread);
    b.bid_offset_ticks = static_cast<std::uint8_t>((h >> 24) % static_cast<std::uint64_t>(spread + 1));
  }
}

}  // namespace rt::gateway

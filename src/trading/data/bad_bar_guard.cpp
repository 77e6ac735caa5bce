#include "trading/data/bad_bar_guard.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace rt::trading {

namespace {

struct SplitFactor {
  double ratio;
  const char* name;
};

constexpr std::array<SplitFactor, 6> kSplits = {{
    {1.0 / 2.0, "2:1 split"},
    {1.0 / 3.0, "3:1 split"},
    {1.0 / 4.0, "4:1 split"},
    {1.0 / 5.0, "5:1 split"},
    {1.0 / 10.0, "10:1 split"},
    {2.0, "1:2 reverse split"},
}};

}  // namespace

const char* to_string(BarFault fault) noexcept {
  switch (fault) {
    case BarFault::kNone: return "none";
    case BarFault::kNonPositivePrice: return "non-positive price";
    case BarFault::kNegativeVolume: return "negative volume";
    case BarFault::kInconsistentRange: return "inconsistent high/low";
    case BarFault::kHardLimit: return "beyond hard limit";
    case BarFault::kSplitGap: return "unadjusted split gap";
    case BarFault::kAtrJump: return "jump beyond ATR limit";
  }
  return "unknown";
}

BadBarGuard::BadBarGuard(BadBarGuardConfig config)
    : config_(config),
      atr_(config.atr_period),
      quiet_jump_atr_(std::min(config.split_min_atr, config.max_atr_multiple) * 0.999) {}

void BadBarGuard::reset() {
  atr_.reset();
  has_prev_ = false;
  prev_close_ = 0.0;
  consecutive_quarantined_ = 0;
}

BarVerdict BadBarGuard::judge(const Bar& bar, const Prices& p) const {
  const double o = p.open;
  const double h = p.high;
  const double l = p.low;
  const double c = p.close;

  if (bar.open.raw() <= 0 || bar.high.raw() <= 0 || bar.low.raw() <= 0 || bar.close.raw() <= 0) {
    return {BarFault::kNonPositivePrice,
            fmt::format("non-positive price (open {}, high {}, low {}, close {})", bar.open.to_string(),
                        bar.high.to_string(), bar.low.to_string(), bar.close.to_string())};
  }
  if (bar.volume.is_negative()) {
    return {BarFault::kNegativeVolume, fmt::format("negative volume {}", bar.volume.to_string())};
  }
  if (bar.high < std::max(bar.open, bar.close) || bar.low > std::min(bar.open, bar.close) ||
      bar.low > bar.high) {
    return {BarFault::kInconsistentRange,
            fmt::format("high/low inconsistent with open/close (open {}, high {}, low {}, close {})",
                        bar.open.to_string(), bar.high.to_string(), bar.low.to_string(),
                        bar.close.to_string())};
  }
  if (!has_prev_) return {};

  // The common case, decided without a division: the range sits well inside the hard limits and
  // the move is well under both ATR thresholds. Anything near a limit takes the exact path below.
  if (h < hard_high_ && l > hard_low_ && atr_.ready()) {
    const double jump = std::max(std::fabs(o - prev_close_), std::fabs(c - prev_close_));
    if (jump < quiet_jump_atr_ * atr_.value()) return {};
  }

  const double prev = prev_close_;
  const std::array<std::pair<const char*, double>, 4> prices = {
      {{"open", o}, {"high", h}, {"low", l}, {"close", c}}};
  for (const auto& [name, price] : prices) {
    const double ratio = price / prev;
    if (ratio > config_.max_ratio || ratio < 1.0 / config_.max_ratio) {
      return {BarFault::kHardLimit,
              fmt::format("{} {:.6g} is {:.3g}x the previous close {:.6g} (limit {:.3g}x either way)",
                          name, price, ratio, prev, config_.max_ratio)};
    }
  }
  if (!atr_.ready()) return {};

  const double atr = atr_.value();
  const double jump = std::max(std::fabs(o - prev), std::fabs(c - prev));
  const double jump_atr = atr > 0.0 ? jump / atr : (jump > 0.0 ? 1e9 : 0.0);

  if (jump_atr >= config_.split_min_atr) {
    for (const auto& split : kSplits) {
      // Where the previous close would trade after the split, and the bar's range widened by the
      // split-scaled ATR: a split bar straddles that level, a real crash or rally does not.
      const double level = prev * split.ratio;
      // The band widens with the number of bars since the last accepted one (prices drift).
      const double slack = config_.split_range_atr * atr * split.ratio *
                           std::sqrt(1.0 + static_cast<double>(consecutive_quarantined_));
      if (level >= l - slack && level <= h + slack) {
        return {BarFault::kSplitGap,
                fmt::format("looks like an unadjusted {}: the bar trades around {:.6g} = {:.3g}x the previous "
                            "close {:.6g} (low {:.6g}, high {:.6g}, {:.1f} ATR move)",
                            split.name, level, split.ratio, prev, l, h, jump_atr)};
      }
    }
  }
  if (jump_atr > config_.max_atr_multiple && jump > config_.min_jump_fraction * prev) {
    return {BarFault::kAtrJump,
            fmt::format("move of {:.6g} from the previous close {:.6g} is {:.1f} ATR (limit {:.3g} ATR, "
                        "ATR {:.6g})",
                        jump, prev, jump_atr, config_.max_atr_multiple, atr)};
  }
  return {};
}

BarVerdict BadBarGuard::check(const Bar& bar) {
  const Prices p{bar.open.to_double(), bar.high.to_double(), bar.low.to_double(), bar.close.to_double()};
  BarVerdict verdict = judge(bar, p);
  if (verdict.quarantined()) {
    ++quarantined_;
    ++consecutive_quarantined_;
    return verdict;
  }
  ++accepted_;
  consecutive_quarantined_ = 0;
  atr_.update(p.high, p.low, p.close);
  prev_close_ = p.close;
  has_prev_ = true;
  // A margin of 0.1 % inside each limit, so rounding never lets the fast path decide a bar the
  // exact rules would quarantine.
  hard_high_ = prev_close_ * config_.max_ratio * 0.999;
  hard_low_ = prev_close_ / config_.max_ratio * 1.001;
  return verdict;
}

}  // namespace rt::trading

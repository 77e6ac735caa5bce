#pragma once
// BadBarGuard: decides whether a closed bar is believable before anything trades or moves a stop on
// it (RELIABILITY D5). A quarantined bar must not reach strategies, stops or the guard's own state.
//
// The rule, in order (the first failing test names the reason):
//  1. Shape: every price > 0, volume >= 0, low <= min(open, close), high >= max(open, close),
//     low <= high. A bar that breaks this is corrupt whatever the series did before.
//  2. Hard limit: no price (open, high, low, close) may be more than `max_ratio` times, or less
//     than 1 / max_ratio of, the last accepted close. Catches a x10 (or /10) bad tick from the first
//     bar on, before any ATR exists. Default 3: the worst real days in the ORCL, NVDA and YHOO
//     series (1995-2014, including the 2000-2002 and 2008 crashes and the 2008 YHOO bid) are +49% and
//     -35%.
//  3. Unadjusted split: the jump is at least `split_min_atr` ATRs and the bar's range, widened by
//     `split_range_atr` ATRs (scaled by the factor, and by sqrt(1 + bars since the last accepted
//     one) because prices drift while bars are quarantined), contains the previous close times a split
//     factor (1/2, 1/3, 1/4, 1/5, 1/10, or 2 for a 1:2 reverse split). After an unadjusted split
//     the whole bar trades around prev close x factor; a real crash or rally of similar size does
//     not straddle exactly that level (the real -35% and +49% days above miss it by far). 3:2 splits
//     are not matched here: a real -33% day is too easily mistaken for one; rule 4 catches them on
//     quiet series. A genuine -50% day that trades through half the prior close is quarantined.
//  4. Volatility jump: |open - prev close| or |close - prev close| exceeds `max_atr_multiple` x ATR
//     (Wilder, `atr_period`, over accepted bars) AND exceeds `min_jump_fraction` of the previous
//     close (so a very quiet series does not flag an ordinary 2% move). The real series above peak
//     at about 8.3 ATR; the default limit is 12.
// Rules 3 and 4 need a ready ATR (atr_period accepted bars); rules 1 and 2 apply from the first bar.
// Quarantined bars leave the guard's state untouched, so the next bar is compared with the last
// good close and a one-bar bad tick does not poison what follows. A real re-basing of prices (an
// unadjusted split that really happened) keeps being quarantined until reset(): that is an operator
// decision, visible through consecutive_quarantined().
// Intraday series: an overnight gap is compared with intraday ATR, so min_jump_fraction is what
// protects genuine opening gaps; raise it for short bar sizes.
// Single-threaded: lives with its symbol's bar stream. check() allocates only when it quarantines.
#include <string>

#include "trading/bar.hpp"
#include "trading/indicators/atr.hpp"

namespace rt::trading {

struct BadBarGuardConfig {
  int atr_period = 14;
  double max_ratio = 3.0;
  double max_atr_multiple = 12.0;
  double min_jump_fraction = 0.10;
  double split_min_atr = 3.0;
  double split_range_atr = 1.0;
};

enum class BarFault {
  kNone,
  kNonPositivePrice,
  kNegativeVolume,
  kInconsistentRange,
  kHardLimit,
  kSplitGap,
  kAtrJump,
};

const char* to_string(BarFault fault) noexcept;

struct BarVerdict {
  BarFault fault = BarFault::kNone;
  std::string reason;  // empty when accepted

  [[nodiscard]] bool accepted() const { return fault == BarFault::kNone; }
  [[nodiscard]] bool quarantined() const { return !accepted(); }
};

class BadBarGuard {
 public:
  explicit BadBarGuard(BadBarGuardConfig config = {});

  // Judges `bar` against the accepted series; an accepted bar becomes part of it.
  BarVerdict check(const Bar& bar);
  // Forgets the series (e.g. after prices were re-based by a split adjustment).
  void reset();

  [[nodiscard]] int consecutive_quarantined() const { return consecutive_quarantined_; }
  [[nodiscard]] long long accepted_count() const { return accepted_; }
  [[nodiscard]] long long quarantined_count() const { return quarantined_; }
  [[nodiscard]] double atr() const { return atr_.value(); }
  [[nodiscard]] const BadBarGuardConfig& config() const { return config_; }

 private:
  struct Prices {
    double open, high, low, close;
  };
  BarVerdict judge(const Bar& bar, const Prices& p) const;

  BadBarGuardConfig config_;
  Atr atr_;
  bool has_prev_ = false;
  double prev_close_ = 0.0;
  double hard_high_ = 0.0;  // just inside prev_close_ x max_ratio
  double hard_low_ = 0.0;   // just inside prev_close_ / max_ratio
  double quiet_jump_atr_;   // a move under this many ATRs passes rules 3 and 4 outright
  int consecutive_quarantined_ = 0;
  long long accepted_ = 0;
  long long quarantined_ = 0;
};

}  // namespace rt::trading

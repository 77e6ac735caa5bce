#pragma once
// Test harness for the pacing scheduler: a ManualClock, the scheduler, and a loop that runs it
// the way PacingDriver does (next_ready, then jump the clock to next_wake), recording every
// dispatch with its simulated time. No real time passes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "ib/pacing/pacing_scheduler.hpp"

namespace rt::ib::test {

using namespace std::chrono_literals;

inline const Timestamp kStart = Timestamp{} + std::chrono::hours(24 * 365 * 55);

struct Sent {
  Timestamp at;
  RequestId id;
  RequestKind kind;
  DispatchAction action;
  std::string label;
};

inline PacedRequest other(std::string label = "other") {
  PacedRequest r;
  r.kind = RequestKind::kOther;
  r.label = std::move(label);
  return r;
}

inline PacedRequest order(std::string label = "order") {
  PacedRequest r;
  r.kind = RequestKind::kOrder;
  r.label = std::move(label);
  return r;
}

inline PacedRequest historical(std::string contract, std::string bar_size = "1 day", std::string duration = "1 M",
                               std::string what = "TRADES", std::string end = "") {
  PacedRequest r;
  r.kind = RequestKind::kHistorical;
  r.label = contract;
  r.historical = HistoricalKey{std::move(contract), "SMART", std::move(bar_size), std::move(duration),
                               std::move(what), std::move(end), true};
  return r;
}

inline PacedRequest stream(std::string symbol, bool pinned = false) {
  PacedRequest r;
  r.kind = RequestKind::kMarketData;
  r.label = std::move(symbol);
  r.pinned = pinned;
  return r;
}

inline PacedRequest cancel_of(RequestKind kind, RequestId target) {
  PacedRequest r;
  r.kind = kind;
  r.target = target;
  r.label = "cancel";
  return r;
}

class Harness {
 public:
  explicit Harness(PacingPolicy policy = {}) : clock_(kStart), scheduler_(make(policy, clock_)) {}

  ManualClock& clock() { return clock_; }
  PacingScheduler& s() { return scheduler_; }
  std::vector<Sent>& sent() { return sent_; }
  Timestamp now() const { return clock_.now(); }

  RequestId add(PacedRequest r) {
    auto id = scheduler_.enqueue(std::move(r));
    EXPECT_TRUE(id.has_value()) << (id ? "" : id.error().message);
    return id.value_or(kNoRequest);
  }

  // One pass of the scheduler at the current time; returns what it released.
  std::vector<Sent> step() {
    std::vector<Sent> batch;
    for (auto& d : scheduler_.next_ready(clock_.now())) {
      batch.push_back({clock_.now(), d.id, d.kind, d.action, d.label});
      if (d.callback) d.callback();
    }
    sent_.insert(sent_.end(), batch.begin(), batch.end());
    return batch;
  }

  // Runs like the driver until `until`, calling `after_step` after each pass. Fails the test if
  // next_wake ever says "now" right after next_ready (that would be a spinning driver).
  template <class F>
  void run_until(Timestamp until, F&& after_step) {
    for (int guard = 0; guard < 2'000'000; ++guard) {
      step();
      auto wake = scheduler_.next_wake(clock_.now());
      if (wake && *wake <= clock_.now()) {
        ADD_FAILURE() << "next_wake is now right after next_ready: the driver would spin";
        return;
      }
      after_step();  // may queue or complete requests: ask again
      wake = scheduler_.next_wake(clock_.now());
      if (wake && *wake <= clock_.now()) continue;
      if (!wake || *wake > until) {
        clock_.set(until);
        step();
        after_step();
        return;
      }
      clock_.set(*wake);
    }
    ADD_FAILURE() << "too many scheduler passes";
  }
  void run_until(Timestamp until) {
    run_until(until, [] {});
  }

  std::size_t count(RequestKind kind) const {
    std::size_t n = 0;
    for (const auto& s : sent_) n += s.kind == kind ? 1 : 0;
    return n;
  }
  bool was_sent(RequestId id) const {
    for (const auto& s : sent_) {
      if (s.id == id) return true;
    }
    return false;
  }
  std::optional<Timestamp> first_sent(RequestId id) const {
    for (const auto& s : sent_) {
      if (s.id == id) return s.at;
    }
    return std::nullopt;
  }

 private:
  static PacingScheduler make(const PacingPolicy& policy, const Clock& clock) {
    auto s = PacingScheduler::create(policy, clock);
    if (!s) {
      ADD_FAILURE() << s.error().message;
      return std::move(*PacingScheduler::create(PacingPolicy{}, clock));
    }
    return std::move(*s);
  }

  ManualClock clock_;
  PacingScheduler scheduler_;
  std::vector<Sent> sent_;
};

// The largest number of sends in any half-open window [t, t + span), over every window.
inline int max_in_any_window(const std::vector<Sent>& sent, Duration span) {
  int best = 0;
  std::size_t j = 0;
  for (std::size_t i = 0; i < sent.size(); ++i) {
    if (j < i) j = i;
    while (j < sent.size() && sent[j].at < sent[i].at + span) ++j;
    best = std::max(best, static_cast<int>(j - i));
  }
  return best;
}

}  // namespace rt::ib::test

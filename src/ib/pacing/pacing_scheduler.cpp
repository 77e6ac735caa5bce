#include "ib/pacing/pacing_scheduler.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "core/text.hpp"
#include "tws/messages/error_codes.hpp"

namespace rt::ib {

namespace {

int tier_of(RequestKind kind) {
  if (kind == RequestKind::kOrder || kind == RequestKind::kCancel) return 0;
  if (is_stream_cancel(kind)) return 1;
  return 2;
}

Duration backoff_for(int level, Duration initial, Duration max) {
  Duration d = initial;
  for (int i = 1; i < level && d < max; ++i) d *= 2;
  return std::min(d, max);
}

std::string seconds_text(Duration d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(d).count()) + " s";
}

}  // namespace

std::string_view to_string(PacingAction action) noexcept {
  switch (action) {
    case PacingAction::kIgnored: return "ignored";
    case PacingAction::kRateReduced: return "rate_reduced";
    case PacingAction::kRetryLater: return "retry_later";
    case PacingAction::kAbandoned: return "abandoned";
    case PacingAction::kLineLimitLearned: return "line_limit_learned";
    case PacingAction::kReleased: return "released";
  }
  return "unknown";
}

Result<PacingScheduler> PacingScheduler::create(PacingPolicy policy, const Clock& clock) {
  if (auto ok = policy.validate(); !ok) return std::unexpected(ok.error());
  return PacingScheduler(policy, clock);
}

PacingScheduler::PacingScheduler(PacingPolicy policy, const Clock& clock)
    : policy_(policy),
      clock_(&clock),
      messages_(policy.rate_window + policy.rate_window_guard),
      rate_limit_(policy.max_messages_per_second),
      small_bars_(policy.small_bar_window),
      realtime_bars_(policy.realtime_bars_window) {}

// ---------------------------------------------------------------------------------------------
// Queue

Result<RequestId> PacingScheduler::enqueue(PacedRequest request) {
  Entry e;
  if (request.kind == RequestKind::kHistorical) {
    if (!request.historical || request.historical->contract.empty()) {
      return fail(ErrorCode::kInvalidArgument, "historical request '" + request.label + "' has no contract key");
    }
    auto secs = bar_size_seconds(request.historical->bar_size);
    if (!secs) return std::unexpected(secs.error());
    e.small_bar = *secs <= policy_.small_bar_max_seconds;
    e.weight = (policy_.bid_ask_counts_double && request.historical->what_to_show == "BID_ASK") ? 2 : 1;
  }
  if (is_stream_cancel(request.kind) && request.target == kNoRequest) {
    return fail(ErrorCode::kInvalidArgument,
                std::string(to_string(request.kind)) + " '" + request.label + "' names no target request");
  }
  if (is_stream_cancel(request.kind)) {
    // A target that never reached the server is simply not sent.
    if (auto it = entries_.find(request.target); it != entries_.end() && it->second.queued && !it->second.live) {
      erase(request.target);
    }
  }
  e.id = next_id_++;
  e.seq = next_seq_++;
  e.enqueued = now();
  e.request = std::move(request);
  auto [it, inserted] = entries_.emplace(e.id, std::move(e));
  push_queue(it->second);
  return it->first;
}

bool PacingScheduler::withdraw(RequestId id) {
  auto it = entries_.find(id);
  if (it == entries_.end() || !it->second.queued || it->second.live) return false;
  erase(id);
  return true;
}

void PacingScheduler::push_queue(Entry& e) {
  queue_.emplace(QueueKey{tier_of(e.request.kind), -e.request.priority, e.seq}, e.id);
  e.queued = true;
  ++queued_by_kind_[index_of(e.request.kind)];
}

void PacingScheduler::pop_queue(Entry& e) {
  if (!e.queued) return;
  queue_.erase(QueueKey{tier_of(e.request.kind), -e.request.priority, e.seq});
  e.queued = false;
  --queued_by_kind_[index_of(e.request.kind)];
}

void PacingScheduler::take_line(Entry& e, Timestamp now) {
  ++lines_in_use_;
  e.live = true;
  e.live_since = now;
  if (is_rotatable(e)) rotatable_.emplace(now, e.id);
}

void PacingScheduler::release(Entry& e) {
  if (!e.live) return;
  if (holds_line(e.request.kind)) {
    --lines_in_use_;
    rotatable_.erase({e.live_since, e.id});
  } else if (e.request.kind == RequestKind::kHistorical) {
    --historical_open_;
  }
  e.live = false;
}

void PacingScheduler::erase(RequestId id) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  pop_queue(it->second);
  release(it->second);
  entries_.erase(it);
}

bool PacingScheduler::is_rotatable(const Entry& e) const {
  return policy_.rotation == LineRotation::kRoundRobin && e.request.kind == RequestKind::kMarketData &&
         !e.request.snapshot && !e.request.pinned;
}

int PacingScheduler::line_limit() const {
  return learned_line_limit_ ? std::min(*learned_line_limit_, policy_.market_data_lines) : policy_.market_data_lines;
}

int PacingScheduler::rate_limit_for(RequestKind kind) const {
  if (is_urgent(kind)) return rate_limit_;
  return std::max(1, rate_limit_ - std::min(policy_.urgent_reserve, rate_limit_ / 2));
}

// ---------------------------------------------------------------------------------------------
// Readiness

void PacingScheduler::refresh(Timestamp now) {
  messages_.prune(now);
  small_bars_.prune(now);
  realtime_bars_.prune(now);
  for (auto it = per_contract_.begin(); it != per_contract_.end();) {
    it->second.prune(now);
    it = it->second.empty() ? per_contract_.erase(it) : std::next(it);
  }
  for (auto it = last_identical_.begin(); it != last_identical_.end();) {
    it = it->second + policy_.identical_historical_gap <= now ? last_identical_.erase(it) : std::next(it);
  }
  while (next_rate_recovery_ && *next_rate_recovery_ <= now) {
    rate_limit_ = std::min(policy_.max_messages_per_second, rate_limit_ + policy_.rate_recovery_step);
    if (rate_limit_ >= policy_.max_messages_per_second) {
      next_rate_recovery_.reset();
    } else {
      *next_rate_recovery_ += policy_.rate_recovery_interval;
    }
  }
  std::vector<RequestId> expired;
  for (const auto& [id, e] : entries_) {
    if (e.live && e.request.snapshot && e.live_since + policy_.snapshot_max_hold <= now) expired.push_back(id);
  }
  for (auto id : expired) erase(id);
}

PacingScheduler::Readiness PacingScheduler::readiness(const Entry& e, Timestamp now, bool ignore_lines) const {
  Timestamp later = now;
  auto wait_until = [&](std::optional<Timestamp> t) {
    if (!t) return false;
    later = std::max(later, *t);
    return true;
  };
  switch (e.request.kind) {
    case RequestKind::kMarketData:
      if (!ignore_lines && lines_in_use_ >= line_limit()) return {Gate::kBlocked, {}};
      break;
    case RequestKind::kRealTimeBars:
      if (!ignore_lines && lines_in_use_ >= line_limit()) return {Gate::kBlocked, {}};
      wait_until(realtime_paused_until_);
      if (!wait_until(realtime_bars_.available_at(now, 1, policy_.realtime_bars_max))) return {Gate::kBlocked, {}};
      break;
    case RequestKind::kHistorical: {
      if (historical_open_ >= policy_.max_open_historical) return {Gate::kBlocked, {}};
      wait_until(historical_paused_until_);
      const HistoricalKey& key = *e.request.historical;
      if (auto it = last_identical_.find(key.identical_key()); it != last_identical_.end()) {
        wait_until(it->second + policy_.identical_historical_gap);
      }
      if (auto it = per_contract_.find(key.contract_key()); it != per_contract_.end()) {
        if (!wait_until(it->second.available_at(now, 1, policy_.same_contract_max))) return {Gate::kBlocked, {}};
      }
      if (e.small_bar && !wait_until(small_bars_.available_at(now, e.weight, policy_.small_bar_max))) {
        return {Gate::kBlocked, {}};
      }
      break;
    }
    default:
      break;
  }
  if (later > now) return {Gate::kLater, later};
  return {Gate::kReady, now};
}

int PacingScheduler::line_seekers_ready(Timestamp now) const {
  int n = 0;
  for (const auto& [key, id] : queue_) {
    const Entry& e = entries_.at(id);
    if (!holds_line(e.request.kind)) continue;
    if (e.rotated_out && e.rotated_at + policy_.rotation_rest > now) continue;  // still resting
    if (readiness(e, now, true).gate == Gate::kReady) ++n;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Sending

void PacingScheduler::count_message(RequestKind kind, Timestamp now) {
  messages_.add(now);
  ++messages_sent_;
  ++sent_by_kind_[index_of(kind)];
}

void PacingScheduler::dispatch(Entry& e, Timestamp now, std::vector<Dispatch>& out) {
  const RequestKind kind = e.request.kind;
  count_message(kind, now);
  wait_by_kind_[index_of(kind)].record(now - e.enqueued);

  Dispatch d;
  d.id = e.id;
  d.kind = kind;
  d.tag = e.request.tag;
  d.label = e.request.label;
  d.action = (holds_line(kind) && e.ever_sent) ? DispatchAction::kResubscribe : DispatchAction::kSend;
  e.ever_sent = true;

  switch (kind) {
    case RequestKind::kMarketData:
    case RequestKind::kRealTimeBars:
      d.callback = e.request.send;
      take_line(e, now);
      if (kind == RequestKind::kRealTimeBars) realtime_bars_.add(now);
      if (e.rotated_out) ++rotations_in_;
      e.rotated_out = false;
      break;
    case RequestKind::kHistorical: {
      d.callback = e.request.send;
      e.live = true;
      e.live_since = now;
      ++historical_open_;
      const HistoricalKey& key = *e.request.historical;
      last_identical_[key.identical_key()] = now;
      per_contract_.try_emplace(key.contract_key(), policy_.same_contract_window).first->second.add(now);
      if (e.small_bar) small_bars_.add(now, e.weight);
      break;
    }
    default: {
      d.callback = std::move(e.request.send);
      const RequestId target = is_stream_cancel(kind) ? e.request.target : kNoRequest;
      erase(e.id);  // `e` is gone from here on
      if (target != kNoRequest) erase(target);
      break;
    }
  }
  out.push_back(std::move(d));
}

void PacingScheduler::rotate_out(Entry& e, Timestamp now, std::vector<Dispatch>& out) {
  count_message(RequestKind::kMarketDataCancel, now);
  release(e);
  e.rotated_out = true;
  e.rotated_at = now;
  ++rotations_out_;
  e.enqueued = now;
  e.seq = next_seq_++;  // to the back of the line
  push_queue(e);
  Dispatch d;
  d.id = e.id;
  d.kind = e.request.kind;
  d.action = DispatchAction::kRotateOut;
  d.tag = e.request.tag;
  d.label = e.request.label;
  d.callback = e.request.cancel;
  out.push_back(std::move(d));
}

std::vector<Dispatch> PacingScheduler::next_ready(Timestamp now) {
  refresh(now);
  std::vector<Dispatch> out;

  // Sends what may go from the queue, starting at `from`, stopping before tier `stop_tier`.
  auto drain = [&](int stop_tier) {
    auto it = queue_.begin();
    while (it != queue_.end() && std::get<0>(it->first) < stop_tier) {
      Entry& e = entries_.at(it->second);
      // Tiers are in order and earlier tiers have the larger budget: once one does not fit,
      // nothing behind it does.
      if (!messages_.fits(now, 1, rate_limit_for(e.request.kind))) return;
      if (readiness(e, now, false).gate != Gate::kReady) {
        ++it;
        continue;
      }
      const QueueKey key = it->first;
      pop_queue(e);
      dispatch(e, now, out);  // may change the queue: find our place again
      it = queue_.upper_bound(key);
    }
  };

  drain(2);  // orders and cancels first

  // Rotations, then everything else. Repeat while rotations happen: a rotation can let a stream
  // with a higher place in the queue through, which may leave another waiting stream eligible.
  // Terminates: a stream rotated out now rests, and one given its line now has a full dwell ahead.
  bool rotated = true;
  while (rotated) {
    rotated = false;
    if (policy_.rotation == LineRotation::kRoundRobin && !rotatable_.empty()) {
      int need = line_seekers_ready(now) - std::max(0, line_limit() - lines_in_use_);
      while (need > 0 && !rotatable_.empty()) {
        auto [since, id] = *rotatable_.begin();
        if (since + policy_.rotation_dwell > now) break;
        if (!messages_.fits(now, 1, rate_limit_for(RequestKind::kMarketDataCancel))) break;
        rotate_out(entries_.at(id), now, out);
        rotated = true;
        --need;
      }
    }
    drain(3);
  }
  return out;
}

std::optional<Timestamp> PacingScheduler::next_wake(Timestamp now) const {
  std::optional<Timestamp> best;
  auto consider = [&](Timestamp t) {
    t = std::max(t, now);
    if (!best || t < *best) best = t;
  };
  const Timestamp urgent_at = *messages_.available_at(now, 1, rate_limit_for(RequestKind::kOrder));
  const Timestamp bulk_at = *messages_.available_at(now, 1, rate_limit_for(RequestKind::kOther));

  for (const auto& [key, id] : queue_) {
    const Entry& e = entries_.at(id);
    Readiness r = readiness(e, now, false);
    if (r.gate == Gate::kReady) {
      consider(is_urgent(e.request.kind) ? urgent_at : bulk_at);
    } else if (r.gate == Gate::kLater) {
      consider(r.at);
    }
    if (best && *best == now) return best;
  }

  if (policy_.rotation == LineRotation::kRoundRobin && !rotatable_.empty()) {
    const int need = line_seekers_ready(now) - std::max(0, line_limit() - lines_in_use_);
    const Timestamp dwell_end = rotatable_.begin()->first + policy_.rotation_dwell;
    if (need > 0) consider(std::max(dwell_end, bulk_at));
    // A resting stream will claim a rotation when its rest ends.
    for (const auto& [key, id] : queue_) {
      const Entry& e = entries_.at(id);
      if (e.rotated_out && e.rotated_at + policy_.rotation_rest > now) {
        consider(std::max({e.rotated_at + policy_.rotation_rest, dwell_end, bulk_at}));
      }
    }
  }
  for (const auto& [id, e] : entries_) {
    if (e.live && e.request.snapshot) consider(e.live_since + policy_.snapshot_max_hold);
  }
  if (!queue_.empty() && next_rate_recovery_) consider(*next_rate_recovery_);
  return best;
}

// ---------------------------------------------------------------------------------------------
// Feedback

void PacingScheduler::on_historical_done(RequestId id) {
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.request.kind != RequestKind::kHistorical) return;
  historical_backoff_level_ = 0;
  erase(id);
}

void PacingScheduler::on_snapshot_end(RequestId id) {
  auto it = entries_.find(id);
  if (it == entries_.end() || !it->second.request.snapshot) return;
  erase(id);
}

void PacingScheduler::on_request_failed(RequestId id) { erase(id); }

PacingReaction PacingScheduler::requeue_after_error(Entry& e, Timestamp resume_at, std::string reason) {
  if (e.queued) return {PacingAction::kRetryLater, std::move(reason), resume_at};
  ++e.pacing_errors;
  if (e.pacing_errors > policy_.max_pacing_retries) {
    reason += "; request '" + e.request.label + "' given up after " + std::to_string(e.pacing_errors) +
              " pacing errors";
    erase(e.id);
    ++abandoned_;
    return {PacingAction::kAbandoned, std::move(reason), std::nullopt};
  }
  release(e);
  e.enqueued = now();
  push_queue(e);  // keeps its place (seq) in its class
  ++retries_;
  return {PacingAction::kRetryLater, std::move(reason), resume_at};
}

PacingReaction PacingScheduler::on_pacing_error(int code, RequestId request, std::string_view message) {
  const Timestamp t = now();
  refresh(t);
  auto found = entries_.find(request);
  Entry* e = found == entries_.end() ? nullptr : &found->second;

  switch (code) {
    case 100: {
      ++pacing_errors_[code];
      rate_limit_ = std::max(policy_.min_messages_per_second, rate_limit_ / 2);
      next_rate_recovery_ = t + policy_.rate_recovery_interval;
      return {PacingAction::kRateReduced,
              "error 100 (message rate exceeded): rate lowered to " + std::to_string(rate_limit_) + " per " +
                  seconds_text(policy_.rate_window) + ", recovering by " + std::to_string(policy_.rate_recovery_step) +
                  " every " + seconds_text(policy_.rate_recovery_interval),
              std::nullopt};
    }
    case 101: {
      ++pacing_errors_[code];
      int learned = std::max(1, lines_in_use_);
      if (e && holds_line(e->request.kind) && e->live) {
        learned = std::max(1, lines_in_use_ - 1);
        release(*e);
        e->enqueued = t;
        push_queue(*e);  // waits for a line at its old place
      }
      learned_line_limit_ = learned_line_limit_ ? std::min(*learned_line_limit_, learned) : learned;
      return {PacingAction::kLineLimitLearned,
              "error 101 (max number of tickers): market-data line limit lowered to " + std::to_string(line_limit()),
              std::nullopt};
    }
    case 162: {
      if (!contains_ignoring_case(message, "pacing violation")) {
        if (!e) return {PacingAction::kIgnored, "error 162 for a request the pacer does not hold", std::nullopt};
        std::string reason = "error 162 ended historical request '" + e->request.label + "'";
        erase(request);
        return {PacingAction::kReleased, std::move(reason), std::nullopt};
      }
      ++pacing_errors_[code];
      ++historical_backoff_level_;
      const Duration pause =
          backoff_for(historical_backoff_level_, policy_.historical_backoff_initial, policy_.historical_backoff_max);
      historical_paused_until_ = std::max(historical_paused_until_, t + pause);
      std::string reason = "error 162 (historical pacing violation): historical requests paused for " +
                           seconds_text(pause);
      if (e && e->request.kind == RequestKind::kHistorical) {
        return requeue_after_error(*e, historical_paused_until_, std::move(reason));
      }
      return {PacingAction::kRetryLater, std::move(reason), historical_paused_until_};
    }
    case 420: {
      ++pacing_errors_[code];
      if (last_realtime_error_ && *last_realtime_error_ + policy_.realtime_bars_window <= t) {
        realtime_backoff_level_ = 0;
      }
      last_realtime_error_ = t;
      ++realtime_backoff_level_;
      const Duration pause =
          backoff_for(realtime_backoff_level_, policy_.realtime_backoff_initial, policy_.realtime_backoff_max);
      realtime_paused_until_ = std::max(realtime_paused_until_, t + pause);
      std::string reason = "error 420 (invalid real-time query): real-time bar requests paused for " + seconds_text(pause);
      if (e && e->request.kind == RequestKind::kRealTimeBars) {
        return requeue_after_error(*e, realtime_paused_until_, std::move(reason));
      }
      return {PacingAction::kRetryLater, std::move(reason), realtime_paused_until_};
    }
    default:
      break;
  }
  // Everything else is what the TWS error-code table says: a code that ends the request frees what
  // the request held; a warning or a notice leaves it live.
  if (!tws::ends_request(code)) {
    return {PacingAction::kIgnored, "error " + std::to_string(code) + " is advisory: the request stays live",
            std::nullopt};
  }
  if (e) {
    std::string reason = "error " + std::to_string(code) + " ended request '" + e->request.label + "'";
    erase(request);
    return {PacingAction::kReleased, std::move(reason), std::nullopt};
  }
  return {PacingAction::kIgnored, "error " + std::to_string(code) + " is not a pacing matter", std::nullopt};
}

void PacingScheduler::on_session_reset() {
  std::vector<RequestId> forget;
  std::vector<RequestId> resubscribe;
  for (auto& [id, e] : entries_) {
    if (!e.live) continue;
    if (holds_line(e.request.kind) && !e.request.snapshot) {
      resubscribe.push_back(id);
    } else {
      forget.push_back(id);
    }
  }
  for (auto id : forget) erase(id);
  // Resubscribe in the order the streams were first queued.
  std::sort(resubscribe.begin(), resubscribe.end());
  const Timestamp t = now();
  for (auto id : resubscribe) {
    Entry& e = entries_.at(id);
    release(e);
    e.enqueued = t;
    push_queue(e);
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting

StreamState PacingScheduler::state(RequestId id) const {
  auto it = entries_.find(id);
  if (it == entries_.end()) return StreamState::kUnknown;
  return it->second.live ? StreamState::kLive : StreamState::kQueued;
}

std::string PacingScheduler::line_report() const {
  int waiting = 0;
  for (const auto& [key, id] : queue_) {
    if (holds_line(entries_.at(id).request.kind)) ++waiting;
  }
  std::string text;
  if (waiting == 0) {
    text = std::to_string(lines_in_use_) + " of " + std::to_string(line_limit()) + " market-data lines in use";
  } else if (policy_.rotation == LineRotation::kRoundRobin) {
    text = std::to_string(lines_in_use_ + waiting) + " streams for " + std::to_string(line_limit()) +
           " market-data lines: " + std::to_string(waiting) + " waiting, taking turns every " +
           seconds_text(policy_.rotation_dwell) + " (round-robin)";
  } else {
    text = std::to_string(lines_in_use_ + waiting) + " streams for " + std::to_string(line_limit()) +
           " market-data lines: " + std::to_string(waiting) + " waiting until a stream is cancelled (strict queue)";
  }
  if (learned_line_limit_ && *learned_line_limit_ < policy_.market_data_lines) {
    text += "; limit lowered from " + std::to_string(policy_.market_data_lines) + " after error 101";
  }
  return text;
}

PacingStats PacingScheduler::stats() const {
  PacingStats s;
  for (std::size_t i = 0; i < kRequestKindCount; ++i) {
    s.by_kind[i].queued = queued_by_kind_[i];
    s.by_kind[i].sent = sent_by_kind_[i];
    s.by_kind[i].wait = wait_by_kind_[i];
  }
  s.messages_sent = messages_sent_;
  s.queued = queue_.size();
  s.message_rate_limit = rate_limit_;
  s.configured_rate_limit = policy_.max_messages_per_second;
  s.pacing_errors = pacing_errors_;
  s.retries = retries_;
  s.abandoned = abandoned_;
  s.lines_in_use = lines_in_use_;
  s.line_limit = line_limit();
  s.configured_line_limit = policy_.market_data_lines;
  s.learned_line_limit = learned_line_limit_;
  for (const auto& [key, id] : queue_) {
    if (holds_line(entries_.at(id).request.kind)) ++s.streams_waiting_for_line;
  }
  s.rotations_out = rotations_out_;
  s.rotations_in = rotations_in_;
  s.line_report = line_report();
  s.historical_open = historical_open_;
  const Timestamp t = now();
  if (historical_paused_until_ > t) s.historical_paused_until = historical_paused_until_;
  if (realtime_paused_until_ > t) s.realtime_paused_until = realtime_paused_until_;
  return s;
}

}  // namespace rt::ib

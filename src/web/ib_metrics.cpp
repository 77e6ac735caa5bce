#include "web/ib_metrics.hpp"

#include <chrono>
#include <cmath>
#include <string>

namespace rt::web {
namespace {

std::vector<double> wait_bounds_seconds() {
  std::vector<double> out;
  for (auto ms : ib::WaitHistogram::kBucketUpperMs) out.push_back(static_cast<double>(ms) / 1000.0);
  return out;
}

double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

std::int64_t unix_ms(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

const char* farm_kind(ib::FarmKind kind) {
  switch (kind) {
    case ib::FarmKind::kMarketData: return "market_data";
    case ib::FarmKind::kHistorical: return "historical";
    case ib::FarmKind::kSecDef: return "secdef";
  }
  return "unknown";
}

}  // namespace

IbMetrics::IbMetrics(MetricsRegistry& r)
    : registry_(r),
      up_(r.gauge("rt_connection_up", "1 while a TWS session is ready or degraded.")),
      logins_(r.counter("rt_connection_logins_total", "Handshakes started.")),
      connects_(r.counter("rt_connection_connects_total", "Handshakes that reached ready.")),
      reconnects_(r.counter("rt_connection_reconnects_total", "Ready sessions after the first.")),
      heartbeats_sent_(r.counter("rt_heartbeats_sent_total", "Heartbeat requests sent.")),
      heartbeats_missed_(r.counter("rt_heartbeats_missed_total", "Heartbeats without a reply in time.")),
      heartbeat_age_(r.gauge("rt_heartbeat_age_seconds", "Seconds since the last heartbeat reply (NaN: never).")),
      down_for_(r.gauge("rt_connection_down_seconds", "Seconds the session has been down (0 while up).")),
      resubscriptions_(r.counter("rt_resubscriptions_total", "Subscriptions re-applied after a reconnect or 1101.")),
      late_replies_(r.counter("rt_late_replies_dropped_total", "Replies to finished requests, dropped.")),
      messages_out_(r.counter("rt_messages_out_total", "Messages sent to TWS through the pacing scheduler.")),
      queue_depth_(r.gauge("rt_pacing_queue_depth", "Requests waiting in the pacing scheduler.")),
      retries_(r.counter("rt_pacing_retries_total", "Requests re-queued after a pacing error.")),
      abandoned_(r.counter("rt_pacing_abandoned_total", "Requests given up after repeated pacing errors.")),
      rate_limit_(r.gauge("rt_pacing_message_rate_limit", "Messages allowed per window now.")),
      lines_in_use_(r.gauge("rt_market_data_lines_in_use", "Market-data lines held.")),
      line_limit_(r.gauge("rt_market_data_line_limit", "Market-data lines allowed.")),
      streams_waiting_(r.gauge("rt_market_data_streams_waiting", "Streams queued for a market-data line.")),
      rotations_out_(r.counter("rt_market_data_rotations_total", "Streams rotated out or back in.",
                               {{"direction", "out"}})),
      rotations_in_(r.counter("rt_market_data_rotations_total", "Streams rotated out or back in.",
                              {{"direction", "in"}})) {
  for (std::size_t i = 0; i < ib::kConnectionStateCount; ++i)
    state_[i] = &r.gauge("rt_connection_state", "1 for the session's current state.",
                         {{"state", ib::to_string(static_cast<ib::ConnectionState>(i))}});
  for (std::size_t i = 0; i < ib::kRequestKindCount; ++i) {
    std::string kind(ib::to_string(static_cast<ib::RequestKind>(i)));
    queued_[i] = &r.gauge("rt_pacing_queued", "Requests waiting, by kind.", {{"kind", kind}});
    sent_[i] = &r.counter("rt_pacing_sent_total", "Messages sent, by kind.", {{"kind", kind}});
    wait_[i] = &r.histogram("rt_pacing_wait_seconds", "Time from enqueue to send, by kind.", wait_bounds_seconds(),
                            {{"kind", kind}});
  }
  r.counter("rt_pacing_errors_total", "Pacing errors from TWS (100, 162, 420...), by code.", {{"code", "100"}});
}

void IbMetrics::update(const ib::ConnectionStats& s, ib::ConnectionState state, Timestamp now) {
  for (std::size_t i = 0; i < state_.size(); ++i)
    state_[i]->set(static_cast<std::size_t>(state) == i ? 1 : 0);
  up_.set(state == ib::ConnectionState::kReady || state == ib::ConnectionState::kDegraded ? 1 : 0);
  logins_.set_total(static_cast<double>(s.logins));
  connects_.set_total(static_cast<double>(s.connects));
  reconnects_.set_total(static_cast<double>(s.reconnects));
  heartbeats_sent_.set_total(static_cast<double>(s.heartbeats_sent));
  heartbeats_missed_.set_total(static_cast<double>(s.heartbeats_missed));
  heartbeat_age_.set(s.last_heartbeat ? seconds(now - *s.last_heartbeat) : std::nan(""));
  down_for_.set(s.down_since ? seconds(now - *s.down_since) : 0.0);
  resubscriptions_.set_total(static_cast<double>(s.resubscriptions));
  late_replies_.set_total(static_cast<double>(s.late_replies_dropped));
}

void IbMetrics::update(const ib::PacingStats& s) {
  messages_out_.set_total(static_cast<double>(s.messages_sent));
  queue_depth_.set(static_cast<double>(s.queued));
  for (std::size_t i = 0; i < ib::kRequestKindCount; ++i) {
    const auto& k = s.by_kind[i];
    queued_[i]->set(static_cast<double>(k.queued));
    sent_[i]->set_total(static_cast<double>(k.sent));
    wait_[i]->assign(k.wait.buckets(), seconds(k.wait.total()));
  }
  for (const auto& [code, count] : s.pacing_errors) {
    auto it = pacing_errors_.find(code);
    if (it == pacing_errors_.end())
      it = pacing_errors_
               .emplace(code, &registry_.counter("rt_pacing_errors_total",
                                                 "Pacing errors from TWS (100, 162, 420...), by code.",
                                                 {{"code", std::to_string(code)}}))
               .first;
    it->second->set_total(static_cast<double>(count));
  }
  retries_.set_total(static_cast<double>(s.retries));
  abandoned_.set_total(static_cast<double>(s.abandoned));
  rate_limit_.set(s.message_rate_limit);
  lines_in_use_.set(s.lines_in_use);
  line_limit_.set(s.line_limit);
  streams_waiting_.set(s.streams_waiting_for_line);
  rotations_out_.set_total(static_cast<double>(s.rotations_out));
  rotations_in_.set_total(static_cast<double>(s.rotations_in));
}

void IbMetrics::update(const ib::ConnectionManager& manager, const ib::PacingStats& pacing, Timestamp now) {
  update(manager.stats(), manager.state(), now);
  update(pacing);
}

void fill_connection_view(ConnectionView& view, const ib::ConnectionManager& manager) {
  auto state = manager.state();
  const auto& stats = manager.stats();
  view.state = ib::to_string(state);
  view.connected = state == ib::ConnectionState::kReady || state == ib::ConnectionState::kDegraded;
  if (auto info = manager.session_info(); info && view.connected) {
    view.server_version = info->server_version;
    view.client_id = info->client_id;
    view.host = info->host;
    view.port = info->port;
    view.accounts = info->accounts;
  } else {
    view.server_version = 0;
    view.accounts.clear();
  }
  view.farms.clear();
  for (const auto& [name, farm] : manager.farms())
    view.farms.push_back(FarmView{name, farm_kind(farm.kind), farm.ok, farm.last_code});
  view.last_heartbeat_ms = stats.last_heartbeat ? unix_ms(*stats.last_heartbeat) : 0;
  view.down_since_ms = stats.down_since ? unix_ms(*stats.down_since) : 0;
  view.connected_since_ms = 0;
  if (view.connected) {
    const auto& history = manager.history();
    for (auto it = history.rbegin(); it != history.rend(); ++it)
      if (it->to == ib::ConnectionState::kReady && it->from != ib::ConnectionState::kDegraded) {
        view.connected_since_ms = unix_ms(it->at);
        break;
      }
  }
  view.reconnects = stats.reconnects;
  if (auto failure = manager.last_failure())
    view.last_error = failure->describe(view.host, static_cast<std::uint16_t>(view.port));
  else
    view.last_error.clear();
}

}  // namespace rt::web

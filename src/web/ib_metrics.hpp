#pragma once
// IbMetrics: copies the ConnectionManager's and the pacing scheduler's stats into the
// MetricsRegistry (connection state, logins and reconnects, heartbeat age, resubscriptions, late
// replies, messages out, queue depth and waits per request kind, pacing errors by code,
// market-data lines and rotations), and fill_connection_view() builds the dashboard's connection
// panel from the ConnectionManager. Part of target rt_web_ib (rt_web + rt_ib).
//
// Series are registered in the constructor (pacing error codes when first seen), so update() is
// stores into existing series. Thread: the trading event loop. Borrows the registry.
#include <array>
#include <map>

#include "core/clock.hpp"
#include "ib/connection_manager.hpp"
#include "ib/pacing/pacing_stats.hpp"
#include "web/dashboard_model.hpp"
#include "web/metrics_registry.hpp"

namespace rt::web {

class IbMetrics {
 public:
  explicit IbMetrics(MetricsRegistry& registry);

  void update(const ib::ConnectionStats& stats, ib::ConnectionState state, Timestamp now);
  void update(const ib::PacingStats& stats);
  // Both, from the live objects.
  void update(const ib::ConnectionManager& manager, const ib::PacingStats& pacing, Timestamp now);

 private:
  MetricsRegistry& registry_;
  std::array<Gauge*, ib::kConnectionStateCount> state_{};
  Gauge& up_;
  Counter& logins_;
  Counter& connects_;
  Counter& reconnects_;
  Counter& heartbeats_sent_;
  Counter& heartbeats_missed_;
  Gauge& heartbeat_age_;
  Gauge& down_for_;
  Counter& resubscriptions_;
  Counter& late_replies_;
  Counter& messages_out_;
  Gauge& queue_depth_;
  std::array<Gauge*, ib::kRequestKindCount> queued_{};
  std::array<Counter*, ib::kRequestKindCount> sent_{};
  std::array<Histogram*, ib::kRequestKindCount> wait_{};
  std::map<int, Counter*> pacing_errors_;
  Counter& retries_;
  Counter& abandoned_;
  Gauge& rate_limit_;
  Gauge& lines_in_use_;
  Gauge& line_limit_;
  Gauge& streams_waiting_;
  Counter& rotations_out_;
  Counter& rotations_in_;
};

// The connection panel: state, server version, accounts, farms, heartbeat, reconnects, last error.
void fill_connection_view(ConnectionView& view, const ib::ConnectionManager& manager);

}  // namespace rt::web

#pragma once
// TraderMetrics: the trading metrics /metrics exposes that do not come from the IB stats structs:
// messages in, order-to-ack latency, orders, fills, risk denials, per-subscription staleness and
// the account gauges (equity, cash, P&L). Registered once; the fields are references into the
// registry, so updating them on the hot path is a plain add or store.
//
// Thread: the trading event loop (like the registry). Borrows the registry.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "web/dashboard_model.hpp"
#include "web/metrics_registry.hpp"

namespace rt::web {

class TraderMetrics {
 public:
  explicit TraderMetrics(MetricsRegistry& registry);

  Counter& messages_in;         // messages received from TWS
  Counter& orders_submitted;
  Counter& fills;
  Counter& risk_denials;
  Histogram& order_ack_seconds;  // placeOrder sent -> first orderStatus/openOrder
  Gauge& equity;
  Gauge& cash;
  Gauge& day_pnl;
  Gauge& total_pnl;
  Gauge& realized_pnl;
  Gauge& unrealized_pnl;
  Gauge& open_positions;
  Gauge& working_orders;
  Gauge& kill_switch;  // 1 while engaged

  // Copies the account, positions, orders and kill-switch figures from a model the runner built.
  void update_from(const DashboardModel& model);
  // Seconds since each subscription last delivered data (name -> age). Replaces the whole set.
  void set_staleness(const std::vector<std::pair<std::string, double>>& ages);

 private:
  MetricsRegistry& registry_;
};

}  // namespace rt::web

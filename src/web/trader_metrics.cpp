#include "web/trader_metrics.hpp"

namespace rt::web {
namespace {
constexpr std::string_view kStaleness = "rt_subscription_staleness_seconds";
}

TraderMetrics::TraderMetrics(MetricsRegistry& registry)
    : messages_in(registry.counter("rt_messages_in_total", "Messages received from TWS.")),
      orders_submitted(registry.counter("rt_orders_submitted_total", "Orders sent to the broker.")),
      fills(registry.counter("rt_fills_total", "Executions received (duplicates ignored).")),
      risk_denials(registry.counter("rt_risk_denials_total", "Orders denied by a risk rule.")),
      order_ack_seconds(registry.histogram("rt_order_ack_seconds",
                                           "Time from placeOrder to the broker's first acknowledgement.",
                                           {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10})),
      equity(registry.gauge("rt_equity", "Net liquidation value of the account.")),
      cash(registry.gauge("rt_cash", "Cash balance of the account.")),
      day_pnl(registry.gauge("rt_pnl_day", "Profit and loss since the session opened.")),
      total_pnl(registry.gauge("rt_pnl_total", "Profit and loss since the account started.")),
      realized_pnl(registry.gauge("rt_pnl_realized", "Realized profit and loss (FIFO).")),
      unrealized_pnl(registry.gauge("rt_pnl_unrealized", "Unrealized profit and loss at the last prices.")),
      open_positions(registry.gauge("rt_positions_open", "Symbols with a non-zero position.")),
      working_orders(registry.gauge("rt_orders_working", "Orders working at the broker.")),
      kill_switch(registry.gauge("rt_kill_switch_engaged", "1 while the kill switch is engaged.")),
      registry_(registry) {
  registry.gauge(kStaleness, "Seconds since a subscription last delivered data.", {{"subscription", ""}});
  registry.clear_gauge_family(kStaleness);
}

void TraderMetrics::update_from(const DashboardModel& model) {
  // Prometheus samples are floating point by the format; the model's decimals are converted here.
  equity.set(model.account.net_liquidation.to_double());
  cash.set(model.account.cash.to_double());
  day_pnl.set(model.account.day_pnl.to_double());
  total_pnl.set(model.account.total_pnl.to_double());
  realized_pnl.set(model.account.realized_pnl.to_double());
  unrealized_pnl.set(model.account.unrealized_pnl.to_double());
  double open = 0;
  for (const auto& p : model.positions)
    if (!p.quantity.is_zero()) open += 1;
  open_positions.set(open);
  working_orders.set(static_cast<double>(model.orders.size()));
  kill_switch.set(model.kill_switch.engaged ? 1 : 0);
}

void TraderMetrics::set_staleness(const std::vector<std::pair<std::string, double>>& ages) {
  registry_.clear_gauge_family(kStaleness);
  for (const auto& [name, age] : ages)
    registry_.gauge(kStaleness, "Seconds since a subscription last delivered data.", {{"subscription", name}}).set(age);
}

}  // namespace rt::web

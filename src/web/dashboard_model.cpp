#include "web/dashboard_model.hpp"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "web/exchange_time.hpp"

namespace rt::web {
namespace {

nlohmann::json halted_json(const std::map<std::string, std::string>& halted) {
  auto out = nlohmann::json::array();
  for (const auto& [symbol, reason] : halted) out.push_back({{"symbol", symbol}, {"reason", reason}});
  return out;
}

using nlohmann::json;

// Money and quantities leave as decimal strings, straight from the Decimal.
json number(Decimal v) { return v.to_string(); }
// A price that may be absent (0 = no stop, no limit): null rather than "0".
json price_or_null(Decimal v) { return v.is_zero() ? json(nullptr) : json(v.to_string()); }
// Exchange time, RFC 3339 with New York's offset; null for "never" (0).
json when(std::int64_t unix_ms) { return unix_ms == 0 ? json(nullptr) : json(exchange_time_ms(unix_ms)); }
// A daily snapshot's trading date (stored as that date's midnight UTC): "2025-01-15", not an instant.
json day_of(std::int64_t unix_ms) {
  const std::chrono::year_month_day ymd{
      std::chrono::floor<std::chrono::days>(std::chrono::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{unix_ms}})};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

template <class T, class F>
json tail_array(const std::vector<T>& items, std::size_t max, F&& convert) {
  json out = json::array();
  std::size_t start = items.size() > max ? items.size() - max : 0;
  for (std::size_t i = start; i < items.size(); ++i) out.push_back(convert(items[i]));
  return out;
}

json connection_json(const ConnectionView& c) {
  json farms = json::array();
  for (const auto& f : c.farms)
    farms.push_back({{"name", f.name}, {"kind", f.kind}, {"ok", f.ok}, {"last_code", f.last_code}});
  return {{"state", c.state},
          {"connected", c.connected},
          {"server_version", c.server_version},
          {"client_id", c.client_id},
          {"host", c.host},
          {"port", c.port},
          {"accounts", c.accounts},
          {"farms", std::move(farms)},
          {"last_heartbeat", when(c.last_heartbeat_ms)},
          {"connected_since", when(c.connected_since_ms)},
          {"down_since", when(c.down_since_ms)},
          {"reconnects", c.reconnects},
          {"last_error", c.last_error}};
}

json account_json(const AccountView& a) {
  return {{"account", a.account},
          {"net_liquidation", number(a.net_liquidation)},
          {"cash", number(a.cash)},
          {"day_pnl", number(a.day_pnl)},
          {"total_pnl", number(a.total_pnl)},
          {"realized_pnl", number(a.realized_pnl)},
          {"unrealized_pnl", number(a.unrealized_pnl)},
          {"currency", a.currency},
          {"ib", a.ib_known ? json{{"net_liquidation", number(a.ib_net_liquidation)},
                                   {"cash", number(a.ib_cash)},
                                   {"agrees", a.ib_agrees},
                                   {"detail", a.ib_detail},
                                   {"day_pnl", a.ib_day_pnl ? number(*a.ib_day_pnl) : json(nullptr)}}
                            : json(nullptr)}};
}

}  // namespace

std::string to_json(const DashboardModel& m) {
  json positions = json::array();
  for (const auto& p : m.positions)
    positions.push_back({{"symbol", p.symbol},
                         {"quantity", number(p.quantity)},
                         {"average_cost", number(p.average_cost)},
                         {"price", number(p.price)},
                         {"market_value", number(p.market_value)},
                         {"unrealized_pnl", number(p.unrealized_pnl)},
                         {"realized_pnl", number(p.realized_pnl)},
                         {"stop_price", price_or_null(p.stop_price)},
                         {"protection", p.protection},
                         {"protection_ref", p.protection_ref},
                         {"mark_time", when(p.mark_time_ms)},
                         {"mark_source", p.mark_source},
                         {"ib", p.ib_known ? json{{"quantity", number(p.ib_quantity)},
                                                  {"value", p.ib_value ? number(*p.ib_value) : json(nullptr)},
                                                  {"agrees", p.ib_agrees},
                                                  {"detail", p.ib_detail}}
                                           : json(nullptr)}});
  json limits = json::array();
  for (const auto& l : m.limits) limits.push_back({{"name", l.name}, {"value", l.value}});

  json out = {
      {"time_zone", "America/New_York"},
      {"mode", m.mode},
      {"now", when(m.now_ms)},
      {"started", when(m.started_ms)},
      {"sequence", m.sequence},
      {"connection", connection_json(m.connection)},
      {"account", account_json(m.account)},
      {"positions", std::move(positions)},
      {"orders", tail_array(m.orders, DashboardModel::kMaxOrders,
                            [](const OrderView& o) {
                              return json{{"order_ref", o.order_ref}, {"order_id", o.order_id},
                                          {"symbol", o.symbol},       {"side", o.side},
                                          {"type", o.type},           {"quantity", number(o.quantity)},
                                          {"filled", number(o.filled)}, {"limit_price", price_or_null(o.limit_price)},
                                          {"stop_price", price_or_null(o.stop_price)}, {"status", o.status},
                                          {"submitted", when(o.submitted_ms)}};
                            })},
      {"fills", tail_array(m.fills, DashboardModel::kMaxFills,
                           [](const FillView& f) {
                             return json{{"exec_id", f.exec_id},     {"symbol", f.symbol},
                                         {"side", f.side},           {"quantity", number(f.quantity)},
                                         {"price", number(f.price)}, {"commission", number(f.commission)},
                                         {"time", when(f.time_ms)}};
                           })},
      {"signals", tail_array(m.signals, DashboardModel::kMaxSignals,
                             [](const SignalView& s) {
                               return json{{"symbol", s.symbol}, {"strategy", s.strategy}, {"action", s.action},
                                           {"detail", s.detail}, {"time", when(s.time_ms)}};
                             })},
      {"denials", tail_array(m.denials, DashboardModel::kMaxDenials,
                             [](const DenialView& d) {
                               return json{{"symbol", d.symbol}, {"rule", d.rule}, {"reason", d.reason},
                                           {"time", when(d.time_ms)}};
                             })},
      {"kill_switch", {{"engaged", m.kill_switch.engaged}, {"kind", m.kill_switch.kind},
                       {"reason", m.kill_switch.reason}, {"since", when(m.kill_switch.since_ms)}}},
      {"halted", halted_json(m.halted)},
      {"limits", std::move(limits)},
      {"equity", tail_array(m.equity, DashboardModel::kMaxEquityPoints,
                            [](const EquityPoint& e) { return json::array({when(e.time_ms), number(e.equity)}); })},
      {"equity_days", tail_array(m.equity_days, DashboardModel::kMaxEquityDays,
                                 [](const EquityPoint& e) { return json::array({day_of(e.time_ms), number(e.equity)}); })},
      {"log", tail_array(m.log, DashboardModel::kMaxLogLines,
                         [](const LogLine& l) {
                           return json{{"time", when(l.time_ms)}, {"level", l.level}, {"text", l.text}};
                         })},
  };
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace rt::web

#pragma once
// DashboardModel: everything the dashboard page shows, as plain values. The runner fills it on the
// trading event loop and hands it to DashboardServer::publish(); to_json() is what /api/state
// serves and what WebSocket clients receive.
//
// Money and quantities are Decimal, copied from the ledger, and leave as decimal strings
// ("100500.25"), never through a double. Times are Unix milliseconds here (0 = never) and leave as
// exchange time, RFC 3339 with New York's offset (null = never). docs/json-output.md and
// docs/schemas/api-state.schema.json describe the payload. Lists are bounded by to_json() (the
// newest kMax* items are kept), so the runner may keep appending; trim_to() keeps its own copy
// bounded too.
//
// Thread: a plain value; no synchronisation. No JSON or network types in this header.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/decimal.hpp"

namespace rt::web {

struct FarmView {
  std::string name;
  std::string kind;  // "market_data", "historical", "secdef"
  bool ok = true;
  int last_code = 0;
};

struct ConnectionView {
  std::string state = "disconnected";  // ib::to_string(ConnectionState): ready, degraded, ...
  bool connected = false;              // ready or degraded: a live session exists
  int server_version = 0;
  int client_id = 0;
  std::string host;
  int port = 0;
  std::vector<std::string> accounts;
  std::vector<FarmView> farms;
  std::int64_t last_heartbeat_ms = 0;
  std::int64_t connected_since_ms = 0;
  std::int64_t down_since_ms = 0;
  std::uint64_t reconnects = 0;
  std::string last_error;
};

struct AccountView {
  std::string account;
  Decimal net_liquidation;
  Decimal cash;
  Decimal day_pnl;
  Decimal total_pnl;
  Decimal realized_pnl;
  Decimal unrealized_pnl;
  std::string currency = "USD";
  // IB's own view (account summary), once the trader has read it.
  bool ib_known = false;
  Decimal ib_net_liquidation;
  Decimal ib_cash;
  bool ib_agrees = true;
  std::string ib_detail;
  std::optional<Decimal> ib_day_pnl;  // IB's reqPnL daily figure, once streamed
};

struct PositionView {
  std::string symbol;
  Decimal quantity;
  Decimal average_cost;
  Decimal price;
  Decimal market_value;
  Decimal unrealized_pnl;
  Decimal realized_pnl;
  Decimal stop_price;  // 0 = no stop
  std::int64_t mark_time_ms = 0;  // when the price was seen (market clock)
  std::string mark_source;        // trade, midpoint, close or fill
  // IB's reqPnLSingle for this position, once it has answered.
  bool ib_known = false;
  Decimal ib_quantity;
  std::optional<Decimal> ib_value;
  bool ib_agrees = true;
  std::string ib_detail;
  // Where the position's protective stop lives: "broker" (an order resting at IB), "local" (the
  // trader's StopBook), "broker+local", or "none".
  std::string protection = "none";
  std::string protection_ref;  // the protective order's ref at the broker
};

struct OrderView {
  std::string order_ref;
  std::int64_t order_id = 0;
  std::string symbol;
  std::string side;  // BUY / SELL
  std::string type;  // MKT, LMT, STP
  Decimal quantity;
  Decimal filled;
  Decimal limit_price;
  Decimal stop_price;
  std::string status;
  std::int64_t submitted_ms = 0;
};

struct FillView {
  std::string exec_id;
  std::string symbol;
  std::string side;
  Decimal quantity;
  Decimal price;
  Decimal commission;
  std::int64_t time_ms = 0;
};

struct SignalView {
  std::string symbol;
  std::string strategy;
  std::string action;  // "buy", "sell", "exit", ...
  std::string detail;
  std::int64_t time_ms = 0;
};

struct DenialView {
  std::string symbol;
  std::string rule;
  std::string reason;
  std::int64_t time_ms = 0;
};

struct KillSwitchView {
  bool engaged = false;
  std::string kind;  // "manual", "loss", "connection", ...
  std::string reason;
  std::int64_t since_ms = 0;
};

// A risk limit in force, shown as a name and a value the user recognises from the config.
struct LimitView {
  std::string name;
  std::string value;
};

struct EquityPoint {
  std::int64_t time_ms = 0;
  Decimal equity;
};

struct LogLine {
  std::int64_t time_ms = 0;
  std::string level;
  std::string text;
};

struct DashboardModel {
  static constexpr std::size_t kMaxOrders = 200;
  static constexpr std::size_t kMaxFills = 100;
  static constexpr std::size_t kMaxSignals = 100;
  static constexpr std::size_t kMaxDenials = 100;
  static constexpr std::size_t kMaxEquityPoints = 2000;
  static constexpr std::size_t kMaxEquityDays = 2000;
  static constexpr std::size_t kMaxLogLines = 200;

  std::string mode;  // "paper", "live", "sim"
  std::int64_t now_ms = 0;
  std::int64_t started_ms = 0;
  std::uint64_t sequence = 0;  // set by the server on publish: increases with every publish
  ConnectionView connection;
  AccountView account;
  std::vector<PositionView> positions;
  std::vector<OrderView> orders;
  std::vector<FillView> fills;      // oldest first
  std::vector<SignalView> signals;  // oldest first
  std::vector<DenialView> denials;  // oldest first
  KillSwitchView kill_switch;
  std::map<std::string, std::string> halted;  // symbol -> why its orders are halted
  std::vector<LimitView> limits;
  std::vector<EquityPoint> equity;  // oldest first
  std::vector<EquityPoint> equity_days;  // the stored daily snapshots' equity, oldest first
  std::vector<LogLine> log;         // oldest first
};

// The model as one JSON object (UTF-8; invalid UTF-8 in strings is replaced, never thrown).
[[nodiscard]] std::string to_json(const DashboardModel& model);

// Keeps the newest `max` items of a list (drops from the front).
template <class T>
void trim_to(std::vector<T>& items, std::size_t max) {
  if (items.size() > max) items.erase(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(items.size() - max));
}

}  // namespace rt::web

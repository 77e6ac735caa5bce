#include "ib/broker/order_event_mapper.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

#include "trading/market/eastern_time.hpp"

namespace rt::ib {
namespace {

using trading::OrderStatus;

std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  auto [p, ec] = std::from_chars(s.data() + pos, s.data() + pos + n, v);
  if (ec != std::errc{} || p != s.data() + pos + n) return std::nullopt;
  return v;
}

}  // namespace

std::optional<OrderStatus> map_order_status(std::string_view s, Decimal filled) {
  if (s == "PendingSubmit" || s == "ApiPending") return OrderStatus::PendingSubmit;
  if (s == "PreSubmitted" || s == "Submitted") {
    return filled > Decimal{} ? OrderStatus::PartiallyFilled : OrderStatus::Submitted;
  }
  if (s == "Filled") return OrderStatus::Filled;
  if (s == "Cancelled" || s == "ApiCancelled") return OrderStatus::Cancelled;
  if (s == "Inactive") return OrderStatus::Inactive;
  return std::nullopt;  // PendingCancel, or a word we do not know
}

std::optional<trading::BrokerOrderUpdate> to_order_update(const tws::OrderStatus& m, std::string order_ref) {
  auto status = map_order_status(m.status, m.filled);
  if (!status) return std::nullopt;
  trading::BrokerOrderUpdate u;
  u.order_ref = std::move(order_ref);
  u.perm_id = m.perm_id;
  u.broker_order_id = m.order_id;
  u.status = *status;
  u.reason = "orderStatus " + m.status + " filled " + m.filled.to_string() + " remaining " + m.remaining.to_string();
  if (!m.why_held.empty()) u.reason += " (held: " + m.why_held + ")";
  return u;
}

std::optional<trading::BrokerOrderUpdate> to_order_update(const tws::OpenOrder& m) {
  auto status = map_order_status(m.state.status);
  if (!status) return std::nullopt;
  trading::BrokerOrderUpdate u;
  u.order_ref = m.order.order_ref;
  u.perm_id = m.order.perm_id;
  u.broker_order_id = m.order_id;
  u.status = *status;
  u.reason = "openOrder " + m.state.status;
  if (!m.state.warning_text.empty()) u.reason += ": " + m.state.warning_text;
  return u;
}

Result<trading::BrokerOpenOrder> to_broker_open_order(const tws::OpenOrder& m, const tws::OrderStatus* st) {
  trading::BrokerOpenOrder b;
  b.order_ref = m.order.order_ref;
  b.perm_id = m.order.perm_id;
  b.broker_order_id = m.order_id;
  b.symbol = m.contract.symbol;
  if (m.order.action == "BUY") {
    b.side = trading::Side::Buy;
  } else if (m.order.action == "SELL" || m.order.action == "SSHORT") {
    b.side = trading::Side::Sell;
  } else {
    return fail(ErrorCode::kParse, "openOrder " + std::to_string(m.order_id) + ": unknown action '" + m.order.action + "'");
  }
  b.quantity = m.order.total_quantity;
  auto type = trading::parse_order_type(m.order.order_type);
  // Orders of types we never place (placed elsewhere) are still reported; show them as market.
  b.type = type.value_or(trading::OrderType::Market);
  Decimal filled = st != nullptr ? st->filled : Decimal{};
  std::string word = st != nullptr && !st->status.empty() ? st->status : m.state.status;
  b.status = map_order_status(word, filled).value_or(trading::OrderStatus::Submitted);
  b.filled_quantity = filled;
  if (b.perm_id == 0 && st != nullptr) b.perm_id = st->perm_id;
  return b;
}

std::optional<Timestamp> parse_execution_time(std::string_view t) {
  using namespace std::chrono;
  auto y = digits(t, 0, 4);
  auto mo = digits(t, 4, 2);
  auto d = digits(t, 6, 2);
  if (!y || !mo || !d || t.size() < 9) return std::nullopt;
  std::size_t pos = 8;
  bool utc_dash = false;
  if (t[pos] == '-') {
    utc_dash = true;
    ++pos;
  } else {
    while (pos < t.size() && t[pos] == ' ') ++pos;
    if (pos == 8) return std::nullopt;
  }
  auto hh = digits(t, pos, 2);
  auto mm = digits(t, pos + 3, 2);
  auto ss = digits(t, pos + 6, 2);
  if (!hh || !mm || !ss || t[pos + 2] != ':' || t[pos + 5] != ':') return std::nullopt;
  if (*hh > 23 || *mm > 59 || *ss > 60) return std::nullopt;
  year_month_day ymd{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  std::string_view zone = t.substr(std::min(t.size(), pos + 8));
  while (!zone.empty() && zone.front() == ' ') zone.remove_prefix(1);
  const sys_days day_start{ymd};
  const seconds tod = hours(*hh) + minutes(*mm) + seconds(*ss);
  if (utc_dash || zone.empty() || zone == "UTC" || zone == "GMT" || zone == "Etc/UTC") {
    return Timestamp{duration_cast<nanoseconds>((day_start + tod).time_since_epoch())};
  }
  if (zone == "US/Eastern" || zone == "America/New_York" || zone == "EST" || zone == "EDT" ||
      zone == "EST5EDT") {
    return trading::EasternTime::to_utc(ymd, hours(*hh) + minutes(*mm)) + seconds(*ss);
  }
  return std::nullopt;
}

std::string execution_filter_since_day_start(Timestamp now) {
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(now)};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u-00:00:00", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Result<trading::Fill> to_fill(const tws::ExecutionData& e, Timestamp fallback_time) {
  auto bad = [&](const std::string& what) {
    return fail(ErrorCode::kParse, "execDetails " + e.exec_id + " (" + e.contract.symbol + "): " + what);
  };
  if (e.exec_id.empty()) return bad("exec id is empty");
  if (e.contract.symbol.empty()) return bad("symbol is empty");
  trading::Fill f;
  f.exec_id = e.exec_id;
  f.order_ref = e.order_ref;
  f.perm_id = e.perm_id;
  f.symbol = e.contract.symbol;
  if (e.side == "BOT") {
    f.side = trading::Side::Buy;
  } else if (e.side == "SLD") {
    f.side = trading::Side::Sell;
  } else {
    return bad("unknown side '" + e.side + "' (expected BOT or SLD)");
  }
  if (e.shares <= Decimal{}) return bad("shares must be positive, got " + e.shares.to_string());
  if (e.price <= Decimal{}) return bad("price must be positive, got " + e.price.to_string());
  f.quantity = e.shares;
  f.price = e.price;
  f.time = parse_execution_time(e.time).value_or(fallback_time);
  return f;
}

std::optional<OrderErrorEffect> classify_order_error(int code, std::string_view message) {
  std::string reason = std::to_string(code) + ": " + std::string(message);
  switch (code) {
    case 103:  // duplicate order id
    case 200:  // no security definition
    case 201:  // order rejected
    case 434:  // order size cannot be zero
      return OrderErrorEffect{OrderStatus::Rejected, std::move(reason)};
    case 202:    // order cancelled
    case 135:    // cannot find order (older builds)
    case 10147:  // order to be cancelled was not found
      return OrderErrorEffect{OrderStatus::Cancelled, std::move(reason)};
    default:
      return std::nullopt;
  }
}

trading::BrokerPosition to_broker_position(const tws::PositionData& p) {
  return trading::BrokerPosition{p.contract.symbol, p.position, p.avg_cost};
}

bool is_paper_account(std::string_view account) { return account.size() > 2 && account.starts_with("DU"); }

}  // namespace rt::ib

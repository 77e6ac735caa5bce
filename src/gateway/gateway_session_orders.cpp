// GatewaySession, the order half: placeOrder, cancelOrder, reqGlobalCancel, the open-order
// requests, reqExecutions and reqCompletedOrders (today's finished orders) served from the SimBroker, and the broker's
// events turned into this client's messages (TWS_PROTOCOL.md sections 4.12-4.16).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "gateway/account_report.hpp"
#include "gateway/broker/sim_broker.hpp"
#include "gateway/gateway_session.hpp"
#include "trading/market/eastern_time.hpp"

namespace rt::gateway {

namespace {

constexpr const char* kNoBroker = "Error validating request: orders are not supported by this gateway";

// ACCT_UPDATE_TIME text: "HH:mm" of the clock (UTC), as the account-updates reply sends it.
std::string hh_mm_text(Timestamp t) {
  const auto secs = std::chrono::floor<std::chrono::seconds>(t);
  const std::chrono::hh_mm_ss hms{secs - std::chrono::floor<std::chrono::days>(secs)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02ld:%02ld", static_cast<long>(hms.hours().count()),
                static_cast<long>(hms.minutes().count()));
  return buf;
}

}  // namespace

std::int64_t GatewaySession::next_valid_order_id() const {
  const auto floor = std::max(next_order_id_, ctx_.config.first_order_id);
  if (ctx_.broker == nullptr || !client_id_) return floor;
  return ctx_.broker->next_valid_id(*client_id_, floor);
}

void GatewaySession::subscribe_broker() {
  if (ctx_.broker == nullptr || broker_token_) return;
  broker_token_ = ctx_.broker->subscribe([this](const BrokerEvent& e) { on_broker_event(e); });
}

void GatewaySession::unsubscribe_broker() {
  if (ctx_.broker != nullptr && broker_token_) ctx_.broker->unsubscribe(*broker_token_);
  broker_token_.reset();
}

void GatewaySession::set_push_handler(PushHandler handler) { push_handler_ = std::move(handler); }

SessionOutput GatewaySession::take_pushed() {
  SessionOutput out = std::move(pushed_);
  pushed_ = SessionOutput{};
  return out;
}

void GatewaySession::on_place_order(const tws::PlaceOrder& m, SessionOutput& out) {
  if (ctx_.broker == nullptr || !client_id_) {
    send_error(m.order_id, kErrValidatingRequest, kNoBroker, out);
    return;
  }
  auto& broker = *ctx_.broker;
  if (m.order.what_if) {
    // Answered to the asking session only: a what-if order is never placed, so no other client
    // hears of it and no orderStatus follows.
    auto answer = broker.what_if(m);
    if (answer) {
      send(tws::encode(*answer, server_version_), out);
      return;
    }
    send_rejection(answer.error(), out);
    return;
  }
  const bool drop = broker.drop_before_ack_armed();
  auto rejection = broker.place(*client_id_, m, drop ? broker_token_ : std::nullopt);
  if (rejection) {
    spdlog::info("gateway session {}: order {} of client {} rejected: {} {}", id_, m.order_id, *client_id_,
                 rejection->code, rejection->message);
    send_rejection(*rejection, out);
    return;
  }
  if (drop && broker.take_drop_before_ack()) {
    close("fault drop-before-ack: order " + std::to_string(m.order_id) + " accepted, connection dropped before its ack",
          out);
  }
}

void GatewaySession::send_rejection(const OrderRejection& rejection, SessionOutput& out) {
  tws::ErrorMessage e;
  e.id = rejection.order_id;
  e.code = rejection.code;
  e.message = rejection.message;
  e.advanced_order_reject_json = rejection.reject_json;
  e.error_time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(ctx_.clock.now().time_since_epoch()).count();
  ++stats_.errors_out;
  send(tws::encode(e, server_version_), out);
}

void GatewaySession::on_cancel_order(const tws::CancelOrder& m, SessionOutput& out) {
  if (ctx_.broker == nullptr || !client_id_) {
    send_error(m.order_id, kErrValidatingRequest, kNoBroker, out);
    return;
  }
  if (auto rejection = ctx_.broker->cancel(*client_id_, m.order_id)) {
    send_error(rejection->order_id, rejection->code, std::move(rejection->message), out);
  }
}

void GatewaySession::on_global_cancel(SessionOutput& out) {
  if (ctx_.broker == nullptr) {
    send_error(-1, kErrValidatingRequest, kNoBroker, out);
    return;
  }
  ctx_.broker->cancel_all();
}

void GatewaySession::on_open_orders(bool all_clients, SessionOutput& out) {
  if (ctx_.broker != nullptr && client_id_) {
    for (const auto& o : ctx_.broker->orders()) {
      if (!o.working || (!all_clients && o.client_id != *client_id_)) continue;
      send(tws::encode(SimBroker::open_order_message(o), server_version_), out);
      send(tws::encode(SimBroker::order_status_message(o), server_version_), out);
    }
  }
  send(tws::encode(tws::OpenOrderEnd{}, server_version_), out);
}

// Today's finished orders of every client, oldest first. apiOnly keeps those an API client placed,
// which here is all of them.
void GatewaySession::on_completed_orders(const tws::ReqCompletedOrders& /*m*/, SessionOutput& out) {
  if (ctx_.broker != nullptr) {
    const auto today = trading::EasternTime::local_date(ctx_.clock.now());
    for (const auto& o : ctx_.broker->orders()) {
      if (o.working || !o.completed_at || trading::EasternTime::local_date(*o.completed_at) != today) continue;
      send(tws::encode(SimBroker::completed_order_message(o), server_version_), out);
    }
  }
  send(tws::encode(tws::CompletedOrdersEnd{}, server_version_), out);
}

void GatewaySession::on_auto_open_orders(const tws::ReqAutoOpenOrders& m, SessionOutput& out) {
  if (client_id_ && *client_id_ != 0) {
    send_error(-1, kErrValidatingRequest,
               "Error validating request: reqAutoOpenOrders is only allowed for client id 0", out);
    return;
  }
  auto_open_orders_ = m.auto_bind;
}

void GatewaySession::on_executions(const tws::ReqExecutions& m, SessionOutput& out) {
  if (ctx_.broker != nullptr) {
    for (const SimExecution* e : ctx_.broker->executions(m.filter)) {
      send(tws::encode(SimBroker::execution_message(*e, m.req_id), server_version_), out);
      send(tws::encode(SimBroker::commission_message(*e), server_version_), out);
    }
  }
  send(tws::encode(tws::ExecutionDataEnd{m.req_id}, server_version_), out);
}

void GatewaySession::on_broker_event(const BrokerEvent& e) {
  if (state_ != SessionState::kReady || !client_id_) return;
  SessionOutput local;
  SessionOutput& out = current_out_ != nullptr ? *current_out_ : local;
  const bool own = e.order != nullptr && e.order->client_id == *client_id_;
  switch (e.kind) {
    case BrokerEventKind::kOrderStatus:
      if (!own && !auto_open_orders_) return;
      if (e.open_order) send(tws::encode(SimBroker::open_order_message(*e.order), server_version_), out);
      send(tws::encode(SimBroker::order_status_message(*e.order), server_version_), out);
      break;
    case BrokerEventKind::kExecution:
      if (!own) return;
      send(tws::encode(SimBroker::execution_message(*e.execution, -1), server_version_), out);
      if (e.repeat_execution) send(tws::encode(SimBroker::execution_message(*e.execution, -1), server_version_), out);
      if (ctx_.broker->take_drop_before_commission()) {
        close("fault drop-before-commission: execution " + e.execution->exec_id +
                  " sent, connection dropped before its commissionReport",
              out);
        break;
      }
      send(tws::encode(SimBroker::commission_message(*e.execution), server_version_), out);
      break;
    case BrokerEventKind::kOrderNotice:
      if (!own) return;
      send_error(e.order->order_id, e.code, e.message, out);
      break;
    case BrokerEventKind::kPortfolio:
      push_pnl(out);
      if (!push_portfolio(e.account, e.symbol, out) && out.frames.empty()) return;
      break;
    case BrokerEventKind::kMarks:
      if (pnl_subscriptions_.empty()) return;
      push_pnl(out);
      break;
  }
  if (&out == &local) push(std::move(local));
}

bool GatewaySession::push_portfolio(const std::string& account_code, const std::string& symbol, SessionOutput& out) {
  const Account* account = find_account(account_code);
  if (account == nullptr) return false;
  const SimPosition* p = account->find(symbol);
  tws::Contract contract = p != nullptr ? p->contract : stock_contract(symbol);
  const auto before = out.frames.size();
  push_multi(*account, contract, p, out);
  bool sent = out.frames.size() != before;
  if (positions_subscribed_) {
    tws::PositionData m;
    m.account = account->code();
    m.contract = contract;
    m.contract.exchange = contract.primary_exchange;
    m.contract.primary_exchange.clear();
    m.position = p != nullptr ? p->quantity : Decimal{};
    m.avg_cost = p != nullptr ? p->average_cost : Decimal{};
    send(tws::encode(m, server_version_), out);
    sent = true;
  }
  if (account_updates_account_ && *account_updates_account_ == account->code()) {
    for (auto& row : account_update_values(*account)) {
      send(tws::encode(tws::AccountValue{std::move(row.tag), std::move(row.value), std::move(row.currency), account->code()}, server_version_), out);
    }
    tws::PortfolioValue v;
    v.contract = contract;
    v.contract.exchange.clear();
    if (p != nullptr) {
      v.position = p->quantity;
      v.market_price = p->mark_price;
      v.market_value = p->market_value();
      v.average_cost = p->average_cost;
      v.unrealized_pnl = p->unrealized_pnl();
    }
    v.realized_pnl = account->realized_pnl();
    v.account = account->code();
    send(tws::encode(v, server_version_), out);
    send(tws::encode(tws::AccountUpdateTime{hh_mm_text(ctx_.clock.now())}, server_version_), out);
    sent = true;
  }
  return sent;
}

void GatewaySession::push(SessionOutput out) {
  if (out.frames.empty() && !out.close) return;
  if (push_handler_) {
    push_handler_(std::move(out));
    return;
  }
  for (auto& f : out.frames) pushed_.frames.push_back(std::move(f));
}

}  // namespace rt::gateway

// GatewaySession, the P&L half: reqPnL and reqPnLSingle served from the account book, marked from
// the synthetic market, with an update whenever a fill or the market changes the figures.
#include "gateway/gateway_session.hpp"

namespace rt::gateway {

void GatewaySession::on_req_pnl(int req_id, const std::string& account, std::int64_t con_id, SessionOutput& out) {
  if (server_version_ < tws::sv::kPnL) {
    send_error(req_id, kErrValidatingRequest, "Error validating request: P&L requests need server version 127", out);
    return;
  }
  if (find_account(account) == nullptr) {
    send_error(req_id, kErrValidatingRequest, "Error validating request: account '" + account + "' is not managed here",
               out);
    return;
  }
  if (pnl_subscriptions_.contains(req_id)) {
    send_error(req_id, kErrProcessingRequest,
               "Error processing request: P&L request id " + std::to_string(req_id) + " is already active", out);
    return;
  }
  auto& sub = pnl_subscriptions_[req_id];
  sub.account = account;
  sub.con_id = con_id;
  sub.last_frame = pnl_frame(req_id, account, con_id);
  send(sub.last_frame, out);
}

void GatewaySession::on_cancel_pnl(int req_id) { pnl_subscriptions_.erase(req_id); }

void GatewaySession::push_pnl(SessionOutput& out) {
  for (auto& [req_id, sub] : pnl_subscriptions_) {
    auto frame = pnl_frame(req_id, sub.account, sub.con_id);
    if (frame == sub.last_frame) continue;
    sub.last_frame = frame;
    send(std::move(frame), out);
  }
}

std::string GatewaySession::pnl_frame(int req_id, const std::string& account_code, std::int64_t con_id) const {
  const Account* account = find_account(account_code);
  if (account == nullptr) return {};
  if (con_id == 0) {
    const auto m = account->metrics();
    return tws::encode(tws::PnL{req_id, account->daily_pnl(), m.unrealized_pnl, account->realized_today()},
                       server_version_);
  }
  tws::PnLSingle single;
  single.req_id = req_id;
  for (const auto& symbol : account->symbols_of_the_day()) {
    const SimPosition* p = account->find(symbol);
    const auto contract = p != nullptr ? p->contract : stock_contract(symbol);
    if (contract.con_id != con_id) continue;
    single.daily = account->daily_pnl(symbol);
    single.realized = account->realized_today(symbol);
    if (p != nullptr) {
      single.position = p->quantity;
      single.unrealized = p->unrealized_pnl();
      single.value = p->market_value();
    }
    break;
  }
  // Not held or traded today: a flat position, as TWS reports one.
  if (!single.daily) single.daily = single.realized = Decimal{};
  if (!single.unrealized) single.unrealized = single.value = Decimal{};
  return tws::encode(single, server_version_);
}

}  // namespace rt::gateway

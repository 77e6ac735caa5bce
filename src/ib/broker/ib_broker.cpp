#include "ib/broker/ib_broker.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <utility>

#include "ib/broker/order_event_mapper.hpp"
#include "tws/messages/codec.hpp"

namespace rt::ib {

IbBroker::IbBroker(ConnectionManager& connections, PacingDriver* pacer, const OrderGate& gate, IbBrokerConfig config)
    : connections_(connections), pacer_(pacer), gate_(gate), config_(std::move(config)) {}

std::string IbBroker::account() const {
  if (!config_.account.empty()) return config_.account;
  if (auto info = connections_.session_info(); info && !info->accounts.empty()) return info->accounts.front();
  return {};
}

std::unexpected<Error> IbBroker::refuse(ErrorCode code, std::string message) {
  ++stats_.refused;
  spdlog::warn("orders: {}", message);
  return fail(code, std::move(message));
}

void IbBroker::on_next_valid_id(std::int64_t id) {
  if (id > next_id_) next_id_ = id;
}

void IbBroker::note_used_order_id(std::int64_t id) {
  if (id >= next_id_) next_id_ = id + 1;
}

void IbBroker::remember(std::int64_t order_id, const std::string& order_ref) {
  if (order_id <= 0 || order_ref.empty()) return;
  refs_[order_id] = order_ref;
}

std::optional<std::string> IbBroker::ref_for_order_id(std::int64_t order_id) const {
  auto it = refs_.find(order_id);
  if (it == refs_.end()) return std::nullopt;
  return it->second;
}

Status IbBroker::send_paced(RequestKind kind, std::int64_t tag, const std::string& label, std::string frame) {
  auto session = connections_.session();
  if (!session || !session->is_connected()) return fail(ErrorCode::kDisconnected, "not connected to TWS");
  std::weak_ptr<tws::ClientSession> weak = session;
  const bool is_order = kind == RequestKind::kOrder;
  std::weak_ptr<bool> alive = alive_;
  auto send = [this, alive, weak, frame = std::move(frame), is_order, label]() mutable {
    if (alive.expired()) return;  // the broker is gone; nothing may be sent in its name
    auto s = weak.lock();
    if (!s || !s->is_connected() || connections_.session() != s) {
      ++stats_.dropped_session_gone;
      spdlog::warn("orders: {} not sent, its session ended before it could go out", label);
      return;
    }
    if (auto st = s->send(std::move(frame)); !st) {
      ++stats_.dropped_session_gone;
      spdlog::warn("orders: {} not sent: {}", label, st.error().message);
      return;
    }
    if (is_order) ++stats_.sent;
  };
  if (pacer_ == nullptr) {
    send();
    return {};
  }
  PacedRequest req;
  req.kind = kind;
  req.tag = tag;
  req.label = label;
  req.send = std::move(send);
  auto queued = pacer_->submit(std::move(req));
  if (!queued) return std::unexpected(queued.error());
  return {};
}

Result<IbBroker::Prepared> IbBroker::prepare(const trading::Order& order, std::int64_t existing_id) {
  const std::string what = (existing_id > 0 ? "modify of " : "order ") + order.ref() + " not sent: ";
  if (!gate_.is_open()) {
    return refuse(ErrorCode::kRefused, what + "orders are held until reconciliation with the broker completes (" +
                                           gate_.reason() + ")");
  }
  auto session = connections_.session();
  if (!session || !session->is_connected()) return refuse(ErrorCode::kDisconnected, what + "not connected to TWS");
  const std::string acct = account();
  if (acct.empty()) return refuse(ErrorCode::kRefused, what + "no account known to send it to");
  if (!is_paper_account(acct) && !config_.allow_live) {
    return refuse(ErrorCode::kRefused,
                  what + "account " + acct + " is not a paper account (DU...) and live trading is not enabled");
  }
  if (const auto& accounts = session->info().accounts;
      !accounts.empty() && std::find(accounts.begin(), accounts.end(), acct) == accounts.end()) {
    return refuse(ErrorCode::kRefused, what + "account " + acct + " is not managed by this session");
  }
  OrderRoute route{acct, config_.exchange, config_.currency, {}, {}};
  if (const auto* contract = contract_of(order.intent.symbol)) route.contract = *contract;
  if (existing_id > 0) {
    auto msg = build_place_order(order, existing_id, route);
    if (!msg) return refuse(msg.error().code, what + msg.error().message);
    return Prepared{std::move(session), std::move(*msg)};
  }
  on_next_valid_id(session->info().next_valid_id);
  const std::int64_t id = next_id_;
  auto msg = build_place_order(order, id, route);
  if (!msg) return refuse(msg.error().code, what + msg.error().message);
  ++next_id_;  // taken even if the pacer refuses below: an id is never used twice
  return Prepared{std::move(session), std::move(*msg)};
}

void IbBroker::define(const std::string& symbol, tws::Contract contract) {
  contracts_.insert_or_assign(symbol, std::move(contract));
}

const tws::Contract* IbBroker::contract_of(const std::string& symbol) const {
  auto it = contracts_.find(symbol);
  return it == contracts_.end() ? nullptr : &it->second;
}

Result<std::int64_t> IbBroker::place(const trading::Order& order) {
  const std::string& ref = order.ref();
  auto prepared = prepare(order);
  if (!prepared) return std::unexpected(prepared.error());
  const std::int64_t id = prepared->message.order_id;
  std::string frame = tws::encode(prepared->message, prepared->session->info().server_version);
  if (auto st = send_paced(RequestKind::kOrder, id, order.intent.symbol + " " + ref, std::move(frame)); !st) {
    return refuse(st.error().code, "order " + ref + " not sent: " + st.error().message);
  }
  remember(id, ref);
  ++stats_.placed;
  spdlog::info("orders: placing {} {} {} {} as order id {}", ref, trading::to_string(order.intent.side),
               order.intent.quantity.to_string(), order.intent.symbol, id);
  return id;
}

Status IbBroker::modify(const trading::Order& order) {
  const std::string& ref = order.ref();
  if (order.broker_order_id <= 0) {
    return fail(ErrorCode::kInvalidArgument, "modify: order " + ref + " has no TWS order id on this session");
  }
  auto prepared = prepare(order, order.broker_order_id);
  if (!prepared) return std::unexpected(prepared.error());
  std::string frame = tws::encode(prepared->message, prepared->session->info().server_version);
  if (auto st = send_paced(RequestKind::kOrder, order.broker_order_id, order.intent.symbol + " modify " + ref,
                           std::move(frame));
      !st) {
    return refuse(st.error().code, "modify of " + ref + " not sent: " + st.error().message);
  }
  ++stats_.modified;
  spdlog::info("orders: modifying {} (order id {}) to {} {}", ref, order.broker_order_id,
               order.intent.quantity.to_string(), order.intent.symbol);
  return {};
}

Status IbBroker::cancel(const trading::Order& order) {
  if (order.broker_order_id <= 0) {
    return fail(ErrorCode::kInvalidArgument, "cancel: order " + order.ref() + " has no TWS order id on this session");
  }
  auto session = connections_.session();
  if (!session || !session->is_connected()) return fail(ErrorCode::kDisconnected, "cancel: not connected to TWS");
  std::string frame = tws::encode(build_cancel_order(order.broker_order_id), session->info().server_version);
  if (auto st = send_paced(RequestKind::kCancel, order.broker_order_id, "cancel " + order.ref(), std::move(frame));
      !st) {
    return st;
  }
  ++stats_.cancels;
  return {};
}

}  // namespace rt::ib

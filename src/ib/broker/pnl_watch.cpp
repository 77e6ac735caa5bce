#include "ib/broker/pnl_watch.hpp"

#include <variant>

#include "tws/client/client_session.hpp"
#include "tws/messages/ids.hpp"

namespace rt::ib {

struct PnlWatch::Impl {
  Impl(ConnectionManager& c, PacingDriver* p, const Clock& k) : connections(c), pacer(p), clock(k) {}

  ConnectionManager& connections;
  PacingDriver* pacer;
  const Clock& clock;
  std::string account_code;
  std::optional<SubscriptionId> account_subscription;
  std::optional<AccountPnl> account;
  std::string account_problem;
  std::map<std::string, PositionPnl> positions;
  std::map<std::string, SubscriptionId> position_subscriptions;
  // The request id of each stream on the current session: "" is the account, else a symbol.
  std::map<std::int64_t, std::string> streams;
  std::uint64_t updates = 0;

  void forget(const std::string& key) {
    std::erase_if(streams, [&](const auto& e) { return e.second == key; });
  }

  bool supported(tws::ClientSession& session, const std::string& key) {
    if (session.info().server_version >= tws::sv::kPnL) return true;
    const std::string why = "TWS server version " + std::to_string(session.info().server_version) +
                            " has no P&L requests (needs " + std::to_string(tws::sv::kPnL) + ")";
    if (key.empty()) account_problem = why;
    else if (auto it = positions.find(key); it != positions.end()) it->second.problem = why;
    return false;
  }

  // Sends now, or when the pacer lets it go (on this session only: a later one re-applies).
  void send(tws::ClientSession& session, std::string frame, const std::string& label) {
    if (pacer == nullptr) {
      (void)session.send(std::move(frame));
      return;
    }
    PacedRequest r;
    r.kind = RequestKind::kAccount;
    r.label = label;
    r.send = [weak = std::weak_ptr<tws::ClientSession>(session.shared_from_this()), frame = std::move(frame)] {
      if (auto s = weak.lock()) (void)s->send(frame);
    };
    (void)pacer->submit(std::move(r));
  }

  void apply_account(tws::ClientSession& session) {
    forget("");
    if (!supported(session, "")) return;
    const int id = session.next_request_id();
    streams[id] = "";
    account_problem.clear();
    send(session, tws::encode(tws::ReqPnL{id, account_code, ""}, session.info().server_version), "pnl");
  }

  void apply_position(tws::ClientSession& session, const std::string& symbol) {
    forget(symbol);
    auto it = positions.find(symbol);
    if (it == positions.end() || !supported(session, symbol)) return;
    const int id = session.next_request_id();
    streams[id] = symbol;
    it->second.problem.clear();
    send(session, tws::encode(tws::ReqPnLSingle{id, account_code, "", it->second.con_id}, session.info().server_version),
         "pnl " + symbol);
  }

  void cancel(tws::ClientSession& session, const std::string& key) {
    for (const auto& [id, k] : streams) {
      if (k != key) continue;
      const int sv = session.info().server_version;
      send(session,
           key.empty() ? tws::encode(tws::CancelPnL{static_cast<int>(id)}, sv)
                       : tws::encode(tws::CancelPnLSingle{static_cast<int>(id)}, sv),
           "cancel pnl");
    }
    forget(key);
  }

  void on_message(const tws::Response& r) {
    if (const auto* pnl = std::get_if<tws::PnL>(&r)) {
      auto it = streams.find(pnl->req_id);
      if (it == streams.end() || !it->second.empty()) return;
      account = AccountPnl{pnl->daily, pnl->unrealized, pnl->realized, clock.now()};
      ++updates;
      return;
    }
    if (const auto* single = std::get_if<tws::PnLSingle>(&r)) {
      auto it = streams.find(single->req_id);
      if (it == streams.end() || it->second.empty()) return;
      auto pos = positions.find(it->second);
      if (pos == positions.end()) return;
      auto& p = pos->second;
      p.received = true;
      p.position = single->position;
      p.daily = single->daily;
      p.unrealized = single->unrealized;
      p.realized = single->realized;
      p.value = single->value;
      p.at = clock.now();
      ++updates;
      return;
    }
    if (const auto* err = std::get_if<tws::ErrorMessage>(&r)) {
      auto it = streams.find(err->id);
      if (it == streams.end()) return;
      const std::string text = "TWS error " + std::to_string(err->code) + ": " + err->message;
      if (it->second.empty()) account_problem = text;
      else if (auto pos = positions.find(it->second); pos != positions.end()) pos->second.problem = text;
    }
  }
};

PnlWatch::PnlWatch(ConnectionManager& connections, PacingDriver* pacer, const Clock& clock)
    : impl_(std::make_shared<Impl>(connections, pacer, clock)) {
  std::weak_ptr<Impl> weak = impl_;
  connections.on_message([weak](const tws::Response& r) {
    if (auto self = weak.lock()) self->on_message(r);
  });
}

PnlWatch::~PnlWatch() {
  if (impl_->account_subscription) impl_->connections.unsubscribe(*impl_->account_subscription);
  for (const auto& [symbol, id] : impl_->position_subscriptions) impl_->connections.unsubscribe(id);
}

Status PnlWatch::watch_account(const std::string& account) {
  if (account.empty()) return fail(ErrorCode::kInvalidArgument, "reqPnL needs an account");
  if (impl_->account_subscription) {
    if (account == impl_->account_code) return {};
    return fail(ErrorCode::kInvalidArgument,
                "P&L is already watched for account " + impl_->account_code + ", not " + account);
  }
  impl_->account_code = account;
  std::weak_ptr<Impl> weak = impl_;
  Subscription sub;
  sub.name = "pnl " + account;
  sub.apply = [weak](tws::ClientSession& s) {
    if (auto self = weak.lock()) self->apply_account(s);
  };
  sub.cancel = [weak](tws::ClientSession& s) {
    if (auto self = weak.lock()) self->cancel(s, "");
  };
  impl_->account_subscription = impl_->connections.subscribe(std::move(sub));
  return {};
}

void PnlWatch::watch_position(const std::string& symbol, std::int64_t con_id) {
  if (impl_->position_subscriptions.contains(symbol) || impl_->account_code.empty()) return;
  auto& p = impl_->positions[symbol];
  p.symbol = symbol;
  p.con_id = con_id;
  std::weak_ptr<Impl> weak = impl_;
  Subscription sub;
  sub.name = "pnl " + symbol;
  sub.apply = [weak, symbol](tws::ClientSession& s) {
    if (auto self = weak.lock()) self->apply_position(s, symbol);
  };
  sub.cancel = [weak, symbol](tws::ClientSession& s) {
    if (auto self = weak.lock()) self->cancel(s, symbol);
  };
  impl_->position_subscriptions[symbol] = impl_->connections.subscribe(std::move(sub));
}

bool PnlWatch::watching(const std::string& symbol) const { return impl_->position_subscriptions.contains(symbol); }
const std::optional<AccountPnl>& PnlWatch::account() const { return impl_->account; }
const std::string& PnlWatch::account_problem() const { return impl_->account_problem; }
const std::map<std::string, PositionPnl>& PnlWatch::positions() const { return impl_->positions; }
std::uint64_t PnlWatch::updates() const { return impl_->updates; }

}  // namespace rt::ib

#include "tws/client/client_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <deque>
#include <map>
#include <set>
#include <spdlog/spdlog.h>

#include "tws/client/pending_request.hpp"
#include "tws/messages/error_codes.hpp"

namespace rt::tws {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

namespace {

// Kinds of requests TWS answers without a request id; they are answered in order, so each kind is
// a FIFO queue, and a timed-out waiter leaves a "skip" so its late reply is not handed to the next.
enum class FifoKind { kCurrentTime, kNextValidId, kManagedAccounts, kPositions, kCount };

}  // namespace

struct ClientSession::State {
  explicit State(Executor ex) : executor(ex), socket(ex), resolver(ex) {}

  Executor executor;
  tcp::socket socket;
  tcp::resolver resolver;
  FrameDecoder decoder;
  SessionInfo info;
  SessionStats stats;
  bool connected = false;  // ready and not yet closed
  bool closing = false;
  std::deque<std::string> outbox;
  bool writing = false;
  int next_req_id = ClientSession::kFirstRequestId;

  std::map<std::int64_t, PendingRequest*> by_id;
  std::deque<std::int64_t> dead_ids_order;
  std::set<std::int64_t> dead_ids;
  std::array<std::deque<PendingRequest*>, static_cast<std::size_t>(FifoKind::kCount)> fifo;
  std::array<int, static_cast<std::size_t>(FifoKind::kCount)> fifo_skip{};
  PendingRequest* ready = nullptr;  // the connect() waiter while the handshake completes
  bool got_accounts = false;
  bool got_next_id = false;

  std::function<void(const Response&)> on_message;
  std::function<void(const Error&)> on_disconnect;
  // Unclaimed messages that arrive before a handler is set (e.g. the farm notices that follow the
  // handshake) wait here, bounded, and are handed over when the handler is set.
  std::deque<Response> backlog;
  static constexpr std::size_t kMaxBacklog = 512;

  void unclaimed(const Response& r) {
    if (on_message) {
      on_message(r);
    } else if (backlog.size() < kMaxBacklog) {
      backlog.push_back(r);
    }
  }

  void remember_dead(std::int64_t id) {
    if (dead_ids.insert(id).second) dead_ids_order.push_back(id);
    while (dead_ids_order.size() > 4096) {
      dead_ids.erase(dead_ids_order.front());
      dead_ids_order.pop_front();
    }
  }
};

ClientSession::ClientSession(Executor executor) : state_(std::make_shared<State>(executor)) {}

ClientSession::~ClientSession() {
  boost::system::error_code ec;
  if (state_->socket.is_open()) {
    state_->socket.shutdown(tcp::socket::shutdown_both, ec);
    state_->socket.close(ec);
  }
}

std::shared_ptr<ClientSession> ClientSession::create(Executor executor) {
  return std::shared_ptr<ClientSession>(new ClientSession(executor));
}

bool ClientSession::is_connected() const { return state_->connected; }
const SessionInfo& ClientSession::info() const { return state_->info; }
SessionStats ClientSession::stats() const { return state_->stats; }
int ClientSession::next_request_id() { return state_->next_req_id++; }
void ClientSession::set_message_handler(std::function<void(const Response&)> h) {
  auto& s = *state_;
  s.on_message = std::move(h);
  while (s.on_message && !s.backlog.empty()) {
    Response r = std::move(s.backlog.front());
    s.backlog.pop_front();
    s.on_message(r);
  }
}
void ClientSession::set_disconnect_handler(std::function<void(const Error&)> h) { state_->on_disconnect = std::move(h); }

namespace {

void close_socket(tcp::socket& socket) {
  boost::system::error_code ec;
  if (!socket.is_open()) return;
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

// The request id (reqId / tickerId) a reply belongs to, for every reply type that carries one.
// Replies to ids with no waiter go to the message handler (streams), unless the id is dead.
template <class... Ts>
std::optional<std::int64_t> req_id_of(const Response& r) {
  std::optional<std::int64_t> id;
  (void)((std::holds_alternative<Ts>(r) ? (id = std::get<Ts>(r).req_id, true) : false) || ...);
  return id;
}

std::optional<std::int64_t> reply_request_id(const Response& r) {
  if (auto* m = std::get_if<ErrorMessage>(&r)) return m->id;
  // A what-if order is answered by one openOrder for its order id: the reply to its request.
  if (auto* o = std::get_if<OpenOrder>(&r); o && o->order.what_if) return o->order_id;
  return req_id_of<AccountSummary, AccountSummaryEnd, MarketDataType, TickPrice, TickSize, TickString, TickGeneric,
                   TickReqParams, TickSnapshotEnd, HistoricalData, HistoricalDataEnd, HistoricalDataUpdate,
                   RealTimeBar, ContractDetails, ContractDataEnd, PnL, PnLSingle, PositionMulti, PositionMultiEnd,
                   AccountUpdateMulti, AccountUpdateMultiEnd, UserInfo, SymbolSamples, SmartComponents,
                   SecDefOptParams, SecDefOptParamsEnd, HeadTimestamp, MarketDepth, TickByTick>(r);
}

std::optional<FifoKind> reply_fifo_kind(const Response& r) {
  if (std::holds_alternative<CurrentTime>(r)) return FifoKind::kCurrentTime;
  if (std::holds_alternative<ManagedAccounts>(r)) return FifoKind::kManagedAccounts;
  if (std::holds_alternative<PositionData>(r) || std::holds_alternative<PositionEnd>(r)) return FifoKind::kPositions;
  return std::nullopt;
}

}  // namespace

void ClientSession::close(const std::string& reason) {
  auto& s = *state_;
  bool was_connected = s.connected;
  s.connected = false;
  s.closing = true;
  close_socket(s.socket);
  // The writer owns the front frame while a write is in flight; it drops the queue when it wakes.
  if (!s.writing) s.outbox.clear();
  Error err{ErrorCode::kDisconnected, "connection closed: " + reason};
  if (s.ready) s.ready->fail(err);
  for (auto& [id, p] : s.by_id) p->fail(err);
  for (auto& q : s.fifo) {
    for (auto* p : q) p->fail(err);
  }
  if (was_connected && s.on_disconnect) {
    auto handler = s.on_disconnect;
    handler(err);
  }
}

Status ClientSession::send(std::string frame) {
  auto& s = *state_;
  if (!s.socket.is_open() || s.closing) return fail(ErrorCode::kDisconnected, "not connected");
  s.outbox.push_back(std::move(frame));
  if (!s.writing) {
    s.writing = true;
    asio::co_spawn(
        s.executor,
        [self = shared_from_this()]() -> asio::awaitable<void> {
          auto& st = *self->state_;
          while (!st.outbox.empty() && st.socket.is_open()) {
            auto [ec, n] = co_await asio::async_write(st.socket, asio::buffer(st.outbox.front()), kTuple);
            if (ec || st.closing) {
              st.writing = false;
              st.outbox.clear();
              if (!st.closing) self->close("write failed: " + ec.message());
              co_return;
            }
            st.stats.bytes_out += n;
            ++st.stats.messages_out;
            st.outbox.pop_front();
          }
          st.writing = false;
        },
        asio::detached);
  }
  return {};
}

namespace {

// Routes one decoded reply; returns true when some request or the handshake consumed it.
bool route(ClientSession::State& s, const Response& reply);

}  // namespace

ClientSession::Task<std::expected<SessionInfo, ConnectFailure>> ClientSession::connect(ConnectOptions opt) {
  auto self = shared_from_this();
  auto& s = *state_;
  ConnectFailure failure;
  failure.client_id = opt.client_id;
  auto fail_with = [&](ConnectStage stage, ConnectFailureKind kind, std::string detail) {
    close_socket(s.socket);
    failure.stage = stage;
    failure.kind = kind;
    failure.detail = std::move(detail);
    return std::unexpected(failure);
  };
  if (s.socket.is_open() || s.closing) {
    co_return fail_with(ConnectStage::kTcp, ConnectFailureKind::kProtocol, "a session object connects only once");
  }
  s.info.host = opt.host;
  s.info.port = opt.port;
  s.info.client_id = opt.client_id;
  s.decoder = FrameDecoder(opt.max_frame);

  asio::steady_timer timer(s.executor);
  // Stage 1: resolve and TCP connect under one deadline.
  timer.expires_after(opt.tcp_timeout);
  auto resolved = co_await (s.resolver.async_resolve(opt.host, std::to_string(opt.port), kTuple) ||
                            timer.async_wait(kTuple));
  if (resolved.index() == 1) co_return fail_with(ConnectStage::kTcp, ConnectFailureKind::kTimeout, "name lookup timed out");
  auto [rec, endpoints] = std::get<0>(resolved);
  if (rec) co_return fail_with(ConnectStage::kTcp, ConnectFailureKind::kResolve, rec.message());
  auto connected = co_await (asio::async_connect(s.socket, endpoints, kTuple) || timer.async_wait(kTuple));
  if (connected.index() == 1) {
    co_return fail_with(ConnectStage::kTcp, ConnectFailureKind::kTimeout,
                        std::to_string(opt.tcp_timeout.count()) + " ms");
  }
  if (auto ec = std::get<0>(std::get<0>(connected)); ec) {
    co_return fail_with(ConnectStage::kTcp, ConnectFailureKind::kRefused, ec.message());
  }
  boost::system::error_code ignored;
  s.socket.set_option(tcp::no_delay(true), ignored);

  // Stage 2: preamble out, [version, time] back.
  timer.expires_after(opt.version_timeout);
  std::string preamble = encode_preamble(opt.versions);
  auto wrote = co_await (asio::async_write(s.socket, asio::buffer(preamble), kTuple) || timer.async_wait(kTuple));
  if (wrote.index() == 1 || std::get<0>(std::get<0>(wrote))) {
    co_return fail_with(ConnectStage::kVersionReply, ConnectFailureKind::kClosedByServer, "could not send the preamble");
  }
  std::optional<HandshakeReply> reply;
  std::array<char, 4096> buf{};
  while (!reply) {
    auto frame = s.decoder.next();
    if (!frame) co_return fail_with(ConnectStage::kVersionReply, ConnectFailureKind::kProtocol, frame.error().message);
    if (*frame) {
      auto decoded = decode_handshake_reply(**frame);
      if (!decoded) co_return fail_with(ConnectStage::kVersionReply, ConnectFailureKind::kProtocol, decoded.error().message);
      reply = *decoded;
      break;
    }
    auto got = co_await (s.socket.async_read_some(asio::buffer(buf), kTuple) || timer.async_wait(kTuple));
    if (got.index() == 1) {
      co_return fail_with(ConnectStage::kVersionReply, ConnectFailureKind::kTimeout,
                          "no reply to the API preamble within " + std::to_string(opt.version_timeout.count()) + " ms");
    }
    auto [ec, n] = std::get<0>(got);
    if (ec) co_return fail_with(ConnectStage::kVersionReply, ConnectFailureKind::kClosedByServer, ec.message());
    s.stats.bytes_in += n;
    s.decoder.feed(std::string_view(buf.data(), n));
  }
  if (reply->server_version < opt.versions.min || reply->server_version > opt.versions.max) {
    co_return fail_with(ConnectStage::kVersionReply, ConnectFailureKind::kUnsupportedVersion,
                        "server answered " + std::to_string(reply->server_version));
  }
  s.info.server_version = reply->server_version;
  s.info.connection_time = reply->connection_time;

  // Stage 3: START_API, then wait for both managedAccounts and nextValidId.
  PendingRequest ready(s.executor);
  s.ready = &ready;
  (void)send(encode(StartApi{opt.client_id, ""}, s.info.server_version));
  asio::co_spawn(s.executor, read_loop(self), asio::detached);
  auto outcome = co_await ready.wait(opt.ready_timeout);
  s.ready = nullptr;
  if (!outcome) {
    const Error& e = outcome.error();
    if (e.broker_code == 326) co_return fail_with(ConnectStage::kReady, ConnectFailureKind::kClientIdInUse, e.message);
    if (e.code == ErrorCode::kTimeout) {
      co_return fail_with(ConnectStage::kReady, ConnectFailureKind::kTimeout,
                          "nothing within " + std::to_string(opt.ready_timeout.count()) + " ms");
    }
    if (e.code == ErrorCode::kParse) co_return fail_with(ConnectStage::kReady, ConnectFailureKind::kProtocol, e.message);
    co_return fail_with(ConnectStage::kReady, ConnectFailureKind::kClosedByServer, e.message);
  }
  s.connected = true;
  co_return s.info;
}

ClientSession::Task<void> ClientSession::read_loop(std::shared_ptr<ClientSession> self) {
  auto& s = *self->state_;
  std::array<char, 64 * 1024> buf{};
  while (s.socket.is_open()) {
    // Drain every complete frame first: the handshake read may have buffered some already.
    for (;;) {
      auto frame = s.decoder.next();
      if (!frame) {
        self->close("protocol error: " + frame.error().message);
        co_return;
      }
      if (!*frame) break;
      ++s.stats.messages_in;
      auto reply = decode_response(**frame, s.info.server_version);
      if (!reply) {
        ++s.stats.decode_errors;
        spdlog::warn("dropping undecodable message {}: {}", describe_payload(**frame), reply.error().message);
        continue;
      }
      if (const auto* unknown = std::get_if<UnknownMessage>(&*reply)) {
        // Skipped by its frame: the stream stays aligned whatever the message holds.
        ++s.stats.unknown_messages;
        spdlog::debug("skipping message id {} this client does not model", unknown->msg_id);
      }
      if (!route(s, *reply)) s.unclaimed(*reply);
      if (!s.socket.is_open()) co_return;
    }
    auto [ec, n] = co_await s.socket.async_read_some(asio::buffer(buf), kTuple);
    if (ec) {
      if (!s.closing) {
        self->close(ec == asio::error::eof ? std::string("the server closed the connection") : ec.message());
      }
      co_return;
    }
    s.stats.bytes_in += n;
    s.decoder.feed(std::string_view(buf.data(), n));
  }
}

namespace {

void check_ready(ClientSession::State& s) {
  if (s.ready && s.got_accounts && s.got_next_id) s.ready->complete();
}

bool route_fifo(ClientSession::State& s, FifoKind kind, const Response& reply,
                const std::function<bool(PendingRequest&)>& deliver) {
  auto k = static_cast<std::size_t>(kind);
  if (s.fifo_skip[k] > 0) {
    // The reply belongs to a request that already timed out: drop it (and, for a stream, its end).
    bool ends = !std::holds_alternative<PositionData>(reply);
    if (ends) --s.fifo_skip[k];
    ++s.stats.late_replies_dropped;
    return true;
  }
  if (s.fifo[k].empty()) return false;
  PendingRequest* p = s.fifo[k].front();
  if (deliver(*p)) s.fifo[k].pop_front();
  return true;
}

}  // namespace

namespace {

bool route(ClientSession::State& s, const Response& reply) {
  if (auto* accts = std::get_if<ManagedAccounts>(&reply); accts && s.ready) {
    s.info.accounts = accts->accounts;
    s.got_accounts = !accts->accounts.empty();
    check_ready(s);
    return true;
  }
  if (auto* nid = std::get_if<NextValidId>(&reply)) {
    s.info.next_valid_id = nid->order_id;
    if (s.ready) {
      s.got_next_id = true;
      check_ready(s);
      return true;
    }
  }
  if (auto* err = std::get_if<ErrorMessage>(&reply)) {
    if (err->id == -1 && err->code == 326 && s.ready) {
      s.ready->fail(Error{ErrorCode::kRefused, err->message, 326});
      return true;
    }
    // Only a code that ends the request fails its waiter; warnings and notices go to the handler.
    if (err->id >= 0 && ends_request(err->code)) {
      if (auto it = s.by_id.find(err->id); it != s.by_id.end()) {
        it->second->fail(Error{ErrorCode::kBroker, "TWS error " + std::to_string(err->code) + ": " + err->message,
                               err->code});
        return true;
      }
      if (s.dead_ids.contains(err->id)) {
        ++s.stats.late_replies_dropped;
        return true;
      }
    }
    return false;
  }
  if (auto id = reply_request_id(reply)) {
    if (auto it = s.by_id.find(*id); it != s.by_id.end()) {
      it->second->deliver(reply);
      return true;
    }
    if (s.dead_ids.contains(*id)) {
      ++s.stats.late_replies_dropped;
      return true;
    }
    return false;
  }
  if (auto kind = reply_fifo_kind(reply)) {
    return route_fifo(s, *kind, reply, [&](PendingRequest& p) { return p.deliver(reply); });
  }
  if (std::holds_alternative<NextValidId>(reply)) {
    return route_fifo(s, FifoKind::kNextValidId, reply, [&](PendingRequest& p) { return p.deliver(reply); });
  }
  return false;
}

}  // namespace

}  // namespace rt::tws

namespace rt::tws {
namespace {

// Registers a pending request under a request id for as long as the waiter waits; a request that
// ends without completing (timeout, cancel) leaves its id as "dead" so late replies are counted.
class IdRegistration {
 public:
  IdRegistration(ClientSession::State& s, std::int64_t id, PendingRequest& p) : s_(s), id_(id), p_(p) {
    s_.by_id[id_] = &p_;
  }
  ~IdRegistration() {
    s_.by_id.erase(id_);
    if (!completed_) s_.remember_dead(id_);
  }
  IdRegistration(const IdRegistration&) = delete;
  IdRegistration& operator=(const IdRegistration&) = delete;
  void mark_completed() { completed_ = true; }

 private:
  ClientSession::State& s_;
  std::int64_t id_;
  PendingRequest& p_;
  bool completed_ = false;
};

// Queues a waiter for an id-less reply kind; on a timeout it leaves a skip for the late reply.
class FifoRegistration {
 public:
  FifoRegistration(ClientSession::State& s, FifoKind kind, PendingRequest& p)
      : s_(s), k_(static_cast<std::size_t>(kind)), p_(p) {
    s_.fifo[k_].push_back(&p_);
  }
  ~FifoRegistration() {
    auto& q = s_.fifo[k_];
    if (auto it = std::find(q.begin(), q.end(), &p_); it != q.end()) {
      q.erase(it);
      if (timed_out_) ++s_.fifo_skip[k_];
    }
  }
  FifoRegistration(const FifoRegistration&) = delete;
  FifoRegistration& operator=(const FifoRegistration&) = delete;
  void mark_timed_out() { timed_out_ = true; }

 private:
  ClientSession::State& s_;
  std::size_t k_;
  PendingRequest& p_;
  bool timed_out_ = false;
};

}  // namespace

ClientSession::Task<Status> ClientSession::request(int req_id, std::string frame,
                                                    std::function<bool(const Response&)> on_reply, Millis timeout) {
  auto self = shared_from_this();
  auto& s = *state_;
  if (!s.connected) co_return fail(ErrorCode::kDisconnected, "not connected");
  PendingRequest pending(s.executor, std::move(on_reply));
  IdRegistration reg(s, req_id, pending);
  if (auto sent = send(std::move(frame)); !sent) co_return sent;
  auto result = co_await pending.wait(timeout);
  if (result) reg.mark_completed();
  co_return result;
}

namespace {

template <class T>
ClientSession::Task<Result<T>> fifo_request(std::shared_ptr<ClientSession> self, ClientSession::State& s,
                                            FifoKind kind, std::string frame,
                                            std::function<bool(const Response&, T&)> accumulate,
                                            std::chrono::milliseconds timeout) {
  if (!self->is_connected()) co_return fail(ErrorCode::kDisconnected, "not connected");
  T value{};
  PendingRequest pending(s.executor, [&](const Response& r) { return accumulate(r, value); });
  FifoRegistration reg(s, kind, pending);
  if (auto sent = self->send(std::move(frame)); !sent) co_return std::unexpected(sent.error());
  auto result = co_await pending.wait(timeout);
  if (!result) {
    if (result.error().code == ErrorCode::kTimeout) reg.mark_timed_out();
    co_return std::unexpected(result.error());
  }
  co_return value;
}

}  // namespace

ClientSession::Task<Result<std::int64_t>> ClientSession::request_current_time(Millis timeout) {
  std::string frame = encode(ReqCurrentTime{}, state_->info.server_version);
  co_return co_await fifo_request<std::int64_t>(
      shared_from_this(), *state_, FifoKind::kCurrentTime, std::move(frame),
      [](const Response& r, std::int64_t& out) {
        out = std::get<CurrentTime>(r).epoch_seconds;
        return true;
      },
      timeout);
}

ClientSession::Task<Result<std::int64_t>> ClientSession::request_next_valid_id(Millis timeout) {
  std::string frame = encode(ReqIds{1}, state_->info.server_version);
  co_return co_await fifo_request<std::int64_t>(
      shared_from_this(), *state_, FifoKind::kNextValidId, std::move(frame),
      [](const Response& r, std::int64_t& out) {
        out = std::get<NextValidId>(r).order_id;
        return true;
      },
      timeout);
}

ClientSession::Task<Result<std::vector<std::string>>> ClientSession::request_managed_accounts(Millis timeout) {
  std::string frame = encode(ReqManagedAccts{}, state_->info.server_version);
  co_return co_await fifo_request<std::vector<std::string>>(
      shared_from_this(), *state_, FifoKind::kManagedAccounts, std::move(frame),
      [](const Response& r, std::vector<std::string>& out) {
        out = std::get<ManagedAccounts>(r).accounts;
        return true;
      },
      timeout);
}

ClientSession::Task<Result<std::vector<PositionData>>> ClientSession::request_positions(Millis timeout) {
  auto self = shared_from_this();
  auto& s = *state_;
  if (!s.fifo[static_cast<std::size_t>(FifoKind::kPositions)].empty()) {
    co_return fail(ErrorCode::kInvalidArgument, "a positions request is already in flight");
  }
  std::string frame = encode(ReqPositions{}, s.info.server_version);
  auto result = co_await fifo_request<std::vector<PositionData>>(
      self, s, FifoKind::kPositions, std::move(frame),
      [](const Response& r, std::vector<PositionData>& out) {
        if (auto* p = std::get_if<PositionData>(&r)) {
          out.push_back(*p);
          return false;
        }
        return true;  // PositionEnd
      },
      timeout);
  // Positions stream on after the snapshot until cancelled; we only wanted the snapshot.
  if (s.connected) (void)send(encode(CancelPositions{}, s.info.server_version));
  co_return result;
}

ClientSession::Task<Result<std::vector<AccountSummaryRow>>> ClientSession::request_account_summary(
    const std::string& tags, Millis timeout) {
  auto self = shared_from_this();
  int id = next_request_id();
  std::vector<AccountSummaryRow> rows;
  // Arguments are built before co_await: g++ 12 mishandles temporaries inside co_await expressions.
  std::string frame = encode(ReqAccountSummary{id, "All", tags}, state_->info.server_version);
  auto status = co_await request(
      id, std::move(frame),
      [&rows](const Response& r) {
        if (auto* row = std::get_if<AccountSummary>(&r)) {
          rows.push_back({row->account, row->tag, row->value, row->currency});
          return false;
        }
        return std::holds_alternative<AccountSummaryEnd>(r);
      },
      timeout);
  // TWS allows two summary subscriptions: always release ours, whatever happened.
  if (state_->connected) (void)send(encode(CancelAccountSummary{id}, state_->info.server_version));
  if (!status) co_return std::unexpected(status.error());
  co_return rows;
}

}  // namespace rt::tws

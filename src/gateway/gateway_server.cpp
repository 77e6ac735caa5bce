#include "gateway/gateway_server.hpp"

#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gateway/fault_scheduler.hpp"
#include "gateway/gateway_context.hpp"
#include "gateway/login_throttle.hpp"
#include "gateway/simulated_clock.hpp"
#include "gateway/broker/market_quote_source.hpp"
#include "gateway/broker/sim_broker.hpp"

namespace rt::gateway {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kReadChunk = 16 * 1024;
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);
constexpr auto kCloseLinger = std::chrono::seconds(2);
constexpr FaultSeconds kRelistenRetry{0.5};

// Connection-level notices (TWS_PROTOCOL.md section 5).
constexpr int kConnectivityLost = 1100;
constexpr int kConnectivityRestoredDataLost = 1101;
constexpr int kConnectivityRestoredDataMaintained = 1102;
constexpr int kSocketPortReset = 1300;
constexpr int kFarmBroken = 2103;
constexpr int kFarmOk = 2104;
constexpr const char* kTextConnectivityLost = "Connectivity between IB and Trader Workstation has been lost.";
constexpr const char* kTextRestoredDataLost =
    "Connectivity between IB and Trader Workstation has been restored - data lost.";
constexpr const char* kTextRestoredDataMaintained =
    "Connectivity between IB and Trader Workstation has been restored - data maintained.";
constexpr const char* kTextSocketPortReset = "TWS socket port has been reset and this connection is being dropped";
constexpr const char* kTextFarmBroken = "Market data farm connection is broken:usfarm";
constexpr const char* kTextFarmOk = "Market data farm connection is OK:usfarm";

enum class CloseMode {
  kGraceful,  // shutdown both directions, then close
  kReset,     // SO_LINGER 0, then close: the peer gets RST
};

// Closes `socket` so the peer sees ECONNRESET: no FIN first (a FIN would be read as EOF).
void reset_socket(tcp::socket& socket) {
  boost::system::error_code ec;
  socket.set_option(asio::socket_base::linger(true, 0), ec);
  socket.close(ec);
}

}  // namespace

struct GatewayServer::Impl : std::enable_shared_from_this<GatewayServer::Impl> {
  Impl(asio::io_context& io_context, GatewayConfig cfg, const Clock& clk, const MonotonicClock& mono)
      : io(io_context),
        config(std::move(cfg)),
        clock(clk),
        monotonic(mono),
        sim_clock(clk, config.market.start, config.market.speed),
        market(config.market, sim_clock),
        context{config, sim_clock, accounts, clients, market, limits, clock},
        quotes(market),
        broker(config.broker, sim_clock, accounts, quotes) {
    context.broker = &broker;
  }

  // One client connection: its socket, session and outbound queue. Owned by the server's map
  // while open and by its two coroutines while they run; holds the server state alive because
  // the session borrows it.
  struct Connection {
    Connection(std::shared_ptr<Impl> srv, tcp::socket sock, GatewayContext& ctx, std::uint64_t id)
        : server(std::move(srv)),
          socket(std::move(sock)),
          session(ctx, id),
          wake(socket.get_executor()),
          market_timer(socket.get_executor()),
          faults(socket.get_executor()) {}

    struct Outgoing {
      std::string frame;
      MonotonicClock::TimePoint due;  // not written before (the latency fault)
    };

    std::shared_ptr<Impl> server;
    tcp::socket socket;
    GatewaySession session;
    std::deque<Outgoing> outbox;
    asio::steady_timer wake;  // the writer waits on it; cancelled when there is work
    asio::steady_timer market_timer;  // the market loop waits on it; cancelled after each request
    FaultScheduler faults;    // this connection's fault timers, cancelled when it ends
    bool closing = false;     // the session asked to close once the outbox is flushed
    bool closed = false;      // the socket is shut down and closed
    bool zombie = false;      // the peer closed; the zombie fault keeps the socket open, unread
    bool reset_on_close = false;  // the flush ends in a reset instead of a FIN
    bool silent = false;          // the silence fault: frames are dropped, input is still read
    bool login_counted = false;
    bool armed = false;  // the login-timed faults are scheduled
    std::optional<std::uint64_t> drop_after_frames;  // the drop-after-messages limit, if it applies
    std::uint64_t frames_queued = 0;
    std::uint64_t frames_silenced = 0;
    std::string close_reason;
    std::string peer;
  };

  asio::io_context& io;
  GatewayConfig config;
  const Clock& clock;  // the base (wall) clock
  const MonotonicClock& monotonic;  // the latency fault's due times, the login throttle, fault events
  SimulatedClock sim_clock;
  Market market;
  LimitCounters limits;
  std::vector<Account> accounts;
  ClientRegistry clients;
  GatewayContext context;
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::steady_timer> retry_timer;
  // The broker: orders and executions outlive every connection (and restart faults).
  MarketQuoteSource quotes;
  SimBroker broker;
  std::optional<asio::steady_timer> broker_timer;  // the matching loop waits on it
  std::unordered_map<std::uint64_t, std::shared_ptr<Connection>> connections;
  std::vector<std::shared_ptr<Connection>> zombies;  // client-closed, held open by the zombie fault
  std::optional<FaultScheduler> server_faults;        // restart timers
  std::optional<LoginThrottle> throttle;
  tcp::endpoint listen_endpoint;
  std::uint64_t accept_generation = 0;  // bumped whenever the acceptor closes; old accept loops end
  std::uint64_t next_session_id = 1;
  std::uint64_t accepted = 0;
  std::uint64_t throttled = 0;
  std::uint64_t login_count = 0;
  std::uint64_t restart_count = 0;
  std::uint16_t bound_port = 0;
  bool running = false;
  bool listening = false;
  bool stall_handshakes = false;  // the zombie limit was reached
  bool drop_spent = false;        // a `once` drop already happened
  bool port_reset_spent = false;
  bool silence_spent = false;
  SessionClosedHandler on_closed;
  FaultEventHandler on_fault;

  static asio::awaitable<void> read_loop(std::shared_ptr<Connection> c);
  static asio::awaitable<void> write_loop(std::shared_ptr<Connection> c);
  static asio::awaitable<void> market_loop(std::shared_ptr<Connection> c);

  Result<std::uint16_t> start();
  void stop();
  // The broker's matching pass every kMatchPeriod of real time while running (it walks the
  // simulated seconds in between, so no quote is skipped at any clock speed).
  void schedule_matching();
  Status listen();
  asio::awaitable<void> accept_loop(std::uint64_t generation);
  void open_connection(tcp::socket socket);
  void close_connection(const std::shared_ptr<Connection>& c, std::string reason, CloseMode mode = CloseMode::kGraceful);
  void deliver(const std::shared_ptr<Connection>& c, SessionOutput out);

  // Fault scripts.
  void fault_event(std::string name, std::uint64_t session, std::string detail);
  void on_peer_closed(const std::shared_ptr<Connection>& c);
  std::size_t clear_zombies(const std::string& why);
  void arm_session_faults(const std::shared_ptr<Connection>& c);
  void begin_drop(const std::shared_ptr<Connection>& c, DropKind kind, const std::string& detail);
  void push_notice(const std::shared_ptr<Connection>& c, int code, const char* text, const char* event);
  void schedule_connectivity(const std::shared_ptr<Connection>& c);
  void schedule_farm_flap(const std::shared_ptr<Connection>& c, std::uint32_t notices_sent);
  void schedule_restart();
  void restart_down();
  void restart_up();
};

asio::awaitable<void> GatewayServer::Impl::read_loop(std::shared_ptr<Connection> c) {
  std::array<char, kReadChunk> buf{};
  // Reads until EOF even after the session asked to close: input still arriving then is drained
  // and dropped, so the final close does not turn into a reset that could discard the last frames
  // (a 326) before the client reads them.
  while (!c->closed) {
    auto [ec, n] = co_await c->socket.async_read_some(asio::buffer(buf), kUseTuple);
    if (c->closed) co_return;
    if (ec) {
      if (ec == asio::error::eof && !c->closing && c->server->config.fault_plan.zombie) {
        c->server->on_peer_closed(c);
        co_return;
      }
      std::string reason = c->closing                   ? c->close_reason
                           : ec == asio::error::eof     ? std::string("peer closed the connection")
                                                        : "read failed: " + ec.message();
      c->server->close_connection(c, std::move(reason));
      co_return;
    }
    auto out = c->session.on_bytes(std::string_view(buf.data(), n));
    if (!c->login_counted && c->session.start_api_received()) {
      c->login_counted = true;
      ++c->server->login_count;
    }
    c->server->deliver(c, std::move(out));
    c->market_timer.cancel();  // a request may have started or ended a stream
    if (!c->armed && c->session.state() == SessionState::kReady) c->server->arm_session_faults(c);
  }
}

asio::awaitable<void> GatewayServer::Impl::market_loop(std::shared_ptr<Connection> c) {
  // Waits on a timer until the session's next stream event is due in simulated time, then polls
  // it; a request cancels the wait so new streams are picked up at once.
  constexpr auto kMinWait = std::chrono::milliseconds(5);
  constexpr auto kMaxWait = std::chrono::seconds(60);
  while (!c->closed && !c->zombie) {
    const auto due = c->session.next_market_event();
    const auto now = c->server->sim_clock.now();
    if (!due) {
      c->market_timer.expires_at(asio::steady_timer::time_point::max());
      (void)co_await c->market_timer.async_wait(kUseTuple);
      continue;
    }
    if (*due > now) {
      auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(c->server->sim_clock.to_real(*due - now));
      wait = std::clamp<std::chrono::milliseconds>(wait, kMinWait, kMaxWait);
      c->market_timer.expires_after(wait + std::chrono::milliseconds(1));
      (void)co_await c->market_timer.async_wait(kUseTuple);
      if (c->server->sim_clock.now() < *due) continue;
    }
    if (c->closed || c->zombie) co_return;
    c->server->deliver(c, c->session.poll_market());
    // At least the minimum wait between polls, whatever the speed.
    c->market_timer.expires_after(kMinWait);
    (void)co_await c->market_timer.async_wait(kUseTuple);
  }
}

asio::awaitable<void> GatewayServer::Impl::write_loop(std::shared_ptr<Connection> c) {
  std::string batch;
  while (!c->closed && !c->zombie) {
    if (!c->outbox.empty()) {
      const auto now = c->server->monotonic.now();
      if (c->outbox.front().due > now) {
        // The latency fault: wait for the first frame's time (new frames only come later).
        c->wake.expires_after(c->outbox.front().due - now);
        (void)co_await c->wake.async_wait(kUseTuple);
        continue;
      }
      batch.clear();
      while (!c->outbox.empty() && c->outbox.front().due <= now) {
        batch += c->outbox.front().frame;
        c->outbox.pop_front();
      }
      auto [ec, n] = co_await asio::async_write(c->socket, asio::buffer(batch), kUseTuple);
      (void)n;
      if (c->closed || c->zombie) co_return;
      if (ec) {
        c->server->close_connection(c, "write failed: " + ec.message());
        co_return;
      }
      continue;
    }
    if (c->closing && c->reset_on_close) {
      c->server->close_connection(c, c->close_reason, CloseMode::kReset);
      co_return;
    }
    if (c->closing) {
      // Everything is sent: send FIN, give the peer a moment to close its side (the reader sees
      // EOF and closes), and close regardless when the linger time is up.
      boost::system::error_code ec;
      c->socket.shutdown(tcp::socket::shutdown_send, ec);
      c->wake.expires_after(kCloseLinger);
      (void)co_await c->wake.async_wait(kUseTuple);
      c->server->close_connection(c, c->close_reason);
      co_return;
    }
    c->wake.expires_at(asio::steady_timer::time_point::max());
    (void)co_await c->wake.async_wait(kUseTuple);
  }
}

Result<std::uint16_t> GatewayServer::Impl::start() {
  if (running) return fail(ErrorCode::kInvalidArgument, "gateway already started");
  if (auto st = validate(config); !st) return std::unexpected(st.error());
  auto made = make_accounts(config);
  if (!made) return std::unexpected(made.error());
  accounts = std::move(*made);
  if (auto st = market.load(); !st) return std::unexpected(st.error());

  boost::system::error_code ec;
  const auto address = asio::ip::make_address(config.bind_address, ec);
  if (ec) return fail(ErrorCode::kInvalidArgument, "bind address '" + config.bind_address + "': " + ec.message());
  listen_endpoint = tcp::endpoint(address, config.port);
  acceptor.emplace(io);
  if (auto st = listen(); !st) {
    acceptor.reset();
    return std::unexpected(st.error());
  }
  listen_endpoint.port(bound_port);  // a restart listens on the same port again
  retry_timer.emplace(io);
  broker_timer.emplace(io);
  server_faults.emplace(io.get_executor());
  const auto& plan = config.fault_plan;
  if (plan.throttle) {
    throttle.emplace(plan.throttle->max_logins, FaultScheduler::to_duration(plan.throttle->window));
  }
  running = true;
  accepted = throttled = login_count = restart_count = 0;
  stall_handshakes = drop_spent = port_reset_spent = silence_spent = false;
  asio::co_spawn(io, [self = shared_from_this(), g = accept_generation] { return self->accept_loop(g); },
                 asio::detached);
  spdlog::info("gateway listening on {}:{} (server version up to {}, accounts {})", config.bind_address, bound_port,
               config.server_version, fmt::join(config.accounts, ","));
  if (!plan.empty()) spdlog::info("gateway fault scripts: {}", fmt::join(plan.specs(), " "));
  if (plan.restart) schedule_restart();
  if (!config.broker.faults.empty()) spdlog::info("gateway order faults: {}", fmt::join(config.broker.faults.specs(), " "));
  schedule_matching();
  return bound_port;
}

void GatewayServer::Impl::schedule_matching() {
  constexpr auto kMatchPeriod = std::chrono::milliseconds(50);
  broker_timer->expires_after(kMatchPeriod);
  broker_timer->async_wait([weak = std::weak_ptr<Impl>(shared_from_this())](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (ec || !self || !self->running) return;
    self->broker.on_market();
    self->schedule_matching();
  });
}

Status GatewayServer::Impl::listen() {
  boost::system::error_code ec;
  auto& a = *acceptor;
  const std::string where = config.bind_address + ":" + std::to_string(listen_endpoint.port());
  const auto failed = [&](const char* step) {
    const auto message = ec.message();
    boost::system::error_code ignored;
    a.close(ignored);
    return fail(ErrorCode::kRefused, std::string(step) + " " + where + ": " + message);
  };
  if (a.open(listen_endpoint.protocol(), ec); ec) return failed("open");
  if (a.set_option(tcp::acceptor::reuse_address(true), ec); ec) return failed("reuse_address");
  if (a.bind(listen_endpoint, ec); ec) return failed("bind");
  if (a.listen(asio::socket_base::max_listen_connections, ec); ec) return failed("listen");
  bound_port = a.local_endpoint(ec).port();
  if (ec) return failed("local endpoint");
  listening = true;
  return {};
}

void GatewayServer::Impl::stop() {
  if (!running && connections.empty() && zombies.empty()) return;
  running = false;
  listening = false;
  ++accept_generation;
  boost::system::error_code ec;
  if (acceptor) acceptor->close(ec);
  if (retry_timer) retry_timer->cancel();
  if (broker_timer) broker_timer->cancel();
  if (server_faults) server_faults->cancel_all();
  auto open = connections;  // close_connection erases from the map
  for (auto& [id, c] : open) close_connection(c, "gateway stopping");
  clear_zombies("gateway stopping");
  spdlog::info("gateway on port {} stopped", bound_port);
}

asio::awaitable<void> GatewayServer::Impl::accept_loop(std::uint64_t generation) {
  auto self = shared_from_this();
  while (running && generation == accept_generation && acceptor && acceptor->is_open()) {
    auto [ec, socket] = co_await acceptor->async_accept(kUseTuple);
    if (!running || generation != accept_generation) co_return;
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      // Out of descriptors or a transient network error: wait a little instead of spinning.
      spdlog::warn("gateway accept failed: {}", ec.message());
      retry_timer->expires_after(kAcceptRetryDelay);
      (void)co_await retry_timer->async_wait(kUseTuple);
      continue;
    }
    ++accepted;
    if (throttle && !throttle->admit(monotonic.now())) {
      ++throttled;
      boost::system::error_code rec;
      const auto remote = socket.remote_endpoint(rec);
      reset_socket(socket);
      fault_event("throttled", 0,
                  fmt::format("peer={}:{} throttled={} limit={} window={}s", remote.address().to_string(),
                              remote.port(), throttled, config.fault_plan.throttle->max_logins,
                              format_seconds(config.fault_plan.throttle->window)));
      continue;
    }
    open_connection(std::move(socket));
  }
}

void GatewayServer::Impl::open_connection(tcp::socket socket) {
  boost::system::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  const auto remote = socket.remote_endpoint(ec);
  const std::uint64_t id = next_session_id++;
  auto c = std::make_shared<Connection>(shared_from_this(), std::move(socket), context, id);
  c->peer = ec ? std::string("?") : remote.address().to_string() + ":" + std::to_string(remote.port());
  const auto& drop = config.fault_plan.drop;
  if (drop && drop->after_messages && !(drop->once && drop_spent)) c->drop_after_frames = *drop->after_messages;
  if (stall_handshakes) c->session.hold_handshake();
  connections.emplace(id, c);
  spdlog::info("gateway session {}: accepted {} ({} open)", id, c->peer, connections.size());
  asio::co_spawn(io, read_loop(c), asio::detached);
  asio::co_spawn(io, write_loop(c), asio::detached);
  asio::co_spawn(io, market_loop(c), asio::detached);
  // Fills, cancels and position updates the broker reports on its own time.
  std::weak_ptr<Connection> weak = c;
  c->session.set_push_handler([weak](SessionOutput pushed) {
    if (auto conn = weak.lock()) conn->server->deliver(conn, std::move(pushed));
  });
}

void GatewayServer::Impl::deliver(const std::shared_ptr<Connection>& c, SessionOutput out) {
  if (c->closed || c->zombie) return;
  for (auto& later : out.delayed) {
    // The slow-historical fault: these frames leave after their delay, whatever comes between.
    auto timer = std::make_shared<asio::steady_timer>(io, later.delay);
    auto held = std::make_shared<SessionOutput>();
    held->frames = std::move(later.frames);
    fault_event("slow-reply", c->session.id(),
                fmt::format("frames={} delay_ms={}", held->frames.size(), later.delay.count()));
    std::weak_ptr<Connection> weak = c;
    timer->async_wait([timer, held, weak](const boost::system::error_code& ec) {
      auto conn = weak.lock();
      if (ec || !conn || conn->closed) return;
      conn->server->deliver(conn, std::move(*held));
    });
  }
  out.delayed.clear();
  if (out.frames.empty() && !out.close) return;
  if (c->silent) {
    c->frames_silenced += out.frames.size();
    out.frames.clear();
  }
  const auto due = monotonic.now() +
                   (config.fault_plan.latency ? config.fault_plan.latency->delay : std::chrono::microseconds{0});
  for (auto& frame : out.frames) {
    if (c->closing) break;  // a drop fault ended the stream; later frames are never sent
    c->outbox.push_back(Connection::Outgoing{std::move(frame), due});
    ++c->frames_queued;
    if (c->drop_after_frames && c->frames_queued >= *c->drop_after_frames) {
      const auto& drop = *config.fault_plan.drop;
      if (drop.once && drop_spent) {
        c->drop_after_frames.reset();  // another session already took the one drop
      } else {
        begin_drop(c, drop.kind, "after_messages=" + std::to_string(*c->drop_after_frames));
      }
    }
  }
  if (out.close && !c->closing) {
    c->closing = true;
    c->close_reason = std::move(out.close_reason);
  }
  c->wake.cancel();
}

void GatewayServer::Impl::close_connection(const std::shared_ptr<Connection>& c, std::string reason, CloseMode mode) {
  if (c->closed) return;
  c->closed = true;
  c->session.on_disconnect();
  c->faults.cancel_all();
  boost::system::error_code ec;
  if (mode == CloseMode::kReset) {
    reset_socket(c->socket);
  } else {
    c->socket.shutdown(tcp::socket::shutdown_both, ec);
    c->socket.close(ec);
  }
  c->wake.cancel();
  c->market_timer.cancel();
  c->outbox.clear();
  connections.erase(c->session.id());
  const auto& s = c->session.stats();
  spdlog::info(
      "gateway session {}: closed ({}); client id {}, server version {}, in {} msgs / {} bytes, out {} msgs / {} "
      "bytes, {} errors; {} open",
      c->session.id(), reason, s.client_id, s.server_version, s.messages_in, s.bytes_in, s.messages_out,
      s.bytes_out, s.errors_out, connections.size());
  if (on_closed) on_closed(s, reason);
}

void GatewayServer::Impl::fault_event(std::string name, std::uint64_t session, std::string detail) {
  spdlog::info("gateway fault event={} session={} port={} {}", name, session, bound_port, detail);
  if (on_fault) on_fault(FaultEvent{std::move(name), session, std::move(detail), monotonic.now()});
}

void GatewayServer::Impl::on_peer_closed(const std::shared_ptr<Connection>& c) {
  // The zombie fault: like a wedged TWS, never close our side. The socket stays open and unread,
  // so the kernel keeps it in CLOSE_WAIT until clear_zombies(), a restart or stop().
  c->zombie = true;
  c->session.on_disconnect();
  c->faults.cancel_all();
  c->outbox.clear();
  c->wake.cancel();  // the writer ends without touching the socket
  c->market_timer.cancel();
  connections.erase(c->session.id());
  zombies.push_back(c);
  const auto limit = config.fault_plan.zombie->stall_after;
  fault_event("zombie", c->session.id(), fmt::format("peer={} zombies={} limit={}", c->peer, zombies.size(), limit));
  if (!stall_handshakes && zombies.size() >= limit) {
    stall_handshakes = true;
    for (auto& [id, open] : connections) open->session.hold_handshake();
    fault_event("handshakes-stalled", 0, fmt::format("zombies={}", zombies.size()));
  }
}

std::size_t GatewayServer::Impl::clear_zombies(const std::string& why) {
  const bool was_stalled = stall_handshakes;
  stall_handshakes = false;
  auto held = std::move(zombies);
  zombies.clear();
  for (auto& z : held) {
    z->closed = true;
    boost::system::error_code ec;
    z->socket.shutdown(tcp::socket::shutdown_both, ec);
    z->socket.close(ec);
    if (on_closed) on_closed(z->session.stats(), "zombie cleared");
  }
  if (!held.empty() || was_stalled) {
    fault_event("zombies-cleared", 0, fmt::format("closed={} reason=\"{}\"", held.size(), why));
  }
  return held.size();
}

void GatewayServer::Impl::arm_session_faults(const std::shared_ptr<Connection>& c) {
  c->armed = true;
  const auto& plan = config.fault_plan;
  std::weak_ptr<Connection> weak = c;
  if (plan.drop && plan.drop->after) {
    c->faults.after(*plan.drop->after, [weak] {
      auto conn = weak.lock();
      if (!conn || conn->closing) return;
      auto& srv = *conn->server;
      const auto& drop = *srv.config.fault_plan.drop;
      if (drop.once && srv.drop_spent) return;
      srv.begin_drop(conn, drop.kind, "after=" + format_seconds(*drop.after) + "s");
    });
  }
  if (plan.connectivity) schedule_connectivity(c);
  if (plan.farm_flap) schedule_farm_flap(c, 0);
  if (plan.port_reset) {
    c->faults.after(plan.port_reset->after, [weak] {
      auto conn = weak.lock();
      if (!conn || conn->closing) return;
      auto& srv = *conn->server;
      if (srv.config.fault_plan.port_reset->once && srv.port_reset_spent) return;
      srv.port_reset_spent = true;
      srv.push_notice(conn, kSocketPortReset, kTextSocketPortReset, "port-reset");
      conn->closing = true;
      conn->close_reason = "fault port-reset-after: 1300 sent";
      conn->faults.cancel_all();
      conn->wake.cancel();
    });
  }
  if (plan.silence) {
    c->faults.after(plan.silence->after, [weak] {
      auto conn = weak.lock();
      if (!conn) return;
      auto& srv = *conn->server;
      if (srv.config.fault_plan.silence->once && srv.silence_spent) return;
      srv.silence_spent = true;
      conn->silent = true;
      srv.fault_event("silence", conn->session.id(),
                      "after=" + format_seconds(srv.config.fault_plan.silence->after) + "s");
    });
  }
}

void GatewayServer::Impl::begin_drop(const std::shared_ptr<Connection>& c, DropKind kind, const std::string& detail) {
  if (c->closing || c->closed) return;
  drop_spent = true;
  c->closing = true;
  c->reset_on_close = kind == DropKind::kReset;
  c->close_reason = std::string("fault ") + (kind == DropKind::kReset ? "reset" : "drop") + " " + detail;
  c->faults.cancel_all();
  fault_event(kind == DropKind::kReset ? "reset" : "drop", c->session.id(),
              fmt::format("{} frames_sent={}", detail, c->frames_queued));
  c->wake.cancel();
}

void GatewayServer::Impl::push_notice(const std::shared_ptr<Connection>& c, int code, const char* text,
                                      const char* event) {
  deliver(c, c->session.notice(code, text));
  fault_event(event, c->session.id(), fmt::format("code={}{}", code, c->silent ? " silenced=true" : ""));
}

void GatewayServer::Impl::schedule_connectivity(const std::shared_ptr<Connection>& c) {
  std::weak_ptr<Connection> weak = c;
  c->faults.after(config.fault_plan.connectivity->lost_after, [weak] {
    auto conn = weak.lock();
    if (!conn || conn->closing) return;
    auto& srv = *conn->server;
    srv.push_notice(conn, kConnectivityLost, kTextConnectivityLost, "connectivity-lost");
    conn->faults.after(srv.config.fault_plan.connectivity->restored_after, [weak] {
      auto again = weak.lock();
      if (!again || again->closing) return;
      auto& s = *again->server;
      const auto& fault = *s.config.fault_plan.connectivity;
      if (fault.restore == RestoreKind::kDataLost) {
        s.push_notice(again, kConnectivityRestoredDataLost, kTextRestoredDataLost, "connectivity-restored");
      } else {
        s.push_notice(again, kConnectivityRestoredDataMaintained, kTextRestoredDataMaintained, "connectivity-restored");
      }
      if (fault.repeat) s.schedule_connectivity(again);
    });
  });
}

void GatewayServer::Impl::schedule_farm_flap(const std::shared_ptr<Connection>& c, std::uint32_t notices_sent) {
  const auto& flap = *config.fault_plan.farm_flap;
  if (flap.cycles && notices_sent >= 2 * static_cast<std::uint64_t>(*flap.cycles)) return;
  std::weak_ptr<Connection> weak = c;
  c->faults.after(flap.period, [weak, notices_sent] {
    auto conn = weak.lock();
    if (!conn || conn->closing) return;
    auto& srv = *conn->server;
    if (notices_sent % 2 == 0) {
      srv.push_notice(conn, kFarmBroken, kTextFarmBroken, "farm-broken");
    } else {
      srv.push_notice(conn, kFarmOk, kTextFarmOk, "farm-ok");
    }
    srv.schedule_farm_flap(conn, notices_sent + 1);
  });
}

void GatewayServer::Impl::schedule_restart() {
  std::weak_ptr<Impl> weak = shared_from_this();
  server_faults->after(config.fault_plan.restart->after, [weak] {
    if (auto self = weak.lock(); self && self->running) self->restart_down();
  });
}

void GatewayServer::Impl::restart_down() {
  // Like a Gateway restart: the listener goes away (connects are refused), every connection and
  // every zombie is closed, and the port opens again after the down time.
  listening = false;
  ++accept_generation;
  boost::system::error_code ec;
  acceptor->close(ec);
  retry_timer->cancel();
  const auto open_count = connections.size();
  auto open = connections;
  for (auto& [id, c] : open) close_connection(c, "gateway restarting");
  clear_zombies("gateway restarting");
  fault_event("restart-down", 0,
              fmt::format("closed={} down={}s", open_count, format_seconds(config.fault_plan.restart->down)));
  std::weak_ptr<Impl> weak = shared_from_this();
  server_faults->after(config.fault_plan.restart->down, [weak] {
    if (auto self = weak.lock(); self && self->running) self->restart_up();
  });
}

void GatewayServer::Impl::restart_up() {
  if (auto st = listen(); !st) {
    fault_event("restart-failed", 0, fmt::format("error=\"{}\" retry={}s", st.error().message,
                                                 format_seconds(kRelistenRetry)));
    std::weak_ptr<Impl> weak = shared_from_this();
    server_faults->after(kRelistenRetry, [weak] {
      if (auto self = weak.lock(); self && self->running) self->restart_up();
    });
    return;
  }
  ++restart_count;
  fault_event("restart-up", 0, fmt::format("restarts={}", restart_count));
  asio::co_spawn(io, [self = shared_from_this(), g = accept_generation] { return self->accept_loop(g); },
                 asio::detached);
  if (config.fault_plan.restart->repeat) schedule_restart();
}

namespace {
GatewayConfig with_id_seed(GatewayConfig config, const Clock& clock) {
  if (config.broker.id_seed == 0) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(clock.now().time_since_epoch()).count();
    config.broker.id_seed = static_cast<std::uint64_t>(std::max<std::int64_t>(us, 1));
  }
  return config;
}
}  // namespace

GatewayServer::GatewayServer(asio::io_context& io, GatewayConfig config, const Clock& clock,
                             const MonotonicClock& monotonic)
    : impl_(std::make_shared<Impl>(io, with_id_seed(std::move(config), clock), clock, monotonic)) {}

GatewayServer::~GatewayServer() {
  impl_->on_closed = nullptr;
  impl_->on_fault = nullptr;
  impl_->stop();
}

Result<std::uint16_t> GatewayServer::start() { return impl_->start(); }
void GatewayServer::stop() { impl_->stop(); }
bool GatewayServer::running() const { return impl_->running; }
std::uint16_t GatewayServer::port() const { return impl_->bound_port; }
std::size_t GatewayServer::connected_clients() const { return impl_->connections.size(); }
std::uint64_t GatewayServer::total_connections() const { return impl_->accepted; }
bool GatewayServer::listening() const { return impl_->listening; }
std::uint64_t GatewayServer::throttled_connections() const { return impl_->throttled; }
std::uint64_t GatewayServer::logins() const { return impl_->login_count; }
std::size_t GatewayServer::zombie_count() const { return impl_->zombies.size(); }
bool GatewayServer::handshakes_stalled() const { return impl_->stall_handshakes; }
std::uint64_t GatewayServer::restarts() const { return impl_->restart_count; }
std::size_t GatewayServer::clear_zombies() { return impl_->clear_zombies("clear_zombies()"); }
const Clock& GatewayServer::market_clock() const { return impl_->sim_clock; }
Market& GatewayServer::market() { return impl_->market; }
const LimitCounters& GatewayServer::limits() const { return impl_->limits; }

const std::vector<Account>& GatewayServer::accounts() const { return impl_->accounts; }
void GatewayServer::set_session_closed_handler(SessionClosedHandler handler) { impl_->on_closed = std::move(handler); }
void GatewayServer::set_fault_event_handler(FaultEventHandler handler) { impl_->on_fault = std::move(handler); }

}  // namespace rt::gateway

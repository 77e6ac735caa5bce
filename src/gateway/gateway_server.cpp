#include "gateway/gateway_server.hpp"

#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

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

#include "gateway/gateway_context.hpp"

namespace rt::gateway {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kReadChunk = 16 * 1024;
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);
constexpr auto kCloseLinger = std::chrono::seconds(2);

}  // namespace

struct GatewayServer::Impl : std::enable_shared_from_this<GatewayServer::Impl> {
  Impl(asio::io_context& io_context, GatewayConfig cfg, const Clock& clk)
      : io(io_context), config(std::move(cfg)), clock(clk), context{config, clock, accounts, clients} {}

  // One client connection: its socket, session and outbound queue. Owned by the server's map
  // while open and by its two coroutines while they run; holds the server state alive because
  // the session borrows it.
  struct Connection {
    Connection(std::shared_ptr<Impl> srv, tcp::socket sock, GatewayContext& ctx, std::uint64_t id)
        : server(std::move(srv)), socket(std::move(sock)), session(ctx, id), wake(socket.get_executor()) {}

    std::shared_ptr<Impl> server;
    tcp::socket socket;
    GatewaySession session;
    std::deque<std::string> outbox;
    asio::steady_timer wake;  // the writer waits on it; cancelled when there is work
    bool closing = false;     // the session asked to close once the outbox is flushed
    bool closed = false;      // the socket is shut down and closed
    std::string close_reason;
    std::string peer;
  };

  asio::io_context& io;
  GatewayConfig config;
  const Clock& clock;
  std::vector<Account> accounts;
  ClientRegistry clients;
  GatewayContext context;
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::steady_timer> retry_timer;
  std::unordered_map<std::uint64_t, std::shared_ptr<Connection>> connections;
  std::uint64_t next_session_id = 1;
  std::uint64_t accepted = 0;
  std::uint16_t bound_port = 0;
  bool running = false;
  SessionClosedHandler on_closed;

  static asio::awaitable<void> read_loop(std::shared_ptr<Connection> c);
  static asio::awaitable<void> write_loop(std::shared_ptr<Connection> c);

  Result<std::uint16_t> start();
  void stop();
  asio::awaitable<void> accept_loop();
  void open_connection(tcp::socket socket);
  void close_connection(const std::shared_ptr<Connection>& c, std::string reason);
  void deliver(const std::shared_ptr<Connection>& c, SessionOutput out);
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
      std::string reason = c->closing                   ? c->close_reason
                           : ec == asio::error::eof     ? std::string("peer closed the connection")
                                                        : "read failed: " + ec.message();
      c->server->close_connection(c, std::move(reason));
      co_return;
    }
    c->server->deliver(c, c->session.on_bytes(std::string_view(buf.data(), n)));
  }
}

asio::awaitable<void> GatewayServer::Impl::write_loop(std::shared_ptr<Connection> c) {
  std::string batch;
  while (!c->closed) {
    if (!c->outbox.empty()) {
      batch.clear();
      for (auto& frame : c->outbox) batch += frame;
      c->outbox.clear();
      auto [ec, n] = co_await asio::async_write(c->socket, asio::buffer(batch), kUseTuple);
      (void)n;
      if (c->closed) co_return;
      if (ec) {
        c->server->close_connection(c, "write failed: " + ec.message());
        co_return;
      }
      continue;
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

  boost::system::error_code ec;
  const auto address = asio::ip::make_address(config.bind_address, ec);
  if (ec) return fail(ErrorCode::kInvalidArgument, "bind address '" + config.bind_address + "': " + ec.message());
  const tcp::endpoint endpoint(address, config.port);
  tcp::acceptor a(io);
  const std::string where = config.bind_address + ":" + std::to_string(config.port);
  if (a.open(endpoint.protocol(), ec); ec) return fail(ErrorCode::kRefused, "open " + where + ": " + ec.message());
  if (a.set_option(tcp::acceptor::reuse_address(true), ec); ec) {
    return fail(ErrorCode::kRefused, "reuse_address " + where + ": " + ec.message());
  }
  if (a.bind(endpoint, ec); ec) return fail(ErrorCode::kRefused, "bind " + where + ": " + ec.message());
  if (a.listen(asio::socket_base::max_listen_connections, ec); ec) {
    return fail(ErrorCode::kRefused, "listen " + where + ": " + ec.message());
  }
  bound_port = a.local_endpoint(ec).port();
  if (ec) return fail(ErrorCode::kRefused, "local endpoint " + where + ": " + ec.message());
  acceptor.emplace(std::move(a));
  retry_timer.emplace(io);
  running = true;
  accepted = 0;
  asio::co_spawn(io, [self = shared_from_this()] { return self->accept_loop(); }, asio::detached);
  spdlog::info("gateway listening on {}:{} (server version up to {}, accounts {})", config.bind_address, bound_port,
               config.server_version, fmt::join(config.accounts, ","));
  return bound_port;
}

void GatewayServer::Impl::stop() {
  if (!running && connections.empty()) return;
  running = false;
  boost::system::error_code ec;
  if (acceptor) acceptor->close(ec);
  if (retry_timer) retry_timer->cancel();
  auto open = connections;  // close_connection erases from the map
  for (auto& [id, c] : open) close_connection(c, "gateway stopping");
  spdlog::info("gateway on port {} stopped", bound_port);
}

asio::awaitable<void> GatewayServer::Impl::accept_loop() {
  auto self = shared_from_this();
  while (running && acceptor && acceptor->is_open()) {
    auto [ec, socket] = co_await acceptor->async_accept(kUseTuple);
    if (!running) co_return;
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      // Out of descriptors or a transient network error: wait a little instead of spinning.
      spdlog::warn("gateway accept failed: {}", ec.message());
      retry_timer->expires_after(kAcceptRetryDelay);
      (void)co_await retry_timer->async_wait(kUseTuple);
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
  ++accepted;
  auto c = std::make_shared<Connection>(shared_from_this(), std::move(socket), context, id);
  c->peer = ec ? std::string("?") : remote.address().to_string() + ":" + std::to_string(remote.port());
  connections.emplace(id, c);
  spdlog::info("gateway session {}: accepted {} ({} open)", id, c->peer, connections.size());
  asio::co_spawn(io, read_loop(c), asio::detached);
  asio::co_spawn(io, write_loop(c), asio::detached);
}

void GatewayServer::Impl::deliver(const std::shared_ptr<Connection>& c, SessionOutput out) {
  if (c->closed || (out.frames.empty() && !out.close)) return;
  for (auto& frame : out.frames) c->outbox.push_back(std::move(frame));
  if (out.close && !c->closing) {
    c->closing = true;
    c->close_reason = std::move(out.close_reason);
  }
  c->wake.cancel();
}

void GatewayServer::Impl::close_connection(const std::shared_ptr<Connection>& c, std::string reason) {
  if (c->closed) return;
  c->closed = true;
  c->session.on_disconnect();
  boost::system::error_code ec;
  c->socket.shutdown(tcp::socket::shutdown_both, ec);
  c->socket.close(ec);
  c->wake.cancel();
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

GatewayServer::GatewayServer(asio::io_context& io, GatewayConfig config, const Clock& clock)
    : impl_(std::make_shared<Impl>(io, std::move(config), clock)) {}

GatewayServer::~GatewayServer() {
  impl_->on_closed = nullptr;
  impl_->stop();
}

Result<std::uint16_t> GatewayServer::start() { return impl_->start(); }
void GatewayServer::stop() { impl_->stop(); }
bool GatewayServer::running() const { return impl_->running; }
std::uint16_t GatewayServer::port() const { return impl_->bound_port; }
std::size_t GatewayServer::connected_clients() const { return impl_->connections.size(); }
std::uint64_t GatewayServer::total_connections() const { return impl_->accepted; }
void GatewayServer::set_session_closed_handler(SessionClosedHandler handler) { impl_->on_closed = std::move(handler); }

}  // namespace rt::gateway

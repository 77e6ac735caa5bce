#pragma once
// GatewayServer: the emulator's TCP front end. Listens on config.bind_address:config.port, runs
// one reader and one writer coroutine per connection on the given io_context, and drives a
// GatewaySession per connection. A session that asks to close, a peer that closes, a socket
// error and stop() all end in shutdown + close of the server-side socket, so no connection is
// left half-open (CLOSE_WAIT) behind a finished client.
//
// Thread: construct, start(), stop(), and every query on the io_context's thread (or while the
// io_context is not running). Ownership: the server owns its sockets, sessions, the simulated
// accounts and the client-id registry; the io_context and the Clock must outlive it. Can be
// embedded in any process that runs an io_context (e.g. an in-process simulation).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "gateway/gateway_config.hpp"
#include "gateway/gateway_session.hpp"

namespace boost::asio {
class io_context;
}

namespace rt::gateway {

class GatewayServer {
 public:
  GatewayServer(boost::asio::io_context& io, GatewayConfig config, const Clock& clock);
  ~GatewayServer();  // stops the server
  GatewayServer(const GatewayServer&) = delete;
  GatewayServer& operator=(const GatewayServer&) = delete;

  // Validates the config, binds and starts accepting. Returns the bound port (the kernel's
  // choice when config.port is 0). Fails on a bad config, a bind error, or a second start.
  Result<std::uint16_t> start();
  // Stops accepting and closes every connection. Idempotent; pending handlers finish on the
  // io_context afterwards.
  void stop();

  [[nodiscard]] bool running() const;
  // The bound port, 0 before start().
  [[nodiscard]] std::uint16_t port() const;
  // Open client connections right now.
  [[nodiscard]] std::size_t connected_clients() const;
  // Connections accepted since start().
  [[nodiscard]] std::uint64_t total_connections() const;

  // Called on the io_context thread after a connection's socket is closed, with its final stats
  // and the reason. One handler; setting another replaces it.
  using SessionClosedHandler = std::function<void(const SessionStats& stats, const std::string& reason)>;
  void set_session_closed_handler(SessionClosedHandler handler);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace rt::gateway

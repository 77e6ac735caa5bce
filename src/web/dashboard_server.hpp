#pragma once
// DashboardServer: the trader's HTTP + WebSocket endpoint (Boost.Beast) on the trading event loop.
//
// Routes:
//   GET  /, /app.js, /app.css    the single-page dashboard (embedded in the binary)
//   GET  /api/state              the latest published DashboardModel as JSON
//   GET  /metrics                the MetricsRegistry in Prometheus text format
//   GET  /healthz                200 while the process serves requests
//   GET  /readyz                 200 when connected, reconciled and not kill-switched, else 503
//   POST /api/kill-switch        engages the kill switch through a callback
//   GET  /ws                     WebSocket: the state JSON on connect and after every publish()
//
// Security: by default it binds to loopback. A non-loopback bind without a token is refused at
// start(). With a token, every HTTP and WebSocket request must carry it (`Authorization: Bearer
// <token>` or `?token=<token>`), compared in constant time; /healthz and /readyz included. On a
// loopback bind without a token, requests are accepted only from loopback peers whose Host header
// names a loopback host (no DNS rebinding), and a request with an Origin header must come from
// the page itself (no cross-site POST or WebSocket). The kill-switch POST is the only action.
//
// Pushes are coalesced: publish() stores the newest JSON; clients get it at most once per
// push_interval, and a slow client skips to the newest state instead of queueing.
//
// Thread: the trading event loop (the io_context given to start()); call every method from it.
// Owns its sockets; borrows the MetricsRegistry and the MonotonicClock that spaces the pushes (they
// must outlive the server). stop() closes the
// listener and every connection; the destructor calls it.
#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/monotonic_clock.hpp"
#include "core/result.hpp"
#include "web/dashboard_model.hpp"
#include "web/metrics_registry.hpp"

namespace rt::web {

struct DashboardServerConfig {
  std::string host = "127.0.0.1";  // an IP address or "localhost"
  std::uint16_t port = 8080;       // 0 = an ephemeral port (see DashboardServer::port())
  std::string token;               // required unless host is loopback
  std::chrono::milliseconds push_interval{250};  // at most 4 pushes per second
  std::size_t max_clients = 32;                  // WebSocket clients; more are refused with 503
  std::chrono::seconds request_timeout{30};      // per HTTP read/write
};

struct Readiness {
  bool connected = false;
  bool reconciled = false;
  bool kill_switched = false;
  std::vector<std::string> halted;  // symbols whose books disagree with the broker's
  std::string detail;  // shown in the /readyz body
};

struct DashboardCallbacks {
  // /readyz; when empty, the server is never ready.
  std::function<Readiness()> readiness;
  // POST /api/kill-switch with the reason from the body ({"reason": "..."}); an error becomes 500.
  // When empty, the route answers 501.
  std::function<Status(const std::string& reason)> engage_kill_switch;
  // Called just before /metrics renders, so the caller can copy fresh stats in.
  std::function<void()> before_metrics;
};

// Minimum token length for a non-loopback bind.
inline constexpr std::size_t kMinTokenLength = 16;

class DashboardServer {
 public:
  // Binds and starts accepting. Fails (kInvalidArgument) on a bad host, a non-loopback bind
  // without a token, a short token or one with characters outside [A-Za-z0-9._~-]; fails
  // (kRefused) when the port cannot be bound.
  static Result<std::unique_ptr<DashboardServer>> start(boost::asio::any_io_executor executor,
                                                        DashboardServerConfig config, MetricsRegistry& metrics,
                                                        DashboardCallbacks callbacks,
                                                        const MonotonicClock& monotonic);
  // The checks start() makes before binding (address, token rules), for a caller that wants to
  // refuse early.
  static Status check_config(const DashboardServerConfig& config);
  ~DashboardServer();
  DashboardServer(const DashboardServer&) = delete;
  DashboardServer& operator=(const DashboardServer&) = delete;

  // Stores a copy of the model for /api/state and schedules a push to WebSocket clients; it is
  // serialised at most once per push (not per publish). Sets the model's sequence number.
  void publish(const DashboardModel& model);
  void publish(DashboardModel&& model);

  void stop();

  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] std::string url() const;  // http://host:port/
  [[nodiscard]] std::size_t client_count() const;
  [[nodiscard]] std::uint64_t pushes() const;  // WebSocket messages sent, all clients

  struct Impl;

 private:
  explicit DashboardServer(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

// Constant-time comparison (time depends only on the lengths).
[[nodiscard]] bool token_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace rt::web

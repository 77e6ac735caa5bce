#pragma once
// GatewayServer: the emulator's TCP front end. Listens on config.bind_address:config.port, runs
// one reader and one writer coroutine per connection on the given io_context, and drives a
// GatewaySession per connection. A session that asks to close, a peer that closes, a socket
// error and stop() all end in shutdown + close of the server-side socket, so no connection is
// left half-open (CLOSE_WAIT) behind a finished client.
//
// Thread: construct, start(), stop(), and every query on the io_context's thread (or while the
// io_context is not running). Ownership: the server owns its sockets, sessions, the simulated
// accounts and the client-id registry; the io_context and the clocks must outlive it. The Clock
// is the base of the simulated market clock; the MonotonicClock times the faults (latency, throttle
// window, event times), which are real time whatever the market's speed. Can be
// embedded in any process that runs an io_context (e.g. an in-process simulation).
//
// Fault scripts (config.fault_plan, fault_plan.hpp) run on steady_timers of the same io_context:
// zombie mode keeps client-closed sockets open in CLOSE_WAIT (the one exception to the rule
// above) until clear_zombies(), stop() or a restart fault; the drop, notice, silence and latency
// faults act per connection; throttle and restart act on the listener. Every fault event is
// logged as one line "gateway fault event=<name> session=<id> port=<port> <key=value...>" and
// passed to the fault event handler. Counters are since start() and survive restart faults.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "core/clock.hpp"
#include "core/monotonic_clock.hpp"
#include "core/result.hpp"
#include "gateway/fault_event.hpp"
#include "gateway/gateway_config.hpp"
#include "gateway/gateway_session.hpp"
#include "gateway/limit_counters.hpp"
#include "gateway/market.hpp"

namespace boost::asio {
class io_context;
}

namespace rt::gateway {

class GatewayServer {
 public:
  GatewayServer(boost::asio::io_context& io, GatewayConfig config, const Clock& clock,
                const MonotonicClock& monotonic);
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
  // Connections accepted since start() (TCP accepts, throttled ones included).
  [[nodiscard]] std::uint64_t total_connections() const;

  // True while the acceptor is open: after start(), not after stop(), and not while a restart
  // fault holds the port closed (running() stays true then).
  [[nodiscard]] bool listening() const;
  // Connections reset at once by the throttle fault since start().
  [[nodiscard]] std::uint64_t throttled_connections() const;
  // START_API frames received since start() (accepted or answered with 326).
  [[nodiscard]] std::uint64_t logins() const;
  // Client-closed sockets the zombie fault holds open (each in CLOSE_WAIT) right now.
  [[nodiscard]] std::size_t zombie_count() const;
  // True once the zombie fault's limit was reached: new preambles get no reply until cleared.
  [[nodiscard]] bool handshakes_stalled() const;
  // Completed restart-fault cycles (down and listening again) since start().
  [[nodiscard]] std::uint64_t restarts() const;
  // Closes every zombie socket and answers handshakes again (connections already stalled stay
  // stalled, as with a real wedged session). Returns how many were closed; each is reported to
  // the session closed handler with reason "zombie cleared".
  std::size_t clear_zombies();

  // The simulated market clock (config.market.start and speed over the clock given at
  // construction): what sessions report as the current time and what the market follows. An
  // in-process trader can share it. Valid for the server's lifetime.
  [[nodiscard]] const Clock& market_clock() const;
  // The market every session serves (contracts, MarketModel per symbol): order matching and
  // tests read quotes from it. Valid for the server's lifetime.
  [[nodiscard]] Market& market();
  // How often each IB limit was enforced since construction (limit_counters.hpp).
  [[nodiscard]] const LimitCounters& limits() const;
  // The simulated accounts (cash, positions) in config.accounts order: what tests compare a
  // trader's own books against. Valid for the server's lifetime.
  [[nodiscard]] const std::vector<Account>& accounts() const;

  // Called on the io_context thread after a connection's socket is closed, with its final stats
  // and the reason. One handler; setting another replaces it.
  using SessionClosedHandler = std::function<void(const SessionStats& stats, const std::string& reason)>;
  void set_session_closed_handler(SessionClosedHandler handler);

  // Called on the io_context thread for every fault event, after it is logged. One handler;
  // setting another replaces it.
  using FaultEventHandler = std::function<void(const FaultEvent& event)>;
  void set_fault_event_handler(FaultEventHandler handler);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace rt::gateway

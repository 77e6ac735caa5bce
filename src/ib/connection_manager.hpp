#pragma once
// ConnectionManager: the one persistent TWS session of a process, self-healing.
//
// It connects (client-id policy, per-stage deadlines, a file lock around the handshake), keeps the
// session alive with a heartbeat (reqCurrentTime on a timer, with its own deadline), reacts to TWS
// notices (1100 degraded, 1101 re-subscribe, 1102 keep, 1300 reconnect, farm up/down), and after
// any loss reconnects with capped exponential backoff and jitter, never logging in more often than
// the configured floor. Streams registered with subscribe() are re-applied after every reconnect
// and after 1101 without the caller doing anything.
//
// Time: `clock` (the wall clock) stamps state changes, heartbeats and farm notices; `monotonic`
// measures every wait (the handshake lock, the login floor, wait_ready), so neither a wall-clock
// jump nor a fast simulated clock moves a deadline.
//
// Thread: everything runs on the executor's single thread (the trading event loop); call every
// method from that thread. Owns the current ClientSession; callers use session() per request and
// must not keep it across a reconnect.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/monotonic_clock.hpp"
#include "ib/backoff.hpp"
#include "ib/connection_state.hpp"
#include "tws/client/connector.hpp"

namespace rt::ib {

struct ConnectionManagerConfig {
  tws::ConnectOptions connect;
  tws::ClientIdPolicy ids;
  BackoffConfig backoff;
  std::chrono::milliseconds heartbeat_interval{10000};
  std::chrono::milliseconds heartbeat_timeout{5000};
  std::optional<std::filesystem::path> handshake_lock_dir = std::filesystem::path("/tmp");
  std::chrono::milliseconds handshake_lock_wait{30000};
  std::uint64_t jitter_seed = 0x5eed;
};

struct StateChange {
  ConnectionState from;
  ConnectionState to;
  std::string reason;
  Timestamp at;
};

struct ConnectionStats {
  std::uint64_t logins = 0;          // handshakes started
  std::uint64_t connects = 0;        // handshakes that reached ready
  std::uint64_t reconnects = 0;      // ready sessions after the first
  std::uint64_t heartbeats_sent = 0;
  std::uint64_t heartbeats_missed = 0;
  std::uint64_t resubscriptions = 0;  // subscriptions re-applied
  std::uint64_t late_replies_dropped = 0;  // summed over sessions
  std::array<std::uint64_t, kConnectionStateCount> entered{};  // times each state was entered
  std::optional<Timestamp> last_heartbeat;  // last successful heartbeat reply
  std::optional<Timestamp> down_since;      // set while not ready
};

struct FarmStatus {
  std::string name;
  FarmKind kind = FarmKind::kMarketData;
  bool ok = true;
  int last_code = 0;
  Timestamp changed_at{};
};

// A stream that must survive reconnects: `apply` (re)sends its request on a fresh session,
// `cancel` stops it when the caller unsubscribes.
struct Subscription {
  std::string name;
  std::function<void(tws::ClientSession&)> apply;
  std::function<void(tws::ClientSession&)> cancel;
};
using SubscriptionId = std::uint64_t;

class ConnectionManager {
 public:
  ConnectionManager(boost::asio::any_io_executor executor, ConnectionManagerConfig config, const Clock& clock,
                    const MonotonicClock& monotonic);
  ~ConnectionManager();
  ConnectionManager(const ConnectionManager&) = delete;
  ConnectionManager& operator=(const ConnectionManager&) = delete;

  // Starts the supervising coroutine; it runs until stop().
  void start();
  // Closes the session cleanly and stops reconnecting. Idempotent.
  void stop();

  [[nodiscard]] ConnectionState state() const;
  [[nodiscard]] const ConnectionStats& stats() const;
  [[nodiscard]] const std::vector<StateChange>& history() const;
  [[nodiscard]] const std::map<std::string, FarmStatus>& farms() const;
  // How long the session has been down; zero while ready or degraded.
  [[nodiscard]] Duration down_for() const;
  // The live session while ready or degraded, else nullptr.
  [[nodiscard]] std::shared_ptr<tws::ClientSession> session() const;
  [[nodiscard]] std::optional<tws::SessionInfo> session_info() const;
  [[nodiscard]] std::optional<tws::ConnectFailure> last_failure() const;

  // Waits until ready (or degraded) or the timeout passes; true when ready.
  boost::asio::awaitable<bool> wait_ready(std::chrono::milliseconds timeout);

  SubscriptionId subscribe(Subscription subscription);
  void unsubscribe(SubscriptionId id);
  [[nodiscard]] std::size_t subscription_count() const;

  void on_state_change(std::function<void(const StateChange&)> listener);
  // Every message no request claimed (after the manager has looked at notices).
  void on_message(std::function<void(const tws::Response&)> listener);

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace rt::ib

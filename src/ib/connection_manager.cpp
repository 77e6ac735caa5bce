#include "ib/connection_manager.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "ib/handshake_lock.hpp"
#include "tws/messages/error_codes.hpp"

namespace rt::ib {

namespace asio = boost::asio;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

const char* to_string(ConnectionState state) noexcept {
  switch (state) {
    case ConnectionState::kDisconnected: return "disconnected";
    case ConnectionState::kConnecting: return "connecting";
    case ConnectionState::kReady: return "ready";
    case ConnectionState::kDegraded: return "degraded";
    case ConnectionState::kBackingOff: return "backing off";
    case ConnectionState::kStopped: return "stopped";
  }
  return "unknown";
}

struct ConnectionManager::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::any_io_executor ex, ConnectionManagerConfig cfg, const Clock& clk, const MonotonicClock& mono)
      : executor(ex),
        config(std::move(cfg)),
        clock(clk),
        monotonic(mono),
        backoff(config.backoff, config.jitter_seed),
        wake(ex),
        beat_timer(ex) {
    wake.expires_at(asio::steady_timer::time_point::max());
  }

  asio::any_io_executor executor;
  ConnectionManagerConfig config;
  const Clock& clock;             // timestamps of state changes, heartbeats and farms
  const MonotonicClock& monotonic;  // the handshake-lock wait, the login floor, wait_ready
  Backoff backoff;
  ConnectionState state = ConnectionState::kDisconnected;
  ConnectionStats stats;
  std::vector<StateChange> history;
  std::map<std::string, FarmStatus> farms;
  std::shared_ptr<tws::ClientSession> session;
  std::optional<tws::ConnectFailure> last_failure;
  std::map<SubscriptionId, Subscription> subscriptions;
  SubscriptionId next_subscription = 1;
  std::vector<std::function<void(const StateChange&)>> state_listeners;
  std::vector<std::function<void(const tws::Response&)>> message_listeners;
  bool started = false;
  bool stopping = false;
  std::string session_end_reason;
  // Woken (cancelled) when the session ends or stop() is called; the supervisor waits on it.
  asio::steady_timer wake;
  asio::steady_timer beat_timer;
  std::optional<MonotonicClock::TimePoint> last_login_start;
  std::uint64_t late_dropped_closed_sessions = 0;

  void set_state(ConnectionState to, const std::string& reason) {
    if (to == state) return;
    StateChange change{state, to, reason, clock.now()};
    state = to;
    ++stats.entered[static_cast<std::size_t>(to)];
    bool up = to == ConnectionState::kReady || to == ConnectionState::kDegraded;
    if (up) {
      stats.down_since.reset();
    } else if (!stats.down_since) {
      stats.down_since = change.at;
    }
    history.push_back(change);
    if (history.size() > 1000) history.erase(history.begin());
    spdlog::info("connection: {} -> {} ({})", to_string(change.from), to_string(to), reason);
    for (auto& l : state_listeners) l(change);
  }

  void wake_supervisor() { wake.cancel(); }

  // Only the supervisor pauses, and always on `wake`, so stop() cuts any pause short.
  asio::awaitable<void> pause(std::chrono::milliseconds d) {
    wake.expires_after(d);
    co_await wake.async_wait(kTuple);
  }

  void apply_subscriptions(std::string_view why) {
    if (!session) return;
    for (auto& [id, sub] : subscriptions) {
      if (sub.apply) sub.apply(*session);
      ++stats.resubscriptions;
    }
    if (!subscriptions.empty()) spdlog::info("connection: re-applied {} subscription(s) ({})", subscriptions.size(), why);
  }

  void note_farm(const tws::ErrorMessage& m, FarmKind kind, bool ok) {
    auto colon = m.message.rfind(':');
    std::string name = colon == std::string::npos ? m.message : m.message.substr(colon + 1);
    auto& f = farms[name];
    if (f.name.empty() || f.ok != ok) f.changed_at = clock.now();
    f.name = name;
    f.kind = kind;
    f.ok = ok;
    f.last_code = m.code;
  }

  static FarmKind farm_kind(tws::DataFarm farm) {
    switch (farm) {
      case tws::DataFarm::kHistorical: return FarmKind::kHistorical;
      case tws::DataFarm::kSecDef: return FarmKind::kSecDef;
      case tws::DataFarm::kMarketData:
      case tws::DataFarm::kNone: break;
    }
    return FarmKind::kMarketData;
  }

  // TWS notices about the session itself, as the error-code table describes them.
  void handle_notice(const tws::ErrorMessage& m) {
    const auto info = tws::describe_error_code(m.code);
    const auto reason = [&] { return std::to_string(m.code) + ": " + std::string(info.meaning); };
    switch (info.link) {
      case tws::LinkEvent::kIbLost: set_state(ConnectionState::kDegraded, reason()); break;
      case tws::LinkEvent::kIbRestored:
        set_state(ConnectionState::kReady, reason());
        if (info.ends == tws::ErrorEnds::kAllSubscriptions) apply_subscriptions(std::to_string(m.code));
        break;
      case tws::LinkEvent::kSocketReset: end_session(reason()); break;
      case tws::LinkEvent::kFarmDown: note_farm(m, farm_kind(info.farm), false); break;
      case tws::LinkEvent::kFarmUp: note_farm(m, farm_kind(info.farm), true); break;
      case tws::LinkEvent::kNone: break;
    }
  }

  void end_session(const std::string& reason) {
    if (!session) return;
    session_end_reason = reason;
    auto s = session;
    s->close(reason);  // fails requests in flight; triggers the disconnect handler
    wake_supervisor();
  }

  asio::awaitable<Result<HandshakeLock>> acquire_lock() {
    HandshakeLock lock;
    if (!config.handshake_lock_dir) co_return lock;
    auto until = monotonic.now() + config.handshake_lock_wait;
    for (;;) {
      auto got = HandshakeLock::try_acquire(*config.handshake_lock_dir, config.connect.host, config.connect.port, lock);
      if (!got) co_return std::unexpected(got.error());
      if (*got) co_return lock;
      if (monotonic.now() >= until || stopping) {
        co_return fail(ErrorCode::kTimeout, "another robotrader process kept the handshake lock for " +
                                                std::to_string(config.handshake_lock_wait.count()) + " ms");
      }
      co_await pause(std::chrono::milliseconds(50));
    }
  }

  // Waits so that no login starts sooner than min_login_interval after the previous one.
  asio::awaitable<void> respect_login_floor() {
    if (!last_login_start) co_return;
    auto earliest = *last_login_start + config.backoff.min_login_interval;
    for (auto now = monotonic.now(); earliest > now && !stopping;
         now = monotonic.now()) {
      co_await pause(std::chrono::duration_cast<std::chrono::milliseconds>(earliest - now) +
                     std::chrono::milliseconds(1));
    }
  }

  asio::awaitable<bool> connect_once() {
    co_await respect_login_floor();
    if (stopping) co_return false;
    set_state(ConnectionState::kConnecting, "connecting to " + config.connect.host + ":" +
                                                std::to_string(config.connect.port));
    auto lock = co_await acquire_lock();
    if (!lock) {
      spdlog::warn("connection: {}", lock.error().message);
      co_return false;
    }
    last_login_start = monotonic.now();
    ++stats.logins;
    auto outcome = co_await tws::connect_with_retry(executor, config.connect, config.ids,
                                                    [](const std::string& line) { spdlog::debug("{}", line); });
    lock->release();
    if (!outcome.ok()) {
      last_failure = outcome.last_failure;
      spdlog::warn("connection: {}", outcome.last_failure->describe(config.connect.host, config.connect.port));
      co_return false;
    }
    if (stopping) {
      outcome.session->close("stopping");
      co_return false;
    }
    last_failure.reset();
    session = outcome.session;
    std::weak_ptr<Impl> weak = shared_from_this();
    session->set_message_handler([weak](const tws::Response& r) {
      auto self = weak.lock();
      if (!self) return;
      if (auto* m = std::get_if<tws::ErrorMessage>(&r); m && m->id == -1) self->handle_notice(*m);
      for (auto& l : self->message_listeners) l(r);
    });
    session->set_disconnect_handler([weak](const Error& e) {
      auto self = weak.lock();
      if (!self) return;
      if (self->session_end_reason.empty()) self->session_end_reason = e.message;
      self->wake_supervisor();
    });
    ++stats.connects;
    if (stats.connects > 1) ++stats.reconnects;
    backoff.reset();
    set_state(ConnectionState::kReady, "connected as client id " + std::to_string(session->info().client_id) +
                                           " at server version " + std::to_string(session->info().server_version));
    apply_subscriptions("connect");
    co_return true;
  }

  static asio::awaitable<void> heartbeat(std::shared_ptr<Impl> self, std::shared_ptr<tws::ClientSession> s) {
    co_await self->beat_while_connected(std::move(s));
  }

  asio::awaitable<void> beat_while_connected(std::shared_ptr<tws::ClientSession> s) {
    // One member timer: stop() cancels it, so no idle heartbeat outlives the manager's work (a
    // command would otherwise wait out a whole interval before its event loop ends).
    auto& t = beat_timer;
    while (!stopping && s->is_connected() && session == s) {
      t.expires_after(config.heartbeat_interval);
      co_await t.async_wait(kTuple);
      if (stopping || !s->is_connected() || session != s) co_return;
      ++stats.heartbeats_sent;
      auto beat = co_await s->request_current_time(config.heartbeat_timeout);
      if (beat) {
        stats.last_heartbeat = clock.now();
        continue;
      }
      if (beat.error().code == ErrorCode::kTimeout && session == s) {
        ++stats.heartbeats_missed;
        end_session("heartbeat missed: no reply to reqCurrentTime within " +
                    std::to_string(config.heartbeat_timeout.count()) + " ms");
      }
      co_return;
    }
  }

  asio::awaitable<void> supervise() {
    auto self = shared_from_this();
    while (!stopping) {
      if (!co_await connect_once()) {
        if (stopping) break;
        // The announced delay is the real one: the backoff, or the login floor when that is later.
        auto delay = backoff.next_delay();
        if (last_login_start) {
          const auto floor_left = std::chrono::duration_cast<std::chrono::milliseconds>(
              *last_login_start + config.backoff.min_login_interval - monotonic.now());
          delay = std::max(delay, floor_left);
        }
        set_state(ConnectionState::kBackingOff, "retrying in " + std::to_string(delay.count()) + " ms");
        co_await pause(delay);
        continue;
      }
      auto s = session;
      asio::co_spawn(executor, heartbeat(self, s), asio::detached);
      // Wait until the session ends (disconnect handler or end_session wakes us) or stop().
      while (!stopping && s->is_connected()) {
        wake.expires_at(asio::steady_timer::time_point::max());
        co_await wake.async_wait(kTuple);
      }
      stats.late_replies_dropped += s->stats().late_replies_dropped;
      std::string reason = session_end_reason.empty() ? "session ended" : session_end_reason;
      session_end_reason.clear();
      session.reset();
      if (stopping) break;
      set_state(ConnectionState::kDisconnected, reason);
      // The login floor in connect_once() spaces the next attempt; no extra delay needed here.
    }
    if (session) {
      session->close("stopped");
      session.reset();
    }
    set_state(ConnectionState::kStopped, "stopped");
  }
};

ConnectionManager::ConnectionManager(asio::any_io_executor executor, ConnectionManagerConfig config,
                                     const Clock& clock, const MonotonicClock& monotonic)
    : impl_(std::make_shared<Impl>(executor, std::move(config), clock, monotonic)) {}

ConnectionManager::~ConnectionManager() { stop(); }

void ConnectionManager::start() {
  if (impl_->started) return;
  impl_->started = true;
  impl_->stats.down_since = impl_->clock.now();
  asio::co_spawn(impl_->executor, impl_->supervise(), asio::detached);
}

void ConnectionManager::stop() {
  auto& i = *impl_;
  if (i.stopping) return;
  i.stopping = true;
  if (i.session) {
    i.session->close("stopped");
  }
  i.wake_supervisor();
  i.beat_timer.cancel();
  if (!i.started) i.set_state(ConnectionState::kStopped, "stopped before start");
}

ConnectionState ConnectionManager::state() const { return impl_->state; }
const ConnectionStats& ConnectionManager::stats() const { return impl_->stats; }
const std::vector<StateChange>& ConnectionManager::history() const { return impl_->history; }
const std::map<std::string, FarmStatus>& ConnectionManager::farms() const { return impl_->farms; }
std::optional<tws::ConnectFailure> ConnectionManager::last_failure() const { return impl_->last_failure; }

Duration ConnectionManager::down_for() const {
  if (!impl_->stats.down_since) return Duration::zero();
  return impl_->clock.now() - *impl_->stats.down_since;
}

std::shared_ptr<tws::ClientSession> ConnectionManager::session() const {
  auto& i = *impl_;
  bool up = i.state == ConnectionState::kReady || i.state == ConnectionState::kDegraded;
  return up && i.session && i.session->is_connected() ? i.session : nullptr;
}

std::optional<tws::SessionInfo> ConnectionManager::session_info() const {
  auto s = session();
  if (!s) return std::nullopt;
  return s->info();
}

asio::awaitable<bool> ConnectionManager::wait_ready(std::chrono::milliseconds timeout) {
  auto until = impl_->monotonic.now() + timeout;
  asio::steady_timer t(impl_->executor);
  while (!session()) {
    if (impl_->monotonic.now() >= until || impl_->stopping) co_return false;
    t.expires_after(std::chrono::milliseconds(10));
    co_await t.async_wait(kTuple);
  }
  co_return true;
}

SubscriptionId ConnectionManager::subscribe(Subscription subscription) {
  auto id = impl_->next_subscription++;
  auto& sub = impl_->subscriptions[id] = std::move(subscription);
  if (auto s = session(); s && sub.apply) sub.apply(*s);
  return id;
}

void ConnectionManager::unsubscribe(SubscriptionId id) {
  auto it = impl_->subscriptions.find(id);
  if (it == impl_->subscriptions.end()) return;
  if (auto s = session(); s && it->second.cancel) it->second.cancel(*s);
  impl_->subscriptions.erase(it);
}

std::size_t ConnectionManager::subscription_count() const { return impl_->subscriptions.size(); }

void ConnectionManager::on_state_change(std::function<void(const StateChange&)> listener) {
  impl_->state_listeners.push_back(std::move(listener));
}

void ConnectionManager::on_message(std::function<void(const tws::Response&)> listener) {
  impl_->message_listeners.push_back(std::move(listener));
}

}  // namespace rt::ib

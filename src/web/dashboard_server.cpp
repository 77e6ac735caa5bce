#include "web/dashboard_server.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <exception>
#include <nlohmann/json.hpp>
#include <set>
#include <spdlog/spdlog.h>

#include "web/embedded_assets.hpp"

namespace rt::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;
constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

constexpr std::size_t kMaxBody = 16 * 1024;

std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

bool valid_token_chars(std::string_view token) {
  return std::all_of(token.begin(), token.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '~' || c == '-';
  });
}

// Splits "/path?query" into its parts.
std::pair<std::string_view, std::string_view> split_target(std::string_view target) {
  auto q = target.find('?');
  if (q == std::string_view::npos) return {target, {}};
  return {target.substr(0, q), target.substr(q + 1)};
}

// The raw value of `key` in a query string (tokens use unreserved characters only, so no decoding).
std::optional<std::string_view> query_param(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == key) return eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

// The host part of a Host header ("127.0.0.1:8080" -> "127.0.0.1", "[::1]:80" -> "::1").
std::string_view host_part(std::string_view host) {
  if (host.starts_with('[')) {
    auto close = host.find(']');
    return close == std::string_view::npos ? host : host.substr(1, close - 1);
  }
  auto colon = host.rfind(':');
  return colon == std::string_view::npos ? host : host.substr(0, colon);
}

bool loopback_host_name(std::string_view host) {
  if (host == "localhost") return true;
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(std::string(host), ec);
  return !ec && addr.is_loopback();
}

void log_exception(std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    spdlog::warn("dashboard: connection ended with an exception: {}", x.what());
  } catch (...) {
    spdlog::warn("dashboard: connection ended with an unknown exception");
  }
}

enum class Access { kAllowed, kUnauthorized, kForbidden };

struct WsClient {
  explicit WsClient(beast::tcp_stream stream)
      : ws(std::move(stream)), wake(ws.get_executor(), asio::steady_timer::time_point::max()) {}
  websocket::stream<beast::tcp_stream> ws;
  asio::steady_timer wake;  // the writer waits on it; cancel() wakes it
  std::shared_ptr<const std::string> pending;
  bool closed = false;
};

}  // namespace

bool token_equal(std::string_view a, std::string_view b) noexcept {
  // Walk the longer length whatever the contents; differences accumulate without branching.
  std::size_t n = std::max(a.size(), b.size());
  unsigned diff = a.size() == b.size() ? 0U : 1U;
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned>(x ^ y);
  }
  return diff == 0;
}

struct DashboardServer::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::any_io_executor executor, DashboardServerConfig cfg, MetricsRegistry& registry, DashboardCallbacks cbs,
       const MonotonicClock& mono)
      : ex(executor), config(std::move(cfg)), metrics(&registry), callbacks(std::move(cbs)), monotonic(mono),
        acceptor(executor), push_timer(executor) {}

  asio::any_io_executor ex;
  DashboardServerConfig config;
  MetricsRegistry* metrics;
  DashboardCallbacks callbacks;
  const MonotonicClock& monotonic;  // spaces the pushes
  tcp::acceptor acceptor;
  asio::steady_timer push_timer;
  std::uint16_t bound_port = 0;
  bool stopped = false;

  DashboardModel model;
  bool dirty = true;
  std::uint64_t sequence = 0;
  std::shared_ptr<const std::string> json;
  bool push_scheduled = false;
  MonotonicClock::TimePoint last_push{};
  std::uint64_t pushes = 0;

  std::set<std::shared_ptr<WsClient>> clients;
  std::set<beast::tcp_stream*> http_streams;

  // ---- state -------------------------------------------------------------------------------

  std::shared_ptr<const std::string> current_json() {
    if (dirty || !json) {
      model.sequence = sequence;
      json = std::make_shared<const std::string>(to_json(model));
      dirty = false;
    }
    return json;
  }

  void published() {
    ++sequence;
    dirty = true;
    schedule_push();
  }

  void schedule_push() {
    if (stopped || push_scheduled || clients.empty()) return;
    push_scheduled = true;
    const auto now = monotonic.now();
    push_timer.expires_after(std::max(now, last_push + config.push_interval) - now);
    push_timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      self->push_scheduled = false;
      if (ec || self->stopped) return;
      self->push_now();
    });
  }

  void push_now() {
    last_push = monotonic.now();
    auto message = current_json();
    for (const auto& c : clients) {
      c->pending = message;
      c->wake.cancel();
    }
  }

  // ---- access --------------------------------------------------------------------------------

  Access authorize(const Request& req, const tcp::endpoint& peer) const {
    if (!config.token.empty()) {
      std::string_view presented;
      bool has = false;
      std::string_view auth = sv(req[http::field::authorization]);
      if (auth.starts_with("Bearer ")) {
        presented = auth.substr(7);
        has = true;
      } else if (auto q = query_param(split_target(sv(req.target())).second,
                                      "token")) {
        presented = *q;
        has = true;
      }
      return has && token_equal(presented, config.token) ? Access::kAllowed : Access::kUnauthorized;
    }
    // Loopback without a token: only local peers, a local Host (no DNS rebinding), same-origin pages.
    if (!peer.address().is_loopback()) return Access::kForbidden;
    std::string_view host = sv(req[http::field::host]);
    if (host.empty() || !loopback_host_name(host_part(host))) return Access::kForbidden;
    std::string_view origin = sv(req[http::field::origin]);
    if (!origin.empty() && origin != "http://" + std::string(host)) return Access::kForbidden;
    return Access::kAllowed;
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  static Response make_response(const Request& req, http::status status, std::string_view content_type,
                                std::string body) {
    Response res{status, req.version()};
    res.set(http::field::content_type, content_type);
    res.set(http::field::cache_control, "no-store");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.set("X-Frame-Options", "DENY");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
  }

  static Response json_response(const Request& req, http::status status, const nlohmann::json& body) {
    return make_response(req, status, "application/json", body.dump() + "\n");
  }

  static Response error_response(const Request& req, http::status status, std::string_view message) {
    return json_response(req, status, nlohmann::json{{"error", message}});
  }

  Response serve_asset(const Request& req, std::string_view path, std::string_view query) const {
    const EmbeddedAsset* asset = find_embedded_asset(path == "/" ? "/index.html" : path);
    if (asset == nullptr) return error_response(req, http::status::not_found, "no such page");
    std::string body(asset->body);
    if (path == "/" || path == "/index.html") {
      // Assets and the WebSocket carry the token the page was opened with (validated characters).
      std::string suffix;
      if (!config.token.empty()) {
        if (auto t = query_param(query, "token")) suffix = "?token=" + std::string(*t);
      }
      for (std::size_t at = body.find("__QUERY__"); at != std::string::npos; at = body.find("__QUERY__", at))
        body.replace(at, 9, suffix);
    }
    auto res = make_response(req, http::status::ok, asset->content_type, std::move(body));
    if (asset->content_type.starts_with("text/html"))
      res.set("Content-Security-Policy",
              "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
              "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    return res;
  }

  Response handle(const Request& req, const tcp::endpoint& peer) {
    if (stopped) return error_response(req, http::status::service_unavailable, "stopping");
    switch (authorize(req, peer)) {
      case Access::kUnauthorized: {
        auto res = error_response(req, http::status::unauthorized, "a valid token is required");
        res.set(http::field::www_authenticate, "Bearer");
        return res;
      }
      case Access::kForbidden: return error_response(req, http::status::forbidden, "forbidden");
      case Access::kAllowed: break;
    }
    auto [path, query] = split_target(sv(req.target()));

    if (path == "/api/kill-switch") {
      if (req.method() != http::verb::post) {
        auto res = error_response(req, http::status::method_not_allowed, "use POST");
        res.set(http::field::allow, "POST");
        return res;
      }
      return kill_switch(req);
    }
    if (req.method() != http::verb::get) {
      auto res = error_response(req, http::status::method_not_allowed, "use GET");
      res.set(http::field::allow, "GET");
      return res;
    }
    if (path == "/api/state") return make_response(req, http::status::ok, "application/json", *current_json());
    if (path == "/metrics") {
      if (callbacks.before_metrics) callbacks.before_metrics();
      return make_response(req, http::status::ok, "text/plain; version=0.0.4; charset=utf-8", metrics->render());
    }
    if (path == "/healthz") return json_response(req, http::status::ok, nlohmann::json{{"status", "alive"}});
    if (path == "/readyz") return readyz(req);
    if (path == "/ws") return error_response(req, http::status::upgrade_required, "WebSocket only");
    return serve_asset(req, path, query);
  }

  Response readyz(const Request& req) const {
    Readiness r;
    if (callbacks.readiness) r = callbacks.readiness();
    else r.detail = "no readiness source";
    bool ready = r.connected && r.reconciled && !r.kill_switched && r.halted.empty();
    return json_response(req, ready ? http::status::ok : http::status::service_unavailable,
                         nlohmann::json{{"ready", ready},
                                        {"connected", r.connected},
                                        {"reconciled", r.reconciled},
                                        {"kill_switched", r.kill_switched},
                                        {"halted", r.halted},
                                        {"detail", r.detail}});
  }

  Response kill_switch(const Request& req) {
    if (!callbacks.engage_kill_switch)
      return error_response(req, http::status::not_implemented, "no kill switch is wired to this server");
    if (!sv(req[http::field::content_type]).starts_with("application/json"))
      return error_response(req, http::status::unsupported_media_type, "send application/json");
    std::string reason = "engaged from the dashboard";
    if (!req.body().empty()) {
      auto body = nlohmann::json::parse(req.body(), nullptr, false);
      if (body.is_discarded() || !body.is_object())
        return error_response(req, http::status::bad_request, "the body must be a JSON object");
      if (body.contains("reason")) {
        if (!body["reason"].is_string())
          return error_response(req, http::status::bad_request, "reason must be a string");
        if (auto r = body["reason"].get<std::string>(); !r.empty()) reason = r.substr(0, 200);
      }
    }
    spdlog::warn("dashboard: kill switch engaged over HTTP: {}", reason);
    auto status = callbacks.engage_kill_switch(reason);
    if (!status) return error_response(req, http::status::internal_server_error, status.error().describe());
    return json_response(req, http::status::ok, nlohmann::json{{"engaged", true}, {"reason", reason}});
  }

  // ---- connections ---------------------------------------------------------------------------

  asio::awaitable<void> accept_loop() {
    auto self = shared_from_this();
    asio::steady_timer backoff(ex);
    while (!stopped) {
      auto [ec, socket] = co_await acceptor.async_accept(kAwait);
      if (stopped) break;
      if (ec) {
        // e.g. out of file descriptors: wait a little instead of spinning.
        spdlog::warn("dashboard: accept failed: {}", ec.message());
        backoff.expires_after(std::chrono::milliseconds(200));
        co_await backoff.async_wait(kAwait);
        continue;
      }
      asio::co_spawn(ex, http_session(std::move(socket)), log_exception);
    }
  }

  asio::awaitable<void> http_session(tcp::socket socket) {
    auto self = shared_from_this();
    boost::system::error_code peer_ec;
    tcp::endpoint peer = socket.remote_endpoint(peer_ec);
    beast::tcp_stream stream(std::move(socket));
    http_streams.insert(&stream);
    beast::flat_buffer buffer;
    bool upgraded = false;
    while (!stopped) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(kMaxBody);
      parser.header_limit(16 * 1024);
      stream.expires_after(config.request_timeout);
      auto [ec, n] = co_await http::async_read(stream, buffer, parser, kAwait);
      if (ec || stopped) break;
      Request req = parser.release();
      if (websocket::is_upgrade(req)) {
        std::optional<Response> refusal = upgrade_refusal(req, peer);
        if (refusal) {
          refusal->keep_alive(false);
          stream.expires_after(config.request_timeout);
          co_await http::async_write(stream, *refusal, kAwait);
          break;
        }
        http_streams.erase(&stream);
        upgraded = true;
        stream.expires_never();
        auto client = std::make_shared<WsClient>(std::move(stream));
        co_await websocket_session(client, std::move(req));
        co_return;
      }
      Response res = handle(req, peer);
      bool keep = res.keep_alive();
      stream.expires_after(config.request_timeout);
      auto [wec, written] = co_await http::async_write(stream, res, kAwait);
      if (wec || !keep) break;
    }
    if (!upgraded) {
      http_streams.erase(&stream);
      boost::system::error_code ignored;
      stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
      stream.socket().close(ignored);
    }
  }

  std::optional<Response> upgrade_refusal(const Request& req, const tcp::endpoint& peer) const {
    if (stopped) return error_response(req, http::status::service_unavailable, "stopping");
    switch (authorize(req, peer)) {
      case Access::kUnauthorized: return error_response(req, http::status::unauthorized, "a valid token is required");
      case Access::kForbidden: return error_response(req, http::status::forbidden, "forbidden");
      case Access::kAllowed: break;
    }
    if (split_target(sv(req.target())).first != "/ws")
      return error_response(req, http::status::not_found, "the WebSocket is at /ws");
    if (clients.size() >= config.max_clients)
      return error_response(req, http::status::service_unavailable, "too many dashboard clients");
    return std::nullopt;
  }

  asio::awaitable<void> websocket_session(std::shared_ptr<WsClient> c, Request req) {
    auto self = shared_from_this();
    auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
    timeouts.idle_timeout = std::chrono::seconds(60);
    timeouts.keep_alive_pings = true;
    c->ws.set_option(timeouts);
    c->ws.read_message_max(4096);
    c->ws.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::cache_control, "no-store"); }));
    auto [ec] = co_await c->ws.async_accept(req, kAwait);
    if (ec || stopped) co_return;
    c->ws.text(true);
    clients.insert(c);
    c->pending = current_json();
    asio::co_spawn(ex, websocket_writer(c), log_exception);
    // The page sends nothing that matters; reading keeps pings answered and notices a close.
    beast::flat_buffer incoming;
    while (!c->closed) {
      auto [rec, n] = co_await c->ws.async_read(incoming, kAwait);
      if (rec) break;
      incoming.consume(incoming.size());
    }
    close_client(c);
  }

  asio::awaitable<void> websocket_writer(std::shared_ptr<WsClient> c) {
    auto self = shared_from_this();
    while (!c->closed) {
      if (!c->pending) {
        c->wake.expires_at(asio::steady_timer::time_point::max());
        co_await c->wake.async_wait(kAwait);
        continue;
      }
      std::shared_ptr<const std::string> message = std::move(c->pending);
      c->pending.reset();
      auto [ec, n] = co_await c->ws.async_write(asio::buffer(*message), kAwait);
      if (ec) break;
      ++pushes;
    }
    close_client(c);
  }

  void close_client(const std::shared_ptr<WsClient>& c) {
    if (c->closed) return;
    c->closed = true;
    c->wake.cancel();
    boost::system::error_code ignored;
    beast::get_lowest_layer(c->ws).socket().close(ignored);
    clients.erase(c);
  }

  void stop() {
    if (stopped) return;
    stopped = true;
    boost::system::error_code ignored;
    acceptor.close(ignored);
    push_timer.cancel();
    for (auto* s : http_streams) s->socket().close(ignored);
    auto remaining = clients;
    for (const auto& c : remaining) close_client(c);
  }
};

DashboardServer::DashboardServer(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

DashboardServer::~DashboardServer() {
  if (impl_) impl_->stop();
}

Status DashboardServer::check_config(const DashboardServerConfig& config) {
  std::string where = config.host + ":" + std::to_string(config.port);
  boost::system::error_code ec;
  asio::ip::address address = config.host == "localhost" ? asio::ip::address(asio::ip::address_v4::loopback())
                                                          : asio::ip::make_address(config.host, ec);
  if (ec) return fail(ErrorCode::kInvalidArgument, "dashboard: '" + config.host + "' is not an IP address");
  if (!config.token.empty()) {
    if (config.token.size() < kMinTokenLength)
      return fail(ErrorCode::kInvalidArgument, "dashboard: the token must be at least " +
                                                   std::to_string(kMinTokenLength) + " characters");
    if (!valid_token_chars(config.token))
      return fail(ErrorCode::kInvalidArgument, "dashboard: the token may use only A-Z a-z 0-9 . _ ~ -");
  } else if (!address.is_loopback()) {
    return fail(ErrorCode::kInvalidArgument,
                "dashboard: refusing to serve on " + where +
                    " without a token; set a token (--http-token, http.token or ROBOTRADER_HTTP_TOKEN) or bind to 127.0.0.1");
  }
  return {};
}

Result<std::unique_ptr<DashboardServer>> DashboardServer::start(asio::any_io_executor executor,
                                                                DashboardServerConfig config,
                                                                MetricsRegistry& metrics,
                                                                DashboardCallbacks callbacks,
                                                                const MonotonicClock& monotonic) {
  if (auto st = check_config(config); !st) return std::unexpected(st.error());
  std::string where = config.host + ":" + std::to_string(config.port);
  boost::system::error_code ec;
  asio::ip::address address = config.host == "localhost" ? asio::ip::address(asio::ip::address_v4::loopback())
                                                          : asio::ip::make_address(config.host, ec);
  if (config.push_interval <= std::chrono::milliseconds::zero()) config.push_interval = std::chrono::milliseconds(1);

  auto impl = std::make_shared<Impl>(executor, std::move(config), metrics, std::move(callbacks), monotonic);
  tcp::endpoint endpoint(address, impl->config.port);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail(ErrorCode::kRefused, "dashboard: cannot listen on " + where + ": " + ec.message());
  impl->bound_port = impl->acceptor.local_endpoint().port();
  asio::co_spawn(executor, impl->accept_loop(), log_exception);
  spdlog::info("dashboard: serving on http://{}:{}/", impl->config.host, impl->bound_port);
  return std::unique_ptr<DashboardServer>(new DashboardServer(std::move(impl)));
}

void DashboardServer::publish(const DashboardModel& model) {
  impl_->model = model;
  impl_->published();
}

void DashboardServer::publish(DashboardModel&& model) {
  impl_->model = std::move(model);
  impl_->published();
}

void DashboardServer::stop() { impl_->stop(); }

std::uint16_t DashboardServer::port() const { return impl_->bound_port; }

std::string DashboardServer::url() const {
  bool v6 = impl_->config.host.find(':') != std::string::npos;
  std::string host = v6 ? "[" + impl_->config.host + "]" : impl_->config.host;
  return "http://" + host + ":" + std::to_string(impl_->bound_port) + "/";
}

std::size_t DashboardServer::client_count() const { return impl_->clients.size(); }

std::uint64_t DashboardServer::pushes() const { return impl_->pushes; }

}  // namespace rt::web

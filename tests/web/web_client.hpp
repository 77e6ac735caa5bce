#pragma once
// Loopback clients for the dashboard server tests: one HTTP request per call, and a WebSocket
// client that reads JSON messages. Coroutines on the test's io_context.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace rt::test {

namespace http = boost::beast::http;

struct HttpReply {
  unsigned status = 0;  // 0 = the request could not be made
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string error;
};

struct HttpCall {
  http::verb method = http::verb::get;
  std::string target = "/";
  std::map<std::string, std::string> headers;  // Host defaults to 127.0.0.1:<port>
  std::string body;
  std::string address = "127.0.0.1";
};

inline boost::asio::awaitable<HttpReply> http_call(std::uint16_t port, HttpCall call) {
  namespace asio = boost::asio;
  namespace beast = boost::beast;
  constexpr auto await = asio::as_tuple(asio::use_awaitable);
  HttpReply reply;
  auto ex = co_await asio::this_coro::executor;
  beast::tcp_stream stream(ex);
  stream.expires_after(std::chrono::seconds(10));
  asio::ip::tcp::endpoint endpoint(asio::ip::make_address(call.address), port);
  auto [cec] = co_await stream.async_connect(endpoint, await);
  if (cec) {
    reply.error = cec.message();
    co_return reply;
  }
  http::request<http::string_body> req(call.method, call.target, 11);
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (const auto& [k, v] : call.headers) req.set(k, v);
  req.body() = call.body;
  req.prepare_payload();
  req.keep_alive(false);
  auto [wec, wn] = co_await http::async_write(stream, req, await);
  if (wec) {
    reply.error = wec.message();
    co_return reply;
  }
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  auto [rec, rn] = co_await http::async_read(stream, buffer, res, await);
  if (rec) {
    reply.error = rec.message();
    co_return reply;
  }
  reply.status = res.result_int();
  reply.body = res.body();
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    reply.headers[name] = std::string(field.value());
  }
  co_return reply;
}

inline boost::asio::awaitable<HttpReply> http_get(std::uint16_t port, std::string target) {
  HttpCall call;
  call.target = std::move(target);
  co_return co_await http_call(port, std::move(call));
}

// A WebSocket client; connect() returns an error text (empty on success).
class WsTestClient {
 public:
  explicit WsTestClient(boost::asio::any_io_executor ex) : ws_(ex) {}

  boost::asio::awaitable<std::string> connect(std::uint16_t port, std::string target,
                                              std::map<std::string, std::string> headers = {}) {
    namespace asio = boost::asio;
    namespace beast = boost::beast;
    constexpr auto await = asio::as_tuple(asio::use_awaitable);
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
    auto [cec] = co_await beast::get_lowest_layer(ws_).async_connect(endpoint, await);
    if (cec) co_return cec.message();
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(beast::websocket::stream_base::timeout::suggested(beast::role_type::client));
    ws_.set_option(beast::websocket::stream_base::decorator([headers](beast::websocket::request_type& req) {
      for (const auto& [k, v] : headers) req.set(k, v);
    }));
    std::string host = "127.0.0.1:" + std::to_string(port);
    auto [hec] = co_await ws_.async_handshake(response_, host, target, await);
    if (hec) co_return hec.message();
    co_return std::string{};
  }

  // The next text message, or nullopt when the connection ended.
  boost::asio::awaitable<std::optional<std::string>> read() {
    namespace asio = boost::asio;
    boost::beast::flat_buffer buffer;
    auto [ec, n] = co_await ws_.async_read(buffer, asio::as_tuple(asio::use_awaitable));
    if (ec) co_return std::nullopt;
    co_return boost::beast::buffers_to_string(buffer.data());
  }

  [[nodiscard]] unsigned handshake_status() const { return response_.result_int(); }

 private:
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::websocket::response_type response_;
};

}  // namespace rt::test

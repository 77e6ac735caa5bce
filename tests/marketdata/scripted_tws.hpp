#pragma once
// ScriptedTws: a minimal TWS stand-in for market-data client tests, on the test's io_context. It
// does the handshake (server version, managed accounts, next valid id), answers reqCurrentTime,
// records every other request and hands it to the test's handler, which answers with send() at
// once or send_after() a delay (the server's latency, not a test synchronisation).
// Single-threaded: everything runs on the io_context thread.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include "tws/messages/codec.hpp"
#include "tws/wire/frame_decoder.hpp"

namespace rt::test {

class ScriptedTws {
 public:
  struct Conn {
    boost::asio::ip::tcp::socket socket;
    int server_version = 0;
    void send(const tws::Response& r) {
      if (!socket.is_open()) return;
      std::string frame = tws::encode(r, server_version);
      boost::system::error_code ec;
      boost::asio::write(socket, boost::asio::buffer(frame), ec);
    }
  };
  using Handler = std::function<void(const std::shared_ptr<Conn>&, const tws::Request&)>;

  ScriptedTws(boost::asio::io_context& io, int server_version = 176)
      : io_(io), acceptor_(io, {boost::asio::ip::make_address("127.0.0.1"), 0}), server_version_(server_version) {
    boost::asio::co_spawn(io_, accept_loop(), boost::asio::detached);
  }
  ~ScriptedTws() { stop(); }

  [[nodiscard]] std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  void on_request(Handler h) { handler_ = std::move(h); }
  [[nodiscard]] const std::vector<tws::Request>& received() const { return received_; }
  template <class T>
  [[nodiscard]] std::vector<T> received_of() const {
    std::vector<T> out;
    for (const auto& r : received_) {
      if (auto* m = std::get_if<T>(&r)) out.push_back(*m);
    }
    return out;
  }
  [[nodiscard]] int connections() const { return connections_; }

  // Sends `r` on `conn` after `delay` (the server being slow).
  void send_after(const std::shared_ptr<Conn>& conn, std::chrono::milliseconds delay, tws::Response r) {
    auto timer = std::make_shared<boost::asio::steady_timer>(io_, delay);
    timer->async_wait([timer, conn, r = std::move(r)](const boost::system::error_code& ec) {
      if (!ec) conn->send(r);
    });
  }
  // Sends `r` on the most recent connection.
  void send(const tws::Response& r) {
    if (!conns_.empty()) conns_.back()->send(r);
  }

  void stop() {
    boost::system::error_code ec;
    acceptor_.close(ec);
    for (auto& c : conns_) {
      c->socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
      c->socket.close(ec);
    }
  }

 private:
  boost::asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(boost::asio::as_tuple(boost::asio::use_awaitable));
      if (ec) co_return;
      auto conn = std::make_shared<Conn>(Conn{std::move(socket), server_version_});
      conns_.push_back(conn);
      ++connections_;
      boost::asio::co_spawn(io_, serve(conn), boost::asio::detached);
    }
  }

  boost::asio::awaitable<void> serve(std::shared_ptr<Conn> conn) {
    std::string pre;
    std::array<char, 8192> buf{};
    tws::FrameDecoder decoder;
    bool handshaken = false;
    for (;;) {
      auto [ec, n] = co_await conn->socket.async_read_some(boost::asio::buffer(buf),
                                                             boost::asio::as_tuple(boost::asio::use_awaitable));
      if (ec) co_return;
      if (!handshaken) {
        pre.append(buf.data(), n);
        std::size_t consumed = 0;
        auto range = tws::decode_preamble(pre, consumed);
        if (!range) co_return;
        if (!*range) continue;
        handshaken = true;
        conn->server_version = std::min(server_version_, (*range)->max);
        std::string reply = tws::encode(tws::HandshakeReply{conn->server_version, "20250115 09:30:00 UTC"});
        boost::asio::write(conn->socket, boost::asio::buffer(reply), ec);
        decoder.feed(std::string_view(pre).substr(consumed));
      } else {
        decoder.feed(std::string_view(buf.data(), n));
      }
      for (;;) {
        auto frame = decoder.next();
        if (!frame || !*frame) break;
        auto request = tws::decode_request(**frame, conn->server_version);
        if (!request) continue;
        if (std::holds_alternative<tws::StartApi>(*request)) {
          conn->send(tws::ManagedAccounts{{"DU1234567"}});
          conn->send(tws::NextValidId{1});
          continue;
        }
        if (std::holds_alternative<tws::ReqCurrentTime>(*request)) {
          conn->send(tws::CurrentTime{1736951400});
          continue;
        }
        received_.push_back(*request);
        if (handler_) handler_(conn, *request);
      }
    }
  }

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  int server_version_;
  Handler handler_;
  std::vector<std::shared_ptr<Conn>> conns_;
  std::vector<tws::Request> received_;
  int connections_ = 0;
};

}  // namespace rt::test

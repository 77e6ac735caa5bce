#pragma once
// A TWS API client reduced to raw bytes for the gateway's TCP tests (never the robotrader
// client): connect, write, read whole frames, close; everything runs on the test's io_context and
// every wait has a deadline. Also run_until(), the event loop step used to wait for the server.
#include <gtest/gtest.h>

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "gateway_test_support.hpp"
#include "tws/messages/codec.hpp"
#include "tws/wire/frame_decoder.hpp"

namespace rt::gateway::testing {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;
using Fields = std::vector<std::string>;

constexpr auto kDeadline = 5s;
constexpr auto kQuiet = 250ms;  // how long "nothing arrives" is watched for

// Runs handlers until `done()` holds or the deadline passes; true when done.
template <class Pred>
bool run_until(asio::io_context& io, Pred done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    io.run_one_for(deadline - now);
  }
  return true;
}

// A TWS API client reduced to raw bytes: connect, write, read whole frames, close.
class RawClient {
 public:
  enum class Status { kFrame, kEof, kTimeout };
  struct Read {
    Status status = Status::kTimeout;
    Fields fields;
  };

  explicit RawClient(asio::io_context& io) : io_(io), state_(std::make_shared<State>(io)) {}
  ~RawClient() { close(); }

  bool connect(std::uint16_t port) { return !connect_error(port); }

  // The connect's outcome: success, connection_refused, or timed_out after the deadline.
  boost::system::error_code connect_error(std::uint16_t port) {
    bool done = false;
    boost::system::error_code result = asio::error::timed_out;
    state_->socket.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                 [&done, &result](const boost::system::error_code& ec) {
                                   result = ec;
                                   done = true;
                                 });
    if (!run_until(io_, [&] { return done; }, kDeadline)) return asio::error::timed_out;
    return result;
  }

  bool send(std::string bytes) {
    auto data = std::make_shared<std::string>(std::move(bytes));
    auto done = std::make_shared<bool>(false);
    auto ok = std::make_shared<bool>(false);
    asio::async_write(state_->socket, asio::buffer(*data),
                      [data, done, ok](const boost::system::error_code& ec, std::size_t) {
                        *ok = !ec;
                        *done = true;
                      });
    return run_until(io_, [&] { return *done; }, kDeadline) && *ok;
  }

  Read read_frame(std::chrono::milliseconds timeout = kDeadline) {
    Read r;
    const bool finished = run_until(
        io_,
        [&] {
          if (take_frame(r)) return true;
          if (state_->eof) {
            r.status = Status::kEof;
            return true;
          }
          start_read();
          return false;
        },
        timeout);
    if (!finished) r.status = Status::kTimeout;
    return r;
  }

  // Reads `n` frames; fails the test if fewer arrive.
  std::vector<Fields> read_frames(std::size_t n) {
    std::vector<Fields> out;
    for (std::size_t i = 0; i < n; ++i) {
      auto r = read_frame();
      EXPECT_EQ(r.status, Status::kFrame) << "frame " << i << " of " << n;
      if (r.status != Status::kFrame) break;
      out.push_back(std::move(r.fields));
    }
    return out;
  }

  // What ended reading (after a kEof read): eof for a FIN, connection_reset for a RST.
  [[nodiscard]] boost::system::error_code error() const { return state_->error; }

  // Preamble + START_API, reading the version reply and the five start frames.
  void handshake(int client_id, int client_max = 193) {
    ASSERT_TRUE(send(tws::encode_preamble({100, client_max, ""})));
    auto hello = read_frame();
    ASSERT_EQ(hello.status, Status::kFrame);
    ASSERT_EQ(hello.fields.size(), 2U);
    server_version_ = std::stoi(hello.fields[0]);
    ASSERT_TRUE(send(tws::encode(tws::StartApi{client_id, ""}, server_version_)));
    auto start = read_frames(5);
    ASSERT_EQ(start.size(), 5U);
    EXPECT_EQ(start[0][0], "15");
    EXPECT_EQ(start[1][0], "9");
  }

  void close() {
    boost::system::error_code ec;
    state_->socket.shutdown(tcp::socket::shutdown_both, ec);
    state_->socket.close(ec);
  }

  [[nodiscard]] int server_version() const { return server_version_; }

 private:
  struct State {
    explicit State(asio::io_context& io) : socket(io) {}
    tcp::socket socket;
    tws::FrameDecoder decoder;
    std::array<char, 4096> buf{};
    bool reading = false;
    bool eof = false;  // reading ended: EOF or an error
    boost::system::error_code error;
  };

  bool take_frame(Read& r) {
    auto next = state_->decoder.next();
    if (!next || !*next) return false;
    r.status = Status::kFrame;
    r.fields = fields_of(**next);
    return true;
  }

  void start_read() {
    if (state_->reading || state_->eof) return;
    state_->reading = true;
    state_->socket.async_read_some(asio::buffer(state_->buf),
                                   [s = state_](const boost::system::error_code& ec, std::size_t n) {
                                     s->reading = false;
                                     if (ec) {
                                       s->eof = true;
                                       s->error = ec;
                                       return;
                                     }
                                     s->decoder.feed(std::string_view(s->buf.data(), n));
                                   });
  }

  asio::io_context& io_;
  std::shared_ptr<State> state_;
  int server_version_ = 0;
};

}  // namespace rt::gateway::testing

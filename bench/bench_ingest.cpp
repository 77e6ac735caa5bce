// bench_ingest: end-to-end market-data ingest over loopback TCP. A replay server speaks just
// enough of the TWS API (handshake at server version 176, managed accounts, next id, contract
// details, current time) and answers a reqMktData with one symbol's tickPrice/tickSize stream of
// --messages messages, then closes. Every client gets the same stream:
//   - `robotrader quote SYM --stats`, its output a pipe (drained by this program) and a terminal
//     (a pseudo-terminal), as a user runs it;
//   - @stoqey/ib (bench/stoqey_ingest.mjs, with the node_modules of tests/interop).
// Each client's rate is its own count from first to last message, as it reports it.
//
//   bench_ingest --robotrader build/release/src/apps/robotrader [--messages 4000000] [--runs 3]
//                [--stoqey bench/stoqey_ingest.mjs --modules tests/interop]
//   bench_ingest --serve [--port 7497] [--messages N]     (serve until killed, for manual runs)
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "tws/messages/codec.hpp"
#include "tws/wire/frame_decoder.hpp"

namespace {

using namespace rt;
using namespace rt::tws;

constexpr int kServerVersion = 176;
constexpr int kConId = 272093;  // MSFT's conId

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// One cycle of the stream for request id `req_id`: bid, bid size, ask, ask size, last, last size,
// volume, with prices walking over 50 ticks; `count` messages in all.
std::string tick_cycle(int req_id, std::size_t count) {
  std::string out;
  const Decimal base = Decimal::parse("415.20").value();
  const Decimal cent = Decimal::parse("0.01").value();
  for (std::size_t i = 0; i < count; ++i) {
    const auto step = static_cast<std::int64_t>((i / 7) % 50);
    const Decimal bid = base + cent * step;
    const Decimal size = Decimal::from_int(100 + static_cast<std::int64_t>(i % 13) * 100);
    switch (i % 7) {
      case 0: out += encode(TickPrice{req_id, tick::kBid, bid, size, 0}, kServerVersion); break;
      case 1: out += encode(TickSize{req_id, tick::kBidSize, size}, kServerVersion); break;
      case 2: out += encode(TickPrice{req_id, tick::kAsk, bid + cent, size, 0}, kServerVersion); break;
      case 3: out += encode(TickSize{req_id, tick::kAskSize, size}, kServerVersion); break;
      case 4:
        out += encode(TickPrice{req_id, tick::kLast, bid, Decimal::from_int(100), 1}, kServerVersion);
        break;
      case 5: out += encode(TickSize{req_id, tick::kLastSize, Decimal::from_int(100)}, kServerVersion); break;
      default:
        out += encode(
            TickSize{req_id, tick::kVolume, Decimal::from_int(1'000'000 + static_cast<std::int64_t>(i))},
            kServerVersion);
    }
  }
  return out;
}

class ReplayServer {
 public:
  explicit ReplayServer(std::size_t messages) : messages_(messages) {}
  ~ReplayServer() {
    stopping_ = true;
    if (listen_fd_ >= 0) ::shutdown(listen_fd_, SHUT_RDWR), ::close(listen_fd_);
    if (acceptor_.joinable()) acceptor_.join();
    for (auto& t : sessions_) t.join();
  }

  bool start(int port) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_fd_, 16) != 0) {
      std::perror("bench_ingest: listen");
      return false;
    }
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] {
      while (!stopping_) {
        const int fd = ::accept(listen_fd_, nullptr, nullptr);
        if (fd < 0) {
          if (errno == EINTR) continue;
          return;
        }
        sessions_.emplace_back([this, fd] { serve(fd); });
      }
    });
    return true;
  }
  [[nodiscard]] int port() const { return port_; }

 private:
  void serve(int fd) {
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::string in;
    char buf[4096];
    auto fill = [&]() {
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return false;
      in.append(buf, static_cast<std::size_t>(n));
      return true;
    };
    std::size_t used = 0;
    std::optional<VersionRange> range;
    while (!range) {
      auto r = decode_preamble(in, used);
      if (!r) return finish(fd);
      if (*r)
        range = **r;
      else if (!fill())
        return finish(fd);
    }
    FrameDecoder frames;
    frames.feed(std::string_view(in).substr(used));
    if (!write_all(fd, encode(HandshakeReply{kServerVersion, "20250115 10:00:00 EST"}))) return finish(fd);
    for (;;) {
      auto frame = frames.next();
      if (!frame) return finish(fd);
      if (!*frame) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return finish(fd);
        frames.feed(std::string_view(buf, static_cast<std::size_t>(n)));
        continue;
      }
      auto request = decode_request(**frame, kServerVersion);
      if (!request) continue;
      std::string reply;
      if (std::holds_alternative<StartApi>(*request)) {
        reply =
            encode(ManagedAccounts{{"DU1234567"}}, kServerVersion) + encode(NextValidId{1}, kServerVersion);
      } else if (std::holds_alternative<ReqCurrentTime>(*request)) {
        reply = encode(CurrentTime{1736953200}, kServerVersion);
      } else if (auto* cd = std::get_if<ReqContractData>(&*request)) {
        ContractDetails d;
        d.req_id = cd->req_id;
        d.contract = cd->contract;
        d.contract.con_id = kConId;
        d.contract.exchange = "SMART";
        d.contract.primary_exchange = "NASDAQ";
        d.contract.local_symbol = cd->contract.symbol;
        d.contract.trading_class = "NMS";
        d.market_name = "NMS";
        d.min_tick = Decimal::parse("0.01").value();
        d.long_name = cd->contract.symbol;
        d.time_zone_id = "US/Eastern";
        reply = encode(d, kServerVersion) + encode(ContractDataEnd{cd->req_id}, kServerVersion);
      } else if (auto* md = std::get_if<ReqMktData>(&*request)) {
        stream(fd, md->req_id);
        return finish(fd);
      }
      if (!reply.empty() && !write_all(fd, reply)) return finish(fd);
    }
  }

  void stream(int fd, int req_id) {
    constexpr std::size_t kCycle = 7 * 1000;
    const std::string cycle = tick_cycle(req_id, kCycle);
    std::size_t left = messages_;
    while (left >= kCycle) {
      if (!write_all(fd, cycle)) return;
      left -= kCycle;
    }
    if (left > 0) (void)write_all(fd, tick_cycle(req_id, left));
  }

  // Half-close and wait for the client to close, so every byte sent is read before the FIN.
  static void finish(int fd) {
    ::shutdown(fd, SHUT_WR);
    char sink[4096];
    while (::recv(fd, sink, sizeof sink, 0) > 0) {
    }
    ::close(fd);
  }

  std::size_t messages_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::vector<std::thread> sessions_;
};

struct Figure {
  double messages = 0;
  double seconds = 0;
  [[nodiscard]] double rate() const { return seconds > 0 ? messages / seconds : 0; }
};

// Runs argv with stdout (and stderr) on a pipe or a pseudo-terminal, reads everything it prints
// (keeping the last 64 KiB), and returns that text once it exits.
std::optional<std::string> run_child(const std::vector<std::string>& argv, bool terminal) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int out_fd = -1;
  pid_t pid = -1;
  if (terminal) {
    winsize ws{};
    ws.ws_row = 40;
    ws.ws_col = 120;
    pid = ::forkpty(&out_fd, nullptr, nullptr, &ws);
    if (pid == 0) {
      ::execv(args[0], args.data());
      std::_Exit(127);
    }
  } else {
    int p[2];
    if (::pipe(p) != 0) return std::nullopt;
    pid = ::fork();
    if (pid == 0) {
      ::dup2(p[1], STDOUT_FILENO);
      ::dup2(p[1], STDERR_FILENO);
      ::close(p[0]);
      ::close(p[1]);
      ::execv(args[0], args.data());
      std::_Exit(127);
    }
    ::close(p[1]);
    out_fd = p[0];
  }
  if (pid < 0) return std::nullopt;
  std::string tail;
  std::vector<char> buf(1 << 20);
  for (;;) {
    const ssize_t n = ::read(out_fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF, or EIO once a pty's child has gone
    tail.append(buf.data(), static_cast<std::size_t>(n));
    if (tail.size() > (128 << 10)) tail.erase(0, tail.size() - (64 << 10));
  }
  ::close(out_fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return tail;
}

std::optional<Figure> parse_figure(const std::string& text, const std::regex& re) {
  std::smatch m;
  std::optional<Figure> last;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) {
    m = *it;
    last = Figure{std::stod(m[1]), std::stod(m[2])};
  }
  return last;
}

std::optional<Figure> robotrader_quote(const std::string& bin, int port, bool terminal) {
  auto out = run_child({bin, "--log-level", "warn", "quote", "MSFT", "--stats", "--port",
                        std::to_string(port), "--timeout", "10"},
                       terminal);
  if (!out) return std::nullopt;
  static const std::regex re(R"(Messages received: (\d+) over ([0-9.]+) s)");
  auto f = parse_figure(*out, re);
  if (!f)
    std::fprintf(stderr, "bench_ingest: no figure from robotrader quote; it printed:\n%s\n", out->c_str());
  return f;
}

std::optional<Figure> stoqey(const std::string& script, const std::string& modules, int port,
                             std::size_t messages) {
  const char* node = "/usr/bin/node";
  auto out = run_child({node, script, "--port", std::to_string(port), "--messages", std::to_string(messages),
                        "--modules", modules},
                       false);
  if (!out) return std::nullopt;
  static const std::regex re(R"(stoqey messages (\d+) seconds ([0-9.]+))");
  auto f = parse_figure(*out, re);
  if (!f) std::fprintf(stderr, "bench_ingest: no figure from stoqey; it printed:\n%s\n", out->c_str());
  return f;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t messages = 4'000'000;
  int runs = 3;
  int port = 0;
  bool serve_only = false;
  std::string robotrader, script, modules = "tests/interop";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "bench_ingest: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--messages")
      messages = std::stoul(value());
    else if (a == "--runs")
      runs = std::stoi(value());
    else if (a == "--port")
      port = std::stoi(value());
    else if (a == "--serve")
      serve_only = true;
    else if (a == "--robotrader")
      robotrader = value();
    else if (a == "--stoqey")
      script = value();
    else if (a == "--modules")
      modules = value();
    else {
      std::fprintf(stderr, "bench_ingest: unknown flag %s (see the comment at the top of bench_ingest.cpp)\n",
                   a.c_str());
      return 2;
    }
  }
  ::signal(SIGPIPE, SIG_IGN);
  ReplayServer server(messages);
  if (!server.start(port)) return 1;
  if (serve_only) {
    std::printf("listening on 127.0.0.1:%d (%zu messages per reqMktData, server version %d)\n", server.port(),
                messages, kServerVersion);
    std::fflush(stdout);
    for (;;) ::pause();
  }
  std::printf(
      "stream: %zu tickPrice/tickSize messages, one symbol, server version %d, loopback TCP; %d runs\n",
      messages, kServerVersion, runs);
  std::printf("%-34s %12s %10s %14s\n", "client", "messages", "seconds", "messages/s");
  auto report = [&](const char* name, const std::vector<Figure>& figures) {
    if (figures.empty()) return;
    std::vector<double> rates;
    for (const auto& f : figures) rates.push_back(f.rate());
    const double m = median(rates);
    const auto& f = figures.back();
    std::printf("%-34s %12.0f %10.3f %11.2f M   (runs:", name, f.messages, f.seconds, m / 1e6);
    for (double r : rates) std::printf(" %.2f", r / 1e6);
    std::printf(" M/s)\n");
    std::fflush(stdout);
  };
  if (!robotrader.empty()) {
    std::vector<Figure> tty, pipe;
    for (int r = 0; r < runs; ++r) {
      if (auto f = robotrader_quote(robotrader, server.port(), true)) tty.push_back(*f);
      if (auto f = robotrader_quote(robotrader, server.port(), false)) pipe.push_back(*f);
    }
    report("robotrader quote --stats (terminal)", tty);
    report("robotrader quote --stats (pipe)", pipe);
  }
  if (!script.empty()) {
    std::vector<Figure> figures;
    for (int r = 0; r < runs; ++r) {
      if (auto f = stoqey(script, modules, server.port(), messages)) figures.push_back(*f);
    }
    report("@stoqey/ib 1.6.10 (node)", figures);
  }
  return 0;
}

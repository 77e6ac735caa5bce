// Integration: real loopback sockets in this process, read back through the real /proc.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "diag/doctor.hpp"

namespace rt::diag {
namespace {

using namespace std::chrono_literals;

constexpr auto kKernelDeadline = 2s;

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  [[nodiscard]] int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

// A listening socket on 127.0.0.1 and an ephemeral port.
Fd listen_on_ephemeral_port(std::uint16_t& port) {
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  EXPECT_GE(fd.get(), 0);
  auto addr = loopback(0);
  EXPECT_EQ(::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_EQ(::listen(fd.get(), 8), 0);
  socklen_t len = sizeof addr;
  EXPECT_EQ(::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &len), 0);
  port = ntohs(addr.sin_port);
  return fd;
}

Fd connect_to(std::uint16_t port) {
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  EXPECT_GE(fd.get(), 0);
  auto addr = loopback(port);
  EXPECT_EQ(::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  return fd;
}

// Re-reads the real kernel tables until `condition` holds or the deadline passes; returns the
// last report either way so the caller's assertions show what the kernel said.
PortReport wait_for_report(std::uint16_t port, const std::function<bool(const PortReport&)>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + kKernelDeadline;
  PortReport report;
  for (;;) {
    auto table = SocketTable::read_proc("/proc");
    EXPECT_TRUE(table) << table.error().describe();
    if (!table) return report;
    report = build_port_report(*table, ProcessTable::scan("/proc"), port);
    if (condition(report) || std::chrono::steady_clock::now() >= deadline) return report;
    std::this_thread::sleep_for(5ms);  // pacing between re-reads, not synchronisation
  }
}

bool owned_by_me(const PortSocket& socket) {
  for (const auto& p : socket.owners) {
    if (p.pid == ::getpid()) return true;
  }
  return false;
}

int sockets_i_hold(const PortReport& report) {
  int n = 0;
  for (const auto& s : report.listeners) n += owned_by_me(s) ? 1 : 0;
  for (const auto& s : report.sockets) n += owned_by_me(s) ? 1 : 0;
  return n;
}

bool has_server_close_wait(const PortReport& report) { return !report.zombies.empty(); }

class LiveSockets : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists("/proc/net/tcp")) GTEST_SKIP() << "no /proc/net/tcp on this system";
  }
};

TEST_F(LiveSockets, ClientClosedWhileServerHoldsSocketThenZombieVerdict) {
  std::uint16_t port = 0;
  Fd listener = listen_on_ephemeral_port(port);
  Fd client = connect_to(port);
  Fd server(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  ASSERT_GE(server.get(), 0);

  client.reset();  // the client closes its end; the server never closes its own
  pollfd hangup{server.get(), POLLRDHUP, 0};
  ASSERT_EQ(::poll(&hangup, 1, 2000), 1) << "the server side never saw the client's FIN";

  auto report = wait_for_report(port, has_server_close_wait);
  ASSERT_EQ(report.zombies.size(), 1U) << "no CLOSE_WAIT socket on the server side of port " << port;
  const auto& zombie = report.zombies[0];
  EXPECT_EQ(zombie.side, Side::kServer);
  EXPECT_EQ(zombie.entry.local, (Endpoint{"127.0.0.1", port}));
  EXPECT_NE(zombie.entry.inode, 0U);
  ASSERT_EQ(zombie.owners.size(), 1U);
  EXPECT_EQ(zombie.owners[0].pid, ::getpid());
  EXPECT_EQ(zombie.owners[0].kind, ProcessKind::kOther);
  ASSERT_EQ(report.listener_processes().size(), 1U);
  EXPECT_EQ(report.listener_processes()[0].pid, ::getpid());

  auto diagnosis = diagnose(report, ProbeOutcome::not_run());
  EXPECT_EQ(diagnosis.verdict, Verdict::kZombieSockets);
  EXPECT_EQ(diagnosis.exit_code, kExitZombieSockets);
  EXPECT_NE(diagnosis.summary.find("pid " + std::to_string(::getpid())), std::string::npos) << diagnosis.summary;

  // The same through Doctor, which must read /proc and never fall back to lsof here.
  Doctor doctor("/proc", [] {
    ADD_FAILURE() << "lsof ran although /proc/net/tcp exists";
    return Result<std::string>(std::string());
  });
  auto examined = doctor.examine(PortChoice{port, "test port"});
  ASSERT_TRUE(examined) << examined.error().describe();
  EXPECT_EQ(examined->diagnosis.verdict, Verdict::kZombieSockets);

  server.reset();
  listener.reset();
  auto after = wait_for_report(port, [](const PortReport& r) { return sockets_i_hold(r) == 0; });
  EXPECT_EQ(sockets_i_hold(after), 0) << "this process still holds a socket on port " << port;
  EXPECT_TRUE(after.zombies.empty());
  EXPECT_FALSE(after.listening());
}

TEST_F(LiveSockets, ListeningOnlyAndProbePassedThenHealthy) {
  std::uint16_t port = 0;
  Fd listener = listen_on_ephemeral_port(port);

  auto report = wait_for_report(port, [](const PortReport& r) { return r.listening(); });
  ASSERT_TRUE(report.listening());
  ASSERT_EQ(report.listener_processes().size(), 1U);
  EXPECT_EQ(report.listener_processes()[0].pid, ::getpid());
  EXPECT_TRUE(report.sockets.empty());

  auto diagnosis = diagnose(report, ProbeOutcome::passed(178, {"DU1234567"}));
  EXPECT_EQ(diagnosis.verdict, Verdict::kListeningHealthy);
  EXPECT_EQ(diagnosis.exit_code, kExitHealthy);

  listener.reset();
  auto after = wait_for_report(port, [](const PortReport& r) { return sockets_i_hold(r) == 0; });
  EXPECT_EQ(sockets_i_hold(after), 0);
}

TEST_F(LiveSockets, DoctorWithoutProbeNeverConnectsToTheApiPort) {
  std::uint16_t port = 0;
  Fd listener = listen_on_ephemeral_port(port);
  Doctor doctor("/proc");
  auto result = doctor.examine(PortChoice{port, "test port"});
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_EQ(result->diagnosis.verdict, Verdict::kListeningHealthy);
  EXPECT_EQ(result->probe.status, ProbeOutcome::Status::kNotRun);
  EXPECT_TRUE(result->report.sockets.empty()) << "a connection appeared on the port";

  pollfd pending{listener.get(), POLLIN, 0};
  EXPECT_EQ(::poll(&pending, 1, 0), 0) << "a connection is waiting in the accept queue";
}

TEST_F(LiveSockets, ClosedPortThenNotListening) {
  std::uint16_t port = 0;
  {
    Fd listener = listen_on_ephemeral_port(port);
  }
  auto report = wait_for_report(port, [](const PortReport& r) { return !r.listening(); });
  EXPECT_FALSE(report.listening());
  EXPECT_EQ(sockets_i_hold(report), 0);
  auto diagnosis = diagnose(report, ProbeOutcome::not_run());
  EXPECT_EQ(diagnosis.verdict, Verdict::kNotListening);
  EXPECT_EQ(diagnosis.exit_code, kExitNotListening);
}

TEST_F(LiveSockets, OwnProcessIsFoundWithItsName) {
  std::uint16_t port = 0;
  Fd listener = listen_on_ephemeral_port(port);
  auto processes = ProcessTable::scan("/proc");
  const auto* me = processes.find(::getpid());
  ASSERT_NE(me, nullptr);
  EXPECT_FALSE(me->name.empty());
  EXPECT_NE(me->cmdline.find("diag_integration_tests"), std::string::npos) << me->cmdline;
}

}  // namespace
}  // namespace rt::diag

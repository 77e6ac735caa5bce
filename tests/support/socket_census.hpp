#pragma once
// SocketCensus: what the kernel says about the TCP sockets on one port, for tests that assert no
// socket leaked and no CLOSE_WAIT was left behind. Reads /proc/net/tcp{,6} and /proc/self/fd.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "diag/socket_table.hpp"

namespace rt::test {

struct SocketCensus {
  std::vector<diag::SocketEntry> client_side_held;  // remote port == port, an fd of this process
  std::vector<diag::SocketEntry> server_close_wait;  // local port == port, CLOSE_WAIT
  std::vector<diag::SocketEntry> server_side_held;  // local port == port, not LISTEN, held by us

  static SocketCensus take(std::uint16_t port);
  [[nodiscard]] bool clean_client() const { return client_side_held.empty(); }
};

// Socket inodes held by this process's file descriptors.
std::set<std::uint64_t> own_socket_inodes();
// Number of open socket fds in this process.
std::size_t own_socket_count();

}  // namespace rt::test

#include "support/socket_census.hpp"

#include <filesystem>
#include <stdexcept>

namespace rt::test {

std::set<std::uint64_t> own_socket_inodes() {
  std::set<std::uint64_t> inodes;
  for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    auto target = std::filesystem::read_symlink(e.path(), ec).string();
    if (ec || !target.starts_with("socket:[")) continue;
    inodes.insert(std::stoull(target.substr(8, target.size() - 9)));
  }
  return inodes;
}

std::size_t own_socket_count() { return own_socket_inodes().size(); }

SocketCensus SocketCensus::take(std::uint16_t port) {
  auto table = diag::SocketTable::read_proc("/proc");
  if (!table) throw std::runtime_error("cannot read /proc/net/tcp: " + table.error().message);
  auto mine = own_socket_inodes();
  SocketCensus c;
  for (const auto& s : table->entries()) {
    bool held = s.inode != 0 && mine.contains(s.inode);
    if (s.remote.port == port && held) c.client_side_held.push_back(s);
    if (s.local.port == port && s.state == diag::TcpState::kCloseWait) c.server_close_wait.push_back(s);
    if (s.local.port == port && s.state != diag::TcpState::kListen && held) c.server_side_held.push_back(s);
  }
  return c;
}

}  // namespace rt::test

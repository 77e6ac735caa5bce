#pragma once
// SocketEntry: one TCP socket as the kernel table (or lsof) shows it. A plain value; the
// addresses are already decoded to text ("127.0.0.1", "::1"; IPv4-mapped IPv6 addresses are shown
// as their IPv4 form and keep family kV6).
#include <cstdint>
#include <optional>
#include <string>

#include "diag/tcp_state.hpp"

namespace rt::diag {

enum class IpFamily { kV4, kV6 };

struct Endpoint {
  std::string address;  // "127.0.0.1", "::1", "0.0.0.0", "::"
  std::uint16_t port = 0;

  bool operator==(const Endpoint&) const = default;
};

// "127.0.0.1:7497", "[::1]:7497", "*:7497" for a wildcard address.
std::string to_string(const Endpoint& endpoint);

// The owning process as lsof reports it; /proc-based tables leave it empty and map inodes instead.
struct OwnerHint {
  int pid = 0;
  std::string command;
  std::string user;

  bool operator==(const OwnerHint&) const = default;
};

struct SocketEntry {
  IpFamily family = IpFamily::kV4;
  Endpoint local;
  Endpoint remote;
  TcpState state = TcpState::kUnknown;
  std::uint64_t inode = 0;          // 0 when no process holds it (TIME_WAIT) or it is unknown
  std::optional<std::uint32_t> uid;  // from /proc; lsof gives a user name instead
  std::uint32_t tx_queue = 0;
  std::uint32_t rx_queue = 0;        // bytes received but not read by the owner
  std::optional<OwnerHint> owner_hint;

  bool operator==(const SocketEntry&) const = default;
};

}  // namespace rt::diag

#pragma once
// PortReport: everything the socket table says about one API port: who listens, every socket on
// it with its state, owner and side, counts per state, and the CLOSE_WAIT zombies.
//
// Contract: build_port_report() is a pure function of a SocketTable and a ProcessTable. A socket
// is on the server side when its local port is the API port (TWS's end of a connection) and on
// the client side when its remote port is (the end some client holds). Zombies are CLOSE_WAIT
// sockets on the server side: the client closed and TWS/Gateway never closed its end. Entries
// that lsof lists once per process are merged into one socket with several owners. Sockets are
// ordered (side, state, local, remote) so two reports of the same state compare equal.
#include <cstdint>
#include <map>
#include <vector>

#include "diag/process_table.hpp"
#include "diag/socket_table.hpp"

namespace rt::diag {

enum class Side { kServer, kClient };

std::string_view to_string(Side side) noexcept;

struct PortSocket {
  SocketEntry entry;
  Side side = Side::kServer;
  std::vector<ProcessInfo> owners;  // empty when unknown (no inode, or an unreadable process)

  bool operator==(const PortSocket&) const = default;
};

struct PortReport {
  std::uint16_t port = 0;
  SocketSource source = SocketSource::kFixture;
  std::vector<PortSocket> listeners;  // LISTEN on the port
  std::vector<PortSocket> sockets;    // every other socket on the port
  std::map<TcpState, int> counts;     // per state, listeners included
  std::vector<PortSocket> zombies;    // CLOSE_WAIT on the server side
  int unreadable_processes = 0;       // processes whose sockets could not be inspected

  [[nodiscard]] int count(TcpState state) const;
  [[nodiscard]] bool listening() const noexcept { return !listeners.empty(); }
  // Distinct owners of the listening sockets, ordered by pid.
  [[nodiscard]] std::vector<ProcessInfo> listener_processes() const;
  // Distinct owners of the zombie sockets, ordered by pid.
  [[nodiscard]] std::vector<ProcessInfo> zombie_owners() const;
  // Distinct owners of ESTABLISHED client-side sockets (the clients connected right now).
  [[nodiscard]] std::vector<ProcessInfo> connected_clients() const;
};

PortReport build_port_report(const SocketTable& sockets, const ProcessTable& processes, std::uint16_t port);

}  // namespace rt::diag

#include "diag/port_report.hpp"

#include <algorithm>
#include <tuple>

namespace rt::diag {
namespace {

std::vector<ProcessInfo> resolve_owners(const SocketEntry& entry, const ProcessTable& processes) {
  if (entry.owner_hint) {
    if (const auto* known = processes.find(entry.owner_hint->pid)) return {*known};
    const auto& hint = *entry.owner_hint;
    return {ProcessInfo{hint.pid, hint.command, {}, classify_process(hint.command, {})}};
  }
  return processes.owners_of(entry.inode);
}

void add_unique(std::vector<ProcessInfo>& into, const std::vector<ProcessInfo>& from) {
  for (const auto& p : from) {
    if (std::none_of(into.begin(), into.end(), [&](const ProcessInfo& q) { return q.pid == p.pid; })) {
      into.push_back(p);
    }
  }
}

std::vector<ProcessInfo> distinct_owners(const std::vector<PortSocket>& sockets) {
  std::vector<ProcessInfo> out;
  for (const auto& s : sockets) add_unique(out, s.owners);
  std::sort(out.begin(), out.end(), [](const ProcessInfo& a, const ProcessInfo& b) { return a.pid < b.pid; });
  return out;
}

auto sort_key(const PortSocket& s) {
  return std::tie(s.side, s.entry.state, s.entry.local.address, s.entry.local.port, s.entry.remote.address,
                  s.entry.remote.port, s.entry.family, s.entry.inode);
}

bool same_socket(const SocketEntry& a, const SocketEntry& b) {
  return a.family == b.family && a.local == b.local && a.remote == b.remote && a.state == b.state &&
         a.inode == b.inode;
}

}  // namespace

std::string_view to_string(Side side) noexcept { return side == Side::kServer ? "server" : "client"; }

int PortReport::count(TcpState state) const {
  auto it = counts.find(state);
  return it == counts.end() ? 0 : it->second;
}

std::vector<ProcessInfo> PortReport::listener_processes() const { return distinct_owners(listeners); }

std::vector<ProcessInfo> PortReport::zombie_owners() const { return distinct_owners(zombies); }

std::vector<ProcessInfo> PortReport::connected_clients() const {
  std::vector<PortSocket> clients;
  for (const auto& s : sockets) {
    if (s.side == Side::kClient && s.entry.state == TcpState::kEstablished) clients.push_back(s);
  }
  return distinct_owners(clients);
}

PortReport build_port_report(const SocketTable& sockets, const ProcessTable& processes, std::uint16_t port) {
  PortReport report;
  report.port = port;
  report.source = sockets.source();
  report.unreadable_processes = processes.unreadable_count();

  std::vector<PortSocket> all;
  for (const auto& entry : sockets.on_port(port)) {
    auto owners = resolve_owners(entry, processes);
    // lsof lists a socket shared by several processes once per process: merge them.
    auto merged = std::find_if(all.begin(), all.end(), [&](const PortSocket& s) {
      return entry.owner_hint && s.entry.owner_hint && same_socket(s.entry, entry);
    });
    if (merged != all.end()) {
      add_unique(merged->owners, owners);
      continue;
    }
    PortSocket socket;
    socket.side = entry.local.port == port ? Side::kServer : Side::kClient;
    socket.owners = std::move(owners);
    socket.entry = entry;
    all.push_back(std::move(socket));
  }
  std::sort(all.begin(), all.end(), [](const PortSocket& a, const PortSocket& b) { return sort_key(a) < sort_key(b); });

  for (auto& socket : all) {
    ++report.counts[socket.entry.state];
    if (socket.entry.state == TcpState::kListen && socket.side == Side::kServer) {
      report.listeners.push_back(std::move(socket));
      continue;
    }
    if (socket.entry.state == TcpState::kCloseWait && socket.side == Side::kServer) {
      report.zombies.push_back(socket);
    }
    report.sockets.push_back(std::move(socket));
  }
  return report;
}

}  // namespace rt::diag

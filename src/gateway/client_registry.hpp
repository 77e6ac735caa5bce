#pragma once
// ClientRegistry: the API client ids currently connected to one emulator instance. TWS allows one
// session per client id; a second START_API with a held id is answered with 326 and closed.
// Owned by the GatewayServer and shared by its sessions on the io_context thread (not thread-safe).
#include <cstddef>
#include <set>

namespace rt::gateway {

class ClientRegistry {
 public:
  // Takes the id; false when another session already holds it.
  bool claim(int client_id) { return ids_.insert(client_id).second; }
  void release(int client_id) { ids_.erase(client_id); }
  [[nodiscard]] bool holds(int client_id) const { return ids_.contains(client_id); }
  [[nodiscard]] std::size_t size() const { return ids_.size(); }

 private:
  std::set<int> ids_;
};

}  // namespace rt::gateway

#include "diag/socket_entry.hpp"

namespace rt::diag {

std::string to_string(const Endpoint& endpoint) {
  std::string port = std::to_string(endpoint.port);
  if (endpoint.address.empty() || endpoint.address == "0.0.0.0" || endpoint.address == "::") {
    return "*:" + port;
  }
  if (endpoint.address.find(':') != std::string::npos) return "[" + endpoint.address + "]:" + port;
  return endpoint.address + ":" + port;
}

}  // namespace rt::diag

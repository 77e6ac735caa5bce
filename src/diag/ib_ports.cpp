#include "diag/ib_ports.hpp"

#include <algorithm>
#include <vector>

namespace rt::diag {
namespace {

std::string join(const std::vector<std::string>& parts, std::string_view last_sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += (i + 1 == parts.size()) ? std::string(last_sep) : std::string(", ");
    out += parts[i];
  }
  return out;
}

}  // namespace

std::optional<std::string_view> ib_port_label(std::uint16_t port) {
  for (const auto& ib : kIbPorts) {
    if (ib.port == port) return ib.label;
  }
  return std::nullopt;
}

std::string describe_port(std::uint16_t port) {
  auto label = ib_port_label(port);
  return label ? std::to_string(port) + " (" + std::string(*label) + ")" : std::to_string(port);
}

Result<PortChoice> discover_api_port(const SocketTable& sockets, bool allow_live) {
  std::vector<std::string> listening_allowed;
  std::vector<std::uint16_t> listening_ports;
  std::vector<std::string> silent;
  std::vector<std::string> listening_live_refused;
  for (const auto& ib : kIbPorts) {
    const bool listens = sockets.is_listening(ib.port);
    if (ib.live && !allow_live) {
      if (listens) listening_live_refused.push_back(describe_port(ib.port));
      continue;
    }
    if (listens) {
      listening_allowed.push_back(describe_port(ib.port));
      listening_ports.push_back(ib.port);
    } else {
      silent.push_back(describe_port(ib.port));
    }
  }

  if (listening_ports.empty()) {
    std::string message = "no IB API port is listening: checked " + join(silent, " and ");
    if (!listening_live_refused.empty()) {
      message += "; " + join(listening_live_refused, " and ") +
                 (listening_live_refused.size() == 1 ? " is" : " are") +
                 " listening, but live trading is not allowed (paper ports only)";
    } else if (!allow_live) {
      message += " (live ports 7496 and 4001 are not considered unless live trading is allowed)";
    }
    message += ". Start TWS or IB Gateway and log in; in TWS enable the API "
               "(File > Global Configuration > API > Settings: \"Enable ActiveX and Socket Clients\"). "
               "IB Gateway opens its socket once the login has finished (recent builds have no such box)";
    return fail(ErrorCode::kNotFound, std::move(message));
  }

  PortChoice choice;
  choice.port = listening_ports.front();
  choice.reason = listening_allowed.front() + " is listening";
  // Say why the earlier ports were passed over, and what else listens.
  std::vector<std::string> earlier_silent;
  for (const auto& ib : kIbPorts) {
    if (ib.port == choice.port) break;
    if (ib.live && !allow_live) continue;
    earlier_silent.push_back(describe_port(ib.port));
  }
  std::vector<std::string> other_listening(listening_allowed.begin() + 1, listening_allowed.end());
  std::vector<std::string> later_silent;
  for (const auto& s : silent) {
    if (std::find(earlier_silent.begin(), earlier_silent.end(), s) == earlier_silent.end()) later_silent.push_back(s);
  }
  if (!earlier_silent.empty()) {
    choice.reason += "; " + join(earlier_silent, " and ") + (earlier_silent.size() == 1 ? " is not" : " are not");
  }
  if (!other_listening.empty()) {
    choice.reason += "; " + join(other_listening, " and ") + (other_listening.size() == 1 ? " is" : " are") +
                     " also listening but comes later in the order";
  }
  if (earlier_silent.empty() && other_listening.empty() && !later_silent.empty()) {
    choice.reason += "; " + join(later_silent, " and ") + (later_silent.size() == 1 ? " is not" : " are not");
  }
  if (!listening_live_refused.empty()) {
    choice.reason += "; live port " + join(listening_live_refused, " and ") +
                     " also listens but live trading is not allowed";
  }
  return choice;
}

}  // namespace rt::diag

#pragma once
// The well-known TWS / IB Gateway API ports and `--port auto`: choose the port that is LISTENing
// in the kernel table, without connecting to anything.
//
// Rules: paper ports first, in order 7497 (TWS paper), 4002 (IB Gateway paper); the live ports
// 7496 (TWS live) and 4001 (IB Gateway live) are considered only when live trading is allowed.
// The chosen port comes with a sentence saying why; when nothing suitable listens the error says
// which ports were checked and, if a live port listens while live is not allowed, says so.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "diag/socket_table.hpp"

namespace rt::diag {

struct IbPort {
  std::uint16_t port;
  std::string_view label;
  bool live;
};

// In the order --port auto tries them.
inline constexpr std::array<IbPort, 4> kIbPorts{{
    {7497, "TWS paper", false},
    {4002, "IB Gateway paper", false},
    {7496, "TWS live", true},
    {4001, "IB Gateway live", true},
}};

// "TWS paper" for 7497, ...; nullopt for a port that is not one of IB's defaults.
std::optional<std::string_view> ib_port_label(std::uint16_t port);

// "7497 (TWS paper)" or "7000".
std::string describe_port(std::uint16_t port);

struct PortChoice {
  std::uint16_t port = 0;
  std::string reason;  // "7497 (TWS paper) is listening; 4002 (IB Gateway paper) is not"
};

// kNotFound with a message naming the ports checked when no allowed port is listening.
Result<PortChoice> discover_api_port(const SocketTable& sockets, bool allow_live);

}  // namespace rt::diag

#pragma once
// Parsers for the kernel's TCP socket tables, /proc/net/tcp and /proc/net/tcp6. Pure text in,
// values out: no file access here (SocketTable reads the files).
//
// Line layout (after the header line):
//   sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
// Addresses are hex words as the kernel prints its in-memory (network byte order) address on this
// host: "0100007F:1D49" is 127.0.0.1:7497 on a little-endian machine. Ports are plain hex.
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "diag/socket_entry.hpp"

namespace rt::diag {

// One data line (not the header). kParse naming the bad field when the layout does not match.
Result<SocketEntry> parse_proc_net_tcp_line(std::string_view line, IpFamily family);

// A whole file: the header line is skipped, blank lines are ignored, and a bad line fails the
// whole parse with its line number.
Result<std::vector<SocketEntry>> parse_proc_net_tcp(std::string_view text, IpFamily family);

// "0100007F:1D49" (8 hex digits for IPv4, 32 for IPv6) to an Endpoint.
Result<Endpoint> parse_proc_net_endpoint(std::string_view text, IpFamily family);

}  // namespace rt::diag

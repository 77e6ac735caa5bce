#include "diag/proc_net_parser.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <charconv>
#include <cstring>
#include <string>

#include "core/text.hpp"

namespace rt::diag {
namespace {

template <class T>
bool parse_number(std::string_view text, T& out, int base) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out, base);
  return ec == std::errc{} && ptr == text.data() + text.size();
}

// The kernel prints each 32-bit word of the address with %08X from its in-memory value, so the
// bytes of the parsed word in host order are the address bytes in network order.
bool decode_words(std::string_view hex, unsigned char* bytes, std::size_t words) {
  if (hex.size() != words * 8) return false;
  for (std::size_t w = 0; w < words; ++w) {
    std::uint32_t word = 0;
    if (!parse_number(hex.substr(w * 8, 8), word, 16)) return false;
    std::memcpy(bytes + w * 4, &word, 4);
  }
  return true;
}

std::string format_v4(const unsigned char* bytes) {
  std::array<char, INET_ADDRSTRLEN> buf{};
  ::inet_ntop(AF_INET, bytes, buf.data(), static_cast<socklen_t>(buf.size()));
  return buf.data();
}

std::string format_v6(const unsigned char* bytes) {
  static constexpr unsigned char kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (std::memcmp(bytes, kMappedPrefix, sizeof kMappedPrefix) == 0) return format_v4(bytes + 12);
  std::array<char, INET6_ADDRSTRLEN> buf{};
  ::inet_ntop(AF_INET6, bytes, buf.data(), static_cast<socklen_t>(buf.size()));
  return buf.data();
}

}  // namespace

Result<Endpoint> parse_proc_net_endpoint(std::string_view text, IpFamily family) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    return fail(ErrorCode::kParse, "address '" + std::string(text) + "' has no ':port'");
  }
  Endpoint endpoint;
  if (!parse_number(text.substr(colon + 1), endpoint.port, 16)) {
    return fail(ErrorCode::kParse, "port in '" + std::string(text) + "' is not a 16-bit hex number");
  }
  std::array<unsigned char, 16> bytes{};
  std::string_view hex = text.substr(0, colon);
  if (family == IpFamily::kV4) {
    if (!decode_words(hex, bytes.data(), 1)) {
      return fail(ErrorCode::kParse, "IPv4 address '" + std::string(hex) + "' is not 8 hex digits");
    }
    endpoint.address = format_v4(bytes.data());
  } else {
    if (!decode_words(hex, bytes.data(), 4)) {
      return fail(ErrorCode::kParse, "IPv6 address '" + std::string(hex) + "' is not 32 hex digits");
    }
    endpoint.address = format_v6(bytes.data());
  }
  return endpoint;
}

Result<SocketEntry> parse_proc_net_tcp_line(std::string_view line, IpFamily family) {
  auto fields = split_whitespace(line);
  if (fields.size() < 10) {
    return fail(ErrorCode::kParse, "expected at least 10 fields, got " + std::to_string(fields.size()));
  }
  SocketEntry entry;
  entry.family = family;
  auto local = parse_proc_net_endpoint(fields[1], family);
  if (!local) return fail(ErrorCode::kParse, "local_address: " + local.error().message);
  auto remote = parse_proc_net_endpoint(fields[2], family);
  if (!remote) return fail(ErrorCode::kParse, "rem_address: " + remote.error().message);
  entry.local = std::move(*local);
  entry.remote = std::move(*remote);

  int code = 0;
  if (!parse_number(fields[3], code, 16)) {
    return fail(ErrorCode::kParse, "st '" + std::string(fields[3]) + "' is not a hex state code");
  }
  entry.state = tcp_state_from_kernel_code(code);

  auto queues = fields[4];
  auto qcolon = queues.find(':');
  if (qcolon == std::string_view::npos || !parse_number(queues.substr(0, qcolon), entry.tx_queue, 16) ||
      !parse_number(queues.substr(qcolon + 1), entry.rx_queue, 16)) {
    return fail(ErrorCode::kParse, "tx_queue:rx_queue '" + std::string(queues) + "' is malformed");
  }
  std::uint32_t uid = 0;
  if (!parse_number(fields[7], uid, 10)) {
    return fail(ErrorCode::kParse, "uid '" + std::string(fields[7]) + "' is not a number");
  }
  entry.uid = uid;
  if (!parse_number(fields[9], entry.inode, 10)) {
    return fail(ErrorCode::kParse, "inode '" + std::string(fields[9]) + "' is not a number");
  }
  return entry;
}

Result<std::vector<SocketEntry>> parse_proc_net_tcp(std::string_view text, IpFamily family) {
  std::vector<SocketEntry> entries;
  std::size_t line_number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (line_number == 1) continue;  // header
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto entry = parse_proc_net_tcp_line(line, family);
    if (!entry) {
      return fail(ErrorCode::kParse, "line " + std::to_string(line_number) + ": " + entry.error().message);
    }
    entries.push_back(std::move(*entry));
  }
  return entries;
}

}  // namespace rt::diag

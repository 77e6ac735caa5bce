#include "diag/lsof_source.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

#include "core/text.hpp"

namespace rt::diag {
namespace {

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

template <class T>
bool parse_decimal(std::string_view text, T& out) {
  if (!all_digits(text)) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && ptr == text.data() + text.size();
}

// "*:7497", "127.0.0.1:7497", "[::1]:7497", "[::ffff:127.0.0.1]:7497", "*:*".
Result<Endpoint> parse_endpoint(std::string_view text, IpFamily family) {
  Endpoint endpoint;
  std::string_view address;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return fail(ErrorCode::kParse, "endpoint '" + std::string(text) + "' has no ']:port'");
    }
    address = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      return fail(ErrorCode::kParse, "endpoint '" + std::string(text) + "' has no ':port'");
    }
    address = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (address == "*") {
    endpoint.address = family == IpFamily::kV4 ? "0.0.0.0" : "::";
  } else if (address.starts_with("::ffff:") && address.find('.') != std::string_view::npos) {
    endpoint.address = std::string(address.substr(7));
  } else {
    endpoint.address = std::string(address);
  }
  if (port == "*") {
    endpoint.port = 0;
  } else if (!parse_decimal(port, endpoint.port)) {
    return fail(ErrorCode::kParse, "port in '" + std::string(text) + "' is not a number");
  }
  return endpoint;
}

}  // namespace

Result<SocketEntry> parse_lsof_line(std::string_view line) {
  auto fields = split_whitespace(line);
  std::size_t pid_index = 1;
  while (pid_index < fields.size() && !all_digits(fields[pid_index])) ++pid_index;
  // PID USER FD TYPE ... NODE NAME: at least 5 fields after the command.
  if (pid_index >= fields.size() || pid_index + 5 > fields.size()) {
    return fail(ErrorCode::kParse, "no PID column followed by USER FD TYPE ... NAME");
  }
  auto node = std::find(fields.begin() + static_cast<std::ptrdiff_t>(pid_index), fields.end(), "TCP");
  if (node == fields.end() || node + 1 == fields.end()) {
    return fail(ErrorCode::kParse, "no 'TCP' NODE column followed by a NAME");
  }
  std::size_t node_index = static_cast<std::size_t>(node - fields.begin());

  SocketEntry entry;
  OwnerHint owner;
  for (std::size_t i = 0; i < pid_index; ++i) {
    if (i > 0) owner.command += ' ';
    owner.command += fields[i];
  }
  parse_decimal(fields[pid_index], owner.pid);
  owner.user = std::string(fields[pid_index + 1]);

  auto type_it = std::find_if(fields.begin() + static_cast<std::ptrdiff_t>(pid_index), node,
                              [](std::string_view f) { return f == "IPv4" || f == "IPv6"; });
  if (type_it == node) return fail(ErrorCode::kParse, "no TYPE column (IPv4 or IPv6)");
  entry.family = *type_it == "IPv6" ? IpFamily::kV6 : IpFamily::kV4;
  // DEVICE follows TYPE; decimal on Linux (the inode), a hex kernel address on macOS.
  if (type_it + 1 != node) parse_decimal(*(type_it + 1), entry.inode);

  std::string_view name = fields[node_index + 1];
  std::string_view state = node_index + 2 < fields.size() ? fields[node_index + 2] : std::string_view{};
  if (state.size() >= 2 && state.front() == '(' && state.back() == ')') {
    entry.state = tcp_state_from_name(state.substr(1, state.size() - 2));
  }
  auto arrow = name.find("->");
  auto local = parse_endpoint(name.substr(0, arrow), entry.family);
  if (!local) return fail(ErrorCode::kParse, "NAME local side: " + local.error().message);
  entry.local = std::move(*local);
  if (arrow != std::string_view::npos) {
    auto remote = parse_endpoint(name.substr(arrow + 2), entry.family);
    if (!remote) return fail(ErrorCode::kParse, "NAME remote side: " + remote.error().message);
    entry.remote = std::move(*remote);
  } else {
    entry.remote = Endpoint{entry.family == IpFamily::kV4 ? "0.0.0.0" : "::", 0};
  }
  entry.owner_hint = std::move(owner);
  return entry;
}

Result<std::vector<SocketEntry>> parse_lsof_output(std::string_view text) {
  std::vector<SocketEntry> entries;
  std::size_t line_number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    auto fields = split_whitespace(line);
    if (fields.empty() || fields.front() == "COMMAND") continue;
    if (std::find(fields.begin(), fields.end(), "TCP") == fields.end()) continue;
    auto entry = parse_lsof_line(line);
    if (!entry) {
      return fail(ErrorCode::kParse, "lsof output line " + std::to_string(line_number) + ": " + entry.error().message);
    }
    entries.push_back(std::move(*entry));
  }
  return entries;
}

Result<std::string> run_lsof_tcp() {
  FILE* pipe = ::popen("lsof -nP -iTCP 2>/dev/null", "r");
  if (pipe == nullptr) return fail(ErrorCode::kInternal, "could not start lsof");
  std::string output;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) output.append(buf.data(), n);
  int status = ::pclose(pipe);
  if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    return fail(ErrorCode::kNotFound, "lsof is not installed and there is no /proc/net/tcp to read");
  }
  return output;
}

}  // namespace rt::diag

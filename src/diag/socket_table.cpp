#include "diag/socket_table.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include "diag/proc_net_parser.hpp"

namespace rt::diag {
namespace {

Result<std::string> read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kStorage, "cannot open " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(ErrorCode::kStorage, "cannot read " + path.string());
  return std::move(text).str();
}

Status append_file(const std::filesystem::path& path, IpFamily family, std::vector<SocketEntry>& out) {
  auto text = read_text(path);
  if (!text) return std::unexpected(text.error());
  auto parsed = parse_proc_net_tcp(*text, family);
  if (!parsed) return fail(ErrorCode::kParse, path.string() + ", " + parsed.error().message);
  out.insert(out.end(), std::make_move_iterator(parsed->begin()), std::make_move_iterator(parsed->end()));
  return {};
}

}  // namespace

std::string_view to_string(SocketSource source) noexcept {
  switch (source) {
    case SocketSource::kProc: return "proc";
    case SocketSource::kLsof: return "lsof";
    case SocketSource::kFixture: return "fixture";
  }
  return "unknown";
}

Result<SocketTable> SocketTable::read_proc(const std::filesystem::path& proc_root) {
  const auto tcp = proc_root / "net" / "tcp";
  const auto tcp6 = proc_root / "net" / "tcp6";
  std::error_code ec;
  if (!std::filesystem::exists(tcp, ec)) {
    return fail(ErrorCode::kNotFound, tcp.string() + " does not exist");
  }
  std::vector<SocketEntry> entries;
  if (auto status = append_file(tcp, IpFamily::kV4, entries); !status) return std::unexpected(status.error());
  if (std::filesystem::exists(tcp6, ec)) {
    if (auto status = append_file(tcp6, IpFamily::kV6, entries); !status) return std::unexpected(status.error());
  }
  return SocketTable(std::move(entries), SocketSource::kProc);
}

Result<SocketTable> SocketTable::load(const std::filesystem::path& proc_root, const LsofRunner& lsof) {
  auto table = read_proc(proc_root);
  if (table || table.error().code != ErrorCode::kNotFound) return table;
  if (!lsof) {
    return fail(ErrorCode::kNotFound, table.error().message + " and no lsof fallback was given");
  }
  auto output = lsof();
  if (!output) return std::unexpected(output.error());
  auto entries = parse_lsof_output(*output);
  if (!entries) return std::unexpected(entries.error());
  return SocketTable(std::move(*entries), SocketSource::kLsof);
}

std::vector<SocketEntry> SocketTable::on_port(std::uint16_t port) const {
  std::vector<SocketEntry> out;
  for (const auto& entry : entries_) {
    if (entry.local.port == port || entry.remote.port == port) out.push_back(entry);
  }
  return out;
}

bool SocketTable::is_listening(std::uint16_t port) const {
  for (const auto& entry : entries_) {
    if (entry.state == TcpState::kListen && entry.local.port == port) return true;
  }
  return false;
}

}  // namespace rt::diag

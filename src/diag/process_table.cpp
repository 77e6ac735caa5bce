#include "diag/process_table.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>
#include <set>
#include <system_error>

namespace rt::diag {
namespace {

bool is_pid_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string read_small_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text;
}

std::string trim_trailing(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

std::uint64_t socket_inode_from_link(std::string_view target) {
  constexpr std::string_view kPrefix = "socket:[";
  if (!target.starts_with(kPrefix) || !target.ends_with("]")) return 0;
  auto digits = target.substr(kPrefix.size(), target.size() - kPrefix.size() - 1);
  std::uint64_t inode = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), inode);
  if (ec != std::errc{} || ptr != digits.data() + digits.size()) return 0;
  return inode;
}

ProcessTable ProcessTable::scan(const std::filesystem::path& proc_root) {
  ProcessTable table;
  std::error_code ec;
  std::filesystem::directory_iterator pids(proc_root, ec);
  if (ec) return table;
  for (const auto& dir : pids) {
    const std::string pid_name = dir.path().filename().string();
    if (!is_pid_name(pid_name)) continue;
    ProcessInfo info;
    std::from_chars(pid_name.data(), pid_name.data() + pid_name.size(), info.pid);

    std::error_code fd_ec;
    std::filesystem::directory_iterator fds(dir.path() / "fd", fd_ec);
    if (fd_ec) {
      // ENOENT: the process exited during the scan. Otherwise we may not look; kernel threads
      // (empty cmdline) hold no sockets and are not worth counting.
      if (fd_ec != std::errc::no_such_file_or_directory &&
          !trim_trailing(read_small_file(dir.path() / "cmdline")).empty()) {
        table.add_unreadable();
      }
      continue;
    }
    std::vector<std::uint64_t> inodes;
    for (const auto& fd : fds) {
      std::error_code link_ec;
      auto target = std::filesystem::read_symlink(fd.path(), link_ec);
      if (link_ec) continue;  // the descriptor was closed meanwhile
      if (auto inode = socket_inode_from_link(target.string()); inode != 0) inodes.push_back(inode);
    }
    info.name = trim_trailing(read_small_file(dir.path() / "comm"));
    std::string cmdline = trim_trailing(read_small_file(dir.path() / "cmdline"));
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    info.cmdline = std::move(cmdline);
    info.kind = classify_process(info.name, info.cmdline);
    table.add(std::move(info), inodes);
  }
  return table;
}

void ProcessTable::add(ProcessInfo process, const std::vector<std::uint64_t>& socket_inodes) {
  const int pid = process.pid;
  std::set<std::uint64_t> unique(socket_inodes.begin(), socket_inodes.end());
  for (auto inode : unique) inode_owners_.emplace(inode, pid);
  processes_[pid] = std::move(process);
}

std::vector<ProcessInfo> ProcessTable::owners_of(std::uint64_t inode) const {
  std::vector<ProcessInfo> out;
  if (inode == 0) return out;
  auto [first, last] = inode_owners_.equal_range(inode);
  for (auto it = first; it != last; ++it) {
    if (auto found = processes_.find(it->second); found != processes_.end()) out.push_back(found->second);
  }
  std::sort(out.begin(), out.end(), [](const ProcessInfo& a, const ProcessInfo& b) { return a.pid < b.pid; });
  return out;
}

const ProcessInfo* ProcessTable::find(int pid) const {
  auto it = processes_.find(pid);
  return it == processes_.end() ? nullptr : &it->second;
}

}  // namespace rt::diag

#pragma once
// ProcessTable: which process holds which socket, from /proc/<pid>/fd/* links "socket:[inode]",
// with each process named from /proc/<pid>/comm and /proc/<pid>/cmdline and classified.
//
// Contract: scan() walks <proc_root>/<pid>/ for every numeric entry. A process whose fd directory
// cannot be read (another user's process, when not root) is skipped silently and counted in
// unreadable_count(); one that exits during the scan, and a kernel thread (empty cmdline), is
// skipped and not counted. A socket may be
// held by several processes (inherited across fork), so an inode maps to a list of pids. Without
// a /proc tree (macOS) the table is empty. An immutable value once built; scan() blocks on file
// reads on the caller's thread.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "diag/process_kind.hpp"

namespace rt::diag {

struct ProcessInfo {
  int pid = 0;
  std::string name;     // comm ("java", "JavaApplicationStub" truncated to 15 characters)
  std::string cmdline;  // NUL separators replaced by spaces; empty for kernel threads
  ProcessKind kind = ProcessKind::kOther;

  bool operator==(const ProcessInfo&) const = default;
};

class ProcessTable {
 public:
  ProcessTable() = default;

  static ProcessTable scan(const std::filesystem::path& proc_root);

  // Adds a process and its socket inodes; scan() uses it, tests may build tables by hand.
  void add(ProcessInfo process, const std::vector<std::uint64_t>& socket_inodes);
  void add_unreadable() noexcept { ++unreadable_; }

  // Processes holding the socket `inode` (empty when none is known), ordered by pid.
  [[nodiscard]] std::vector<ProcessInfo> owners_of(std::uint64_t inode) const;
  [[nodiscard]] const ProcessInfo* find(int pid) const;
  [[nodiscard]] int unreadable_count() const noexcept { return unreadable_; }
  [[nodiscard]] std::size_t process_count() const noexcept { return processes_.size(); }

 private:
  std::map<int, ProcessInfo> processes_;
  std::multimap<std::uint64_t, int> inode_owners_;
  int unreadable_ = 0;
};

// "socket:[12345]" -> 12345; 0 for any other link target.
std::uint64_t socket_inode_from_link(std::string_view target);

}  // namespace rt::diag

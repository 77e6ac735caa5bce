#pragma once
// SocketTable: a snapshot of the machine's TCP sockets, read without opening any connection.
//
// Contract: read_proc() reads <proc_root>/net/tcp and <proc_root>/net/tcp6 (tcp6 may be absent
// when IPv6 is off); load() does the same and falls back to `lsof -nP -iTCP` through the injected
// runner only when <proc_root>/net/tcp does not exist. The proc root is a directory path so tests
// point it at fixture files. A snapshot is an immutable value, safe to share between threads once
// built; building one does blocking file reads on the caller's thread.
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "diag/lsof_source.hpp"
#include "diag/socket_entry.hpp"

namespace rt::diag {

enum class SocketSource { kProc, kLsof, kFixture };

std::string_view to_string(SocketSource source) noexcept;

class SocketTable {
 public:
  SocketTable() = default;
  SocketTable(std::vector<SocketEntry> entries, SocketSource source)
      : entries_(std::move(entries)), source_(source) {}

  // kNotFound when <proc_root>/net/tcp does not exist; kStorage when a file cannot be read;
  // kParse naming file and line when a line does not follow the kernel's layout.
  static Result<SocketTable> read_proc(const std::filesystem::path& proc_root);

  // read_proc(), or the lsof fallback when there is no <proc_root>/net/tcp.
  static Result<SocketTable> load(const std::filesystem::path& proc_root, const LsofRunner& lsof);

  [[nodiscard]] const std::vector<SocketEntry>& entries() const noexcept { return entries_; }
  [[nodiscard]] SocketSource source() const noexcept { return source_; }

  // Sockets whose local or remote port is `port`.
  [[nodiscard]] std::vector<SocketEntry> on_port(std::uint16_t port) const;

  // True when some socket is in LISTEN on local port `port`, whatever its address.
  [[nodiscard]] bool is_listening(std::uint16_t port) const;

 private:
  std::vector<SocketEntry> entries_;
  SocketSource source_ = SocketSource::kFixture;
};

}  // namespace rt::diag

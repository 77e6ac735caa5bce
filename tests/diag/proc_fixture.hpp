#pragma once
// A fake /proc tree in a fresh temporary directory, removed at the end of the test:
// net/tcp, net/tcp6, and <pid>/{comm,cmdline,fd/N -> "socket:[inode]"}.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace rt::diag::testing {

inline constexpr std::string_view kTcpHeader =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
inline constexpr std::string_view kTcp6Header =
    "  sl  local_address                         remote_address                        st tx_queue rx_queue tr "
    "tm->when retrnsmt   uid  timeout inode\n";

// A /proc/net/tcp data line; addresses are given exactly as the kernel prints them.
inline std::string tcp_line(std::string_view local, std::string_view remote, std::string_view state, int uid,
                            std::uint64_t inode, std::string_view queues = "00000000:00000000") {
  return "   0: " + std::string(local) + " " + std::string(remote) + " " + std::string(state) + " " +
         std::string(queues) + " 00:00000000 00000000  " + std::to_string(uid) + "        0 " +
         std::to_string(inode) + " 1 0000000000000000 100 0 0 10 0\n";
}

class ProcFixture {
 public:
  ProcFixture() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = std::filesystem::temp_directory_path() /
            ("rt_diag_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
             (info != nullptr ? info->name() : "fixture"));
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_ / "net");
  }
  ~ProcFixture() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  ProcFixture(const ProcFixture&) = delete;
  ProcFixture& operator=(const ProcFixture&) = delete;

  [[nodiscard]] const std::filesystem::path& root() const { return root_; }

  void write(const std::filesystem::path& relative, std::string_view text) const {
    std::filesystem::create_directories((root_ / relative).parent_path());
    std::ofstream out(root_ / relative, std::ios::binary);
    out << text;
  }

  void tcp(const std::vector<std::string>& lines) const { write("net/tcp", join(kTcpHeader, lines)); }
  void tcp6(const std::vector<std::string>& lines) const { write("net/tcp6", join(kTcp6Header, lines)); }

  // A process with name (comm), NUL-separated argv, and one fd per socket inode (plus a non-socket fd).
  void process(int pid, std::string_view comm, const std::vector<std::string>& argv,
               const std::vector<std::uint64_t>& socket_inodes) const {
    const auto dir = std::filesystem::path(std::to_string(pid));
    write(dir / "comm", std::string(comm) + "\n");
    std::string cmdline;
    for (const auto& arg : argv) cmdline += arg + std::string(1, '\0');
    write(dir / "cmdline", cmdline);
    std::filesystem::create_directories(root_ / dir / "fd");
    std::filesystem::create_symlink("/dev/null", root_ / dir / "fd" / "0");
    int fd = 3;
    for (auto inode : socket_inodes) {
      std::filesystem::create_symlink("socket:[" + std::to_string(inode) + "]", root_ / dir / "fd" / std::to_string(fd++));
    }
  }

  // A process whose fd directory cannot be listed (as another user's is to a non-root user):
  // "fd" is a plain file, so opening it as a directory fails whoever runs the test.
  void unreadable_process(int pid, std::string_view comm) const {
    const auto dir = std::filesystem::path(std::to_string(pid));
    write(dir / "comm", std::string(comm) + "\n");
    write(dir / "cmdline", std::string(comm) + std::string(1, '\0'));
    write(dir / "fd", "not a directory");
  }

 private:
  static std::string join(std::string_view header, const std::vector<std::string>& lines) {
    std::string text(header);
    for (const auto& line : lines) text += line;
    return text;
  }

  std::filesystem::path root_;
};

}  // namespace rt::diag::testing

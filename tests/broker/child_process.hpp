#pragma once
// Child: a test's child process, with a pipe to its stdin and one from its stdout, read line by
// line with a deadline; SIGKILL on demand. Its stderr goes to a log file shown on failure.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

extern char** environ;

namespace rt::test {

using namespace std::chrono_literals;

// A child process with a pipe to its stdin and one from its stdout; its stderr goes to `log_path`.
class Child {
 public:
  Child(const std::vector<std::string>& args, const std::string& log_path) : log_path_(log_path) {
    int in[2];
    int out[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addclose(&actions, in[1]);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    ::close(out[1]);
    to_child_ = in[1];
    from_child_ = out[0];
  }
  ~Child() {
    kill();
    if (to_child_ >= 0) ::close(to_child_);
    if (from_child_ >= 0) ::close(from_child_);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  [[nodiscard]] bool started() const { return pid_ > 0; }

  // The next line of output, or nullopt at EOF or after `timeout`.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout) {
    auto until = std::chrono::steady_clock::now() + timeout;
    while (true) {
      if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return line;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
      if (left <= 0ms) return std::nullopt;
      pollfd p{from_child_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[4096];
      ssize_t n = ::read(from_child_, buf, sizeof buf);
      if (n <= 0) return std::nullopt;
      buffer_.append(buf, static_cast<std::size_t>(n));
    }
  }
  // Reads lines until one starts with `prefix`; false at EOF or timeout. Lines seen are kept.
  bool wait_for(const std::string& prefix, std::chrono::milliseconds timeout = 20s) {
    while (auto line = read_line(timeout)) {
      lines_.push_back(*line);
      if (line->starts_with(prefix)) return true;
      if (line->starts_with("FAIL")) return false;
    }
    return false;
  }
  void go() { (void)!::write(to_child_, "GO\n", 3); }
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    wait();
  }
  int wait() {
    if (pid_ <= 0) return exit_code_;
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return exit_code_;
  }
  [[nodiscard]] const std::vector<std::string>& lines() const { return lines_; }

  // What the child printed and logged, for a failure message.
  [[nodiscard]] std::string transcript() const {
    std::string out = "--- stdout:\n";
    for (const auto& l : lines_) out += l + "\n";
    out += "--- stderr (" + log_path_ + "):\n";
    std::ifstream log(log_path_);
    out.append(std::istreambuf_iterator<char>(log), std::istreambuf_iterator<char>());
    return out;
  }

 private:
  std::string log_path_;
  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
  int exit_code_ = -1;
  std::string buffer_;
  std::vector<std::string> lines_;
};

}  // namespace rt::test

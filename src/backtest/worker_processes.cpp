#include "backtest/worker_processes.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <thread>

namespace rt::backtest {

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr int kServeThrewStatus = 70;  // the worker's serve() threw: it exits with this

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool write_frame(int fd, std::string_view payload) {
  const std::uint64_t size = payload.size();
  char header[sizeof size];
  std::memcpy(header, &size, sizeof size);
  return write_all(fd, header, sizeof header) && write_all(fd, payload.data(), payload.size());
}

// Blocking read of exactly `size` bytes; false at the end of the stream or on an error.
bool read_all(int fd, char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::recv(fd, data, size, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// The child: task after task until the parent closes the socket. Never returns.
[[noreturn]] void serve_tasks(int fd, const WorkerServe& serve, const std::function<void()>& before_exit) {
  auto leave = [&](int status) {
    if (before_exit) before_exit();
    ::_exit(status);
  };
  ::signal(SIGINT, SIG_DFL);
  ::signal(SIGTERM, SIG_DFL);
  ::signal(SIGPIPE, SIG_DFL);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  std::string task;
  while (true) {
    std::uint64_t size = 0;
    char header[sizeof size];
    if (!read_all(fd, header, sizeof header)) leave(0);  // the parent is done with us
    std::memcpy(&size, header, sizeof size);
    task.resize(size);
    if (!read_all(fd, task.data(), task.size())) leave(0);
    std::string reply;
    try {
      reply = serve(task);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "worker process %d: %s\n", static_cast<int>(::getpid()), e.what());
      leave(kServeThrewStatus);
    }
    if (!write_frame(fd, reply)) leave(0);
  }
}

struct Worker {
  pid_t pid = -1;
  int fd = -1;
  std::optional<std::size_t> task;
  SteadyClock::time_point deadline{};
  std::string inbox;  // bytes of the reply read so far
};

// Owns the children: whatever way the batch ends, each is told to stop (its socket closed),
// killed when it is still busy, and reaped.
class Workers {
 public:
  explicit Workers(const WorkerOptions& options) : options_(options) {}
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;
  ~Workers() {
    for (auto& w : list_) retire(w, w.task.has_value());
  }

  // A new worker, or why not.
  Result<Worker*> start(const WorkerServe& serve) {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
      return fail(ErrorCode::kInternal, std::string("socketpair: ") + std::strerror(errno));
    }
    std::fflush(nullptr);  // else the child would write the parent's buffered output again
    auto pid = options_.fork ? options_.fork() : fork_plain();
    if (!pid) {
      ::close(fds[0]);
      ::close(fds[1]);
      return std::unexpected(pid.error());
    }
    if (*pid == 0) {
      ::close(fds[0]);
      for (const auto& w : list_) {
        if (w.fd >= 0) ::close(w.fd);  // a sibling's socket held here would hide its end
      }
      serve_tasks(fds[1], serve, options_.before_exit);
    }
    ::close(fds[1]);
    Worker w;
    w.pid = *pid;
    w.fd = fds[0];
    list_.push_back(std::move(w));
    return &list_.back();
  }

  // Closes the socket (an idle worker exits on it), kills the worker first when `kill`, reaps it.
  // Returns the wait status.
  static int retire(Worker& w, bool kill) {
    int status = 0;
    if (w.pid <= 0) return status;
    if (kill) ::kill(w.pid, SIGKILL);
    if (w.fd >= 0) ::close(w.fd);
    w.fd = -1;
    while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
    }
    w.pid = -1;
    return status;
  }

  std::vector<Worker>& list() { return list_; }

 private:
  static Result<pid_t> fork_plain() {
    const pid_t pid = ::fork();
    if (pid < 0) return fail(ErrorCode::kInternal, std::string("fork: ") + std::strerror(errno));
    return pid;
  }

  const WorkerOptions& options_;
  std::vector<Worker> list_;
};

// A whole frame taken out of the inbox, if one is there.
std::optional<std::string> take_frame(std::string& inbox) {
  std::uint64_t size = 0;
  if (inbox.size() < sizeof size) return std::nullopt;
  std::memcpy(&size, inbox.data(), sizeof size);
  if (inbox.size() - sizeof size < size) return std::nullopt;
  std::string frame = inbox.substr(sizeof size, size);
  inbox.erase(0, sizeof size + size);
  return frame;
}

}  // namespace

std::string describe_wait_status(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* name = ::strsignal(sig);
    return "was killed by signal " + std::to_string(sig) + " (" + (name ? name : "?") + ")";
  }
  return "ended with wait status " + std::to_string(status);
}

Result<std::vector<WorkerOutcome>> run_in_worker_processes(std::span<const std::string> tasks,
                                                           const WorkerServe& serve, const WorkerOptions& options,
                                                           const std::function<void(std::size_t)>& on_done) {
  std::vector<WorkerOutcome> outcomes(tasks.size());
  if (tasks.empty()) return outcomes;
  std::size_t wanted = options.workers != 0 ? options.workers : std::max(1u, std::thread::hardware_concurrency());
  wanted = std::min(wanted, tasks.size());

  Workers workers(options);
  workers.list().reserve(wanted + tasks.size());  // pointers into it stay valid: it never reallocates
  std::size_t next = 0, finished = 0;
  std::string last_start_error;

  auto finish = [&](std::size_t task, WorkerOutcome outcome) {
    outcomes[task] = std::move(outcome);
    ++finished;
    if (on_done) on_done(task);
  };
  auto hand_out = [&](Worker& w) {
    if (next >= tasks.size()) return;
    const std::size_t task = next++;
    w.task = task;
    if (options.task_deadline) w.deadline = SteadyClock::now() + *options.task_deadline;
    // A worker that died before reading it shows as the end of its socket on the next poll.
    (void)write_frame(w.fd, tasks[task]);
  };
  auto start_one = [&]() -> bool {
    auto w = workers.start(serve);
    if (!w) {
      last_start_error = w.error().message;
      return false;
    }
    hand_out(**w);
    return true;
  };
  // The task of a worker that is gone fails; a new worker takes over while tasks are left.
  auto lost = [&](Worker& w, const std::string& how) {
    const pid_t pid = w.pid;
    const std::size_t task = *w.task;
    w.task.reset();
    const int status = Workers::retire(w, true);
    finish(task, {false, {}, "worker process " + std::to_string(pid) + " " + (how.empty() ? describe_wait_status(status) : how)});
    if (next < tasks.size()) start_one();
  };

  for (std::size_t i = 0; i < wanted; ++i) {
    if (!start_one()) break;
  }
  if (workers.list().empty()) return fail(ErrorCode::kInternal, "no worker process could be started: " + last_start_error);

  std::vector<pollfd> fds;
  std::vector<Worker*> polled;
  while (finished < tasks.size()) {
    fds.clear();
    polled.clear();
    int timeout_ms = -1;
    const auto now = SteadyClock::now();
    for (auto& w : workers.list()) {
      if (w.fd < 0 || !w.task) continue;
      fds.push_back({w.fd, POLLIN, 0});
      polled.push_back(&w);
      if (options.task_deadline) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(w.deadline - now).count();
        const int ms = static_cast<int>(std::clamp<long long>(left, 0, 24LL * 3600 * 1000));
        timeout_ms = timeout_ms < 0 ? ms : std::min(timeout_ms, ms);
      }
    }
    if (fds.empty()) {
      // Every worker is gone and none could be started again: the tasks left fail.
      while (next < tasks.size()) finish(next++, {false, {}, "no worker process could be started: " + last_start_error});
      break;
    }
    const int ready = ::poll(fds.data(), fds.size(), timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return fail(ErrorCode::kInternal, std::string("poll: ") + std::strerror(errno));
    for (std::size_t k = 0; k < fds.size(); ++k) {
      Worker& w = *polled[k];
      if (fds[k].revents == 0) {
        if (options.task_deadline && SteadyClock::now() >= w.deadline) {
          lost(w, "took longer than the task deadline of " + std::to_string(options.task_deadline->count()) +
                      " ms and was killed");
        }
        continue;
      }
      char buffer[1 << 16];
      const ssize_t n = ::recv(w.fd, buffer, sizeof buffer, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        lost(w, {});
        continue;
      }
      w.inbox.append(buffer, static_cast<std::size_t>(n));
      if (auto reply = take_frame(w.inbox)) {
        const std::size_t task = *w.task;
        w.task.reset();
        finish(task, {true, std::move(*reply), {}});
        hand_out(w);
      }
    }
  }
  return outcomes;  // ~Workers closes the sockets and reaps every child
}

}  // namespace rt::backtest

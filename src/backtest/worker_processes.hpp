#pragma once
// run_in_worker_processes: CPU-bound batch work spread over forked child processes, for work that
// cannot share one process's cores (a Python strategy: one interpreter, one lock).
//
// Contract
// - tasks[i] is handed to some worker, whose serve(tasks[i]) runs in the child; its reply comes
//   back as outcomes[i]. Outcomes are in task order whatever the schedule.
// - Each worker is a child forked (through `fork`) once and given task after task, so what the
//   parent built before the fork (bars, config, an imported strategy) is read, never rebuilt.
// - Parent and worker talk over one Unix stream socket each: a frame is an 8-byte length and its
//   bytes, a task one way, a reply the other.
// - A worker that dies (a signal, an exit) or passes the deadline of its task (killed) fails that
//   task with a message saying how; a new worker takes the tasks left. Nothing hangs: the death is
//   seen as the end of its socket, the deadline by poll's timeout.
// - Every child is reaped before the call returns, however it returns. A worker whose parent dies
//   is killed (PR_SET_DEATHSIG) and one whose socket closes exits.
// - on_done(i) is called on the calling thread when task i is finished, either way.
// Fails only when not one worker can be started.
// Threading: call from one thread; the process must have no other thread running when it forks
// (the caller's fork function checks that where it matters).
#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace rt::backtest {

struct WorkerOutcome {
  bool ok = false;    // the worker replied
  std::string reply;  // its reply, when ok
  std::string error;  // what happened instead: "worker process 123 was killed by signal 11 (...)"
};

struct WorkerOptions {
  std::size_t workers = 0;  // 0: one per core
  // Forks the process: returns the child's pid in the parent and 0 in the child. Default ::fork.
  std::function<Result<pid_t>()> fork;
  // Called in a worker before it exits (it leaves with _exit: no atexit handler, no flush).
  std::function<void()> before_exit;
  // A task still running this long after it was handed over fails and its worker is killed.
  std::optional<std::chrono::milliseconds> task_deadline;
};

using WorkerServe = std::function<std::string(std::string_view task)>;

Result<std::vector<WorkerOutcome>> run_in_worker_processes(std::span<const std::string> tasks,
                                                           const WorkerServe& serve, const WorkerOptions& options,
                                                           const std::function<void(std::size_t)>& on_done = {});

// "exited with status 3", "was killed by signal 9 (Killed)": a waitpid status in words.
std::string describe_wait_status(int status);

}  // namespace rt::backtest

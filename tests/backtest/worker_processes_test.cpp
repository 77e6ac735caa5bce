#include "backtest/worker_processes.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace rt::backtest {
namespace {

std::vector<std::string> numbered(int n) {
  std::vector<std::string> tasks;
  for (int i = 0; i < n; ++i) tasks.push_back(std::to_string(i));
  return tasks;
}

// The reply is the task, then the worker's pid.
std::string echo_with_pid(std::string_view task) { return std::string(task) + "@" + std::to_string(::getpid()); }

void expect_no_child_left() {
  errno = 0;
  EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

TEST(WorkerProcesses, RepliesComeBackInTaskOrderAndEveryWorkerTakesTasks) {
  const auto tasks = numbered(40);
  WorkerOptions options;
  options.workers = 3;
  std::vector<std::size_t> done;
  auto outcomes = run_in_worker_processes(tasks, echo_with_pid, options, [&](std::size_t i) { done.push_back(i); });
  ASSERT_TRUE(outcomes.has_value()) << outcomes.error().message;
  ASSERT_EQ(outcomes->size(), tasks.size());
  std::set<std::string> pids;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const auto& o = (*outcomes)[i];
    ASSERT_TRUE(o.ok) << o.error;
    const auto at = o.reply.find('@');
    EXPECT_EQ(o.reply.substr(0, at), tasks[i]);
    EXPECT_NE(o.reply.substr(at + 1), std::to_string(::getpid()));
    pids.insert(o.reply.substr(at + 1));
  }
  EXPECT_EQ(pids.size(), 3u);
  EXPECT_EQ(done.size(), tasks.size());
  expect_no_child_left();
}

TEST(WorkerProcesses, AWorkerThatDiesFailsOnlyItsTaskAndANewWorkerTakesTheRest) {
  auto tasks = numbered(12);
  tasks[3] = "die";
  tasks[7] = "exit";
  WorkerOptions options;
  options.workers = 2;
  const WorkerServe serve = [](std::string_view task) {
    if (task == "die") ::raise(SIGKILL);
    if (task == "exit") ::_exit(9);
    return std::string(task);
  };
  auto outcomes = run_in_worker_processes(tasks, serve, options);
  ASSERT_TRUE(outcomes.has_value()) << outcomes.error().message;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const auto& o = (*outcomes)[i];
    if (i == 3) {
      EXPECT_FALSE(o.ok);
      EXPECT_NE(o.error.find("was killed by signal 9"), std::string::npos) << o.error;
    } else if (i == 7) {
      EXPECT_FALSE(o.ok);
      EXPECT_NE(o.error.find("exited with status 9"), std::string::npos) << o.error;
    } else {
      EXPECT_TRUE(o.ok) << i << ": " << o.error;
      EXPECT_EQ(o.reply, tasks[i]);
    }
  }
  expect_no_child_left();
}

TEST(WorkerProcesses, ATaskPastItsDeadlineIsKilledAndReported) {
  const std::vector<std::string> tasks = {"a", "hang", "b", "c"};
  WorkerOptions options;
  options.workers = 2;
  options.task_deadline = std::chrono::milliseconds{300};
  const WorkerServe serve = [](std::string_view task) {
    if (task == "hang") {
      while (true) ::pause();  // until killed
    }
    return std::string(task);
  };
  auto outcomes = run_in_worker_processes(tasks, serve, options);
  ASSERT_TRUE(outcomes.has_value()) << outcomes.error().message;
  EXPECT_FALSE((*outcomes)[1].ok);
  EXPECT_NE((*outcomes)[1].error.find("task deadline of 300 ms"), std::string::npos) << (*outcomes)[1].error;
  for (std::size_t i : {0u, 2u, 3u}) EXPECT_EQ((*outcomes)[i].reply, tasks[i]);
  expect_no_child_left();
}

TEST(WorkerProcesses, AServeThatThrowsEndsItsWorkerWithStatus70) {
  const std::vector<std::string> tasks = {"ok", "throw"};
  WorkerOptions options;
  options.workers = 1;
  const WorkerServe serve = [](std::string_view task) -> std::string {
    if (task == "throw") throw std::runtime_error("bad task");
    return std::string(task);
  };
  auto outcomes = run_in_worker_processes(tasks, serve, options);
  ASSERT_TRUE(outcomes.has_value());
  EXPECT_TRUE((*outcomes)[0].ok);
  EXPECT_NE((*outcomes)[1].error.find("exited with status 70"), std::string::npos) << (*outcomes)[1].error;
  expect_no_child_left();
}

TEST(WorkerProcesses, NoWorkerStartedIsAnErrorSayingWhy) {
  WorkerOptions options;
  options.fork = []() -> Result<pid_t> { return fail(ErrorCode::kInternal, "fork refused"); };
  auto outcomes = run_in_worker_processes(numbered(3), echo_with_pid, options);
  ASSERT_FALSE(outcomes.has_value());
  EXPECT_NE(outcomes.error().message.find("fork refused"), std::string::npos);
}

TEST(WorkerProcesses, LargeRepliesArriveWhole) {
  const std::vector<std::string> tasks = {"1", "2"};
  WorkerOptions options;
  options.workers = 2;
  const WorkerServe serve = [](std::string_view task) { return std::string(3'000'000, task[0]); };
  auto outcomes = run_in_worker_processes(tasks, serve, options);
  ASSERT_TRUE(outcomes.has_value());
  EXPECT_EQ((*outcomes)[0].reply, std::string(3'000'000, '1'));
  EXPECT_EQ((*outcomes)[1].reply, std::string(3'000'000, '2'));
  expect_no_child_left();
}

}  // namespace
}  // namespace rt::backtest

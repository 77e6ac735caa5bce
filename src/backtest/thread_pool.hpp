#pragma once
// ThreadPool: a fixed set of std::jthread workers for CPU-bound batch work (parameter sweeps).
// run(count, task) calls task(i) once for every i in [0, count), spread over the workers, and
// returns when all are done. Tasks must not share mutable state; results go to slot i of a
// caller-owned vector, so the output does not depend on the number of threads or the schedule.
// Threading: run() is called from one thread at a time; the destructor stops and joins the workers.
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace rt::backtest {

class ThreadPool {
 public:
  // 0 means std::thread::hardware_concurrency() (at least 1).
  explicit ThreadPool(std::size_t threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  void run(std::size_t count, const std::function<void(std::size_t)>& task);
  [[nodiscard]] std::size_t size() const { return workers_.size(); }

 private:
  void work(std::stop_token stop);

  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::condition_variable done_;
  const std::function<void(std::size_t)>* task_ = nullptr;
  std::size_t count_ = 0;
  std::size_t next_ = 0;
  std::size_t finished_ = 0;
  std::vector<std::jthread> workers_;
};

}  // namespace rt::backtest

#pragma once
// LogTail: the newest log lines for the dashboard. make_sink() returns an spdlog sink that feeds
// it; add it to the logger the runner uses. The runner copies the lines into DashboardModel::log
// with copy_to() when it publishes.
//
// Thread: add() may be called from any thread (spdlog sinks can be), so a mutex guards the ring;
// copy_to() is called on the trading event loop.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "web/dashboard_model.hpp"

namespace spdlog::sinks {
class sink;
}

namespace rt::web {

class LogTail {
 public:
  explicit LogTail(std::size_t capacity = DashboardModel::kMaxLogLines) : capacity_(capacity) {}

  void add(std::int64_t time_ms, std::string level, std::string text);
  // Replaces `out` with the current lines, oldest first.
  void copy_to(std::vector<LogLine>& out) const;
  [[nodiscard]] std::uint64_t total() const;  // lines ever added (changes when there is news)

  // An spdlog sink (level info and above by default) writing into `tail`.
  static std::shared_ptr<spdlog::sinks::sink> make_sink(std::shared_ptr<LogTail> tail);
  // Adds make_sink(tail) to spdlog's default logger. Call before other threads log.
  static void attach_to_default_logger(std::shared_ptr<LogTail> tail);

 private:
  mutable std::mutex mutex_;
  std::size_t capacity_;
  std::deque<LogLine> lines_;
  std::uint64_t total_ = 0;
};

}  // namespace rt::web

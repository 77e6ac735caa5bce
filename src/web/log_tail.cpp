#include "web/log_tail.hpp"

#include <spdlog/details/log_msg.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

namespace rt::web {
namespace {

class LogTailSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit LogTailSink(std::shared_ptr<LogTail> tail) : tail_(std::move(tail)) { set_level(spdlog::level::info); }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
    auto level = spdlog::level::to_string_view(msg.level);
    tail_->add(static_cast<std::int64_t>(ms), std::string(level.data(), level.size()),
               std::string(msg.payload.data(), msg.payload.size()));
  }
  void flush_() override {}

 private:
  std::shared_ptr<LogTail> tail_;
};

}  // namespace

void LogTail::add(std::int64_t time_ms, std::string level, std::string text) {
  std::lock_guard lock(mutex_);
  lines_.push_back(LogLine{time_ms, std::move(level), std::move(text)});
  while (lines_.size() > capacity_) lines_.pop_front();
  ++total_;
}

void LogTail::copy_to(std::vector<LogLine>& out) const {
  std::lock_guard lock(mutex_);
  out.assign(lines_.begin(), lines_.end());
}

std::uint64_t LogTail::total() const {
  std::lock_guard lock(mutex_);
  return total_;
}

std::shared_ptr<spdlog::sinks::sink> LogTail::make_sink(std::shared_ptr<LogTail> tail) {
  return std::make_shared<LogTailSink>(std::move(tail));
}

void LogTail::attach_to_default_logger(std::shared_ptr<LogTail> tail) {
  spdlog::default_logger()->sinks().push_back(make_sink(std::move(tail)));
}

}  // namespace rt::web

#pragma once
// DatabaseLock: one trader per database. An exclusive flock on "<database>.lock", held for the
// process's life and released by the kernel when the process ends, however it ends (a SIGKILL
// leaves no stale lock). The holder's pid and what it is are written into the file, so a second
// trader's refusal names the process that holds it. Readers and the kill-switch and halts
// commands do not take it: they work beside a running trader.
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace rt::store {

class DatabaseLock {
 public:
  // Fails (kStorage) naming the holder when another process holds the lock.
  static Result<DatabaseLock> acquire(const std::string& database_path, std::string_view holder);

  DatabaseLock(DatabaseLock&& other) noexcept;
  DatabaseLock& operator=(DatabaseLock&& other) noexcept;
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;
  ~DatabaseLock();

  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  DatabaseLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::string path_;
};

}  // namespace rt::store

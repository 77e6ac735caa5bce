#pragma once
// TempDb: a unique SQLite path in the temp directory for one test, removed with its WAL and SHM
// files afterwards. The file itself is created by whoever opens it.
#include <unistd.h>

#include <filesystem>
#include <string>

namespace rt::test {

struct TempDb {
  explicit TempDb(const std::string& prefix = "rt-test") {
    path = std::filesystem::temp_directory_path() /
           (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".db");
    remove_files();
  }
  ~TempDb() { remove_files(); }
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;

  void remove_files() const {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix, ec);
  }

  std::filesystem::path path;
  static inline int counter = 0;
};

}  // namespace rt::test

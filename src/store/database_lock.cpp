#include "store/database_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace rt::store {
namespace {

std::string read_holder(int fd) {
  char buf[512];
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return "another process (it wrote no pid yet)";
  std::string text(buf, static_cast<std::size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

Result<DatabaseLock> DatabaseLock::acquire(const std::string& database_path, std::string_view holder) {
  const std::string path = database_path + ".lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return fail(ErrorCode::kStorage, "cannot open the lock file " + path + ": " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    std::string who = err == EWOULDBLOCK ? read_holder(fd) : std::string();
    ::close(fd);
    if (err != EWOULDBLOCK) return fail(ErrorCode::kStorage, "cannot lock " + path + ": " + std::strerror(err));
    return fail(ErrorCode::kStorage, "database " + database_path + " is in use by another trader: " + who +
                                         " holds " + path + "; one trader per database (stop it, or use another --db)");
  }
  const std::string text = "pid " + std::to_string(::getpid()) + " (" + std::string(holder) + ")\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
    const int err = errno;
    ::close(fd);
    return fail(ErrorCode::kStorage, "cannot write the lock file " + path + ": " + std::strerror(err));
  }
  return DatabaseLock(fd, path);
}

DatabaseLock::DatabaseLock(DatabaseLock&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) {
  other.fd_ = -1;
}

DatabaseLock& DatabaseLock::operator=(DatabaseLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    path_ = std::move(other.path_);
    other.fd_ = -1;
  }
  return *this;
}

DatabaseLock::~DatabaseLock() {
  if (fd_ < 0) return;
  (void)::ftruncate(fd_, 0);  // no stale pid for the next reader; the lock goes with the close
  ::close(fd_);
}

}  // namespace rt::store

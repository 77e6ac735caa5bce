#include "ib/handshake_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace rt::ib {

HandshakeLock& HandshakeLock::operator=(HandshakeLock&& other) noexcept {
  if (this != &other) {
    release();
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

std::filesystem::path HandshakeLock::path_for(const std::filesystem::path& dir, const std::string& host,
                                              std::uint16_t port) {
  std::string safe;
  for (char c : host) safe += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return dir / ("robotrader-handshake-" + safe + "-" + std::to_string(port) + ".lock");
}

Result<bool> HandshakeLock::try_acquire(const std::filesystem::path& dir, const std::string& host,
                                        std::uint16_t port, HandshakeLock& out) {
  auto path = path_for(dir, host, port);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) {
    return fail(ErrorCode::kStorage, "cannot open handshake lock " + path.string() + ": " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) return false;
    return fail(ErrorCode::kStorage, "cannot lock " + path.string() + ": " + std::strerror(err));
  }
  out.release();
  out.fd_ = fd;
  return true;
}

void HandshakeLock::release() {
  if (fd_ >= 0) {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
    fd_ = -1;
  }
}

}  // namespace rt::ib

#pragma once
// HandshakeLock: an advisory file lock (flock) so two robotrader processes on one machine never
// run a TWS handshake against the same port at the same moment. Held only around the handshake.
// The lock file lives in a directory all local robotrader processes share (default /tmp).
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace rt::ib {

class HandshakeLock {
 public:
  HandshakeLock() = default;
  ~HandshakeLock() { release(); }
  HandshakeLock(HandshakeLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  HandshakeLock& operator=(HandshakeLock&& other) noexcept;
  HandshakeLock(const HandshakeLock&) = delete;
  HandshakeLock& operator=(const HandshakeLock&) = delete;

  // Tries once without blocking: true when acquired, false when another process holds it.
  static Result<bool> try_acquire(const std::filesystem::path& dir, const std::string& host, std::uint16_t port,
                                  HandshakeLock& out);
  static std::filesystem::path path_for(const std::filesystem::path& dir, const std::string& host, std::uint16_t port);
  [[nodiscard]] bool held() const { return fd_ >= 0; }
  void release();

 private:
  int fd_ = -1;
};

}  // namespace rt::ib

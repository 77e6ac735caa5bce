#include "ib/handshake_lock.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

namespace rt::ib {
namespace {

std::filesystem::path temp_dir() {
  char tmpl[] = "/tmp/rt-lock-XXXXXX";
  return std::filesystem::path(::mkdtemp(tmpl));
}

TEST(HandshakeLock, SecondHolderIsRefusedWhileTheFirstHoldsIt) {
  auto dir = temp_dir();
  HandshakeLock first;
  auto got = HandshakeLock::try_acquire(dir, "127.0.0.1", 7497, first);
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(*got);
  // flock is per open file description: a second open in this process contends like another process.
  HandshakeLock second;
  auto again = HandshakeLock::try_acquire(dir, "127.0.0.1", 7497, second);
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(*again);
  first.release();
  auto after = HandshakeLock::try_acquire(dir, "127.0.0.1", 7497, second);
  ASSERT_TRUE(after.has_value());
  EXPECT_TRUE(*after);
}

TEST(HandshakeLock, AnotherProcessIsRefusedWhileWeHoldIt) {
  auto dir = temp_dir();
  HandshakeLock held;
  ASSERT_TRUE(HandshakeLock::try_acquire(dir, "127.0.0.1", 4002, held).value_or(false));
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    HandshakeLock mine;
    auto r = HandshakeLock::try_acquire(dir, "127.0.0.1", 4002, mine);
    std::_Exit(r.has_value() && !*r ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the child process got the lock";
}

TEST(HandshakeLock, DifferentPortsDoNotContend) {
  auto dir = temp_dir();
  HandshakeLock a, b;
  EXPECT_TRUE(HandshakeLock::try_acquire(dir, "127.0.0.1", 7497, a).value_or(false));
  EXPECT_TRUE(HandshakeLock::try_acquire(dir, "127.0.0.1", 7496, b).value_or(false));
}

TEST(HandshakeLock, UnwritableDirectoryIsAClearError) {
  HandshakeLock l;
  auto r = HandshakeLock::try_acquire("/nonexistent/dir", "h", 1, l);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("/nonexistent/dir"), std::string::npos);
}

}  // namespace
}  // namespace rt::ib

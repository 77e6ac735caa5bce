#include "store/database_lock.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "store/temp_dir.hpp"

namespace rt::store {
namespace {

std::string contents(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(DatabaseLock, TheLockFileNamesItsHolder) {
  testing::TempDir dir;
  auto lock = DatabaseLock::acquire(dir.file("t.db"), "robotrader run");
  ASSERT_TRUE(lock) << lock.error().describe();
  EXPECT_EQ(contents(dir.file("t.db.lock")), "pid " + std::to_string(::getpid()) + " (robotrader run)\n");
}

// flock belongs to the open file, so a second process is refused while the first holds it, and a
// process that dies (here: _exit without cleanup) leaves no lock behind.
TEST(DatabaseLock, ASecondProcessIsRefusedWithTheHoldersPidAndTheLockDiesWithItsHolder) {
  testing::TempDir dir;
  const std::string db = dir.file("t.db");
  auto lock = DatabaseLock::acquire(db, "robotrader run");
  ASSERT_TRUE(lock) << lock.error().describe();
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto second = DatabaseLock::acquire(db, "robotrader run");
    const std::string msg = second ? std::string("acquired") : second.error().message;
    (void)!::write(pipe_fds[1], msg.data(), msg.size());
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  char buf[512];
  const ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  const std::string got(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  EXPECT_NE(got.find("in use by another trader: pid " + std::to_string(::getpid()) + " (robotrader run)"),
            std::string::npos)
      << got;

  // The holder goes away without releasing (a child that takes it and dies at once).
  lock = DatabaseLock::acquire(dir.file("other.db"), "x");  // drops the first lock (move-assign closes it)
  const pid_t dying = ::fork();
  ASSERT_GE(dying, 0);
  if (dying == 0) {
    auto held = DatabaseLock::acquire(db, "robotrader run");
    ::_exit(held ? 0 : 1);
  }
  ::waitpid(dying, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_TRUE(DatabaseLock::acquire(db, "robotrader run"));
}

}  // namespace
}  // namespace rt::store

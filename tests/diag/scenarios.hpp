#pragma once
// Fixture scenarios shared by the diag tests, written as the kernel would print them.
#include "diag/proc_fixture.hpp"

namespace rt::diag::testing {

inline constexpr int kTwsPid = 46094;
inline constexpr int kPythonPid = 51000;

// The restart guide's situation: TWS (java from ~/Jts) listens on [::]:7497 and holds two
// CLOSE_WAIT sockets from clients that gave up (their ends linger in FIN_WAIT2, owned by nobody);
// one python client is connected; one old connection is in TIME_WAIT; sshd is unrelated; one
// process belongs to another user.
inline void write_wedged_tws(const ProcFixture& proc) {
  proc.tcp({
      tcp_line("00000000:0016", "00000000:0000", "0A", 0, 900),              // sshd *:22
      tcp_line("0100007F:D431", "0100007F:1D49", "05", 501, 0),              // 54321 -> 7497 FIN_WAIT2
      tcp_line("0100007F:D432", "0100007F:1D49", "05", 501, 0),              // 54322 -> 7497 FIN_WAIT2
      tcp_line("0100007F:D4F4", "0100007F:1D49", "01", 501, 2001),           // 54516 -> 7497 python
      tcp_line("0100007F:D000", "0100007F:1D49", "06", 0, 0),                // 53248 -> 7497 TIME_WAIT
  });
  proc.tcp6({
      tcp_line("00000000000000000000000000000000:1D49", "00000000000000000000000000000000:0000", "0A", 501, 1001),
      tcp_line("0000000000000000FFFF00000100007F:1D49", "0000000000000000FFFF00000100007F:D431", "08", 501, 1002,
               "00000000:00000021"),
      tcp_line("0000000000000000FFFF00000100007F:1D49", "0000000000000000FFFF00000100007F:D432", "08", 501, 1003,
               "00000000:00000021"),
      tcp_line("0000000000000000FFFF00000100007F:1D49", "0000000000000000FFFF00000100007F:D4F4", "01", 501, 1004),
  });
  proc.process(kTwsPid, "java",
               {"/home/oliver/Jts/1019/jre/bin/java", "-Xmx768m", "jclient.LoginFrame", "/home/oliver/Jts"},
               {1001, 1002, 1003, 1004});
  proc.process(kPythonPid, "python3", {"python3", "test_exact_working.py"}, {2001});
  proc.process(700, "sshd", {"/usr/sbin/sshd", "-D"}, {900});
  proc.unreadable_process(800, "systemd");
}

// TWS listening on 7497 with nobody connected.
inline void write_idle_tws(const ProcFixture& proc) {
  proc.tcp({});
  proc.tcp6({tcp_line("00000000000000000000000000000000:1D49", "00000000000000000000000000000000:0000", "0A", 501,
                      1001)});
  proc.process(kTwsPid, "java", {"/home/oliver/Jts/1019/jre/bin/java", "jclient.LoginFrame"}, {1001});
}

}  // namespace rt::diag::testing

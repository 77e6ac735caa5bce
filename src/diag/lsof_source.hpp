#pragma once
// The fallback socket source for systems without /proc (macOS): the output of `lsof -nP -iTCP`.
//
//   COMMAND     PID   USER   FD   TYPE             DEVICE SIZE/OFF NODE NAME
//   JavaAppli 46094 oliver   46u  IPv6 0x5c1e0d3a3b0d1e27      0t0  TCP *:7497 (LISTEN)
//   JavaAppli 46094 oliver   47u  IPv6 0x5c1e0d3a3b0d2a11      0t0  TCP [::1]:7497->[::1]:50123 (CLOSE_WAIT)
//
// The parser is pure; run_lsof_tcp() is the only function here that starts a process, and
// SocketTable::load calls it only when /proc/net/tcp does not exist.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "diag/socket_entry.hpp"

namespace rt::diag {

// Produces the text of `lsof -nP -iTCP`; injected so tests feed fixture text.
using LsofRunner = std::function<Result<std::string>()>;

// One data line. COMMAND may contain spaces ("Trader Wo"); the PID is the first all-digit field.
// DEVICE becomes the inode when it is decimal (Linux); on macOS it is a kernel address and the
// inode stays 0. The owner is kept as an OwnerHint.
Result<SocketEntry> parse_lsof_line(std::string_view line);

// Whole output: the header (a line starting with "COMMAND") and blank lines are skipped; lines
// that are not TCP sockets are skipped; a TCP line that does not parse fails with its line number.
Result<std::vector<SocketEntry>> parse_lsof_output(std::string_view text);

// Runs `lsof -nP -iTCP` (stderr discarded). kNotFound when lsof is not installed; an empty
// string when no TCP socket is open (lsof then exits 1 with no output).
Result<std::string> run_lsof_tcp();

}  // namespace rt::diag

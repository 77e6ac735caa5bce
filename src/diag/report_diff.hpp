#pragma once
// Change detection for `doctor --watch`: reprint only when the port's situation really changed.
//
// Material: the set of listeners (address and owning pids), and every socket on the port that is
// not in TIME_WAIT, identified by side, state, local and remote endpoint and owning pids.
// Not material: TIME_WAIT sockets (they come and go on their own within a minute and no process
// holds them), queue sizes, inode numbers, the count of unreadable processes, the socket source.
// The fingerprint is a canonical text, independent of the order the kernel listed sockets in.
#include <string>
#include <vector>

#include "diag/port_report.hpp"

namespace rt::diag {

std::string fingerprint(const PortReport& report);

bool materially_changed(const PortReport& before, const PortReport& after);

// One line per material difference, "+ ..." for what appeared and "- ..." for what went away,
// e.g. "+ server CLOSE_WAIT 127.0.0.1:7497 <- 127.0.0.1:50123 pid 46094 (java, TWS)". Empty when
// nothing material changed.
std::vector<std::string> describe_changes(const PortReport& before, const PortReport& after);

}  // namespace rt::diag

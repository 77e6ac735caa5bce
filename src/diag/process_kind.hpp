#pragma once
// ProcessKind: what a socket-owning process is, judged from its name (comm, or lsof's COMMAND)
// and its command line. Pure functions; no /proc access.
#include <string_view>

namespace rt::diag {

enum class ProcessKind { kTws, kIbGateway, kRobotrader, kOther };

// Rules, first match wins:
//  - robotrader: the name or argv[0]'s file name is "robotrader";
//  - IB Gateway: the command line or name mentions ibgateway / IbcGateway / ibgateway.GWClient
//    (the launcher, IBC, or the main class), or "IB Gateway" (the macOS app);
//  - TWS: "JavaApplicationStub" (the macOS install4j launcher, possibly truncated by lsof),
//    a process named "tws", "Trader Workstation", IBC's IbcTws, the main class jclient.LoginFrame,
//    or a java process whose command line mentions "jts" or "tws" (the ~/Jts install directory);
//  - anything else: kOther.
ProcessKind classify_process(std::string_view name, std::string_view cmdline);

// "TWS", "IB Gateway", "robotrader", "other".
std::string_view to_string(ProcessKind kind) noexcept;

}  // namespace rt::diag

#pragma once
// TcpState: the TCP states the kernel reports for a socket, with the kernel's numeric codes
// (include/net/tcp_states.h, the `st` column of /proc/net/tcp) and lsof's state names.
#include <string_view>

namespace rt::diag {

enum class TcpState {
  kEstablished,
  kSynSent,
  kSynRecv,
  kFinWait1,
  kFinWait2,
  kTimeWait,
  kClose,
  kCloseWait,
  kLastAck,
  kListen,
  kClosing,
  kUnknown,  // a code or name this build does not know
};

// The state for a kernel code (1 = ESTABLISHED ... 11 = CLOSING; 12, NEW_SYN_RECV, is SYN_RECV).
TcpState tcp_state_from_kernel_code(int code) noexcept;

// The state for a name as netstat/lsof print it ("CLOSE_WAIT", "FIN_WAIT_2", "SYN_RECEIVED", ...).
TcpState tcp_state_from_name(std::string_view name) noexcept;

// The netstat-style name: "ESTABLISHED", "CLOSE_WAIT", "FIN_WAIT1", ...
std::string_view to_string(TcpState state) noexcept;

}  // namespace rt::diag

#include "diag/tcp_state.hpp"

#include <array>
#include <utility>

namespace rt::diag {
namespace {

// Names lsof, netstat and ss use on Linux and macOS for the same states.
constexpr std::array<std::pair<std::string_view, TcpState>, 17> kNames{{
    {"ESTABLISHED", TcpState::kEstablished},
    {"SYN_SENT", TcpState::kSynSent},
    {"SYN_RECV", TcpState::kSynRecv},
    {"SYN_RECEIVED", TcpState::kSynRecv},
    {"FIN_WAIT1", TcpState::kFinWait1},
    {"FIN_WAIT_1", TcpState::kFinWait1},
    {"FIN_WAIT2", TcpState::kFinWait2},
    {"FIN_WAIT_2", TcpState::kFinWait2},
    {"TIME_WAIT", TcpState::kTimeWait},
    {"CLOSE", TcpState::kClose},
    {"CLOSED", TcpState::kClose},
    {"CLOSE_WAIT", TcpState::kCloseWait},
    {"LAST_ACK", TcpState::kLastAck},
    {"LISTEN", TcpState::kListen},
    {"CLOSING", TcpState::kClosing},
    {"IDLE", TcpState::kClose},
    {"BOUND", TcpState::kClose},
}};

}  // namespace

TcpState tcp_state_from_kernel_code(int code) noexcept {
  switch (code) {
    case 0x01: return TcpState::kEstablished;
    case 0x02: return TcpState::kSynSent;
    case 0x03: return TcpState::kSynRecv;
    case 0x04: return TcpState::kFinWait1;
    case 0x05: return TcpState::kFinWait2;
    case 0x06: return TcpState::kTimeWait;
    case 0x07: return TcpState::kClose;
    case 0x08: return TcpState::kCloseWait;
    case 0x09: return TcpState::kLastAck;
    case 0x0A: return TcpState::kListen;
    case 0x0B: return TcpState::kClosing;
    case 0x0C: return TcpState::kSynRecv;
    default: return TcpState::kUnknown;
  }
}

TcpState tcp_state_from_name(std::string_view name) noexcept {
  for (const auto& [text, state] : kNames) {
    if (text == name) return state;
  }
  return TcpState::kUnknown;
}

std::string_view to_string(TcpState state) noexcept {
  switch (state) {
    case TcpState::kEstablished: return "ESTABLISHED";
    case TcpState::kSynSent: return "SYN_SENT";
    case TcpState::kSynRecv: return "SYN_RECV";
    case TcpState::kFinWait1: return "FIN_WAIT1";
    case TcpState::kFinWait2: return "FIN_WAIT2";
    case TcpState::kTimeWait: return "TIME_WAIT";
    case TcpState::kClose: return "CLOSE";
    case TcpState::kCloseWait: return "CLOSE_WAIT";
    case TcpState::kLastAck: return "LAST_ACK";
    case TcpState::kListen: return "LISTEN";
    case TcpState::kClosing: return "CLOSING";
    case TcpState::kUnknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

}  // namespace rt::diag

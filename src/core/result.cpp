#include "core/result.hpp"

namespace rt {

const char* to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid argument";
    case ErrorCode::kParse: return "parse error";
    case ErrorCode::kTimeout: return "timeout";
    case ErrorCode::kDisconnected: return "disconnected";
    case ErrorCode::kRefused: return "refused";
    case ErrorCode::kBroker: return "broker error";
    case ErrorCode::kStorage: return "storage error";
    case ErrorCode::kRisk: return "risk denial";
    case ErrorCode::kNotFound: return "not found";
    case ErrorCode::kCancelled: return "cancelled";
    case ErrorCode::kInternal: return "internal error";
  }
  return "unknown error";
}

}  // namespace rt

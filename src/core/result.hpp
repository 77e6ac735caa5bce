#pragma once
// Result<T>: the return type of every operation that can fail in an expected way.
// An Error carries a category (what kind of failure) and a message naming what and where.
#include <expected>
#include <string>
#include <utility>

namespace rt {

enum class ErrorCode {
  kInvalidArgument,  // bad input: a config key, a CSV row, a wire field, a symbol
  kParse,            // bytes or text that do not follow the expected layout
  kTimeout,          // a deadline passed
  kDisconnected,     // the connection is gone
  kRefused,          // the peer refused (TCP refused, 326, unsupported version)
  kBroker,           // an error message from TWS/Gateway
  kStorage,          // the database could not be read or written
  kRisk,             // denied by a risk rule
  kNotFound,
  kCancelled,
  kInternal,
};

const char* to_string(ErrorCode code) noexcept;

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  int broker_code = 0;  // the TWS error code when code == kBroker, else 0

  [[nodiscard]] std::string describe() const { return std::string(to_string(code)) + ": " + message; }
};

template <class T>
using Result = std::expected<T, Error>;

using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(ErrorCode code, std::string message, int broker_code = 0) {
  return std::unexpected<Error>(Error{code, std::move(message), broker_code});
}

}  // namespace rt

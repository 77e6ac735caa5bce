#pragma once
// MessageWriter: builds one framed TWS API message (4-byte big-endian length, then NUL-terminated
// text fields). Sans-I/O; the result is bytes ready for a socket. Writing follows the official
// clients: ints as decimal text, "max-aware" fields empty when unset, booleans "1"/"0", prices as
// Java prints doubles ("151.0", "150.25"), quantities as plain decimals ("100", "0.5").
#include <climits>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/decimal.hpp"

namespace rt::tws {

inline constexpr int kUnsetInt = INT_MAX;
inline constexpr double kUnsetDouble = 1.7976931348623157e308;

class MessageWriter {
 public:
  MessageWriter() { buf_.assign(4, '\0'); }
  explicit MessageWriter(int msg_id) : MessageWriter() { add(msg_id); }

  MessageWriter& add(std::string_view s);
  MessageWriter& add(const char* s) { return add(std::string_view(s)); }
  MessageWriter& add(const std::string& s) { return add(std::string_view(s)); }
  MessageWriter& add(int v);
  MessageWriter& add(std::int64_t v);
  MessageWriter& add(bool v) { return add(std::string_view(v ? "1" : "0")); }
  MessageWriter& add(double v);          // Java-style text; kUnsetDouble as "1.7976931348623157E308"
  // Shortest round-trip text without a forced ".0" ("0", "142.5"), as the captured server writes
  // contract strikes; every client parses both this and the Java form.
  MessageWriter& add_plain(double v);
  MessageWriter& add_quantity(Decimal v) { return add(std::string_view(v.to_string())); }
  MessageWriter& add_price(Decimal v);   // Java-style: "151.0", "150.25"
  MessageWriter& add_max(int v) { return v == kUnsetInt ? add_empty() : add(v); }
  MessageWriter& add_max(double v) { return v >= kUnsetDouble ? add_empty() : add(v); }
  MessageWriter& add_empty() { buf_.push_back('\0'); return *this; }

  // Patches the length prefix and returns the frame. The writer is empty afterwards.
  [[nodiscard]] std::string finish();
  // The payload written so far, without the length prefix.
  [[nodiscard]] std::string_view payload() const { return std::string_view(buf_).substr(4); }

 private:
  std::string buf_;
};

// Formats a double the way Java's Double.toString does for the values TWS sends:
// integral values get ".0", others the shortest round-trip text, huge values in E notation.
std::string java_double_text(double v);

}  // namespace rt::tws

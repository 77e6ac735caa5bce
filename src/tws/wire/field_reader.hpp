#pragma once
// FieldReader: reads the NUL-terminated fields of one message payload, leniently, as TWS clients
// do: "" is 0 (or unset where a field is max-aware), 2147483647 and 1.7976931348623157E308 mean
// unset, "Infinity"/"Infinite" are +inf, booleans are ints tested for != 0. Every error names the
// message, the field position and the field, e.g. "ORDER_STATUS field 4 (filled): 'x' is not a number".
// Sans-I/O; views into the payload stay valid as long as the payload does.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/decimal.hpp"
#include "core/result.hpp"

namespace rt::tws {

class FieldReader {
 public:
  // `payload` holds whole fields, each followed by NUL; `message` names it in errors.
  explicit FieldReader(std::string_view payload, std::string_view message = "message")
      : data_(payload), message_(message) {}

  void set_message(std::string_view message) { message_ = message; }
  [[nodiscard]] bool at_end() const { return pos_ >= data_.size(); }
  [[nodiscard]] int fields_read() const { return index_; }
  [[nodiscard]] std::size_t remaining_fields() const;

  Result<std::string_view> read_string(std::string_view field);
  Result<int> read_int(std::string_view field);                       // "" -> 0
  Result<std::optional<int>> read_int_max(std::string_view field);    // "", 2147483647 -> unset
  Result<std::int64_t> read_int64(std::string_view field);            // "" -> 0
  Result<bool> read_bool(std::string_view field);                     // "" -> false
  Result<double> read_double(std::string_view field);                 // "" -> 0
  Result<std::optional<double>> read_double_max(std::string_view field);  // "", DBL_MAX -> unset
  Result<Decimal> read_decimal(std::string_view field);               // "" and sentinels -> 0
  Result<std::optional<Decimal>> read_decimal_opt(std::string_view field);  // "" and sentinels -> unset
  Status skip(int count, std::string_view what);

  // An error for this message that names a field, for checks the caller makes itself.
  [[nodiscard]] Error error(std::string_view field, std::string_view problem) const;

 private:
  Result<std::string_view> next(std::string_view field);

  std::string_view data_;
  std::string_view message_;
  std::size_t pos_ = 0;
  int index_ = 0;
};

// Splits a payload into fields; a trailing piece without NUL is reported as an error.
Result<std::size_t> count_fields(std::string_view payload);

}  // namespace rt::tws

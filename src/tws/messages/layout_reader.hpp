#pragma once
// LayoutReader: reads one message's fields in layout order on top of FieldReader, keeping the
// first error and turning every later read into a no-op. Decoders read the whole layout straight
// through and check once at the end, so each layout reads like its wire table. Internal to the
// codec; lives on the caller's stack and borrows the FieldReader.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/decimal.hpp"
#include "core/result.hpp"
#include "tws/wire/field_reader.hpp"

namespace rt::tws {

class LayoutReader {
 public:
  LayoutReader(FieldReader& reader, std::string_view message) : reader_(reader) {
    reader_.set_message(message);
  }
  [[nodiscard]] std::size_t remaining_fields() const { return reader_.remaining_fields(); }

  // A field whose presence is required but whose value is ignored (the "version" fields).
  void skip(std::string_view field) { (void)take(reader_.read_string(field)); }
  std::string text(std::string_view field) { return std::string(take(reader_.read_string(field))); }
  int i32(std::string_view field) { return take(reader_.read_int(field)); }
  std::int64_t i64(std::string_view field) { return take(reader_.read_int64(field)); }
  bool flag(std::string_view field) { return take(reader_.read_bool(field)); }
  double f64(std::string_view field) { return take(reader_.read_double(field)); }
  Decimal decimal(std::string_view field) { return take(reader_.read_decimal(field)); }
  // Max-aware fields: "" and the sentinels (2147483647, 1.7976931348623157E308) are unset.
  std::optional<int> i32_max(std::string_view field) { return take(reader_.read_int_max(field)); }
  std::optional<double> f64_max(std::string_view field) { return take(reader_.read_double_max(field)); }
  std::optional<Decimal> decimal_opt(std::string_view field) { return take(reader_.read_decimal_opt(field)); }
  // An int whose empty spelling means `if_empty` rather than 0 (e.g. exemptCode, where unset is -1).
  int i32_or(std::string_view field, int if_empty) {
    auto s = take(reader_.read_string(field));
    if (!ok()) return 0;
    if (s.empty()) return if_empty;
    int v = 0;
    const char* b = s.data() + (s[0] == '+' ? 1 : 0);
    auto [end, ec] = std::from_chars(b, s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) fail(field, quoted(s, "is not an integer"));
    return v;
  }
  // A boolean that may be left unset: "" is nullopt; otherwise as read_bool ("0"/"1", "true"/"false").
  std::optional<bool> flag_opt(std::string_view field) {
    auto s = take(reader_.read_string(field));
    if (!ok() || s.empty()) return std::nullopt;
    if (s == "true") return true;
    if (s == "false") return false;
    long long v = 0;
    const char* b = s.data() + (s[0] == '+' ? 1 : 0);
    auto [end, ec] = std::from_chars(b, s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) {
      fail(field, quoted(s, "is not a boolean"));
      return std::nullopt;
    }
    return v != 0;
  }
  // A repeat count for `fields_per_item` fields each. Negative counts, and counts that promise more
  // fields than the payload has left, are errors (they could only misalign or exhaust memory).
  int count(std::string_view field, int fields_per_item) {
    int n = i32(field);
    if (!ok()) return 0;
    if (n < 0) return fail_count(field, n, "is negative");
    if (fields_per_item > 0 && static_cast<std::size_t>(n) * static_cast<std::size_t>(fields_per_item) >
                                   reader_.remaining_fields()) {
      return fail_count(field, n, "is more than the fields left in the message");
    }
    return n;
  }
  // Records a problem the caller found in a value already read (the first error wins).
  void fail(std::string_view field, std::string_view problem) {
    if (!error_) error_ = reader_.error(field, problem);
  }

  [[nodiscard]] bool ok() const { return !error_.has_value(); }

  // The decoded value, or the first error met while reading it. Trailing fields are tolerated:
  // newer servers append fields to known messages.
  template <class T>
  Result<T> finish(T value) {
    if (error_) return std::unexpected(std::move(*error_));
    return value;
  }

 private:
  template <class T>
  T take(Result<T> r) {
    if (error_) return T{};
    if (!r) {
      error_ = std::move(r.error());
      return T{};
    }
    return std::move(*r);
  }

  int fail_count(std::string_view field, int n, std::string_view problem) {
    std::string text = std::to_string(n);
    text.append(" ").append(problem);
    fail(field, text);
    return 0;
  }
  static std::string quoted(std::string_view text, std::string_view problem) {
    std::string out;
    out.append("'").append(text).append("' ").append(problem);
    return out;
  }

  FieldReader& reader_;
  std::optional<Error> error_;
};

}  // namespace rt::tws

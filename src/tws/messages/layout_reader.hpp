#pragma once
// LayoutReader: reads one message's fields in layout order on top of FieldReader, keeping the
// first error and turning every later read into a no-op. Decoders read the whole layout straight
// through and check once at the end, so each layout reads like its wire table. Internal to the
// codec; lives on the caller's stack and borrows the FieldReader.
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
  LayoutReader(FieldReader& reader, std::string_view message) : reader_(reader) { reader_.set_message(message); }

  // A field whose presence is required but whose value is ignored (the "version" fields).
  void skip(std::string_view field) { (void)take(reader_.read_string(field)); }
  std::string text(std::string_view field) { return std::string(take(reader_.read_string(field))); }
  int i32(std::string_view field) { return take(reader_.read_int(field)); }
  std::int64_t i64(std::string_view field) { return take(reader_.read_int64(field)); }
  bool flag(std::string_view field) { return take(reader_.read_bool(field)); }
  double f64(std::string_view field) { return take(reader_.read_double(field)); }
  Decimal decimal(std::string_view field) { return take(reader_.read_decimal(field)); }

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

  FieldReader& reader_;
  std::optional<Error> error_;
};

}  // namespace rt::tws

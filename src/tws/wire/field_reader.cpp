#include "tws/wire/field_reader.hpp"

#include <charconv>
#include <climits>
#include <cmath>
#include <limits>

namespace rt::tws {
namespace {

// "'<text>' <problem>". Built by appending: GCC 12 at -O3 reports a false -Wrestrict on
// `"'" + std::string(...)` (GCC bug 105329).
std::string quoted(std::string_view text, std::string_view problem) {
  std::string out;
  out.reserve(text.size() + problem.size() + 3);
  out.append("'").append(text).append("' ").append(problem);
  return out;
}

bool is_unset_int_text(std::string_view s) { return s.empty() || s == "2147483647"; }

bool is_decimal_sentinel(std::string_view s) {
  return s.empty() || s == "2147483647" || s == "9223372036854775807" || s.starts_with("1.7976931348623157E308") ||
         s.starts_with("1.7976931348623157e+308") || s.starts_with("1.7976931348623157e308");
}

std::optional<double> parse_double(std::string_view s) {
  if (s == "Infinity" || s == "Infinite" || s == "inf") return std::numeric_limits<double>::infinity();
  if (s == "-Infinity" || s == "-Infinite") return -std::numeric_limits<double>::infinity();
  double v = 0;
  const char* b = s.data();
  if (!s.empty() && s[0] == '+') ++b;
  auto [end, ec] = std::from_chars(b, s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range) return std::numeric_limits<double>::max();
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

template <class Int>
std::optional<Int> parse_int(std::string_view s) {
  Int v = 0;
  const char* b = s.data();
  if (!s.empty() && s[0] == '+') ++b;
  auto [end, ec] = std::from_chars(b, s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::size_t FieldReader::remaining_fields() const {
  std::size_t n = 0;
  for (std::size_t i = pos_; i < data_.size(); ++i) n += data_[i] == '\0';
  return n;
}

Error FieldReader::error(std::string_view field, std::string_view problem) const {
  std::string msg;
  msg.reserve(64);
  msg.append(message_).append(" field ").append(std::to_string(index_)).append(" (");
  msg.append(field).append("): ").append(problem);
  return Error{ErrorCode::kParse, std::move(msg)};
}

Result<std::string_view> FieldReader::next(std::string_view field) {
  if (pos_ >= data_.size()) {
    ++index_;
    return std::unexpected(error(field, "missing (message ended early)"));
  }
  auto nul = data_.find('\0', pos_);
  if (nul == std::string_view::npos) {
    ++index_;
    return std::unexpected(error(field, "not NUL-terminated"));
  }
  std::string_view s = data_.substr(pos_, nul - pos_);
  pos_ = nul + 1;
  ++index_;
  return s;
}

Result<std::string_view> FieldReader::read_string(std::string_view field) { return next(field); }

Result<int> FieldReader::read_int(std::string_view field) {
  auto s = next(field);
  if (!s) return std::unexpected(s.error());
  if (s->empty()) return 0;
  auto v = parse_int<int>(*s);
  if (!v) return std::unexpected(error(field, quoted(*s, "is not an integer")));
  return *v;
}

Result<std::optional<int>> FieldReader::read_int_max(std::string_view field) {
  auto s = next(field);
  if (!s) return std::unexpected(s.error());
  if (is_unset_int_text(*s)) return std::optional<int>{};
  auto v = parse_int<int>(*s);
  if (!v) return std::unexpected(error(field, quoted(*s, "is not an integer")));
  return std::optional<int>{*v};
}

Result<std::int64_t> FieldReader::read_int64(std::string_view field) {
  auto s = next(field);
  if (!s) return std::unexpected(s.error());
  if (s->empty()) return 0;
  auto v = parse_int<std::int64_t>(*s);
  if (!v) return std::unexpected(error(field, quoted(*s, "is not an integer")));
  return *v;
}

Result<bool> FieldReader::read_bool(std::string_view field) {
  auto s = next(field);
  if (!s) return std::unexpected(s.error());
  if (s->empty() || *s == "false") return false;
  if (*s == "true") return true;
  auto v = parse_int<std::int64_t>(*s);
  if (!v) return std::unexpected(error(field, quoted(*s, "is not a boolean")));
  return *v != 0;
}

Result<double> FieldReader::read_double(std::string_view field) {
  auto s = next(field);
  if (!s) return std::unexpected(s.error());
  if (s->empty()) return 0.0;
  auto v = parse_double(*s);
  if (!v) return std::unexpected(error(field, quoted(*s, "is not a number")));
  return *v;
}

Result<std::optional<double>> FieldReader::read_double_max(std::string_view field) {
  auto s = next(field);
  if (!s) return std::unexpected(s.error());
  if (s->empty()) return std::optional<double>{};
  auto v = parse_double(*s);
  if (!v) return std::unexpected(error(field, quoted(*s, "is not a number")));
  if (*v >= 1.7976931348623157e308 && !std::isinf(*v)) return std::optional<double>{};
  return std::optional<double>{*v};
}

Result<std::optional<Decimal>> FieldReader::read_decimal_opt(std::string_view field) {
  auto s = next(field);
  if (!s) return std::unexpected(s.error());
  if (is_decimal_sentinel(*s)) return std::optional<Decimal>{};
  if (Decimal d; Decimal::parse(*s, d)) return std::optional<Decimal>{d};
  // Some servers print doubles in exponent form ("1.5E-4"); accept them through double.
  if (auto v = parse_double(*s); v && std::isfinite(*v) && std::fabs(*v) < 9e10) {
    return std::optional<Decimal>{Decimal::from_double(*v)};
  }
  return std::unexpected(error(field, quoted(*s, "is not a decimal number")));
}

Result<Decimal> FieldReader::read_decimal(std::string_view field) {
  auto v = read_decimal_opt(field);
  if (!v) return std::unexpected(v.error());
  return v->value_or(Decimal{});
}

Status FieldReader::skip(int count, std::string_view what) {
  for (int i = 0; i < count; ++i) {
    if (auto s = next(what); !s) return std::unexpected(s.error());
  }
  return {};
}

Result<std::size_t> count_fields(std::string_view payload) {
  std::size_t n = 0;
  for (char c : payload) n += c == '\0';
  if (!payload.empty() && payload.back() != '\0') {
    return fail(ErrorCode::kParse, "payload does not end with NUL: last field is unterminated");
  }
  return n;
}

}  // namespace rt::tws

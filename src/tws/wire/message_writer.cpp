#include "tws/wire/message_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace rt::tws {

MessageWriter& MessageWriter::add(std::string_view s) {
  // A NUL inside a field would split it in two on the other side: a broken invariant.
  if (s.find('\0') != std::string_view::npos) std::abort();
  buf_.append(s);
  buf_.push_back('\0');
  return *this;
}

MessageWriter& MessageWriter::add(int v) { return add(static_cast<std::int64_t>(v)); }

MessageWriter& MessageWriter::add(std::int64_t v) {
  char tmp[24];
  auto [end, ec] = std::to_chars(tmp, tmp + sizeof tmp, v);
  (void)ec;
  return add(std::string_view(tmp, static_cast<std::size_t>(end - tmp)));
}

MessageWriter& MessageWriter::add(double v) { return add(std::string_view(java_double_text(v))); }

MessageWriter& MessageWriter::add_plain(double v) {
  if (!std::isfinite(v) || v >= kUnsetDouble) return add(v);  // the Java spellings of the specials
  char tmp[40];
  auto [end, ec] = std::to_chars(tmp, tmp + sizeof tmp, v);
  (void)ec;
  return add(std::string_view(tmp, static_cast<std::size_t>(end - tmp)));
}

MessageWriter& MessageWriter::add_price(Decimal v) {
  std::string s = v.to_string();
  if (s.find('.') == std::string::npos) s += ".0";
  return add(std::string_view(s));
}

std::string MessageWriter::finish() {
  auto n = static_cast<std::uint32_t>(buf_.size() - 4);
  buf_[0] = static_cast<char>((n >> 24) & 0xFF);
  buf_[1] = static_cast<char>((n >> 16) & 0xFF);
  buf_[2] = static_cast<char>((n >> 8) & 0xFF);
  buf_[3] = static_cast<char>(n & 0xFF);
  std::string out = std::move(buf_);
  buf_.assign(4, '\0');
  return out;
}

std::string java_double_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v >= kUnsetDouble) return "1.7976931348623157E308";
  char tmp[40];
  double mag = std::fabs(v);
  if (mag != 0 && (mag >= 1e7 || mag < 1e-3)) {
    // Java switches to computerized scientific notation outside [1e-3, 1e7).
    auto [end, ec] = std::to_chars(tmp, tmp + sizeof tmp, v, std::chars_format::scientific);
    (void)ec;
    std::string s(tmp, end);
    auto e = s.find('e');
    std::string mant = s.substr(0, e);
    int exp = std::atoi(s.c_str() + e + 1);
    if (mant.find('.') == std::string::npos) mant += ".0";
    return mant + "E" + std::to_string(exp);
  }
  auto [end, ec] = std::to_chars(tmp, tmp + sizeof tmp, v, std::chars_format::fixed);
  (void)ec;
  std::string s(tmp, end);
  if (s.find('.') == std::string::npos) s += ".0";
  return s;
}

}  // namespace rt::tws

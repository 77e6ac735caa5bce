#include "core/decimal.hpp"

#include <cmath>
#include <cstdlib>

namespace rt {
namespace {

__extension__ using i128 = __int128;

std::int64_t round_div(i128 num, i128 den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  i128 q = num / den;
  i128 r = num % den;
  if (2 * (r < 0 ? -r : r) >= den) q += (num < 0 ? -1 : 1);
  return static_cast<std::int64_t>(q);
}

}  // namespace

Decimal Decimal::from_double(double v) {
  return from_raw(static_cast<std::int64_t>(std::llround(v * static_cast<double>(kScale))));
}

std::optional<Decimal> Decimal::parse(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool negative = false;
  std::size_t i = 0;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    i = 1;
  }
  i128 whole = 0;
  std::size_t digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
    whole = whole * 10 + (text[i] - '0');
    if (whole > static_cast<i128>(INT64_MAX / kScale)) return std::nullopt;
  }
  i128 frac = 0;
  int frac_digits = 0;
  bool round_up = false;
  if (i < text.size() && text[i] == '.') {
    ++i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
      if (frac_digits < kScaleDigits) {
        frac = frac * 10 + (text[i] - '0');
        ++frac_digits;
      } else if (frac_digits == kScaleDigits) {
        round_up = text[i] >= '5';
        ++frac_digits;
      }
    }
  }
  if (i != text.size() || digits == 0) return std::nullopt;
  for (int k = std::min(frac_digits, kScaleDigits); k < kScaleDigits; ++k) frac *= 10;
  i128 raw = whole * kScale + frac + (round_up ? 1 : 0);
  if (raw > INT64_MAX) return std::nullopt;
  return from_raw(static_cast<std::int64_t>(negative ? -raw : raw));
}

std::string Decimal::to_string() const {
  std::string s = to_string_fixed(kScaleDigits);
  if (auto dot = s.find('.'); dot != std::string::npos) {
    auto last = s.find_last_not_of('0');
    s.erase(last == dot ? dot : last + 1);
  }
  if (s == "-0") s = "0";
  return s;
}

std::string Decimal::to_string_fixed(int digits) const {
  if (digits < 0) digits = 0;
  if (digits > kScaleDigits) digits = kScaleDigits;
  std::int64_t div = 1;
  for (int k = digits; k < kScaleDigits; ++k) div *= 10;
  std::int64_t scaled = round_div(raw_, div);  // value * 10^digits
  bool negative = scaled < 0;
  std::uint64_t mag = negative ? static_cast<std::uint64_t>(-(scaled + 1)) + 1 : static_cast<std::uint64_t>(scaled);
  std::uint64_t unit = 1;
  for (int k = 0; k < digits; ++k) unit *= 10;
  std::string out = negative ? "-" : "";
  out += std::to_string(mag / unit);
  if (digits > 0) {
    std::string frac = std::to_string(mag % unit);
    out += '.';
    out.append(static_cast<std::size_t>(digits) - frac.size(), '0');
    out += frac;
  }
  return out;
}

Decimal Decimal::round_to(Decimal tick) const {
  if (tick.raw_ <= 0) std::abort();
  return from_raw(round_div(raw_, tick.raw_) * tick.raw_);
}

Decimal operator*(Decimal a, Decimal b) {
  return Decimal::from_raw(round_div(static_cast<i128>(a.raw_) * b.raw_, Decimal::kScale));
}

Decimal operator/(Decimal a, Decimal b) {
  if (b.raw_ == 0) std::abort();
  return Decimal::from_raw(round_div(static_cast<i128>(a.raw_) * Decimal::kScale, b.raw_));
}

}  // namespace rt

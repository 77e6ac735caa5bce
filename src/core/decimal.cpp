#include "core/decimal.hpp"

#include <algorithm>
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

// round_div for operands whose product already fits in 64 bits: the same rounding (half away
// from zero) without 128-bit division, which costs tens of nanoseconds.
std::int64_t round_div64(std::int64_t num, std::int64_t den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  std::int64_t q = num / den;
  const std::int64_t r = num % den;
  const std::int64_t mag = r < 0 ? -r : r;
  if (mag >= den - mag) q += (num < 0 ? -1 : 1);
  return q;
}

}  // namespace

Decimal Decimal::from_double(double v) {
  return from_raw(static_cast<std::int64_t>(std::llround(v * static_cast<double>(kScale))));
}

std::optional<Decimal> Decimal::parse(std::string_view text) {
  Decimal d;
  if (!parse(text, d)) return std::nullopt;
  return d;
}

bool Decimal::parse(std::string_view text, Decimal& out) {
  // 64-bit unsigned arithmetic throughout: the whole part is capped at INT64_MAX / kScale (11
  // digits), so whole * kScale + fraction + 1 stays below 2^64 and the final range check is exact.
  const char* p = text.data();
  const char* const end = p + text.size();
  if (p == end) return false;
  bool negative = false;
  if (*p == '-' || *p == '+') {
    negative = *p == '-';
    ++p;
  }
  constexpr std::uint64_t kMaxWhole = static_cast<std::uint64_t>(INT64_MAX / kScale);
  std::uint64_t whole = 0;
  const char* const whole_begin = p;
  for (; p != end && static_cast<unsigned char>(*p - '0') <= 9; ++p) {
    whole = whole * 10 + static_cast<std::uint64_t>(*p - '0');
    if (whole > kMaxWhole) return false;
  }
  bool any_digit = p != whole_begin;
  std::uint64_t frac = 0;
  int frac_digits = 0;
  bool round_up = false;
  if (p != end && *p == '.') {
    ++p;
    const char* const frac_begin = p;
    for (; p != end && static_cast<unsigned char>(*p - '0') <= 9; ++p) {
      if (frac_digits < kScaleDigits) {
        frac = frac * 10 + static_cast<std::uint64_t>(*p - '0');
        ++frac_digits;
      } else if (frac_digits == kScaleDigits) {
        round_up = *p >= '5';
        ++frac_digits;
      }
    }
    any_digit = any_digit || p != frac_begin;
  }
  if (p != end || !any_digit) return false;
  static constexpr std::uint64_t kPow10[kScaleDigits + 1] = {
      100'000'000, 10'000'000, 1'000'000, 100'000, 10'000, 1'000, 100, 10, 1};
  frac *= kPow10[std::min(frac_digits, kScaleDigits)];
  const std::uint64_t raw = whole * static_cast<std::uint64_t>(kScale) + frac + (round_up ? 1 : 0);
  if (raw > static_cast<std::uint64_t>(INT64_MAX)) return false;
  const auto value = static_cast<std::int64_t>(raw);
  out = from_raw(negative ? -value : value);
  return true;
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
  std::int64_t product = 0;
  if (!__builtin_mul_overflow(a.raw_, b.raw_, &product) && product != INT64_MIN) {
    return Decimal::from_raw(round_div64(product, Decimal::kScale));
  }
  return Decimal::from_raw(round_div(static_cast<i128>(a.raw_) * b.raw_, Decimal::kScale));
}

Decimal operator/(Decimal a, Decimal b) {
  if (b.raw_ == 0) std::abort();
  std::int64_t scaled = 0;
  if (!__builtin_mul_overflow(a.raw_, Decimal::kScale, &scaled) && scaled != INT64_MIN &&
      b.raw_ != INT64_MIN) {
    return Decimal::from_raw(round_div64(scaled, b.raw_));
  }
  return Decimal::from_raw(round_div(static_cast<i128>(a.raw_) * Decimal::kScale, b.raw_));
}

}  // namespace rt

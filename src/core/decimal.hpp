#pragma once
// Decimal: fixed-point number with 8 fractional digits in a signed 64-bit integer.
// Used for every price, quantity, cash amount and P&L value on the money path, so sums are exact
// and "150.10" stays 150.10. Range: about ±92 billion. Products and quotients go through 128 bits
// and are rounded half away from zero to 8 digits.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rt {

class Decimal {
 public:
  static constexpr int kScaleDigits = 8;
  static constexpr std::int64_t kScale = 100'000'000;

  constexpr Decimal() = default;
  static constexpr Decimal from_raw(std::int64_t raw) {
    Decimal d;
    d.raw_ = raw;
    return d;
  }
  static constexpr Decimal from_int(std::int64_t v) { return from_raw(v * kScale); }
  // Rounds to 8 fractional digits. Only for values that are not money yet (synthetic prices,
  // statistics); wire and CSV text parse exactly with parse().
  static Decimal from_double(double v);
  // Parses decimal text such as "150.25", "-3", "1e-2" is rejected; more than 8 fractional digits
  // are rounded. Returns nullopt for anything that is not a plain decimal number.
  static std::optional<Decimal> parse(std::string_view text);
  // The same, into `out` (unchanged on failure); false for anything parse() refuses. For hot loops
  // (CSV rows, wire ticks): no optional to assemble and reload per number.
  static bool parse(std::string_view text, Decimal& out);

  [[nodiscard]] constexpr std::int64_t raw() const { return raw_; }
  [[nodiscard]] double to_double() const { return static_cast<double>(raw_) / static_cast<double>(kScale); }
  // Shortest text without trailing zeros: "150.25", "100", "-0.5".
  [[nodiscard]] std::string to_string() const;
  // Fixed number of fractional digits (rounded): to_string_fixed(2) -> "100000.00".
  [[nodiscard]] std::string to_string_fixed(int digits) const;

  [[nodiscard]] constexpr bool is_zero() const { return raw_ == 0; }
  [[nodiscard]] constexpr bool is_negative() const { return raw_ < 0; }
  [[nodiscard]] constexpr Decimal abs() const { return from_raw(raw_ < 0 ? -raw_ : raw_); }
  // Rounds to a multiple of `tick` (half away from zero); tick must be positive.
  [[nodiscard]] Decimal round_to(Decimal tick) const;
  // Truncates toward zero to whole units (for share counts).
  [[nodiscard]] constexpr Decimal trunc() const { return from_raw(raw_ / kScale * kScale); }

  constexpr auto operator<=>(const Decimal&) const = default;
  constexpr Decimal operator-() const { return from_raw(-raw_); }
  constexpr Decimal& operator+=(Decimal o) { raw_ += o.raw_; return *this; }
  constexpr Decimal& operator-=(Decimal o) { raw_ -= o.raw_; return *this; }
  friend constexpr Decimal operator+(Decimal a, Decimal b) { return from_raw(a.raw_ + b.raw_); }
  friend constexpr Decimal operator-(Decimal a, Decimal b) { return from_raw(a.raw_ - b.raw_); }
  friend Decimal operator*(Decimal a, Decimal b);
  // Division by zero is a broken invariant (aborts); callers check for zero first.
  friend Decimal operator/(Decimal a, Decimal b);
  friend constexpr Decimal operator*(Decimal a, std::int64_t n) { return from_raw(a.raw_ * n); }

 private:
  std::int64_t raw_ = 0;
};

}  // namespace rt

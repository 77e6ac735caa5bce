#pragma once
// StyledWriter: MessageWriter plus the EncodeStyle of a request, so a request's layout is written
// once and spelled either as the official client or as @stoqey/ib spells defaults. A third
// spelling, the server's, lets OPEN_ORDER share its order field blocks with PLACE_ORDER. Internal
// to the codec.
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/decimal.hpp"
#include "tws/messages/encode_style.hpp"
#include "tws/wire/message_writer.hpp"

namespace rt::tws::detail {

class StyledWriter {
 public:
  StyledWriter(MessageWriter& w, EncodeStyle style)
      : StyledWriter(w, style == EncodeStyle::kStoqey ? Spelling::kStoqey : Spelling::kOfficial) {}
  // The server's spelling (OPEN_ORDER as the captured server writes it): every flag and int
  // written out as official does, unset values empty and numbers in shortest form as stoqey does.
  static StyledWriter server(MessageWriter& w) { return StyledWriter(w, Spelling::kServer); }

  MessageWriter& raw() { return w_; }
  [[nodiscard]] bool stoqey() const { return spelling_ == Spelling::kStoqey; }

  void text(std::string_view s) { w_.add(s); }
  void empty() { w_.add_empty(); }
  // Booleans: "1"/"0"; stoqey leaves false (an undefined option) empty.
  void flag(bool v) { empties_defaults() && !v ? w_.add_empty() : w_.add(v); }
  // A boolean that stoqey always writes explicitly (e.g. the delta-neutral flag, snapshot).
  void explicit_flag(bool v) { w_.add(v); }
  // Ints with a default: official writes the value; stoqey leaves the default empty.
  void integer(std::int64_t v, std::int64_t default_value = 0) {
    empties_defaults() && v == default_value ? w_.add_empty() : w_.add(v);
  }
  // Max-aware ints: empty when unset, in every spelling.
  void max_int(std::optional<int> v) { v ? w_.add(*v) : w_.add_empty(); }
  // Ints that Java sends with a plain send: unset is 2147483647 (official) or empty (stoqey).
  void plain_int(std::optional<int> v) {
    if (v) {
      w_.add(*v);
    } else if (shortest_numbers()) {
      w_.add_empty();
    } else {
      w_.add(kUnsetInt);
    }
  }
  // Prices: empty when unset; official as Java prints doubles ("140.0"), stoqey as JS ("140").
  void price(std::optional<Decimal> v) {
    if (!v) {
      w_.add_empty();
    } else if (shortest_numbers()) {
      w_.add_quantity(*v);
    } else {
      w_.add_price(*v);
    }
  }
  // Prices Java sends with a plain send: unset is 1.7976931348623157E308 (official) or empty.
  void plain_price(std::optional<Decimal> v) {
    if (!v && !shortest_numbers()) {
      w_.add(kUnsetDouble);
    } else {
      price(v);
    }
  }
  // Non-money doubles (percentages, deltas, volatility): empty when unset.
  void dbl(std::optional<double> v) {
    if (!v) {
      w_.add_empty();
    } else if (shortest_numbers()) {
      w_.add_plain(*v);
    } else {
      w_.add(*v);
    }
  }
  void plain_dbl(std::optional<double> v) {
    if (!v && !shortest_numbers()) {
      w_.add(kUnsetDouble);
    } else {
      dbl(v);
    }
  }
  void quantity(Decimal v) { w_.add_quantity(v); }
  void opt_flag(std::optional<bool> v) { v ? w_.add(*v) : w_.add_empty(); }

 private:
  enum class Spelling { kOfficial, kStoqey, kServer };
  StyledWriter(MessageWriter& w, Spelling spelling) : w_(w), spelling_(spelling) {}

  // Only stoqey leaves false flags and default ints empty.
  [[nodiscard]] bool empties_defaults() const { return spelling_ == Spelling::kStoqey; }
  // All but official leave unset numbers empty (no sentinels) and write numbers in shortest form.
  [[nodiscard]] bool shortest_numbers() const { return spelling_ != Spelling::kOfficial; }

  MessageWriter& w_;
  Spelling spelling_;
};

}  // namespace rt::tws::detail

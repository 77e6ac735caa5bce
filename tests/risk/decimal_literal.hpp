#pragma once
// d("12.5"): exact Decimal from text, for hand-computed test numbers.
#include <cstdlib>

#include "core/decimal.hpp"

namespace rt::trading::test {

inline Decimal d(const char* text) {
  const auto v = Decimal::parse(text);
  if (!v) std::abort();
  return *v;
}

}  // namespace rt::trading::test

#include "core/rfc3339.hpp"

#include <cstdio>

namespace rt {

std::string rfc3339_at_offset(Timestamp t, std::chrono::seconds utc_offset) {
  using namespace std::chrono;
  const auto local = floor<milliseconds>(t) + utc_offset;
  const auto day = floor<days>(local);
  const year_month_day ymd{day};
  const auto ms = (local - day).count();
  const long offset_min = static_cast<long>(utc_offset.count() / 60);
  const long abs_min = offset_min < 0 ? -offset_min : offset_min;
  char buf[128];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%03lld%c%02ld:%02ld", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long long>(ms / 3'600'000), static_cast<long long>(ms / 60'000 % 60),
                static_cast<long long>(ms / 1000 % 60), static_cast<long long>(ms % 1000), offset_min < 0 ? '-' : '+',
                abs_min / 60, abs_min % 60);
  return buf;
}

}  // namespace rt

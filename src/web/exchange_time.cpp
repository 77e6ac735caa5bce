#include "web/exchange_time.hpp"

#include "core/rfc3339.hpp"
#include "trading/market/eastern_time.hpp"

namespace rt::web {

std::string exchange_time(Timestamp t) { return rfc3339_at_offset(t, trading::EasternTime::utc_offset(t)); }

std::string exchange_time_ms(std::int64_t unix_ms) {
  return exchange_time(Timestamp{std::chrono::milliseconds{unix_ms}});
}

}  // namespace rt::web

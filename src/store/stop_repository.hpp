#pragma once
// StopRepository: the protective stop of each symbol, so stops survive a restart. One row per
// symbol: a fixed level, or a trailing level with the high-water mark it trails from.
// Borrows the Database; used on the trading event loop.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/decimal.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace rt::store {

enum class StopKind { Fixed, Trailing };

struct StopRecord {
  std::string symbol;
  StopKind kind = StopKind::Fixed;
  Decimal level;                      // the stop price
  std::optional<Decimal> high_water;  // required for Trailing
  Timestamp updated_at{};

  bool operator==(const StopRecord&) const = default;
};

class StopRepository {
 public:
  explicit StopRepository(Database& db) : db_(db) {}

  // Inserts or replaces the symbol's stop.
  Status save(const StopRecord& stop);
  Status remove(const std::string& symbol);
  Result<std::optional<StopRecord>> find(const std::string& symbol);
  Result<std::vector<StopRecord>> load_all();

 private:
  Database& db_;
};

}  // namespace rt::store

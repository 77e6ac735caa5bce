#pragma once
// IB's view of the account as the trader last read it (runner tables runner_broker_view,
// runner_broker_pnl, runner_broker_positions), for `robotrader report`: the account summary beside
// the books, IB's reqPnL figures, and each position beside IB's reqPnLSingle.
#include <nlohmann/json.hpp>
#include <string>

#include "core/clock.hpp"
#include "store/database.hpp"

namespace rt::app {

// "YYYY-MM-DD HH:MM:SSZ", or "-" for an unset time.
[[nodiscard]] std::string time_text(Timestamp t);
[[nodiscard]] bool table_exists(store::Database& db, const char* name);

// null when no trader has read IB's view into this database yet.
[[nodiscard]] Result<nlohmann::json> read_broker_view(store::Database& db);
void print_broker_view(const nlohmann::json& view);

}  // namespace rt::app

#pragma once
// The simulated account of `robotrader run --sim` continues the database it trades on, as a paper
// account at IB continues from one day to the next: the in-process emulator starts with the
// database's cash and positions (at their average cost), and its market clock never goes back
// before the database's last activity (fills, orders, signals). A first run on a new database
// starts as before. Without this, a second run on one database met a fresh emulator account, found
// its positions "mismatched" and traded a book that did not exist.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "gateway/gateway_config.hpp"
#include "store/database.hpp"

namespace rt::app {

struct SimAccountBooks {
  std::optional<Decimal> cash;  // nullopt: a new database (the emulator's default cash)
  std::vector<gateway::SeedPosition> positions;
  std::optional<Timestamp> last_activity;  // the newest fill, order or signal time
};

// Reads the books `run --sim` continues from.
Result<SimAccountBooks> read_sim_account_books(store::Database& db);

// The market start for a run asked to start at `requested`: unchanged when the database has no
// activity at or after it; otherwise the same time of the session day on the first trading day
// after the last activity.
Timestamp continue_after(Timestamp requested, std::optional<Timestamp> last_activity);

}  // namespace rt::app

#pragma once
// Client ids for TWS API sessions. TWS allows one session per id; a stale session holding an id
// answers 326, so every retry uses a fresh id. Derived ids fold time and PID into 10000-99999,
// away from the small ids people configure by hand and from the diagnostic id.
#include <cstdint>

namespace rt {

inline constexpr int kDiagnosticClientId = 999;
inline constexpr int kDerivedClientIdMin = 10000;
inline constexpr int kDerivedClientIdMax = 99999;

// A client id for attempt `attempt` (0, 1, 2, ...): different attempts of one process give
// different ids, and two processes started in the same second differ by PID.
int derive_client_id(std::int64_t epoch_millis, int pid, int attempt);

}  // namespace rt

#pragma once
// KillSwitchRepository: the kill switch's persisted state (engaged, kind, reason, time), so a
// loss trip survives a restart and needs an explicit reset. The policy (who trips, who resets)
// lives in the risk layer; this only stores it. Borrows the Database; trading event loop.
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace rt::store {

enum class KillSwitchKind { None, Loss, Connection };

struct KillSwitchState {
  bool engaged = false;
  KillSwitchKind kind = KillSwitchKind::None;
  std::string reason;
  Timestamp time{};

  bool operator==(const KillSwitchState&) const = default;
};

class KillSwitchRepository {
 public:
  explicit KillSwitchRepository(Database& db) : db_(db) {}

  Status save(const KillSwitchState& state);
  Result<KillSwitchState> load();

 private:
  Database& db_;
};

}  // namespace rt::store

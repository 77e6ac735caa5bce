#include "store/kill_switch_repository.hpp"

namespace rt::store {
namespace {

std::string_view kind_text(KillSwitchKind k) {
  switch (k) {
    case KillSwitchKind::None: return "none";
    case KillSwitchKind::Loss: return "loss";
    case KillSwitchKind::Connection: return "connection";
  }
  return "none";
}

}  // namespace

Status KillSwitchRepository::save(const KillSwitchState& state) {
  if (state.engaged == (state.kind == KillSwitchKind::None)) {
    return fail(ErrorCode::kInvalidArgument, "kill switch: an engaged switch needs a kind, a released one none");
  }
  auto s = db_.prepare("UPDATE kill_switch SET engaged = ?1, kind = ?2, reason = ?3, time = ?4 WHERE id = 1");
  if (!s) return std::unexpected(s.error());
  if (auto st = (*s)->bind_int(1, state.engaged ? 1 : 0)
                    .bind_text(2, kind_text(state.kind))
                    .bind_text(3, state.reason)
                    .bind_time(4, state.time)
                    .run();
      !st) {
    return st;
  }
  if (db_.changes() != 1) return fail(ErrorCode::kStorage, "kill_switch row is missing");
  return {};
}

Result<KillSwitchState> KillSwitchRepository::load() {
  auto s = db_.prepare("SELECT engaged, kind, reason, time FROM kill_switch WHERE id = 1");
  if (!s) return std::unexpected(s.error());
  auto row = (*s)->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return fail(ErrorCode::kStorage, "kill_switch row is missing");
  KillSwitchState st;
  st.engaged = (*s)->column_int(0) != 0;
  const std::string kind = (*s)->column_text(1);
  st.reason = (*s)->column_text(2);
  st.time = (*s)->column_time(3);
  (*s)->reset();
  if (kind == "none") {
    st.kind = KillSwitchKind::None;
  } else if (kind == "loss") {
    st.kind = KillSwitchKind::Loss;
  } else if (kind == "connection") {
    st.kind = KillSwitchKind::Connection;
  } else {
    return fail(ErrorCode::kStorage, "kill_switch has an unknown kind '" + kind + "'");
  }
  return st;
}

}  // namespace rt::store

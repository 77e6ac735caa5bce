#include "trading/risk/kill_switch.hpp"

#include <cstdlib>
#include <utility>

namespace rt::trading {

Result<KillSwitch> KillSwitch::restore(KillSwitchState state) {
  if (state.engaged && state.kind == KillSwitchKind::None) {
    return fail(ErrorCode::kInvalidArgument, "kill switch state: engaged with kind none");
  }
  if (state.engaged && state.reason.empty()) {
    return fail(ErrorCode::kInvalidArgument, "kill switch state: engaged without a reason");
  }
  if (!state.engaged && state.kind != KillSwitchKind::None) {
    return fail(ErrorCode::kInvalidArgument,
                "kill switch state: not engaged but kind is " + std::string(to_string(state.kind)));
  }
  return KillSwitch(std::move(state));
}

bool KillSwitch::trip(KillSwitchKind kind, std::string reason, Timestamp time) {
  if (kind == KillSwitchKind::None) std::abort();  // contract: a trip has a kind
  if (state_.engaged && needs_explicit_reset(state_.kind) && !needs_explicit_reset(kind)) return false;
  if (state_.engaged && state_.kind == kind) return false;  // keep when and why it first tripped
  state_.engaged = true;
  state_.kind = kind;
  state_.reason = std::move(reason);
  state_.time = time;
  return true;
}

Status KillSwitch::reset(std::string who, std::string why, Timestamp time) {
  if (who.empty()) return fail(ErrorCode::kInvalidArgument, "kill switch reset needs who is resetting it");
  if (why.empty()) return fail(ErrorCode::kInvalidArgument, "kill switch reset needs a reason");
  if (!state_.engaged) return fail(ErrorCode::kInvalidArgument, "kill switch is not engaged");
  state_.engaged = false;
  state_.kind = KillSwitchKind::None;
  state_.reset_by = std::move(who);
  state_.reset_reason = std::move(why);
  state_.reset_at = time;
  return {};
}

bool KillSwitch::on_connection_healthy(Timestamp time) {
  if (!state_.engaged || state_.kind != KillSwitchKind::Connection) return false;
  state_.engaged = false;
  state_.kind = KillSwitchKind::None;
  state_.reset_by = "connection";
  state_.reset_reason = "connection healthy again";
  state_.reset_at = time;
  return true;
}

}  // namespace rt::trading

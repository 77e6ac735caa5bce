#include "gateway/broker/broker_config.hpp"

#include <array>
#include <charconv>

namespace rt::gateway {
namespace {

constexpr std::array<std::string_view, 6> kOrderFaultNames{
    "fill-after-cancel", "fills-without-status", "duplicate-exec", "drop-before-ack", "drop-before-commission",
    "reject-orders",
};

std::string_view head(std::string_view spec) { return spec.substr(0, spec.find(':')); }

}  // namespace

bool is_order_fault_spec(std::string_view spec) {
  const auto name = head(spec);
  for (auto n : kOrderFaultNames) {
    if (n == name) return true;
  }
  return false;
}

bool OrderFaults::empty() const {
  return !fill_after_cancel && !fills_without_status && !duplicate_exec && !drop_before_ack && !drop_before_commission &&
         !reject_orders;
}

Status OrderFaults::add(std::string_view spec) {
  const std::string where = "fault '" + std::string(spec) + "'";
  const auto name = head(spec);
  const std::string_view arg = name.size() < spec.size() ? spec.substr(name.size() + 1) : std::string_view{};
  const bool has_arg = name.size() < spec.size();
  if (name == "reject-orders") {
    if (reject_orders) return fail(ErrorCode::kInvalidArgument, where + ": this fault is already set; give it once");
    int code = 201;
    if (has_arg) {
      auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), code);
      if (arg.empty() || ec != std::errc{} || end != arg.data() + arg.size() || code < 100 || code > 99999) {
        return fail(ErrorCode::kInvalidArgument, where + ": CODE '" + std::string(arg) + "' is not an error code (100..99999)");
      }
    }
    reject_orders = code;
    return {};
  }
  std::optional<Flag>* slot = nullptr;
  if (name == "fill-after-cancel") slot = &fill_after_cancel;
  if (name == "fills-without-status") slot = &fills_without_status;
  if (name == "duplicate-exec") slot = &duplicate_exec;
  if (name == "drop-before-ack") slot = &drop_before_ack;
  if (name == "drop-before-commission") slot = &drop_before_commission;
  if (slot == nullptr) return fail(ErrorCode::kInvalidArgument, where + ": not an order fault");
  if (*slot) return fail(ErrorCode::kInvalidArgument, where + ": this fault is already set; give it once");
  if (has_arg && arg != "once") {
    return fail(ErrorCode::kInvalidArgument, where + ": unknown modifier '" + std::string(arg) + "' (only 'once' is allowed)");
  }
  *slot = Flag{has_arg};
  return {};
}

std::vector<std::string> OrderFaults::specs() const {
  std::vector<std::string> out;
  auto flag = [&](const std::optional<Flag>& f, const char* name) {
    if (f) out.push_back(std::string(name) + (f->once ? ":once" : ""));
  };
  flag(fill_after_cancel, "fill-after-cancel");
  flag(fills_without_status, "fills-without-status");
  flag(duplicate_exec, "duplicate-exec");
  flag(drop_before_ack, "drop-before-ack");
  flag(drop_before_commission, "drop-before-commission");
  if (reject_orders) out.push_back("reject-orders:" + std::to_string(*reject_orders));
  return out;
}

Status validate(const BrokerConfig& config) {
  if (config.slippage_ticks < 0 || config.slippage_ticks > kMaxSlippageTicks) {
    return fail(ErrorCode::kInvalidArgument, "slippage " + std::to_string(config.slippage_ticks) + " ticks is outside 0.." +
                                                 std::to_string(kMaxSlippageTicks));
  }
  if (config.tick_size <= Decimal{}) return fail(ErrorCode::kInvalidArgument, "tick size must be positive");
  return validate(config.commission);
}

}  // namespace rt::gateway

#include "diag/process_kind.hpp"

#include <algorithm>
#include <string>

#include "core/text.hpp"

namespace rt::diag {
namespace {

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

std::string_view base_name(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view first_word(std::string_view cmdline) {
  auto space = cmdline.find(' ');
  return space == std::string_view::npos ? cmdline : cmdline.substr(0, space);
}

}  // namespace

ProcessKind classify_process(std::string_view name, std::string_view cmdline) {
  const std::string name_l = to_lower(name);
  const std::string cmd_l = to_lower(cmdline);
  const std::string argv0 = std::string(base_name(first_word(cmd_l)));

  if (name_l == "robotrader" || argv0 == "robotrader") return ProcessKind::kRobotrader;

  for (std::string_view marker : {"ibgateway", "ibcgateway", "gwclient", "ib gateway"}) {
    if (contains(cmd_l, marker) || contains(name_l, marker)) return ProcessKind::kIbGateway;
  }

  // lsof truncates COMMAND to 9 characters: "JavaAppli".
  if (name_l.starts_with("ib gatewa")) return ProcessKind::kIbGateway;  // lsof's 9 characters

  if (name_l.starts_with("javaappli") || contains(cmd_l, "javaapplicationstub")) return ProcessKind::kTws;
  if (name_l == "tws" || argv0 == "tws" || name_l.starts_with("trader wo")) return ProcessKind::kTws;
  for (std::string_view marker : {"ibctws", "jclient.loginframe", "trader workstation"}) {
    if (contains(cmd_l, marker)) return ProcessKind::kTws;
  }
  const bool java = name_l.starts_with("java") || argv0.starts_with("java");
  if (java && (contains(cmd_l, "jts") || contains(cmd_l, "tws"))) return ProcessKind::kTws;
  return ProcessKind::kOther;
}

std::string_view to_string(ProcessKind kind) noexcept {
  switch (kind) {
    case ProcessKind::kTws: return "TWS";
    case ProcessKind::kIbGateway: return "IB Gateway";
    case ProcessKind::kRobotrader: return "robotrader";
    case ProcessKind::kOther: return "other";
  }
  return "other";
}

}  // namespace rt::diag

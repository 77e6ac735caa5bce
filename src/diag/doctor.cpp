#include "diag/doctor.hpp"

namespace rt::diag {

Doctor::Doctor(std::filesystem::path proc_root, LsofRunner lsof)
    : proc_root_(std::move(proc_root)), lsof_(std::move(lsof)) {}

Result<PortChoice> Doctor::choose_port(const PortSelection& selection) const {
  if (selection.port == std::uint16_t{0}) return fail(ErrorCode::kInvalidArgument, "--port must be 1-65535 or auto");
  if (selection.port) return PortChoice{*selection.port, "port " + describe_port(*selection.port) + " was given"};
  auto table = SocketTable::load(proc_root_, lsof_);
  if (!table) return std::unexpected(table.error());
  auto choice = discover_api_port(*table, selection.allow_live);
  if (choice) return choice;
  return PortChoice{kIbPorts.front().port, choice.error().message};
}

Result<PortReport> Doctor::read_port(std::uint16_t port) const {
  auto table = SocketTable::load(proc_root_, lsof_);
  if (!table) return std::unexpected(table.error());
  auto processes = ProcessTable::scan(proc_root_);
  return build_port_report(*table, processes, port);
}

Result<DoctorReport> Doctor::examine(const PortChoice& port, const ProbeFn& probe) const {
  auto report = read_port(port.port);
  if (!report) return std::unexpected(report.error());
  DoctorReport out;
  out.port_choice = port;
  out.report = std::move(*report);
  out.probe = probe ? probe() : ProbeOutcome::not_run();
  out.diagnosis = diagnose(out.report, out.probe);
  return out;
}

}  // namespace rt::diag

#include "diag/report_diff.hpp"

#include <algorithm>
#include <iterator>
#include <set>

#include "diag/diagnosis.hpp"

namespace rt::diag {
namespace {

std::string socket_line(const PortSocket& s) {
  std::string line = std::string(to_string(s.side)) + " " + std::string(to_string(s.entry.state)) + " " +
                     to_string(s.entry.local) + (s.side == Side::kServer ? " <- " : " -> ") +
                     to_string(s.entry.remote);
  std::vector<ProcessInfo> owners = s.owners;
  std::sort(owners.begin(), owners.end(), [](const ProcessInfo& a, const ProcessInfo& b) { return a.pid < b.pid; });
  for (const auto& p : owners) line += " " + describe_process(p);
  return line;
}

std::multiset<std::string> material_lines(const PortReport& report) {
  std::multiset<std::string> lines;
  lines.insert("port " + std::to_string(report.port));
  for (const auto& l : report.listeners) lines.insert(socket_line(l));
  for (const auto& s : report.sockets) {
    if (s.entry.state != TcpState::kTimeWait) lines.insert(socket_line(s));
  }
  return lines;
}

}  // namespace

std::string fingerprint(const PortReport& report) {
  std::string out;
  for (const auto& line : material_lines(report)) out += line + "\n";
  return out;
}

bool materially_changed(const PortReport& before, const PortReport& after) {
  return material_lines(before) != material_lines(after);
}

std::vector<std::string> describe_changes(const PortReport& before, const PortReport& after) {
  auto old_lines = material_lines(before);
  auto new_lines = material_lines(after);
  std::vector<std::string> gone;
  std::vector<std::string> added;
  std::set_difference(old_lines.begin(), old_lines.end(), new_lines.begin(), new_lines.end(), std::back_inserter(gone));
  std::set_difference(new_lines.begin(), new_lines.end(), old_lines.begin(), old_lines.end(), std::back_inserter(added));
  std::vector<std::string> out;
  for (const auto& line : gone) out.push_back("- " + line);
  for (const auto& line : added) out.push_back("+ " + line);
  return out;
}

}  // namespace rt::diag

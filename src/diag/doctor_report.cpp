#include "diag/doctor_report.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace rt::diag {
namespace {

using nlohmann::json;

std::string_view to_string(ProbeOutcome::Status status) {
  switch (status) {
    case ProbeOutcome::Status::kNotRun: return "not_run";
    case ProbeOutcome::Status::kPassed: return "passed";
    case ProbeOutcome::Status::kFailed: return "failed";
    case ProbeOutcome::Status::kClientIdInUse: return "client_id_in_use";
  }
  return "unknown";
}

std::string_view to_string(ProbeOutcome::Stage stage) {
  switch (stage) {
    case ProbeOutcome::Stage::kTcp: return "tcp";
    case ProbeOutcome::Stage::kVersionReply: return "version_reply";
    case ProbeOutcome::Stage::kReady: return "ready";
  }
  return "unknown";
}

std::string owners_text(const std::vector<ProcessInfo>& owners) {
  if (owners.empty()) return "-";
  std::string out;
  for (std::size_t i = 0; i < owners.size(); ++i) {
    if (i > 0) out += ", ";
    out += describe_process(owners[i]);
  }
  return out;
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string probe_text(const ProbeOutcome& probe) {
  switch (probe.status) {
    case ProbeOutcome::Status::kNotRun:
      return "not run (no connection was opened; --probe tests the handshake with one clean session)";
    case ProbeOutcome::Status::kPassed: {
      std::string accounts;
      for (const auto& a : probe.accounts) accounts += (accounts.empty() ? "" : ",") + a;
      return "passed: server version " + std::to_string(probe.server_version) +
             (accounts.empty() ? std::string() : ", accounts " + accounts);
    }
    case ProbeOutcome::Status::kFailed:
      return "failed at " + std::string(to_string(probe.failed_stage)) +
             (probe.message.empty() ? std::string() : ": " + probe.message);
    case ProbeOutcome::Status::kClientIdInUse:
      return "client id " + std::to_string(probe.client_id) + " already in use (326)" +
             (probe.message.empty() ? std::string() : ": " + probe.message);
  }
  return "unknown";
}

json process_json(const ProcessInfo& p) {
  return json{{"pid", p.pid}, {"name", p.name}, {"kind", std::string(to_string(p.kind))}, {"cmdline", p.cmdline}};
}

json socket_json(const PortSocket& s) {
  json owners = json::array();
  for (const auto& p : s.owners) owners.push_back(process_json(p));
  json j{{"side", std::string(to_string(s.side))},
         {"state", std::string(to_string(s.entry.state))},
         {"family", s.entry.family == IpFamily::kV4 ? "ipv4" : "ipv6"},
         {"local", to_string(s.entry.local)},
         {"remote", to_string(s.entry.remote)},
         {"local_port", s.entry.local.port},
         {"remote_port", s.entry.remote.port},
         {"inode", s.entry.inode},
         {"rx_queue", s.entry.rx_queue},
         {"tx_queue", s.entry.tx_queue},
         {"owners", std::move(owners)}};
  j["uid"] = s.entry.uid ? json(*s.entry.uid) : json(nullptr);
  return j;
}

json sockets_json(const std::vector<PortSocket>& sockets) {
  json out = json::array();
  for (const auto& s : sockets) out.push_back(socket_json(s));
  return out;
}

json probe_json(const ProbeOutcome& probe) {
  json j{{"status", std::string(to_string(probe.status))}};
  switch (probe.status) {
    case ProbeOutcome::Status::kNotRun: break;
    case ProbeOutcome::Status::kPassed:
      j["server_version"] = probe.server_version;
      j["accounts"] = probe.accounts;
      j["client_id"] = probe.client_id;
      break;
    case ProbeOutcome::Status::kFailed:
      j["stage"] = std::string(to_string(probe.failed_stage));
      j["message"] = probe.message;
      j["client_id"] = probe.client_id;
      break;
    case ProbeOutcome::Status::kClientIdInUse:
      j["client_id"] = probe.client_id;
      j["message"] = probe.message;
      break;
  }
  return j;
}

}  // namespace

std::string render_text(const DoctorReport& doctor_report) {
  const auto& report = doctor_report.report;
  const auto& diagnosis = doctor_report.diagnosis;
  std::string out;
  out += "Port:    " + describe_port(report.port) + "\n";
  if (!doctor_report.port_choice.reason.empty()) out += "Chosen:  " + doctor_report.port_choice.reason + "\n";
  out += "Sockets: read from " + std::string(to_string(report.source)) + "\n\n";

  if (report.listeners.empty()) {
    out += "Listening: nobody\n";
  } else {
    out += "Listening:\n";
    for (const auto& l : report.listeners) {
      out += "  " + pad(to_string(l.entry.local), 24) + owners_text(l.owners) + "\n";
    }
  }

  out += "\nSockets on port " + std::to_string(report.port) + ":";
  if (report.sockets.empty()) {
    out += " none\n";
  } else {
    out += "\n  " + pad("SIDE", 8) + pad("STATE", 13) + pad("LOCAL", 24) + pad("REMOTE", 24) + pad("RECV-Q", 8) +
           "OWNER\n";
    for (const auto& s : report.sockets) {
      out += "  " + pad(std::string(to_string(s.side)), 8) + pad(std::string(to_string(s.entry.state)), 13) +
             pad(to_string(s.entry.local), 24) + pad(to_string(s.entry.remote), 24) +
             pad(std::to_string(s.entry.rx_queue), 8) + owners_text(s.owners) + "\n";
    }
  }
  if (!report.counts.empty()) {
    out += "\nStates:";
    bool first = true;
    for (const auto& [state, n] : report.counts) {
      out += std::string(first ? " " : ", ") + std::string(to_string(state)) + " " + std::to_string(n);
      first = false;
    }
    out += "\n";
  }
  if (!report.zombies.empty()) {
    out += "CLOSE_WAIT zombies (server side): " + std::to_string(report.zombies.size()) + ", held by " +
           owners_text(report.zombie_owners()) + "\n";
  }
  if (report.unreadable_processes > 0) {
    out += std::to_string(report.unreadable_processes) +
           " process(es) could not be inspected (another user's); their sockets show no owner.\n";
  }
  out += "\nProbe:   " + probe_text(doctor_report.probe) + "\n\n";
  out += "Verdict: " + std::string(to_string(diagnosis.verdict)) + " (exit " + std::to_string(diagnosis.exit_code) +
         ")\n  " + diagnosis.summary + "\n";
  out += "Why:\n  " + diagnosis.explanation + "\n";
  out += "What to do:\n";
  for (std::size_t i = 0; i < diagnosis.remedies.size(); ++i) {
    out += "  " + std::to_string(i + 1) + ". " + diagnosis.remedies[i] + "\n";
  }
  return out;
}

std::string render_json(const DoctorReport& doctor_report, int indent) {
  const auto& report = doctor_report.report;
  const auto& diagnosis = doctor_report.diagnosis;
  json counts = json::object();
  for (const auto& [state, n] : report.counts) counts[std::string(to_string(state))] = n;
  auto label = ib_port_label(report.port);
  json j{{"port", report.port},
         {"port_reason", doctor_report.port_choice.reason},
         {"source", std::string(to_string(report.source))},
         {"listening", report.listening()},
         {"listeners", sockets_json(report.listeners)},
         {"sockets", sockets_json(report.sockets)},
         {"zombies", sockets_json(report.zombies)},
         {"counts", std::move(counts)},
         {"unreadable_processes", report.unreadable_processes},
         {"probe", probe_json(doctor_report.probe)},
         {"verdict", std::string(to_string(diagnosis.verdict))},
         {"exit_code", diagnosis.exit_code},
         {"summary", diagnosis.summary},
         {"explanation", diagnosis.explanation},
         {"remedies", diagnosis.remedies}};
  j["port_label"] = label ? json(std::string(*label)) : json(nullptr);
  // A command line may hold bytes that are not UTF-8; replace them rather than throw.
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace rt::diag

#include "diag/diagnosis.hpp"

#include "diag/ib_ports.hpp"

namespace rt::diag {
namespace {

std::string describe_processes(const std::vector<ProcessInfo>& processes) {
  std::string out;
  for (std::size_t i = 0; i < processes.size(); ++i) {
    if (i > 0) out += ", ";
    out += describe_process(processes[i]);
  }
  return out;
}

std::string pid_list(const std::vector<ProcessInfo>& processes) {
  std::string out;
  for (std::size_t i = 0; i < processes.size(); ++i) {
    if (i > 0) out += " ";
    out += std::to_string(processes[i].pid);
  }
  return out;
}

// "TWS (pid 46094)" / "IB Gateway (pid 812)" / "TWS/IB Gateway" when nobody is known.
std::string server_name(const PortReport& report) {
  auto listeners = report.listener_processes();
  if (listeners.empty()) return "TWS/IB Gateway";
  const auto& p = listeners.front();
  std::string kind = p.kind == ProcessKind::kOther ? p.name : std::string(to_string(p.kind));
  return kind + " (pid " + std::to_string(p.pid) + ")";
}

std::string unreadable_note(const PortReport& report) {
  if (report.unreadable_processes == 0) return {};
  return std::to_string(report.unreadable_processes) +
         " process(es) could not be inspected (owned by another user); run doctor as the user who runs "
         "TWS/IB Gateway, or with sudo, to name every owner.";
}

std::string restart_remedy(const std::vector<ProcessInfo>& holders) {
  std::string text = "Restart TWS/IB Gateway: quit it from its File menu";
  if (!holders.empty()) {
    text += " or end the process holding the sockets (kill " + pid_list(holders) + ")";
  }
  text += ", start it again and log in. Closing the process is the only way to release sockets it never closed.";
  return text;
}

Diagnosis not_listening(const PortReport& report) {
  Diagnosis d;
  d.summary = "Nothing is listening on port " + describe_port(report.port) +
              ": TWS/IB Gateway is not running, not logged in, or its API is disabled or on another port.";
  d.explanation =
      "The kernel socket table has no LISTEN socket on this port, so every connection attempt is refused. "
      "TWS and IB Gateway open the API port only after login and only when socket clients are enabled.";
  if (!report.sockets.empty()) {
    d.explanation += " " + std::to_string(report.sockets.size()) +
                     " leftover socket(s) on the port are listed above; they belong to earlier connections.";
  }
  d.remedies.push_back("Start TWS or IB Gateway and log in (paper account for paper ports).");
  d.remedies.push_back(api_settings_checklist(report.port));
  d.remedies.push_back("If TWS/IB Gateway uses another port, pass it with --port N, or let doctor look for the "
                       "listening IB port with --port auto.");
  return d;
}

Diagnosis zombies(const PortReport& report, const ProbeOutcome& probe) {
  Diagnosis d;
  auto owners = report.zombie_owners();
  const auto n = report.zombies.size();
  d.summary = std::to_string(n) + " CLOSE_WAIT zombie socket(s) on the server side of port " +
              describe_port(report.port) + ", held by " +
              (owners.empty() ? std::string("an unknown process") : describe_processes(owners)) + ".";
  d.explanation =
      "Earlier clients closed their end of the connection, but " + server_name(report) +
      " never closed its end. These CLOSE_WAIT sockets stay until the process closes them or exits; once a "
      "few pile up, new connections still complete TCP but the API handshake stalls.";
  if (probe.status == ProbeOutcome::Status::kPassed) {
    d.explanation += " The probe handshake still passed this time, but the stuck sockets will keep accumulating.";
  } else if (probe.status == ProbeOutcome::Status::kFailed || probe.status == ProbeOutcome::Status::kClientIdInUse) {
    d.explanation += " The probe failed too (" + probe.message + "), which is what these sockets cause.";
  }
  d.remedies.push_back("Stop any client that keeps retrying against the port first, or it will create new zombies.");
  d.remedies.push_back(restart_remedy(owners));
  if (owners.empty()) {
    auto note = unreadable_note(report);
    d.remedies.push_back(note.empty() ? "The owner of the sockets is unknown; restart TWS/IB Gateway." : note);
  }
  d.remedies.push_back("Afterwards, run robotrader doctor again: the CLOSE_WAIT count must be 0.");
  return d;
}

Diagnosis client_id_in_use(const PortReport& report, const ProbeOutcome& probe) {
  Diagnosis d;
  d.summary = "Client id " + std::to_string(probe.client_id) + " is already in use on " + server_name(report) +
              " (error 326).";
  d.explanation =
      "TWS allows one API session per client id. Another session holds this id: a client that is still "
      "connected, or a stale session TWS has not dropped yet.";
  if (!probe.message.empty()) d.explanation += " TWS said: " + probe.message;
  auto clients = report.connected_clients();
  if (!clients.empty()) {
    d.remedies.push_back("Clients connected to the port now: " + describe_processes(clients) +
                         ". Stop the one using id " + std::to_string(probe.client_id) + ", or use another id.");
  } else {
    d.remedies.push_back("Use another client id for this client; robotrader derives a fresh id per attempt.");
  }
  d.remedies.push_back("Check \"Master API client ID\" in File > Global Configuration > API > Settings: it must not "
                       "be the id your client uses unless that client is meant to be the master.");
  d.remedies.push_back("If no live client holds the id, the session is stale: " + restart_remedy({}));
  return d;
}

Diagnosis api_not_answering(const PortReport& report, const ProbeOutcome& probe) {
  Diagnosis d;
  const std::string server = server_name(report);
  switch (probe.failed_stage) {
    case ProbeOutcome::Stage::kTcp:
      d.summary = server + " is listening on " + describe_port(report.port) + " but the probe could not connect.";
      d.explanation = "The port is in LISTEN, yet the TCP connection was refused or timed out: the process is "
                      "not accepting connections (wedged, or its accept queue is full).";
      break;
    case ProbeOutcome::Stage::kVersionReply:
      d.summary = server + " accepted the TCP connection on " + describe_port(report.port) +
                  " but the API never answered the version handshake.";
      d.explanation = "TCP connected, but the API did not reply to the version preamble. TWS does this while an "
                      "\"Accept incoming connection?\" dialog waits for a click, when the client's address is not "
                      "trusted, or when it is wedged.";
      break;
    case ProbeOutcome::Stage::kReady:
      d.summary = server + " answered the version handshake on " + describe_port(report.port) +
                  " but never sent nextValidId/managedAccounts.";
      d.explanation = "The API replied with its version, then never declared the session ready. TWS does this "
                      "while still logging in, while a dialog is open, or when it is wedged.";
      break;
  }
  if (!probe.message.empty()) d.explanation += " Probe: " + probe.message;
  d.remedies.push_back("Look at the TWS/IB Gateway window for an open dialog (\"Accept incoming connection\", "
                       "login, or a warning) and answer it.");
  d.remedies.push_back(api_settings_checklist(report.port));
  d.remedies.push_back("If the settings are right and nothing is waiting on screen: " +
                       restart_remedy(report.listener_processes()));
  return d;
}

Diagnosis healthy(const PortReport& report, const ProbeOutcome& probe) {
  Diagnosis d;
  const std::string server = server_name(report);
  if (probe.status == ProbeOutcome::Status::kPassed) {
    std::string accounts;
    for (std::size_t i = 0; i < probe.accounts.size(); ++i) accounts += (i > 0 ? "," : "") + probe.accounts[i];
    d.summary = server + " is listening on " + describe_port(report.port) +
                " and the API handshake completed (server version " + std::to_string(probe.server_version) +
                (accounts.empty() ? std::string() : ", accounts " + accounts) + ").";
    d.explanation = "The port is listening, no CLOSE_WAIT socket is stuck on it, and a probe session connected, "
                    "got ready and closed cleanly.";
  } else {
    d.summary = server + " is listening on " + describe_port(report.port) +
                " with no stuck sockets; the API handshake was not tested.";
    d.explanation = "The kernel socket table looks healthy. Doctor did not connect (that is the default, so it "
                    "cannot leave a socket behind); pass --probe to test the handshake with one clean session.";
  }
  d.remedies.push_back("Nothing to do.");
  return d;
}

}  // namespace

int exit_code(Verdict verdict) noexcept {
  switch (verdict) {
    case Verdict::kListeningHealthy: return kExitHealthy;
    case Verdict::kNotListening: return kExitNotListening;
    case Verdict::kListeningApiNotAnswering: return kExitApiNotAnswering;
    case Verdict::kZombieSockets: return kExitZombieSockets;
    case Verdict::kClientIdInUse: return kExitClientIdInUse;
  }
  return kExitDoctorError;
}

std::string_view to_string(Verdict verdict) noexcept {
  switch (verdict) {
    case Verdict::kListeningHealthy: return "listening_healthy";
    case Verdict::kNotListening: return "not_listening";
    case Verdict::kListeningApiNotAnswering: return "api_not_answering";
    case Verdict::kZombieSockets: return "zombie_sockets";
    case Verdict::kClientIdInUse: return "client_id_in_use";
  }
  return "unknown";
}

std::string describe_process(const ProcessInfo& process) {
  std::string out = "pid " + std::to_string(process.pid) + " (" + (process.name.empty() ? "?" : process.name);
  if (process.kind != ProcessKind::kOther) out += ", " + std::string(to_string(process.kind));
  return out + ")";
}

std::string api_settings_checklist(std::uint16_t port) {
  return "In TWS open File > Global Configuration > API > Settings and check: \"Enable ActiveX and Socket "
         "Clients\" is on; \"Socket port\" is " +
         std::to_string(port) +
         "; \"Allow connections from localhost only\" is on, or the client's address is in Trusted IPs; "
         "\"Master API client ID\" is not the id your client uses; \"Read-Only API\" is off if orders are to be "
         "placed. IB Gateway (Configure > Settings > API > Settings) has no \"Enable ActiveX and Socket Clients\" "
         "box in recent builds: its socket is always on once the login (and any two-factor prompt) has finished, "
         "so check the same port, address, client id and read-only settings there.";
}

Verdict classify(const PortReport& report, const ProbeOutcome& probe) {
  if (!report.listening()) return Verdict::kNotListening;
  if (!report.zombies.empty()) return Verdict::kZombieSockets;
  if (probe.status == ProbeOutcome::Status::kClientIdInUse) return Verdict::kClientIdInUse;
  if (probe.status == ProbeOutcome::Status::kFailed) return Verdict::kListeningApiNotAnswering;
  return Verdict::kListeningHealthy;
}

Diagnosis diagnose(const PortReport& report, const ProbeOutcome& probe) {
  const Verdict verdict = classify(report, probe);
  Diagnosis d;
  switch (verdict) {
    case Verdict::kNotListening: d = not_listening(report); break;
    case Verdict::kZombieSockets: d = zombies(report, probe); break;
    case Verdict::kClientIdInUse: d = client_id_in_use(report, probe); break;
    case Verdict::kListeningApiNotAnswering: d = api_not_answering(report, probe); break;
    case Verdict::kListeningHealthy: d = healthy(report, probe); break;
  }
  d.verdict = verdict;
  d.exit_code = exit_code(verdict);
  return d;
}

}  // namespace rt::diag

#pragma once
// Diagnosis: the verdict on one API port, as a pure function of its PortReport and the optional
// probe outcome, with a one-line summary, an explanation, concrete remedies and an exit code.
//
// Classification, first match wins:
//   1. nothing LISTENs on the port                         -> kNotListening
//   2. CLOSE_WAIT sockets on the server side of the port   -> kZombieSockets (even if a probe
//      passed: they pile up until handshakes stall, and only a restart clears them)
//   3. the probe got 326                                   -> kClientIdInUse
//   4. the probe failed at any stage                       -> kListeningApiNotAnswering
//   5. otherwise (probe passed or not run)                 -> kListeningHealthy
// A diagnosis never depends on anything but its inputs, so `doctor --watch` can re-run it freely.
#include <string>
#include <string_view>
#include <vector>

#include "core/exit_codes.hpp"
#include "diag/port_report.hpp"
#include "diag/probe_outcome.hpp"

namespace rt::diag {

enum class Verdict {
  kListeningHealthy,
  kNotListening,
  kListeningApiNotAnswering,
  kZombieSockets,
  kClientIdInUse,
};

// Process exit codes of `robotrader doctor` (docs/operations.md lists them): 0, 1 and 2 mean what
// they mean for every command (core/exit_codes.hpp); each other verdict has its own code from 3.
inline constexpr int kExitHealthy = kExitOk;
inline constexpr int kExitDoctorError = kExitFailed;  // doctor itself could not run (no socket table)
inline constexpr int kExitNotListening = kExitFirstCommandCode;
inline constexpr int kExitApiNotAnswering = kExitFirstCommandCode + 1;
inline constexpr int kExitZombieSockets = kExitFirstCommandCode + 2;
inline constexpr int kExitClientIdInUse = kExitFirstCommandCode + 3;

int exit_code(Verdict verdict) noexcept;

// Stable machine names for JSON: "listening_healthy", "not_listening", "api_not_answering",
// "zombie_sockets", "client_id_in_use".
std::string_view to_string(Verdict verdict) noexcept;

struct Diagnosis {
  Verdict verdict = Verdict::kListeningHealthy;
  std::string summary;                // one line
  std::string explanation;            // why this happens
  std::vector<std::string> remedies;  // what to do, in order; names pids where known
  int exit_code = kExitHealthy;
};

Verdict classify(const PortReport& report, const ProbeOutcome& probe);

Diagnosis diagnose(const PortReport& report, const ProbeOutcome& probe);

// "pid 46094 (java, TWS)".
std::string describe_process(const ProcessInfo& process);

// "Enable ActiveX and Socket Clients" ... : the TWS/Gateway API settings a user should check.
std::string api_settings_checklist(std::uint16_t port);

}  // namespace rt::diag

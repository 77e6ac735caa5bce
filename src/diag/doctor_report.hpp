#pragma once
// DoctorReport: the result of one doctor pass (which port and why, what the socket table showed,
// what the probe found, the diagnosis) and its two renderings. Rendering is pure: a string out,
// no printing, so the command decides where it goes.
#include <string>

#include "diag/diagnosis.hpp"
#include "diag/ib_ports.hpp"
#include "diag/port_report.hpp"
#include "diag/probe_outcome.hpp"

namespace rt::diag {

struct DoctorReport {
  PortChoice port_choice;  // port == report.port
  PortReport report;
  ProbeOutcome probe;
  Diagnosis diagnosis;
};

// Human text: the port, listeners, a table of the sockets on the port (side, state, local,
// remote, receive queue, owner), counts per state, the probe, then verdict, why and what to do.
std::string render_text(const DoctorReport& doctor_report);

// One JSON object (pretty-printed with `indent` spaces, compact when indent < 0). Keys:
//   port, port_label, port_reason, source, listening, listeners[], sockets[], zombies[],
//   counts{STATE: n}, unreadable_processes, probe{status, ...}, verdict, exit_code, summary,
//   explanation, remedies[]
// Each socket: side, state, family, local, remote, local_port, remote_port, inode, uid,
// rx_queue, tx_queue, owners[{pid, name, kind, cmdline}].
std::string render_json(const DoctorReport& doctor_report, int indent = 2);

}  // namespace rt::diag

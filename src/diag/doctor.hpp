#pragma once
// Doctor: one diagnosis pass over an IB API port, built so that looking never makes things worse.
//
// Contract: choose_port() and examine() read the kernel socket table and /proc (or lsof where
// there is no /proc) and never open a connection themselves. examine() reads the tables first and
// only then calls the injected probe, if one is given, so the probe's own short-lived sockets never
// show up in the report; with an empty probe the outcome is "not run" and nothing connects.
// Lives on the caller's thread; every call blocks on file reads (and on the probe, if given).
// Owns nothing but its proc root path and the lsof runner.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>

#include "core/result.hpp"
#include "diag/doctor_report.hpp"
#include "diag/lsof_source.hpp"
#include "diag/process_table.hpp"
#include "diag/socket_table.hpp"

namespace rt::diag {

// --port N gives `port`; --port auto leaves it empty.
struct PortSelection {
  std::optional<std::uint16_t> port;
  bool allow_live = false;  // live ports 7496/4001 are candidates for auto only when true
};

// Runs the API handshake against the chosen port and reports what happened.
using ProbeFn = std::function<ProbeOutcome()>;

class Doctor {
 public:
  explicit Doctor(std::filesystem::path proc_root = "/proc", LsofRunner lsof = run_lsof_tcp);

  // The port to examine. An explicit port is taken as given. For auto, the kernel table decides
  // (discover_api_port); when no allowed port listens, the result is the first allowed port (7497)
  // with discovery's message as the reason, so examine() then reports kNotListening (exit 2).
  // Fails when the socket table cannot be read, or kInvalidArgument for port 0.
  [[nodiscard]] Result<PortChoice> choose_port(const PortSelection& selection) const;

  // Reads the tables, builds the port report, then runs `probe` if given, and diagnoses.
  [[nodiscard]] Result<DoctorReport> examine(const PortChoice& port, const ProbeFn& probe = {}) const;

  // The table reads alone, for `--watch`: compare successive reports with materially_changed().
  [[nodiscard]] Result<PortReport> read_port(std::uint16_t port) const;

 private:
  std::filesystem::path proc_root_;
  LsofRunner lsof_;
};

}  // namespace rt::diag

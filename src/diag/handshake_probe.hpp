#pragma once
// run_handshake_probe: the one connection `robotrader doctor --probe` allows itself: a full API
// handshake with a reserved diagnostic client id and strict per-stage deadlines, closed cleanly
// (shutdown + close) whatever happens, so the probe never leaves a socket behind. Blocking: it
// runs its own io_context on the calling thread.
#include <chrono>
#include <cstdint>
#include <string>

#include "diag/probe_outcome.hpp"

namespace rt::diag {

struct ProbeOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 7497;
  int client_id = 999;
  std::chrono::milliseconds stage_timeout{5000};
};

ProbeOutcome run_handshake_probe(const ProbeOptions& options);

}  // namespace rt::diag

// `robotrader doctor`: explains a stuck TWS/IB Gateway from the kernel socket table without making
// it worse. It never connects unless --probe is given; the probe is one full handshake with the
// diagnostic client id, strict deadlines, and a clean close.
#include <CLI/CLI.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>

#include "apps/commands/commands.hpp"
#include "apps/commands/connection_flags.hpp"
#include "core/client_id.hpp"
#include "core/exit_codes.hpp"
#include "diag/doctor.hpp"
#include "diag/handshake_probe.hpp"
#include "diag/report_diff.hpp"

namespace rt::app {
namespace {

struct DoctorRun {
  ConnectionFlags flags;
  bool probe = false;
  bool watch = false;
  bool allow_live = false;
  double interval_seconds = 2.0;
  int run();
  diag::ProbeOutcome run_probe(std::uint16_t port) const;
};

diag::ProbeOutcome DoctorRun::run_probe(std::uint16_t port) const {
  diag::ProbeOptions options;
  options.host = flags.host;
  options.port = port;
  options.client_id = flags.client_id.value_or(kDiagnosticClientId);
  options.stage_timeout = flags.timeout();
  return diag::run_handshake_probe(options);
}

int DoctorRun::run() {
  diag::Doctor doctor;
  diag::PortSelection selection;
  selection.allow_live = allow_live;
  if (flags.port != "auto") {
    std::string why;
    auto port = resolve_port(flags.port, allow_live, why);
    if (!port) {
      std::fprintf(stderr, "%s\n", why.c_str());
      return kExitUsage;
    }
    selection.port = *port;
  }
  auto choice = doctor.choose_port(selection);
  if (!choice) {
    std::fprintf(stderr, "%s\n", choice.error().describe().c_str());
    return diag::kExitDoctorError;
  }
  diag::ProbeFn probe_fn;
  if (probe) probe_fn = [&] { return run_probe(choice->port); };
  auto report = doctor.examine(*choice, probe_fn);
  if (!report) {
    std::fprintf(stderr, "%s\n", report.error().describe().c_str());
    return diag::kExitDoctorError;
  }
  std::printf("%s\n", (flags.json ? diag::render_json(*report) : diag::render_text(*report)).c_str());
  std::fflush(stdout);
  if (!watch) return report->diagnosis.exit_code;

  // --watch: re-read the kernel table on a timer, reprint only when something material changed.
  boost::asio::io_context io;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  boost::asio::steady_timer timer(io);
  auto previous = report->report;
  int exit_code = report->diagnosis.exit_code;
  std::function<void()> tick = [&] {
    timer.expires_after(std::chrono::milliseconds(static_cast<long>(interval_seconds * 1000)));
    timer.async_wait([&](boost::system::error_code ec) {
      if (ec) return;
      auto current = doctor.read_port(choice->port);
      if (current && diag::materially_changed(previous, *current)) {
        auto fresh = doctor.examine(*choice);
        if (fresh) {
          std::string changes;
          for (const auto& line : diag::describe_changes(previous, *current)) changes += "  " + line + "\n";
          std::printf("--- changed:\n%s%s\n", changes.c_str(),
                      (flags.json ? diag::render_json(*fresh) : diag::render_text(*fresh)).c_str());
          std::fflush(stdout);
          exit_code = fresh->diagnosis.exit_code;
        }
        previous = *current;
      }
      tick();
    });
  };
  signals.async_wait([&](boost::system::error_code, int) {
    timer.cancel();
    io.stop();
  });
  tick();
  io.run();
  return exit_code;
}

}  // namespace

CommandRunner add_doctor_command(CLI::App& app, const GlobalOptions&) {
  auto run = std::make_shared<DoctorRun>();
  auto* cmd = app.add_subcommand("doctor", "Diagnose a stuck TWS/IB Gateway API port without connecting");
  run->flags.port = "auto";
  run->flags.add_to(*cmd);
  cmd->add_flag("--probe", run->probe, "also run one handshake with the diagnostic client id (999) and close it");
  cmd->add_flag("--watch", run->watch, "keep watching; reprint when the sockets on the port change");
  cmd->add_option("--interval", run->interval_seconds, "seconds between --watch reads")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
  cmd->add_flag("--allow-live", run->allow_live, "let --port auto consider the live ports 7496 and 4001");
  cmd->footer(
      "Exit codes: 0 healthy, 1 doctor could not run, 2 usage error, 3 not listening, 4 API not answering, "
      "5 zombie (CLOSE_WAIT) sockets, 6 client id in use. See docs/operations.md.");
  return [run] { return run->run(); };
}

}  // namespace rt::app

#include "diag/handshake_probe.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "tws/client/client_session.hpp"

namespace rt::diag {
namespace {

ProbeOutcome::Stage to_probe_stage(tws::ConnectStage stage) {
  switch (stage) {
    case tws::ConnectStage::kTcp: return ProbeOutcome::Stage::kTcp;
    case tws::ConnectStage::kVersionReply: return ProbeOutcome::Stage::kVersionReply;
    case tws::ConnectStage::kReady: return ProbeOutcome::Stage::kReady;
  }
  return ProbeOutcome::Stage::kTcp;
}

}  // namespace

ProbeOutcome run_handshake_probe(const ProbeOptions& options) {
  boost::asio::io_context io;
  ProbeOutcome outcome;
  auto probe = [&]() -> boost::asio::awaitable<void> {
    auto session = tws::ClientSession::create(io.get_executor());
    tws::ConnectOptions connect;
    connect.host = options.host;
    connect.port = options.port;
    connect.client_id = options.client_id;
    connect.tcp_timeout = connect.version_timeout = connect.ready_timeout = options.stage_timeout;
    auto info = co_await session->connect(connect);
    if (info) {
      outcome = ProbeOutcome::passed(info->server_version, info->accounts, options.client_id);
      session->close("probe finished");
      co_return;
    }
    const auto& f = info.error();
    auto text = f.describe(options.host, options.port);
    outcome = f.kind == tws::ConnectFailureKind::kClientIdInUse
                  ? ProbeOutcome::client_id_in_use(options.client_id, text)
                  : ProbeOutcome::failed(to_probe_stage(f.stage), text, options.client_id);
  };
  boost::asio::co_spawn(io, probe(), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  io.run();
  return outcome;
}

}  // namespace rt::diag

// Executions and commissions (TWS_PROTOCOL.md §4.15): REQ_EXECUTIONS out; EXECUTION_DATA,
// EXECUTION_DATA_END and COMMISSION_REPORT in.
#include "tws/messages/executions.hpp"

#include "tws/messages/codec.hpp"
#include "tws/messages/codec_detail.hpp"
#include "tws/messages/contract_block.hpp"
#include "tws/messages/layout_reader.hpp"
#include "tws/messages/styled_writer.hpp"
#include "tws/wire/message_writer.hpp"

namespace rt::tws {
namespace {

Result<ReqExecutions> decode_req_executions(FieldReader& reader, int server_version) {
  LayoutReader in(reader, "REQ_EXECUTIONS");
  in.skip("version");
  ReqExecutions m;
  m.req_id = in.i32("reqId");
  m.filter.client_id = in.i32("clientId");
  m.filter.account = in.text("acctCode");
  m.filter.time = in.text("time");
  m.filter.symbol = in.text("symbol");
  m.filter.sec_type = in.text("secType");
  m.filter.exchange = in.text("exchange");
  m.filter.side = in.text("side");
  if (server_version >= sv::kParametrizedDaysOfExecutions) {
    m.filter.last_n_days = in.i32_max("lastNDays");
    const int n = in.count("specificDatesCount", 1);
    for (int i = 0; i < n && in.ok(); ++i) m.filter.specific_dates.push_back(in.text("specificDate"));
  }
  return in.finish(std::move(m));
}

Result<ExecutionData> decode_execution(FieldReader& reader, int server_version) {
  LayoutReader in(reader, "EXECUTION_DATA");
  ExecutionData m;
  m.req_id = in.i32("reqId");
  m.order_id = in.i64("orderId");
  detail::read_reply_contract(in, m.contract);
  m.exec_id = in.text("execId");
  m.time = in.text("time");
  m.account = in.text("acctNumber");
  m.exchange = in.text("exchange");
  m.side = in.text("side");
  m.shares = in.decimal("shares");
  m.price = in.decimal("price");
  m.perm_id = in.i64("permId");
  m.client_id = in.i32("clientId");
  m.liquidation = in.i32("liquidation");
  m.cum_qty = in.decimal("cumQty");
  m.avg_price = in.decimal("avgPrice");
  m.order_ref = in.text("orderRef");
  m.ev_rule = in.text("evRule");
  m.ev_multiplier = in.f64_max("evMultiplier");
  m.model_code = in.text("modelCode");
  m.last_liquidity = in.i32("lastLiquidity");
  if (server_version >= sv::kPendingPriceRevision) m.pending_price_revision = in.flag("pendingPriceRevision");
  if (server_version >= sv::kSubmitter) m.submitter = in.text("submitter");
  return in.finish(std::move(m));
}

Result<CommissionReport> decode_commission(FieldReader& reader) {
  LayoutReader in(reader, "COMMISSION_REPORT");
  in.skip("version");
  CommissionReport m;
  m.exec_id = in.text("execId");
  m.commission = in.decimal("commission");
  m.currency = in.text("currency");
  m.realized_pnl = in.decimal_opt("realizedPNL");
  m.yield = in.f64_max("yield");
  m.yield_redemption_date = in.i32_max("yieldRedemptionDate");
  return in.finish(std::move(m));
}

}  // namespace

std::string encode(const ReqExecutions& m, int server_version, EncodeStyle style) {
  MessageWriter mw(req::kReqExecutions);
  detail::StyledWriter w(mw, style);
  mw.add(3).add(m.req_id);
  w.integer(m.filter.client_id);
  mw.add(m.filter.account).add(m.filter.time).add(m.filter.symbol).add(m.filter.sec_type);
  mw.add(m.filter.exchange).add(m.filter.side);
  if (server_version >= sv::kParametrizedDaysOfExecutions) {
    mw.add(m.filter.last_n_days.value_or(kUnsetInt)).add(static_cast<int>(m.filter.specific_dates.size()));
    for (const auto& d : m.filter.specific_dates) mw.add(d);
  }
  return mw.finish();
}
std::string encode(const ReqExecutions& m, int server_version) {
  return encode(m, server_version, EncodeStyle::kOfficial);
}

std::string encode(const ExecutionData& m, int server_version) {
  MessageWriter w(resp::kExecutionData);
  w.add(m.req_id).add(m.order_id);
  detail::write_reply_contract(w, m.contract);
  w.add(m.exec_id).add(m.time).add(m.account).add(m.exchange).add(m.side).add_quantity(m.shares);
  w.add_price(m.price).add(m.perm_id).add(m.client_id).add(m.liquidation).add_quantity(m.cum_qty);
  w.add_price(m.avg_price).add(m.order_ref).add(m.ev_rule);
  m.ev_multiplier ? w.add_plain(*m.ev_multiplier) : w.add_empty();
  w.add(m.model_code).add(m.last_liquidity);
  if (server_version >= sv::kPendingPriceRevision) w.add(m.pending_price_revision);
  if (server_version >= sv::kSubmitter) w.add(m.submitter);
  return w.finish();
}

std::string encode(const ExecutionDataEnd& m, int /*server_version*/) {
  return detail::encode_req_id_only(resp::kExecutionDataEnd, m.req_id);
}

std::string encode(const CommissionReport& m, int /*server_version*/) {
  MessageWriter w(resp::kCommissionReport);
  w.add(1).add(m.exec_id).add_price(m.commission).add(m.currency);
  m.realized_pnl ? w.add_price(*m.realized_pnl) : w.add_empty();
  m.yield ? w.add(*m.yield) : w.add_empty();
  m.yield_redemption_date ? w.add(*m.yield_redemption_date) : w.add_empty();
  return w.finish();
}

namespace detail {

std::optional<Result<Request>> decode_execution_request(int msg_id, FieldReader& reader, int server_version) {
  if (msg_id != req::kReqExecutions) return std::nullopt;
  return widen<Request>(decode_req_executions(reader, server_version));
}

std::optional<Result<Response>> decode_execution_response(int msg_id, FieldReader& reader, int server_version) {
  switch (msg_id) {
    case resp::kExecutionData:
      return widen<Response>(decode_execution(reader, server_version));
    case resp::kExecutionDataEnd:
      return widen<Response>(decode_req_id_only<ExecutionDataEnd>(reader, "EXECUTION_DATA_END"));
    case resp::kCommissionReport:
      return widen<Response>(decode_commission(reader));
    default:
      return std::nullopt;
  }
}

}  // namespace detail
}  // namespace rt::tws

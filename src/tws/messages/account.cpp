// Account summary, positions and account updates (TWS_PROTOCOL.md §4.4-4.6): REQ_ACCOUNT_SUMMARY,
// CANCEL_ACCOUNT_SUMMARY, REQ_POSITIONS, CANCEL_POSITIONS, REQ_ACCOUNT_DATA out; their replies in.
#include "tws/messages/account.hpp"

#include "tws/messages/codec.hpp"
#include "tws/messages/codec_detail.hpp"
#include "tws/messages/contract_block.hpp"
#include "tws/messages/layout_reader.hpp"
#include "tws/wire/message_writer.hpp"

namespace rt::tws {
namespace {

Result<PositionData> decode_position(FieldReader& reader) {
  LayoutReader in(reader, "POSITION_DATA");
  in.skip("version");
  PositionData m;
  m.account = in.text("account");
  detail::read_reply_contract(in, m.contract);
  m.position = in.decimal("position");
  m.avg_cost = in.decimal("avgCost");
  return in.finish(std::move(m));
}

Result<PortfolioValue> decode_portfolio(FieldReader& reader) {
  LayoutReader in(reader, "PORTFOLIO_VALUE");
  in.skip("version");
  PortfolioValue m;
  m.contract.primary_exchange = detail::read_reply_contract(in, m.contract, "primaryExchange");
  m.contract.exchange.clear();  // not on the wire in this message
  m.position = in.decimal("position");
  m.market_price = in.decimal("marketPrice");
  m.market_value = in.decimal("marketValue");
  m.average_cost = in.decimal("averageCost");
  m.unrealized_pnl = in.decimal("unrealizedPNL");
  m.realized_pnl = in.decimal("realizedPNL");
  m.account = in.text("accountName");
  return in.finish(std::move(m));
}

Result<AccountSummary> decode_account_summary(FieldReader& reader) {
  LayoutReader in(reader, "ACCOUNT_SUMMARY");
  in.skip("version");
  AccountSummary m;
  m.req_id = in.i32("reqId");
  m.account = in.text("account");
  m.tag = in.text("tag");
  m.value = in.text("value");
  m.currency = in.text("currency");
  return in.finish(std::move(m));
}

Result<AccountValue> decode_account_value(FieldReader& reader) {
  LayoutReader in(reader, "ACCT_VALUE");
  in.skip("version");
  AccountValue m;
  m.key = in.text("key");
  m.value = in.text("value");
  m.currency = in.text("currency");
  m.account = in.text("accountName");
  return in.finish(std::move(m));
}

Result<PnL> decode_pnl(FieldReader& reader, int server_version) {
  LayoutReader in(reader, "PNL");
  PnL m;
  m.req_id = in.i32("reqId");
  m.daily = in.decimal_opt("dailyPnL");
  if (server_version >= sv::kUnrealizedPnL) m.unrealized = in.decimal_opt("unrealizedPnL");
  if (server_version >= sv::kRealizedPnL) m.realized = in.decimal_opt("realizedPnL");
  return in.finish(std::move(m));
}

Result<PnLSingle> decode_pnl_single(FieldReader& reader, int server_version) {
  LayoutReader in(reader, "PNL_SINGLE");
  PnLSingle m;
  m.req_id = in.i32("reqId");
  m.position = in.decimal("pos");
  m.daily = in.decimal_opt("dailyPnL");
  if (server_version >= sv::kUnrealizedPnL) m.unrealized = in.decimal_opt("unrealizedPnL");
  if (server_version >= sv::kRealizedPnL) m.realized = in.decimal_opt("realizedPnL");
  m.value = in.decimal_opt("value");
  return in.finish(std::move(m));
}

// Double.MAX, as TWS spells a P&L value it does not know.
MessageWriter& add_pnl_value(MessageWriter& w, const std::optional<Decimal>& v) {
  return v ? w.add_price(*v) : w.add(kUnsetDouble);
}

}  // namespace

// --- requests ---

std::string encode(const ReqAccountSummary& m, int /*server_version*/) {
  MessageWriter w(req::kReqAccountSummary);
  w.add(1).add(m.req_id).add(m.group).add(m.tags);
  return w.finish();
}

std::string encode(const CancelAccountSummary& m, int /*server_version*/) {
  return detail::encode_req_id_only(req::kCancelAccountSummary, m.req_id);
}

std::string encode(const ReqPositions& /*m*/, int /*server_version*/) {
  MessageWriter w(req::kReqPositions);
  w.add(1);
  return w.finish();
}

std::string encode(const CancelPositions& /*m*/, int /*server_version*/) {
  MessageWriter w(req::kCancelPositions);
  w.add(1);
  return w.finish();
}

std::string encode(const ReqAccountUpdates& m, int /*server_version*/) {
  MessageWriter w(req::kReqAccountData);
  w.add(2).add(m.subscribe).add(m.account);
  return w.finish();
}

std::string encode(const ReqPnL& m, int /*server_version*/) {
  MessageWriter w(req::kReqPnL);
  w.add(m.req_id).add(m.account).add(m.model_code);
  return w.finish();
}

std::string encode(const CancelPnL& m, int /*server_version*/) {
  return detail::encode_req_id_only(req::kCancelPnL, m.req_id, false);
}

std::string encode(const ReqPnLSingle& m, int /*server_version*/) {
  MessageWriter w(req::kReqPnLSingle);
  w.add(m.req_id).add(m.account).add(m.model_code).add(m.con_id);
  return w.finish();
}

std::string encode(const CancelPnLSingle& m, int /*server_version*/) {
  return detail::encode_req_id_only(req::kCancelPnLSingle, m.req_id, false);
}

// --- responses ---

std::string encode(const PnL& m, int server_version) {
  MessageWriter w(resp::kPnL);
  w.add(m.req_id);
  add_pnl_value(w, m.daily);
  if (server_version >= sv::kUnrealizedPnL) add_pnl_value(w, m.unrealized);
  if (server_version >= sv::kRealizedPnL) add_pnl_value(w, m.realized);
  return w.finish();
}

std::string encode(const PnLSingle& m, int server_version) {
  MessageWriter w(resp::kPnLSingle);
  w.add(m.req_id).add_quantity(m.position);
  add_pnl_value(w, m.daily);
  if (server_version >= sv::kUnrealizedPnL) add_pnl_value(w, m.unrealized);
  if (server_version >= sv::kRealizedPnL) add_pnl_value(w, m.realized);
  add_pnl_value(w, m.value);
  return w.finish();
}

std::string encode(const AccountSummary& m, int /*server_version*/) {
  MessageWriter w(resp::kAccountSummary);
  w.add(1).add(m.req_id).add(m.account).add(m.tag).add(m.value).add(m.currency);
  return w.finish();
}

std::string encode(const AccountSummaryEnd& m, int /*server_version*/) {
  return detail::encode_req_id_only(resp::kAccountSummaryEnd, m.req_id);
}

std::string encode(const PositionData& m, int /*server_version*/) {
  MessageWriter w(resp::kPositionData);
  w.add(3).add(m.account);
  detail::write_reply_contract(w, m.contract);
  w.add_quantity(m.position).add_price(m.avg_cost);
  return w.finish();
}

std::string encode(const PositionEnd& /*m*/, int /*server_version*/) {
  MessageWriter w(resp::kPositionEnd);
  w.add(1);
  return w.finish();
}

std::string encode(const AccountValue& m, int /*server_version*/) {
  MessageWriter w(resp::kAcctValue);
  w.add(2).add(m.key).add(m.value).add(m.currency).add(m.account);
  return w.finish();
}

std::string encode(const PortfolioValue& m, int /*server_version*/) {
  MessageWriter w(resp::kPortfolioValue);
  w.add(8);
  detail::write_reply_contract(w, m.contract, m.contract.primary_exchange);
  w.add_quantity(m.position).add_price(m.market_price).add_price(m.market_value).add_price(m.average_cost);
  w.add_price(m.unrealized_pnl).add_price(m.realized_pnl).add(m.account);
  return w.finish();
}

std::string encode(const AccountUpdateTime& m, int /*server_version*/) {
  MessageWriter w(resp::kAcctUpdateTime);
  w.add(1).add(m.time);
  return w.finish();
}

std::string encode(const AccountDownloadEnd& m, int /*server_version*/) {
  MessageWriter w(resp::kAcctDownloadEnd);
  w.add(1).add(m.account);
  return w.finish();
}

namespace detail {

std::optional<Result<Request>> decode_account_request(int msg_id, FieldReader& reader, int /*server_version*/) {
  switch (msg_id) {
    case req::kReqPnL: {
      LayoutReader in(reader, "REQ_PNL");
      ReqPnL m;
      m.req_id = in.i32("reqId");
      m.account = in.text("account");
      m.model_code = in.text("modelCode");
      return widen<Request>(in.finish(std::move(m)));
    }
    case req::kCancelPnL:
      return widen<Request>(detail::decode_req_id_only<CancelPnL>(reader, "CANCEL_PNL", false));
    case req::kReqPnLSingle: {
      LayoutReader in(reader, "REQ_PNL_SINGLE");
      ReqPnLSingle m;
      m.req_id = in.i32("reqId");
      m.account = in.text("account");
      m.model_code = in.text("modelCode");
      m.con_id = in.i64("conId");
      return widen<Request>(in.finish(std::move(m)));
    }
    case req::kCancelPnLSingle:
      return widen<Request>(detail::decode_req_id_only<CancelPnLSingle>(reader, "CANCEL_PNL_SINGLE", false));
    case req::kReqAccountSummary: {
      LayoutReader in(reader, "REQ_ACCOUNT_SUMMARY");
      in.skip("version");
      ReqAccountSummary m;
      m.req_id = in.i32("reqId");
      m.group = in.text("group");
      m.tags = in.text("tags");
      return widen<Request>(in.finish(std::move(m)));
    }
    case req::kCancelAccountSummary:
      return widen<Request>(detail::decode_req_id_only<CancelAccountSummary>(reader, "CANCEL_ACCOUNT_SUMMARY"));
    case req::kReqPositions:
      return widen<Request>(detail::decode_version_only<ReqPositions>(reader, "REQ_POSITIONS"));
    case req::kCancelPositions:
      return widen<Request>(detail::decode_version_only<CancelPositions>(reader, "CANCEL_POSITIONS"));
    case req::kReqAccountData: {
      LayoutReader in(reader, "REQ_ACCOUNT_DATA");
      in.skip("version");
      ReqAccountUpdates m;
      m.subscribe = in.flag("subscribe");
      m.account = in.text("acctCode");
      return widen<Request>(in.finish(std::move(m)));
    }
    default:
      return std::nullopt;
  }
}

std::optional<Result<Response>> decode_account_response(int msg_id, FieldReader& reader, int server_version) {
  switch (msg_id) {
    case resp::kPnL:
      return widen<Response>(decode_pnl(reader, server_version));
    case resp::kPnLSingle:
      return widen<Response>(decode_pnl_single(reader, server_version));
    case resp::kAccountSummary:
      return widen<Response>(decode_account_summary(reader));
    case resp::kAccountSummaryEnd:
      return widen<Response>(detail::decode_req_id_only<AccountSummaryEnd>(reader, "ACCOUNT_SUMMARY_END"));
    case resp::kPositionData:
      return widen<Response>(decode_position(reader));
    case resp::kPositionEnd:
      return widen<Response>(detail::decode_version_only<PositionEnd>(reader, "POSITION_END"));
    case resp::kAcctValue:
      return widen<Response>(decode_account_value(reader));
    case resp::kPortfolioValue:
      return widen<Response>(decode_portfolio(reader));
    case resp::kAcctUpdateTime: {
      LayoutReader in(reader, "ACCT_UPDATE_TIME");
      in.skip("version");
      AccountUpdateTime m;
      m.time = in.text("timeStamp");
      return widen<Response>(in.finish(std::move(m)));
    }
    case resp::kAcctDownloadEnd: {
      LayoutReader in(reader, "ACCT_DOWNLOAD_END");
      in.skip("version");
      AccountDownloadEnd m;
      m.account = in.text("accountName");
      return widen<Response>(in.finish(std::move(m)));
    }
    default:
      return std::nullopt;
  }
}

}  // namespace detail
}  // namespace rt::tws

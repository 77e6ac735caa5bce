// reqPositionsMulti and reqAccountUpdatesMulti with their cancels out; POSITION_MULTI,
// ACCOUNT_UPDATE_MULTI and their end markers in (TWS_PROTOCOL.md §4.17).
#include "tws/messages/account_multi.hpp"

#include "tws/messages/codec.hpp"
#include "tws/messages/codec_detail.hpp"
#include "tws/messages/contract_block.hpp"

namespace rt::tws {

std::string encode(const ReqPositionsMulti& m, int /*server_version*/) {
  MessageWriter w(req::kReqPositionsMulti);
  w.add(1).add(m.req_id).add(m.account).add(m.model_code);
  return w.finish();
}

std::string encode(const CancelPositionsMulti& m, int /*server_version*/) {
  return detail::encode_req_id_only(req::kCancelPositionsMulti, m.req_id);
}

std::string encode(const ReqAccountUpdatesMulti& m, int /*server_version*/) {
  MessageWriter w(req::kReqAccountUpdatesMulti);
  w.add(1).add(m.req_id).add(m.account).add(m.model_code).add(m.ledger_and_nlv);
  return w.finish();
}

std::string encode(const CancelAccountUpdatesMulti& m, int /*server_version*/) {
  return detail::encode_req_id_only(req::kCancelAccountUpdatesMulti, m.req_id);
}

std::string encode(const PositionMulti& m, int /*server_version*/) {
  MessageWriter w(resp::kPositionMulti);
  w.add(1).add(m.req_id).add(m.account);
  detail::write_reply_contract(w, m.contract);
  w.add_quantity(m.position).add_price(m.avg_cost).add(m.model_code);
  return w.finish();
}

std::string encode(const PositionMultiEnd& m, int /*server_version*/) {
  return detail::encode_req_id_only(resp::kPositionMultiEnd, m.req_id);
}

std::string encode(const AccountUpdateMulti& m, int /*server_version*/) {
  MessageWriter w(resp::kAccountUpdateMulti);
  w.add(1).add(m.req_id).add(m.account).add(m.model_code).add(m.key).add(m.value).add(m.currency);
  return w.finish();
}

std::string encode(const AccountUpdateMultiEnd& m, int /*server_version*/) {
  return detail::encode_req_id_only(resp::kAccountUpdateMultiEnd, m.req_id);
}

namespace detail {

std::optional<Result<Request>> decode_account_multi_request(int msg_id, FieldReader& reader, int /*server_version*/) {
  switch (msg_id) {
    case req::kReqPositionsMulti: {
      LayoutReader in(reader, "REQ_POSITIONS_MULTI");
      in.skip("version");
      ReqPositionsMulti m;
      m.req_id = in.i32("reqId");
      m.account = in.text("account");
      m.model_code = in.text("modelCode");
      return widen<Request>(in.finish(std::move(m)));
    }
    case req::kCancelPositionsMulti:
      return widen<Request>(decode_req_id_only<CancelPositionsMulti>(reader, "CANCEL_POSITIONS_MULTI"));
    case req::kReqAccountUpdatesMulti: {
      LayoutReader in(reader, "REQ_ACCOUNT_UPDATES_MULTI");
      in.skip("version");
      ReqAccountUpdatesMulti m;
      m.req_id = in.i32("reqId");
      m.account = in.text("account");
      m.model_code = in.text("modelCode");
      m.ledger_and_nlv = in.flag("ledgerAndNLV");
      return widen<Request>(in.finish(std::move(m)));
    }
    case req::kCancelAccountUpdatesMulti:
      return widen<Request>(decode_req_id_only<CancelAccountUpdatesMulti>(reader, "CANCEL_ACCOUNT_UPDATES_MULTI"));
    default:
      return std::nullopt;
  }
}

std::optional<Result<Response>> decode_account_multi_response(int msg_id, FieldReader& reader,
                                                              int /*server_version*/) {
  switch (msg_id) {
    case resp::kPositionMulti: {
      LayoutReader in(reader, "POSITION_MULTI");
      in.skip("version");
      PositionMulti m;
      m.req_id = in.i32("reqId");
      m.account = in.text("account");
      read_reply_contract(in, m.contract);
      m.position = in.decimal("position");
      m.avg_cost = in.decimal("avgCost");
      m.model_code = in.text("modelCode");
      return widen<Response>(in.finish(std::move(m)));
    }
    case resp::kPositionMultiEnd:
      return widen<Response>(decode_req_id_only<PositionMultiEnd>(reader, "POSITION_MULTI_END"));
    case resp::kAccountUpdateMulti: {
      LayoutReader in(reader, "ACCOUNT_UPDATE_MULTI");
      in.skip("version");
      AccountUpdateMulti m;
      m.req_id = in.i32("reqId");
      m.account = in.text("account");
      m.model_code = in.text("modelCode");
      m.key = in.text("key");
      m.value = in.text("value");
      m.currency = in.text("currency");
      return widen<Response>(in.finish(std::move(m)));
    }
    case resp::kAccountUpdateMultiEnd:
      return widen<Response>(decode_req_id_only<AccountUpdateMultiEnd>(reader, "ACCOUNT_UPDATE_MULTI_END"));
    default:
      return std::nullopt;
  }
}

}  // namespace detail
}  // namespace rt::tws

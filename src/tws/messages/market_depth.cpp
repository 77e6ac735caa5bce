// reqMktDepth / cancelMktDepth and reqTickByTickData / cancel out; MARKET_DEPTH, MARKET_DEPTH_L2
// and TICK_BY_TICK in (TWS_PROTOCOL.md §4.19).
#include "tws/messages/market_depth.hpp"

#include "tws/messages/codec.hpp"
#include "tws/messages/codec_detail.hpp"
#include "tws/messages/contract_block.hpp"
#include "tws/messages/styled_writer.hpp"

namespace rt::tws {
namespace {

Result<MarketDepth> decode_depth(FieldReader& reader, bool l2) {
  LayoutReader in(reader, l2 ? "MARKET_DEPTH_L2" : "MARKET_DEPTH");
  in.skip("version");
  MarketDepth m;
  m.l2 = l2;
  m.req_id = in.i32("reqId");
  m.position = in.i32("position");
  if (l2) m.market_maker = in.text("marketMaker");
  const int operation = in.i32("operation");
  const int side = in.i32("side");
  m.price = in.decimal("price");
  m.size = in.decimal("size");
  if (l2) m.smart_depth = in.flag("isSmartDepth");
  if (operation < 0 || operation > 2) in.fail("operation", "is not 0 (insert), 1 (update) or 2 (delete)");
  if (side != 0 && side != 1) in.fail("side", "is not 0 (ask) or 1 (bid)");
  m.operation = static_cast<DepthOperation>(operation);
  m.side = static_cast<DepthSide>(side);
  return in.finish(std::move(m));
}

Result<TickByTick> decode_tick_by_tick(FieldReader& reader) {
  LayoutReader in(reader, "TICK_BY_TICK");
  TickByTick m;
  m.req_id = in.i32("reqId");
  m.tick_type = in.i32("tickType");
  m.time = in.i64("time");
  switch (m.tick_type) {
    case 1:
    case 2:
      m.price = in.decimal("price");
      m.size = in.decimal("size");
      m.mask = in.i32("mask");
      m.exchange = in.text("exchange");
      m.special_conditions = in.text("specialConditions");
      break;
    case 3:
      m.bid_price = in.decimal("bidPrice");
      m.ask_price = in.decimal("askPrice");
      m.bid_size = in.decimal("bidSize");
      m.ask_size = in.decimal("askSize");
      m.mask = in.i32("mask");
      break;
    case 4:
      m.price = in.decimal("midPoint");
      break;
    default:
      in.fail("tickType", "is not 1 (Last), 2 (AllLast), 3 (BidAsk) or 4 (MidPoint)");
  }
  return in.finish(std::move(m));
}

}  // namespace

int tick_by_tick_type(std::string_view name) {
  if (name == "Last") return 1;
  if (name == "AllLast") return 2;
  if (name == "BidAsk") return 3;
  if (name == "MidPoint") return 4;
  return 0;
}

std::string encode(const ReqMktDepth& m, int /*server_version*/) {
  MessageWriter mw(req::kReqMktDepth);
  detail::StyledWriter w(mw, EncodeStyle::kOfficial);
  mw.add(5).add(m.req_id);
  detail::write_contract_block(w, m.contract);
  mw.add(m.num_rows).add(m.smart_depth).add(m.options);
  return mw.finish();
}

std::string encode(const CancelMktDepth& m, int /*server_version*/) {
  MessageWriter w(req::kCancelMktDepth);
  w.add(1).add(m.req_id).add(m.smart_depth);
  return w.finish();
}

std::string encode(const ReqTickByTick& m, int /*server_version*/) {
  MessageWriter mw(req::kReqTickByTickData);
  detail::StyledWriter w(mw, EncodeStyle::kOfficial);
  mw.add(m.req_id);
  detail::write_contract_block(w, m.contract);
  mw.add(m.tick_type).add(m.number_of_ticks).add(m.ignore_size);
  return mw.finish();
}

std::string encode(const CancelTickByTick& m, int /*server_version*/) {
  return detail::encode_req_id_only(req::kCancelTickByTickData, m.req_id, false);
}

std::string encode(const MarketDepth& m, int /*server_version*/) {
  MessageWriter w(m.l2 ? resp::kMarketDepthL2 : resp::kMarketDepth);
  w.add(1).add(m.req_id).add(m.position);
  if (m.l2) w.add(m.market_maker);
  w.add(static_cast<int>(m.operation)).add(static_cast<int>(m.side)).add_price(m.price).add_quantity(m.size);
  if (m.l2) w.add(m.smart_depth);
  return w.finish();
}

std::string encode(const TickByTick& m, int /*server_version*/) {
  MessageWriter w(resp::kTickByTick);
  w.add(m.req_id).add(m.tick_type).add(m.time);
  if (m.tick_type == 1 || m.tick_type == 2) {
    w.add_price(m.price).add_quantity(m.size).add(m.mask).add(m.exchange).add(m.special_conditions);
  } else if (m.tick_type == 3) {
    w.add_price(m.bid_price).add_price(m.ask_price).add_quantity(m.bid_size).add_quantity(m.ask_size).add(m.mask);
  } else if (m.tick_type == 4) {
    w.add_price(m.price);
  }
  return w.finish();
}

namespace detail {

std::optional<Result<Request>> decode_depth_request(int msg_id, FieldReader& reader, int /*server_version*/) {
  switch (msg_id) {
    case req::kReqMktDepth: {
      LayoutReader in(reader, "REQ_MKT_DEPTH");
      in.skip("version");
      ReqMktDepth m;
      read_contract_request(in, m);
      m.num_rows = in.i32("numRows");
      m.smart_depth = in.flag("isSmartDepth");
      m.options = in.text("mktDepthOptions");
      return widen<Request>(in.finish(std::move(m)));
    }
    case req::kCancelMktDepth: {
      LayoutReader in(reader, "CANCEL_MKT_DEPTH");
      in.skip("version");
      CancelMktDepth m;
      m.req_id = in.i32("reqId");
      m.smart_depth = in.flag("isSmartDepth");
      return widen<Request>(in.finish(m));
    }
    case req::kReqTickByTickData: {
      LayoutReader in(reader, "REQ_TICK_BY_TICK_DATA");
      ReqTickByTick m;
      read_contract_request(in, m);
      m.tick_type = in.text("tickType");
      m.number_of_ticks = in.i32("numberOfTicks");
      m.ignore_size = in.flag("ignoreSize");
      return widen<Request>(in.finish(std::move(m)));
    }
    case req::kCancelTickByTickData:
      return widen<Request>(decode_req_id_only<CancelTickByTick>(reader, "CANCEL_TICK_BY_TICK_DATA", false));
    default:
      return std::nullopt;
  }
}

std::optional<Result<Response>> decode_depth_response(int msg_id, FieldReader& reader, int /*server_version*/) {
  switch (msg_id) {
    case resp::kMarketDepth:
      return widen<Response>(decode_depth(reader, false));
    case resp::kMarketDepthL2:
      return widen<Response>(decode_depth(reader, true));
    case resp::kTickByTick:
      return widen<Response>(decode_tick_by_tick(reader));
    default:
      return std::nullopt;
  }
}

}  // namespace detail
}  // namespace rt::tws

// Streaming quotes (TWS_PROTOCOL.md §4.7-4.8): REQ_MARKET_DATA_TYPE, REQ_MKT_DATA, CANCEL_MKT_DATA
// out; MARKET_DATA_TYPE, TICK_PRICE, TICK_SIZE, TICK_STRING, TICK_GENERIC, TICK_REQ_PARAMS and
// TICK_SNAPSHOT_END in.
#include "tws/messages/market_data.hpp"

#include "tws/messages/codec.hpp"
#include "tws/messages/codec_detail.hpp"
#include "tws/messages/contract_block.hpp"
#include "tws/messages/layout_reader.hpp"
#include "tws/messages/styled_writer.hpp"
#include "tws/wire/message_writer.hpp"

namespace rt::tws {
namespace {

constexpr int kTickVersion = 6;  // any value >= 3 decodes the same; 6 is what TWS sends

bool is_bag(const Contract& c) { return c.sec_type == "BAG"; }

// A quote price with at least two decimals ("150.30", "151.00", "0.0001"), as quotes are shown
// and as the captured server writes them.
std::string quote_text(Decimal v) {
  std::string s = v.to_string();
  auto dot = s.find('.');
  if (dot == std::string::npos) return s + ".00";
  if (s.size() - dot - 1 < 2) s.append(2 - (s.size() - dot - 1), '0');
  return s;
}

Result<ReqMktData> decode_req_mkt_data(FieldReader& reader) {
  LayoutReader in(reader, "REQ_MKT_DATA");
  in.skip("version");
  ReqMktData m;
  detail::read_contract_request(in, m);
  if (in.ok() && is_bag(m.contract)) detail::read_request_combo_legs(in, m.combo_legs);
  if (in.flag("deltaNeutral")) {
    DeltaNeutralContract dn;
    dn.con_id = in.i64("deltaNeutral.conId");
    dn.delta = in.f64("deltaNeutral.delta");
    dn.price = in.decimal("deltaNeutral.price");
    m.delta_neutral = dn;
  }
  m.generic_tick_list = in.text("genericTickList");
  m.snapshot = in.flag("snapshot");
  m.regulatory_snapshot = in.flag("regulatorySnapshot");
  m.mkt_data_options = in.text("mktDataOptions");
  return in.finish(std::move(m));
}

template <class M>
Result<M> decode_tick(FieldReader& reader, std::string_view name) {
  LayoutReader in(reader, name);
  in.skip("version");
  M m;
  m.req_id = in.i32("reqId");
  m.tick_type = in.i32("tickType");
  if constexpr (std::is_same_v<M, TickPrice>) {
    m.price = in.decimal("price");
    m.size = in.decimal("size");
    m.attr_mask = in.i32("attrMask");
  } else if constexpr (std::is_same_v<M, TickSize>) {
    m.size = in.decimal("size");
  } else if constexpr (std::is_same_v<M, TickString>) {
    m.value = in.text("value");
  } else {
    m.value = in.f64("value");
  }
  return in.finish(std::move(m));
}

}  // namespace

// --- requests ---

std::string encode(const ReqMarketDataType& m, int /*server_version*/) {
  MessageWriter w(req::kReqMarketDataType);
  w.add(1).add(m.market_data_type);
  return w.finish();
}

std::string encode(const ReqMktData& m, int /*server_version*/, EncodeStyle style) {
  MessageWriter mw(req::kReqMktData);
  detail::StyledWriter w(mw, style);
  mw.add(11).add(m.req_id);
  detail::write_contract_block(w, m.contract);
  if (is_bag(m.contract)) detail::write_request_combo_legs(mw, m.combo_legs);
  w.explicit_flag(m.delta_neutral.has_value());
  if (m.delta_neutral) {
    mw.add(m.delta_neutral->con_id);
    w.dbl(m.delta_neutral->delta);
    w.price(m.delta_neutral->price);
  }
  mw.add(m.generic_tick_list);
  w.explicit_flag(m.snapshot);
  w.explicit_flag(m.regulatory_snapshot);
  mw.add(m.mkt_data_options);
  return mw.finish();
}
std::string encode(const ReqMktData& m, int server_version) {
  return encode(m, server_version, EncodeStyle::kOfficial);
}

std::string encode(const CancelMktData& m, int /*server_version*/) {
  return detail::encode_req_id_only(req::kCancelMktData, m.req_id);
}

// --- responses ---

std::string encode(const MarketDataType& m, int /*server_version*/) {
  MessageWriter w(resp::kMarketDataType);
  w.add(1).add(m.req_id).add(m.market_data_type);
  return w.finish();
}

std::string encode(const TickPrice& m, int /*server_version*/) {
  MessageWriter w(resp::kTickPrice);
  w.add(kTickVersion).add(m.req_id).add(m.tick_type).add(quote_text(m.price));
  w.add_quantity(m.size).add(m.attr_mask);
  return w.finish();
}

std::string encode(const TickSize& m, int /*server_version*/) {
  MessageWriter w(resp::kTickSize);
  w.add(kTickVersion).add(m.req_id).add(m.tick_type).add_quantity(m.size);
  return w.finish();
}

std::string encode(const TickString& m, int /*server_version*/) {
  MessageWriter w(resp::kTickString);
  w.add(kTickVersion).add(m.req_id).add(m.tick_type).add(m.value);
  return w.finish();
}

std::string encode(const TickGeneric& m, int /*server_version*/) {
  MessageWriter w(resp::kTickGeneric);
  w.add(kTickVersion).add(m.req_id).add(m.tick_type).add(m.value);
  return w.finish();
}

std::string encode(const TickReqParams& m, int /*server_version*/) {
  MessageWriter w(resp::kTickReqParams);
  w.add(m.req_id).add_quantity(m.min_tick).add(m.bbo_exchange).add(m.snapshot_permissions);
  return w.finish();
}

std::string encode(const TickSnapshotEnd& m, int /*server_version*/) {
  return detail::encode_req_id_only(resp::kTickSnapshotEnd, m.req_id);
}

namespace detail {

std::optional<Result<Request>> decode_market_data_request(int msg_id, FieldReader& reader, int /*server_version*/) {
  switch (msg_id) {
    case req::kReqMarketDataType: {
      LayoutReader in(reader, "REQ_MARKET_DATA_TYPE");
      in.skip("version");
      ReqMarketDataType m;
      m.market_data_type = in.i32("marketDataType");
      return widen<Request>(in.finish(m));
    }
    case req::kReqMktData:
      return widen<Request>(decode_req_mkt_data(reader));
    case req::kCancelMktData:
      return widen<Request>(decode_req_id_only<CancelMktData>(reader, "CANCEL_MKT_DATA"));
    default:
      return std::nullopt;
  }
}

std::optional<Result<Response>> decode_market_data_response(int msg_id, FieldReader& reader, int /*server_version*/) {
  switch (msg_id) {
    case resp::kMarketDataType: {
      LayoutReader in(reader, "MARKET_DATA_TYPE");
      in.skip("version");
      MarketDataType m;
      m.req_id = in.i32("reqId");
      m.market_data_type = in.i32("marketDataType");
      return widen<Response>(in.finish(m));
    }
    case resp::kTickPrice:
      return widen<Response>(decode_tick<TickPrice>(reader, "TICK_PRICE"));
    case resp::kTickSize:
      return widen<Response>(decode_tick<TickSize>(reader, "TICK_SIZE"));
    case resp::kTickString:
      return widen<Response>(decode_tick<TickString>(reader, "TICK_STRING"));
    case resp::kTickGeneric:
      return widen<Response>(decode_tick<TickGeneric>(reader, "TICK_GENERIC"));
    case resp::kTickReqParams: {
      LayoutReader in(reader, "TICK_REQ_PARAMS");
      TickReqParams m;
      m.req_id = in.i32("reqId");
      m.min_tick = in.decimal("minTick");
      m.bbo_exchange = in.text("bboExchange");
      m.snapshot_permissions = in.i32("snapshotPermissions");
      return widen<Response>(in.finish(std::move(m)));
    }
    case resp::kTickSnapshotEnd:
      return widen<Response>(decode_req_id_only<TickSnapshotEnd>(reader, "TICK_SNAPSHOT_END"));
    default:
      return std::nullopt;
  }
}

}  // namespace detail
}  // namespace rt::tws

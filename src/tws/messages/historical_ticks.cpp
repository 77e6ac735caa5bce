// reqHistoricalTicks and reqHistogramData out; HISTORICAL_TICKS(_BID_ASK, _LAST) and
// HISTOGRAM_DATA in (TWS_PROTOCOL.md §4.19).
#include "tws/messages/historical_ticks.hpp"

#include "tws/messages/codec.hpp"
#include "tws/messages/codec_detail.hpp"
#include "tws/messages/contract_block.hpp"
#include "tws/messages/styled_writer.hpp"

namespace rt::tws {
namespace {

constexpr int kMidpointFields = 4;
constexpr int kBidAskFields = 6;
constexpr int kTradesFields = 6;

Result<HistoricalTicks> decode_ticks(FieldReader& reader, HistoricalTickKind kind) {
  LayoutReader in(reader, kind == HistoricalTickKind::kMidpoint ? "HISTORICAL_TICKS"
                          : kind == HistoricalTickKind::kBidAsk ? "HISTORICAL_TICKS_BID_ASK"
                                                                : "HISTORICAL_TICKS_LAST");
  HistoricalTicks m;
  m.kind = kind;
  m.req_id = in.i32("reqId");
  const int per_tick = kind == HistoricalTickKind::kMidpoint ? kMidpointFields
                       : kind == HistoricalTickKind::kBidAsk ? kBidAskFields
                                                             : kTradesFields;
  const int n = in.count("tickCount", per_tick);
  for (int i = 0; i < n && in.ok(); ++i) {
    HistoricalTick t;
    t.time = in.i64("time");
    if (kind == HistoricalTickKind::kMidpoint) {
      in.skip("unused");
      t.price = in.decimal("price");
      t.size = in.decimal("size");
    } else if (kind == HistoricalTickKind::kBidAsk) {
      t.mask = in.i32("mask");
      t.bid_price = in.decimal("priceBid");
      t.ask_price = in.decimal("priceAsk");
      t.bid_size = in.decimal("sizeBid");
      t.ask_size = in.decimal("sizeAsk");
    } else {
      t.mask = in.i32("mask");
      t.price = in.decimal("price");
      t.size = in.decimal("size");
      t.exchange = in.text("exchange");
      t.special_conditions = in.text("specialConditions");
    }
    m.ticks.push_back(std::move(t));
  }
  m.done = in.flag("done");
  return in.finish(std::move(m));
}

}  // namespace

std::string encode(const ReqHistoricalTicks& m, int /*server_version*/) {
  MessageWriter mw(req::kReqHistoricalTicks);
  detail::StyledWriter w(mw, EncodeStyle::kOfficial);
  mw.add(m.req_id);
  detail::write_contract_block(w, m.contract);
  mw.add(m.include_expired).add(m.start_date_time).add(m.end_date_time).add(m.number_of_ticks);
  mw.add(m.what_to_show).add(m.use_rth).add(m.ignore_size).add(m.misc_options);
  return mw.finish();
}

std::string encode(const ReqHistogramData& m, int /*server_version*/) {
  MessageWriter mw(req::kReqHistogramData);
  detail::StyledWriter w(mw, EncodeStyle::kOfficial);
  mw.add(m.req_id);
  detail::write_contract_block(w, m.contract);
  mw.add(m.include_expired).add(m.use_rth).add(m.time_period);
  return mw.finish();
}

std::string encode(const CancelHistogramData& m, int /*server_version*/) {
  return detail::encode_req_id_only(req::kCancelHistogramData, m.req_id, false);
}

std::string encode(const HistoricalTicks& m, int /*server_version*/) {
  MessageWriter w(static_cast<int>(m.kind));
  w.add(m.req_id).add(static_cast<int>(m.ticks.size()));
  for (const auto& t : m.ticks) {
    w.add(t.time);
    if (m.kind == HistoricalTickKind::kMidpoint) {
      w.add(0).add_price(t.price).add_quantity(t.size);
    } else if (m.kind == HistoricalTickKind::kBidAsk) {
      w.add(t.mask).add_price(t.bid_price).add_price(t.ask_price).add_quantity(t.bid_size).add_quantity(t.ask_size);
    } else {
      w.add(t.mask).add_price(t.price).add_quantity(t.size).add(t.exchange).add(t.special_conditions);
    }
  }
  w.add(m.done);
  return w.finish();
}

std::string encode(const HistogramData& m, int /*server_version*/) {
  MessageWriter w(resp::kHistogramData);
  w.add(m.req_id).add(static_cast<int>(m.entries.size()));
  for (const auto& e : m.entries) w.add_price(e.price).add_quantity(e.size);
  return w.finish();
}

namespace detail {

std::optional<Result<Request>> decode_historical_ticks_request(int msg_id, FieldReader& reader,
                                                               int /*server_version*/) {
  switch (msg_id) {
    case req::kReqHistoricalTicks: {
      LayoutReader in(reader, "REQ_HISTORICAL_TICKS");
      ReqHistoricalTicks m;
      read_contract_request(in, m);
      m.include_expired = in.flag("includeExpired");
      m.start_date_time = in.text("startDateTime");
      m.end_date_time = in.text("endDateTime");
      m.number_of_ticks = in.i32("numberOfTicks");
      m.what_to_show = in.text("whatToShow");
      m.use_rth = in.flag("useRth");
      m.ignore_size = in.flag("ignoreSize");
      m.misc_options = in.text("miscOptions");
      return widen<Request>(in.finish(std::move(m)));
    }
    case req::kReqHistogramData: {
      LayoutReader in(reader, "REQ_HISTOGRAM_DATA");
      ReqHistogramData m;
      read_contract_request(in, m);
      m.include_expired = in.flag("includeExpired");
      m.use_rth = in.flag("useRTH");
      m.time_period = in.text("timePeriod");
      return widen<Request>(in.finish(std::move(m)));
    }
    case req::kCancelHistogramData:
      return widen<Request>(decode_req_id_only<CancelHistogramData>(reader, "CANCEL_HISTOGRAM_DATA", false));
    default:
      return std::nullopt;
  }
}

std::optional<Result<Response>> decode_historical_ticks_response(int msg_id, FieldReader& reader,
                                                                 int /*server_version*/) {
  switch (msg_id) {
    case resp::kHistoricalTicks:
      return widen<Response>(decode_ticks(reader, HistoricalTickKind::kMidpoint));
    case resp::kHistoricalTicksBidAsk:
      return widen<Response>(decode_ticks(reader, HistoricalTickKind::kBidAsk));
    case resp::kHistoricalTicksLast:
      return widen<Response>(decode_ticks(reader, HistoricalTickKind::kTrades));
    case resp::kHistogramData: {
      LayoutReader in(reader, "HISTOGRAM_DATA");
      HistogramData m;
      m.req_id = in.i32("reqId");
      const int n = in.count("n", 2);
      for (int i = 0; i < n && in.ok(); ++i) {
        HistogramEntry e;
        e.price = in.decimal("price");
        e.size = in.decimal("size");
        m.entries.push_back(e);
      }
      return widen<Response>(in.finish(std::move(m)));
    }
    default:
      return std::nullopt;
  }
}

}  // namespace detail
}  // namespace rt::tws

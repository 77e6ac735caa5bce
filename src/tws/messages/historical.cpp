// Historical and real-time bars (TWS_PROTOCOL.md §4.9-4.10): REQ_HISTORICAL_DATA,
// CANCEL_HISTORICAL_DATA, REQ_REAL_TIME_BARS, CANCEL_REAL_TIME_BARS out; HISTORICAL_DATA,
// HISTORICAL_DATA_END, HISTORICAL_DATA_UPDATE and REAL_TIME_BARS in.
#include "tws/messages/historical.hpp"

#include "tws/messages/codec.hpp"
#include "tws/messages/codec_detail.hpp"
#include "tws/messages/contract_block.hpp"
#include "tws/messages/layout_reader.hpp"
#include "tws/messages/styled_writer.hpp"
#include "tws/wire/message_writer.hpp"

namespace rt::tws {
namespace {

constexpr int kBarFields = 8;

Result<ReqHistoricalData> decode_req_historical(FieldReader& reader) {
  LayoutReader in(reader, "REQ_HISTORICAL_DATA");
  ReqHistoricalData m;
  detail::read_contract_request(in, m);
  m.include_expired = in.flag("includeExpired");
  m.end_date_time = in.text("endDateTime");
  m.bar_size = in.text("barSizeSetting");
  m.duration = in.text("durationStr");
  m.use_rth = in.flag("useRTH");
  m.what_to_show = in.text("whatToShow");
  m.format_date = in.i32("formatDate");
  if (in.ok() && m.contract.sec_type == "BAG") detail::read_request_combo_legs(in, m.combo_legs);
  m.keep_up_to_date = in.flag("keepUpToDate");
  m.chart_options = in.text("chartOptions");
  return in.finish(std::move(m));
}

Result<ReqRealTimeBars> decode_req_real_time_bars(FieldReader& reader) {
  LayoutReader in(reader, "REQ_REAL_TIME_BARS");
  in.skip("version");
  ReqRealTimeBars m;
  detail::read_contract_request(in, m);
  m.bar_size = in.i32("barSize");
  m.what_to_show = in.text("whatToShow");
  m.use_rth = in.flag("useRTH");
  m.options = in.text("realTimeBarsOptions");
  return in.finish(std::move(m));
}

Result<HistoricalData> decode_historical_data(FieldReader& reader, int server_version) {
  LayoutReader in(reader, "HISTORICAL_DATA");
  HistoricalData m;
  m.req_id = in.i32("reqId");
  if (server_version < sv::kHistoricalDataEnd) {
    m.start_date = in.text("startDate");
    m.end_date = in.text("endDate");
  }
  int n = in.count("itemCount", kBarFields);
  m.bars.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n && in.ok(); ++i) {
    HistoricalBar b;
    b.date = in.text("bar.date");
    b.open = in.decimal("bar.open");
    b.high = in.decimal("bar.high");
    b.low = in.decimal("bar.low");
    b.close = in.decimal("bar.close");
    b.volume = in.decimal("bar.volume");
    b.wap = in.decimal("bar.WAP");
    b.count = in.i32("bar.barCount");
    m.bars.push_back(std::move(b));
  }
  return in.finish(std::move(m));
}

Result<HistoricalDataUpdate> decode_historical_update(FieldReader& reader) {
  LayoutReader in(reader, "HISTORICAL_DATA_UPDATE");
  HistoricalDataUpdate m;
  m.req_id = in.i32("reqId");
  m.bar.count = in.i32("barCount");
  m.bar.date = in.text("date");
  m.bar.open = in.decimal("open");
  m.bar.close = in.decimal("close");
  m.bar.high = in.decimal("high");
  m.bar.low = in.decimal("low");
  m.bar.wap = in.decimal("WAP");
  m.bar.volume = in.decimal("volume");
  return in.finish(std::move(m));
}

Result<RealTimeBar> decode_real_time_bar(FieldReader& reader) {
  LayoutReader in(reader, "REAL_TIME_BARS");
  in.skip("version");
  RealTimeBar m;
  m.req_id = in.i32("reqId");
  m.time = in.i64("time");
  m.open = in.decimal("open");
  m.high = in.decimal("high");
  m.low = in.decimal("low");
  m.close = in.decimal("close");
  m.volume = in.decimal("volume");
  m.wap = in.decimal("WAP");
  m.count = in.i32("count");
  return in.finish(std::move(m));
}

}  // namespace

// --- requests ---

std::string encode(const ReqHistoricalData& m, int /*server_version*/, EncodeStyle style) {
  MessageWriter mw(req::kReqHistoricalData);
  detail::StyledWriter w(mw, style);
  mw.add(m.req_id);
  detail::write_contract_block(w, m.contract);
  mw.add(m.include_expired).add(m.end_date_time).add(m.bar_size).add(m.duration);
  mw.add(m.use_rth).add(m.what_to_show).add(m.format_date);
  if (m.contract.sec_type == "BAG") detail::write_request_combo_legs(mw, m.combo_legs);
  mw.add(m.keep_up_to_date).add(m.chart_options);
  return mw.finish();
}
std::string encode(const ReqHistoricalData& m, int server_version) {
  return encode(m, server_version, EncodeStyle::kOfficial);
}

std::string encode(const CancelHistoricalData& m, int /*server_version*/) {
  return detail::encode_req_id_only(req::kCancelHistoricalData, m.req_id);
}

std::string encode(const ReqRealTimeBars& m, int /*server_version*/, EncodeStyle style) {
  MessageWriter mw(req::kReqRealTimeBars);
  detail::StyledWriter w(mw, style);
  mw.add(3).add(m.req_id);
  detail::write_contract_block(w, m.contract);
  mw.add(m.bar_size).add(m.what_to_show).add(m.use_rth).add(m.options);
  return mw.finish();
}
std::string encode(const ReqRealTimeBars& m, int server_version) {
  return encode(m, server_version, EncodeStyle::kOfficial);
}

std::string encode(const CancelRealTimeBars& m, int /*server_version*/) {
  return detail::encode_req_id_only(req::kCancelRealTimeBars, m.req_id);
}

// --- responses ---

std::string encode(const HistoricalData& m, int server_version) {
  MessageWriter w(resp::kHistoricalData);
  w.add(m.req_id);
  if (server_version < sv::kHistoricalDataEnd) w.add(m.start_date).add(m.end_date);
  w.add(static_cast<int>(m.bars.size()));
  for (const auto& b : m.bars) {
    w.add(b.date).add_price(b.open).add_price(b.high).add_price(b.low).add_price(b.close);
    w.add_quantity(b.volume).add_price(b.wap).add(b.count);
  }
  return w.finish();
}

std::string encode(const HistoricalDataEnd& m, int /*server_version*/) {
  MessageWriter w(resp::kHistoricalDataEnd);
  w.add(m.req_id).add(m.start_date).add(m.end_date);
  return w.finish();
}

std::string encode(const HistoricalDataUpdate& m, int /*server_version*/) {
  MessageWriter w(resp::kHistoricalDataUpdate);
  const auto& b = m.bar;
  w.add(m.req_id).add(b.count).add(b.date).add_price(b.open).add_price(b.close).add_price(b.high);
  w.add_price(b.low).add_price(b.wap).add_quantity(b.volume);
  return w.finish();
}

std::string encode(const RealTimeBar& m, int /*server_version*/) {
  MessageWriter w(resp::kRealTimeBars);
  w.add(3).add(m.req_id).add(m.time).add_price(m.open).add_price(m.high).add_price(m.low).add_price(m.close);
  w.add_quantity(m.volume).add_price(m.wap).add(m.count);
  return w.finish();
}

namespace detail {

std::optional<Result<Request>> decode_historical_request(int msg_id, FieldReader& reader, int /*server_version*/) {
  switch (msg_id) {
    case req::kReqHistoricalData:
      return widen<Request>(decode_req_historical(reader));
    case req::kCancelHistoricalData:
      return widen<Request>(decode_req_id_only<CancelHistoricalData>(reader, "CANCEL_HISTORICAL_DATA"));
    case req::kReqRealTimeBars:
      return widen<Request>(decode_req_real_time_bars(reader));
    case req::kCancelRealTimeBars:
      return widen<Request>(decode_req_id_only<CancelRealTimeBars>(reader, "CANCEL_REAL_TIME_BARS"));
    default:
      return std::nullopt;
  }
}

std::optional<Result<Response>> decode_historical_response(int msg_id, FieldReader& reader, int server_version) {
  switch (msg_id) {
    case resp::kHistoricalData:
      return widen<Response>(decode_historical_data(reader, server_version));
    case resp::kHistoricalDataEnd: {
      LayoutReader in(reader, "HISTORICAL_DATA_END");
      HistoricalDataEnd m;
      m.req_id = in.i32("reqId");
      m.start_date = in.text("startDateStr");
      m.end_date = in.text("endDateStr");
      return widen<Response>(in.finish(std::move(m)));
    }
    case resp::kHistoricalDataUpdate:
      return widen<Response>(decode_historical_update(reader));
    case resp::kRealTimeBars:
      return widen<Response>(decode_real_time_bar(reader));
    default:
      return std::nullopt;
  }
}

}  // namespace detail
}  // namespace rt::tws

// Reference-data requests out and their replies in (TWS_PROTOCOL.md §4.18). None of these layouts
// has a version field; SYMBOL_SAMPLES gains description and issuerId at server version 176.
#include "tws/messages/reference_data.hpp"

#include "tws/messages/codec.hpp"
#include "tws/messages/codec_detail.hpp"
#include "tws/messages/contract_block.hpp"
#include "tws/messages/styled_writer.hpp"

namespace rt::tws {
namespace {

Result<SymbolSamples> decode_symbol_samples(FieldReader& reader, int server_version) {
  LayoutReader in(reader, "SYMBOL_SAMPLES");
  SymbolSamples m;
  m.req_id = in.i32("reqId");
  const int n = in.count("nContractDescriptions", 6);
  for (int i = 0; i < n && in.ok(); ++i) {
    ContractDescription d;
    d.contract.con_id = in.i64("conId");
    d.contract.symbol = in.text("symbol");
    d.contract.sec_type = in.text("secType");
    d.contract.primary_exchange = in.text("primaryExchange");
    d.contract.currency = in.text("currency");
    d.contract.exchange.clear();
    const int derivs = in.count("nDerivativeSecTypes", 1);
    for (int k = 0; k < derivs && in.ok(); ++k) d.derivative_sec_types.push_back(in.text("derivativeSecType"));
    if (server_version >= sv::kBondIssuerId) {
      d.description = in.text("description");
      d.issuer_id = in.text("issuerId");
    }
    m.descriptions.push_back(std::move(d));
  }
  return in.finish(std::move(m));
}

Result<SecDefOptParams> decode_sec_def_opt_params(FieldReader& reader) {
  LayoutReader in(reader, "SECURITY_DEFINITION_OPTION_PARAMETER");
  SecDefOptParams m;
  m.req_id = in.i32("reqId");
  m.exchange = in.text("exchange");
  m.underlying_con_id = in.i64("underlyingConId");
  m.trading_class = in.text("tradingClass");
  m.multiplier = in.text("multiplier");
  const int expirations = in.count("expCount", 1);
  for (int i = 0; i < expirations && in.ok(); ++i) m.expirations.push_back(in.text("expiration"));
  const int strikes = in.count("strikeCount", 1);
  for (int i = 0; i < strikes && in.ok(); ++i) m.strikes.push_back(in.f64("strike"));
  return in.finish(std::move(m));
}

}  // namespace

// --- requests ---

std::string encode(const ReqFamilyCodes& /*m*/, int /*server_version*/) {
  return MessageWriter(req::kReqFamilyCodes).finish();
}

std::string encode(const ReqUserInfo& m, int /*server_version*/) {
  return detail::encode_req_id_only(req::kReqUserInfo, m.req_id, false);
}

std::string encode(const ReqMatchingSymbols& m, int /*server_version*/) {
  MessageWriter w(req::kReqMatchingSymbols);
  w.add(m.req_id).add(m.pattern);
  return w.finish();
}

std::string encode(const ReqMarketRule& m, int /*server_version*/) {
  MessageWriter w(req::kReqMarketRule);
  w.add(m.market_rule_id);
  return w.finish();
}

std::string encode(const ReqSmartComponents& m, int /*server_version*/) {
  MessageWriter w(req::kReqSmartComponents);
  w.add(m.req_id).add(m.bbo_exchange);
  return w.finish();
}

std::string encode(const ReqSecDefOptParams& m, int /*server_version*/) {
  MessageWriter w(req::kReqSecDefOptParams);
  w.add(m.req_id).add(m.underlying_symbol).add(m.fut_fop_exchange).add(m.underlying_sec_type);
  w.add(m.underlying_con_id);
  return w.finish();
}

std::string encode(const ReqHeadTimestamp& m, int /*server_version*/) {
  MessageWriter mw(req::kReqHeadTimestamp);
  detail::StyledWriter w(mw, EncodeStyle::kOfficial);
  mw.add(m.req_id);
  detail::write_contract_block(w, m.contract);
  mw.add(m.include_expired).add(m.use_rth).add(m.what_to_show).add(m.format_date);
  return mw.finish();
}

std::string encode(const CancelHeadTimestamp& m, int /*server_version*/) {
  return detail::encode_req_id_only(req::kCancelHeadTimestamp, m.req_id, false);
}

std::string encode(const ReqCurrentTimeInMillis& /*m*/, int /*server_version*/) {
  return MessageWriter(req::kReqCurrentTimeInMillis).finish();
}

// --- responses ---

std::string encode(const FamilyCodes& m, int /*server_version*/) {
  MessageWriter w(resp::kFamilyCodes);
  w.add(static_cast<int>(m.codes.size()));
  for (const auto& c : m.codes) w.add(c.account).add(c.family_code);
  return w.finish();
}

std::string encode(const UserInfo& m, int /*server_version*/) {
  MessageWriter w(resp::kUserInfo);
  w.add(m.req_id).add(m.white_branding_id);
  return w.finish();
}

std::string encode(const SymbolSamples& m, int server_version) {
  MessageWriter w(resp::kSymbolSamples);
  w.add(m.req_id).add(static_cast<int>(m.descriptions.size()));
  for (const auto& d : m.descriptions) {
    w.add(d.contract.con_id).add(d.contract.symbol).add(d.contract.sec_type).add(d.contract.primary_exchange);
    w.add(d.contract.currency).add(static_cast<int>(d.derivative_sec_types.size()));
    for (const auto& s : d.derivative_sec_types) w.add(s);
    if (server_version >= sv::kBondIssuerId) w.add(d.description).add(d.issuer_id);
  }
  return w.finish();
}

std::string encode(const MarketRule& m, int /*server_version*/) {
  MessageWriter w(resp::kMarketRule);
  w.add(m.market_rule_id).add(static_cast<int>(m.increments.size()));
  for (const auto& i : m.increments) w.add_price(i.low_edge).add_price(i.increment);
  return w.finish();
}

std::string encode(const SmartComponents& m, int /*server_version*/) {
  MessageWriter w(resp::kSmartComponents);
  w.add(m.req_id).add(static_cast<int>(m.components.size()));
  for (const auto& c : m.components) w.add(c.bit_number).add(c.exchange).add(c.exchange_letter);
  return w.finish();
}

std::string encode(const SecDefOptParams& m, int /*server_version*/) {
  MessageWriter w(resp::kSecDefOptParams);
  w.add(m.req_id).add(m.exchange).add(m.underlying_con_id).add(m.trading_class).add(m.multiplier);
  w.add(static_cast<int>(m.expirations.size()));
  for (const auto& e : m.expirations) w.add(e);
  w.add(static_cast<int>(m.strikes.size()));
  for (double s : m.strikes) w.add_plain(s);
  return w.finish();
}

std::string encode(const SecDefOptParamsEnd& m, int /*server_version*/) {
  return detail::encode_req_id_only(resp::kSecDefOptParamsEnd, m.req_id, false);
}

std::string encode(const HeadTimestamp& m, int /*server_version*/) {
  MessageWriter w(resp::kHeadTimestamp);
  w.add(m.req_id).add(m.head_timestamp);
  return w.finish();
}

std::string encode(const CurrentTimeInMillis& m, int /*server_version*/) {
  MessageWriter w(resp::kCurrentTimeInMillis);
  w.add(m.millis);
  return w.finish();
}

namespace detail {

std::optional<Result<Request>> decode_reference_request(int msg_id, FieldReader& reader, int /*server_version*/) {
  switch (msg_id) {
    case req::kReqFamilyCodes:  // no fields to read (later ones are ignored, as for every message)
      return widen<Request>(Result<ReqFamilyCodes>(ReqFamilyCodes{}));
    case req::kReqUserInfo:
      return widen<Request>(decode_req_id_only<ReqUserInfo>(reader, "REQ_USER_INFO", false));
    case req::kReqMatchingSymbols: {
      LayoutReader in(reader, "REQ_MATCHING_SYMBOLS");
      ReqMatchingSymbols m;
      m.req_id = in.i32("reqId");
      m.pattern = in.text("pattern");
      return widen<Request>(in.finish(std::move(m)));
    }
    case req::kReqMarketRule: {
      LayoutReader in(reader, "REQ_MARKET_RULE");
      ReqMarketRule m;
      m.market_rule_id = in.i32("marketRuleId");
      return widen<Request>(in.finish(m));
    }
    case req::kReqSmartComponents: {
      LayoutReader in(reader, "REQ_SMART_COMPONENTS");
      ReqSmartComponents m;
      m.req_id = in.i32("reqId");
      m.bbo_exchange = in.text("bboExchange");
      return widen<Request>(in.finish(std::move(m)));
    }
    case req::kReqSecDefOptParams: {
      LayoutReader in(reader, "REQ_SEC_DEF_OPT_PARAMS");
      ReqSecDefOptParams m;
      m.req_id = in.i32("reqId");
      m.underlying_symbol = in.text("underlyingSymbol");
      m.fut_fop_exchange = in.text("futFopExchange");
      m.underlying_sec_type = in.text("underlyingSecType");
      m.underlying_con_id = in.i64("underlyingConId");
      return widen<Request>(in.finish(std::move(m)));
    }
    case req::kReqHeadTimestamp: {
      LayoutReader in(reader, "REQ_HEAD_TIMESTAMP");
      ReqHeadTimestamp m;
      read_contract_request(in, m);
      m.include_expired = in.flag("includeExpired");
      m.use_rth = in.flag("useRTH");
      m.what_to_show = in.text("whatToShow");
      m.format_date = in.i32("formatDate");
      return widen<Request>(in.finish(std::move(m)));
    }
    case req::kCancelHeadTimestamp:
      return widen<Request>(decode_req_id_only<CancelHeadTimestamp>(reader, "CANCEL_HEAD_TIMESTAMP", false));
    case req::kReqCurrentTimeInMillis:
      return widen<Request>(Result<ReqCurrentTimeInMillis>(ReqCurrentTimeInMillis{}));
    default:
      return std::nullopt;
  }
}

std::optional<Result<Response>> decode_reference_response(int msg_id, FieldReader& reader, int server_version) {
  switch (msg_id) {
    case resp::kFamilyCodes: {
      LayoutReader in(reader, "FAMILY_CODES");
      FamilyCodes m;
      const int n = in.count("nFamilyCodes", 2);
      for (int i = 0; i < n && in.ok(); ++i) {
        FamilyCode c;
        c.account = in.text("accountID");
        c.family_code = in.text("familyCode");
        m.codes.push_back(std::move(c));
      }
      return widen<Response>(in.finish(std::move(m)));
    }
    case resp::kUserInfo: {
      LayoutReader in(reader, "USER_INFO");
      UserInfo m;
      m.req_id = in.i32("reqId");
      m.white_branding_id = in.text("whiteBrandingId");
      return widen<Response>(in.finish(std::move(m)));
    }
    case resp::kSymbolSamples:
      return widen<Response>(decode_symbol_samples(reader, server_version));
    case resp::kMarketRule: {
      LayoutReader in(reader, "MARKET_RULE");
      MarketRule m;
      m.market_rule_id = in.i32("marketRuleId");
      const int n = in.count("nPriceIncrements", 2);
      for (int i = 0; i < n && in.ok(); ++i) {
        PriceIncrement p;
        p.low_edge = in.decimal("lowEdge");
        p.increment = in.decimal("increment");
        m.increments.push_back(p);
      }
      return widen<Response>(in.finish(std::move(m)));
    }
    case resp::kSmartComponents: {
      LayoutReader in(reader, "SMART_COMPONENTS");
      SmartComponents m;
      m.req_id = in.i32("reqId");
      const int n = in.count("n", 3);
      for (int i = 0; i < n && in.ok(); ++i) {
        SmartComponent c;
        c.bit_number = in.i32("bitNumber");
        c.exchange = in.text("exchange");
        c.exchange_letter = in.text("exchangeLetter");
        m.components.push_back(std::move(c));
      }
      return widen<Response>(in.finish(std::move(m)));
    }
    case resp::kSecDefOptParams:
      return widen<Response>(decode_sec_def_opt_params(reader));
    case resp::kSecDefOptParamsEnd:
      return widen<Response>(decode_req_id_only<SecDefOptParamsEnd>(reader, "SECURITY_DEFINITION_OPTION_PARAMETER_END",
                                                                    false));
    case resp::kHeadTimestamp: {
      LayoutReader in(reader, "HEAD_TIMESTAMP");
      HeadTimestamp m;
      m.req_id = in.i32("reqId");
      m.head_timestamp = in.text("headTimestamp");
      return widen<Response>(in.finish(std::move(m)));
    }
    case resp::kCurrentTimeInMillis: {
      LayoutReader in(reader, "CURRENT_TIME_IN_MILLIS");
      CurrentTimeInMillis m;
      m.millis = in.i64("epochMillis");
      return widen<Response>(in.finish(m));
    }
    default:
      return std::nullopt;
  }
}

}  // namespace detail
}  // namespace rt::tws

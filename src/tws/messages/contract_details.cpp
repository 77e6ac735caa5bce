// Contract details (TWS_PROTOCOL.md §4.11): REQ_CONTRACT_DATA out; CONTRACT_DATA and
// CONTRACT_DATA_END in.
#include "tws/messages/contract_details.hpp"

#include "tws/messages/codec.hpp"
#include "tws/messages/codec_detail.hpp"
#include "tws/messages/contract_block.hpp"
#include "tws/messages/layout_reader.hpp"
#include "tws/messages/styled_writer.hpp"
#include "tws/wire/message_writer.hpp"

namespace rt::tws {
namespace {

bool has_fund_fields(const Contract& c, int server_version) {
  return server_version >= sv::kFundDataFields && c.sec_type == "FUND";
}

Result<ReqContractData> decode_req_contract_data(FieldReader& reader, int server_version) {
  LayoutReader in(reader, "REQ_CONTRACT_DATA");
  in.skip("version");
  ReqContractData m;
  detail::read_contract_request(in, m);
  m.include_expired = in.flag("includeExpired");
  m.sec_id_type = in.text("secIdType");
  m.sec_id = in.text("secId");
  if (server_version >= sv::kBondIssuerId) m.issuer_id = in.text("issuerId");
  return in.finish(std::move(m));
}

Result<ContractDetails> decode_contract_data(FieldReader& reader, int server_version) {
  LayoutReader in(reader, "CONTRACT_DATA");
  if (server_version < sv::kSizeRules) in.skip("version");
  ContractDetails m;
  auto& c = m.contract;
  m.req_id = in.i32("reqId");
  c.symbol = in.text("symbol");
  c.sec_type = in.text("secType");
  c.last_trade_date_or_contract_month = in.text("lastTradeDateOrContractMonth");
  if (server_version >= sv::kLastTradeDate) m.last_trade_date = in.text("lastTradeDate");
  c.strike = in.f64("strike");
  c.right = in.text("right");
  c.exchange = in.text("exchange");
  c.currency = in.text("currency");
  c.local_symbol = in.text("localSymbol");
  m.market_name = in.text("marketName");
  c.trading_class = in.text("tradingClass");
  c.con_id = in.i64("conId");
  m.min_tick = in.decimal("minTick");
  if (server_version < sv::kSizeRules) in.skip("mdSizeMultiplier");
  c.multiplier = in.text("multiplier");
  m.order_types = in.text("orderTypes");
  m.valid_exchanges = in.text("validExchanges");
  m.price_magnifier = in.i32("priceMagnifier");
  m.under_con_id = in.i64("underConId");
  m.long_name = in.text("longName");
  c.primary_exchange = in.text("primaryExchange");
  m.contract_month = in.text("contractMonth");
  m.industry = in.text("industry");
  m.category = in.text("category");
  m.subcategory = in.text("subcategory");
  m.time_zone_id = in.text("timeZoneId");
  m.trading_hours = in.text("tradingHours");
  m.liquid_hours = in.text("liquidHours");
  m.ev_rule = in.text("evRule");
  m.ev_multiplier = in.f64_max("evMultiplier");
  int ids = in.count("secIdListCount", 2);
  for (int i = 0; i < ids && in.ok(); ++i) {
    TagValue tv;
    tv.tag = in.text("secIdList.tag");
    tv.value = in.text("secIdList.value");
    m.sec_id_list.push_back(std::move(tv));
  }
  m.agg_group = in.i32("aggGroup");
  m.under_symbol = in.text("underSymbol");
  m.under_sec_type = in.text("underSecType");
  m.market_rule_ids = in.text("marketRuleIds");
  m.real_expiration_date = in.text("realExpirationDate");
  m.stock_type = in.text("stockType");
  if (server_version >= sv::kSizeRules) {
    m.min_size = in.decimal("minSize");
    m.size_increment = in.decimal("sizeIncrement");
    m.suggested_size_increment = in.decimal("suggestedSizeIncrement");
  } else if (server_version >= sv::kFractionalSizeSupport) {
    m.min_size = in.decimal("sizeMinTick");
  }
  if (in.ok() && has_fund_fields(c, server_version)) {
    FundDetails f;
    f.name = in.text("fundName");
    f.family = in.text("fundFamily");
    f.type = in.text("fundType");
    f.front_load = in.text("fundFrontLoad");
    f.back_load = in.text("fundBackLoad");
    f.back_load_time_interval = in.text("fundBackLoadTimeInterval");
    f.management_fee = in.text("fundManagementFee");
    f.closed = in.flag("fundClosed");
    f.closed_for_new_investors = in.flag("fundClosedForNewInvestors");
    f.closed_for_new_money = in.flag("fundClosedForNewMoney");
    f.notify_amount = in.text("fundNotifyAmount");
    f.minimum_initial_purchase = in.text("fundMinimumInitialPurchase");
    f.subsequent_minimum_purchase = in.text("fundSubsequentMinimumPurchase");
    f.blue_sky_states = in.text("fundBlueSkyStates");
    f.blue_sky_territories = in.text("fundBlueSkyTerritories");
    f.distribution_policy_indicator = in.text("fundDistributionPolicyIndicator");
    f.asset_type = in.text("fundAssetType");
    m.fund = std::move(f);
  }
  if (server_version >= sv::kIneligibilityReasons) {
    int reasons = in.count("ineligibilityReasonCount", 2);
    for (int i = 0; i < reasons && in.ok(); ++i) {
      IneligibilityReason r;
      r.id = in.text("ineligibilityReason.id");
      r.description = in.text("ineligibilityReason.description");
      m.ineligibility_reasons.push_back(std::move(r));
    }
  }
  return in.finish(std::move(m));
}

}  // namespace

std::string encode(const ReqContractData& m, int server_version, EncodeStyle style) {
  MessageWriter mw(req::kReqContractData);
  detail::StyledWriter w(mw, style);
  mw.add(8).add(m.req_id);
  detail::write_contract_block(w, m.contract);
  w.flag(m.include_expired);
  mw.add(m.sec_id_type).add(m.sec_id);
  if (server_version >= sv::kBondIssuerId) mw.add(m.issuer_id);
  return mw.finish();
}
std::string encode(const ReqContractData& m, int server_version) {
  return encode(m, server_version, EncodeStyle::kOfficial);
}

std::string encode(const ContractDetails& m, int server_version) {
  const auto& c = m.contract;
  MessageWriter w(resp::kContractData);
  if (server_version < sv::kSizeRules) w.add(8);
  w.add(m.req_id).add(c.symbol).add(c.sec_type).add(c.last_trade_date_or_contract_month);
  if (server_version >= sv::kLastTradeDate) w.add(m.last_trade_date);
  w.add_plain(c.strike).add(c.right).add(c.exchange).add(c.currency).add(c.local_symbol);
  w.add(m.market_name).add(c.trading_class).add(c.con_id).add_quantity(m.min_tick);
  if (server_version < sv::kSizeRules) w.add(1);  // mdSizeMultiplier, no longer used
  w.add(c.multiplier).add(m.order_types).add(m.valid_exchanges).add(m.price_magnifier).add(m.under_con_id);
  w.add(m.long_name).add(c.primary_exchange).add(m.contract_month).add(m.industry).add(m.category);
  w.add(m.subcategory).add(m.time_zone_id).add(m.trading_hours).add(m.liquid_hours).add(m.ev_rule);
  m.ev_multiplier ? w.add_plain(*m.ev_multiplier) : w.add_empty();
  w.add(static_cast<int>(m.sec_id_list.size()));
  for (const auto& tv : m.sec_id_list) w.add(tv.tag).add(tv.value);
  w.add(m.agg_group).add(m.under_symbol).add(m.under_sec_type).add(m.market_rule_ids);
  w.add(m.real_expiration_date).add(m.stock_type);
  if (server_version >= sv::kSizeRules) {
    w.add_quantity(m.min_size).add_quantity(m.size_increment).add_quantity(m.suggested_size_increment);
  } else if (server_version >= sv::kFractionalSizeSupport) {
    w.add_quantity(m.min_size);
  }
  if (has_fund_fields(c, server_version)) {
    FundDetails f = m.fund.value_or(FundDetails{});
    w.add(f.name).add(f.family).add(f.type).add(f.front_load).add(f.back_load).add(f.back_load_time_interval);
    w.add(f.management_fee).add(f.closed).add(f.closed_for_new_investors).add(f.closed_for_new_money);
    w.add(f.notify_amount).add(f.minimum_initial_purchase).add(f.subsequent_minimum_purchase);
    w.add(f.blue_sky_states).add(f.blue_sky_territories).add(f.distribution_policy_indicator).add(f.asset_type);
  }
  if (server_version >= sv::kIneligibilityReasons) {
    w.add(static_cast<int>(m.ineligibility_reasons.size()));
    for (const auto& r : m.ineligibility_reasons) w.add(r.id).add(r.description);
  }
  return w.finish();
}

std::string encode(const ContractDataEnd& m, int /*server_version*/) {
  return detail::encode_req_id_only(resp::kContractDataEnd, m.req_id);
}

namespace detail {

std::optional<Result<Request>> decode_contract_request(int msg_id, FieldReader& reader, int server_version) {
  if (msg_id != req::kReqContractData) return std::nullopt;
  return widen<Request>(decode_req_contract_data(reader, server_version));
}

std::optional<Result<Response>> decode_contract_response(int msg_id, FieldReader& reader, int server_version) {
  switch (msg_id) {
    case resp::kContractData:
      return widen<Response>(decode_contract_data(reader, server_version));
    case resp::kContractDataEnd:
      return widen<Response>(decode_req_id_only<ContractDataEnd>(reader, "CONTRACT_DATA_END"));
    default:
      return std::nullopt;
  }
}

}  // namespace detail
}  // namespace rt::tws

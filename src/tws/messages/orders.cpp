// Orders (TWS_PROTOCOL.md §4.12-4.14, §4.16): PLACE_ORDER, CANCEL_ORDER, REQ_GLOBAL_CANCEL,
// REQ_OPEN_ORDERS, REQ_ALL_OPEN_ORDERS, REQ_AUTO_OPEN_ORDERS, REQ_COMPLETED_ORDERS out;
// OPEN_ORDER, ORDER_STATUS, OPEN_ORDER_END and COMPLETED_ORDERS_END in.
#include "tws/messages/orders.hpp"

#include <cmath>

#include "tws/messages/codec.hpp"
#include "tws/messages/codec_detail.hpp"
#include "tws/messages/layout_reader.hpp"
#include "tws/messages/styled_writer.hpp"
#include "tws/wire/message_writer.hpp"

namespace rt::tws {
namespace {

constexpr std::string_view kPegBench = "PEG BENCH";
constexpr std::string_view kPegBest = "PEG BEST";
constexpr std::string_view kPegMid = "PEG MID";

bool has_scale_extras(const Order& o) {
  return o.scale_price_increment && *o.scale_price_increment > 0 && *o.scale_price_increment < kUnsetDouble;
}

bool competes_up_to_mid(const Order& o) {
  return o.compete_against_best_offset && std::isinf(*o.compete_against_best_offset) &&
         *o.compete_against_best_offset > 0;
}

// Fields after the type and conjunction, per condition type; -1 for a type we cannot walk over.
int condition_fields(int type) {
  switch (type) {
    case 1: return 5;  // Price: isMore, value, conId, exchange, triggerMethod
    case 3: return 2;  // Time: isMore, value
    case 4: return 2;  // Margin: isMore, value
    case 5: return 3;  // Execution: secType, exchange, symbol
    case 6: return 4;  // Volume: isMore, value, conId, exchange
    case 7: return 4;  // PercentChange: isMore, value, conId, exchange
    default: return -1;
  }
}

void read_conditions(LayoutReader& in, Order& o) {
  int n = in.count("conditionsCount", 2);
  for (int i = 0; i < n && in.ok(); ++i) {
    OrderCondition c;
    c.type = in.i32("condition.type");
    c.conjunction = in.text("condition.conjunction");
    int fields = condition_fields(c.type);
    if (in.ok() && fields < 0) {
      in.fail("condition.type", std::to_string(c.type) + " is not a known condition type");
      return;
    }
    for (int f = 0; f < fields && in.ok(); ++f) c.fields.push_back(in.text("condition.field"));
    o.conditions.push_back(std::move(c));
  }
  if (n > 0) {
    o.conditions_ignore_rth = in.flag("conditionsIgnoreRth");
    o.conditions_cancel_order = in.flag("conditionsCancelOrder");
  }
}

void write_conditions(MessageWriter& w, const Order& o, detail::StyledWriter* styled) {
  w.add(static_cast<int>(o.conditions.size()));
  for (const auto& c : o.conditions) {
    w.add(c.type).add(c.conjunction);
    // A condition always carries exactly its type's fields, so the peer stays aligned.
    int fields = condition_fields(c.type);
    for (int f = 0; f < fields; ++f) {
      w.add(static_cast<std::size_t>(f) < c.fields.size() ? std::string_view(c.fields[static_cast<std::size_t>(f)])
                                                          : std::string_view());
    }
  }
  if (!o.conditions.empty()) {
    if (styled) {
      styled->flag(o.conditions_ignore_rth);
      styled->flag(o.conditions_cancel_order);
    } else {
      w.add(o.conditions_ignore_rth).add(o.conditions_cancel_order);
    }
  }
}

ComboLeg read_order_leg(LayoutReader& in) {
  ComboLeg leg;
  leg.con_id = in.i64("comboLeg.conId");
  leg.ratio = in.i32("comboLeg.ratio");
  leg.action = in.text("comboLeg.action");
  leg.exchange = in.text("comboLeg.exchange");
  leg.open_close = in.i32("comboLeg.openClose");
  leg.short_sale_slot = in.i32("comboLeg.shortSaleSlot");
  leg.designated_location = in.text("comboLeg.designatedLocation");
  leg.exempt_code = in.i32_or("comboLeg.exemptCode", -1);
  return leg;
}

void write_order_leg(MessageWriter& w, const ComboLeg& leg) {
  w.add(leg.con_id).add(leg.ratio).add(leg.action).add(leg.exchange).add(leg.open_close);
  w.add(leg.short_sale_slot).add(leg.designated_location).add(leg.exempt_code);
}

void read_tag_values(LayoutReader& in, std::vector<TagValue>& out, std::string_view count_field) {
  int n = in.count(count_field, 2);
  for (int i = 0; i < n && in.ok(); ++i) {
    TagValue tv;
    tv.tag = in.text("tag");
    tv.value = in.text("value");
    out.push_back(std::move(tv));
  }
}

void write_tag_values(MessageWriter& w, const std::vector<TagValue>& tvs) {
  w.add(static_cast<int>(tvs.size()));
  for (const auto& tv : tvs) w.add(tv.tag).add(tv.value);
}

void read_scale_extras(LayoutReader& in, Order& o) {
  o.scale_price_adjust_value = in.f64_max("scalePriceAdjustValue");
  o.scale_price_adjust_interval = in.i32_max("scalePriceAdjustInterval");
  o.scale_profit_offset = in.f64_max("scaleProfitOffset");
  o.scale_auto_reset = in.flag("scaleAutoReset");
  o.scale_init_position = in.i32_max("scaleInitPosition");
  o.scale_init_fill_qty = in.i32_max("scaleInitFillQty");
  o.scale_random_percent = in.flag("scaleRandomPercent");
}

void read_peg_bench(LayoutReader& in, Order& o) {
  o.reference_contract_id = in.i32("referenceContractId");
  o.is_pegged_change_amount_decrease = in.flag("isPeggedChangeAmountDecrease");
  o.pegged_change_amount = in.f64("peggedChangeAmount");
  o.reference_change_amount = in.f64("referenceChangeAmount");
  o.reference_exchange_id = in.text("referenceExchangeId");
}

// ---------------------------------------------------------------------------------------------
// PLACE_ORDER

Result<PlaceOrder> decode_place_order(FieldReader& reader, int server_version) {
  LayoutReader in(reader, "PLACE_ORDER");
  PlaceOrder m;
  Order& o = m.order;
  m.order_id = in.i64("orderId");
  detail::read_contract_block(in, m.contract);
  m.sec_id_type = in.text("secIdType");
  m.sec_id = in.text("secId");
  o.action = in.text("action");
  o.total_quantity = in.decimal("totalQuantity");
  o.order_type = in.text("orderType");
  o.lmt_price = in.decimal_opt("lmtPrice");
  o.aux_price = in.decimal_opt("auxPrice");
  o.tif = in.text("tif");
  o.oca_group = in.text("ocaGroup");
  o.account = in.text("account");
  o.open_close = in.text("openClose");
  o.origin = in.i32("origin");
  o.order_ref = in.text("orderRef");
  o.transmit = in.flag("transmit");
  o.parent_id = in.i64("parentId");
  o.block_order = in.flag("blockOrder");
  o.sweep_to_fill = in.flag("sweepToFill");
  o.display_size = in.i32_max("displaySize");
  if (o.display_size == 0) o.display_size.reset();  // Java sends 0 for "not set"
  o.trigger_method = in.i32("triggerMethod");
  o.outside_rth = in.flag("outsideRth");
  o.hidden = in.flag("hidden");
  if (in.ok() && m.contract.sec_type == "BAG") {
    int legs = in.count("comboLegsCount", 8);
    for (int i = 0; i < legs && in.ok(); ++i) o.combo_legs.push_back(read_order_leg(in));
    int prices = in.count("orderComboLegsCount", 1);
    for (int i = 0; i < prices && in.ok(); ++i) o.order_combo_leg_prices.push_back(in.decimal_opt("orderComboLeg.price"));
    read_tag_values(in, o.smart_combo_routing_params, "smartComboRoutingParamsCount");
  }
  in.skip("sharesAllocation");
  o.discretionary_amt = in.decimal_opt("discretionaryAmt");
  o.good_after_time = in.text("goodAfterTime");
  o.good_till_date = in.text("goodTillDate");
  o.fa_group = in.text("faGroup");
  o.fa_method = in.text("faMethod");
  o.fa_percentage = in.text("faPercentage");
  if (server_version < sv::kFaProfileDesupport) in.skip("faProfile");
  o.model_code = in.text("modelCode");
  o.short_sale_slot = in.i32("shortSaleSlot");
  o.designated_location = in.text("designatedLocation");
  o.exempt_code = in.i32_or("exemptCode", -1);
  o.oca_type = in.i32("ocaType");
  o.rule80a = in.text("rule80A");
  o.settling_firm = in.text("settlingFirm");
  o.all_or_none = in.flag("allOrNone");
  o.min_qty = in.i32_max("minQty");
  o.percent_offset = in.f64_max("percentOffset");
  in.skip("eTradeOnly");
  in.skip("firmQuoteOnly");
  in.skip("nbboPriceCap");
  o.auction_strategy = in.i32_max("auctionStrategy").value_or(0);
  o.starting_price = in.decimal_opt("startingPrice");
  o.stock_ref_price = in.decimal_opt("stockRefPrice");
  o.delta = in.f64_max("delta");
  o.stock_range_lower = in.decimal_opt("stockRangeLower");
  o.stock_range_upper = in.decimal_opt("stockRangeUpper");
  o.override_percentage_constraints = in.flag("overridePercentageConstraints");
  o.volatility = in.f64_max("volatility");
  o.volatility_type = in.i32_max("volatilityType");
  o.delta_neutral_order_type = in.text("deltaNeutralOrderType");
  o.delta_neutral_aux_price = in.decimal_opt("deltaNeutralAuxPrice");
  if (!o.delta_neutral_order_type.empty()) {
    o.delta_neutral_con_id = in.i64("deltaNeutralConId");
    o.delta_neutral_settling_firm = in.text("deltaNeutralSettlingFirm");
    o.delta_neutral_clearing_account = in.text("deltaNeutralClearingAccount");
    o.delta_neutral_clearing_intent = in.text("deltaNeutralClearingIntent");
    o.delta_neutral_open_close = in.text("deltaNeutralOpenClose");
    o.delta_neutral_short_sale = in.flag("deltaNeutralShortSale");
    o.delta_neutral_short_sale_slot = in.i32("deltaNeutralShortSaleSlot");
    o.delta_neutral_designated_location = in.text("deltaNeutralDesignatedLocation");
  }
  o.continuous_update = in.i32("continuousUpdate");
  o.reference_price_type = in.i32_max("referencePriceType");
  o.trail_stop_price = in.decimal_opt("trailStopPrice");
  o.trailing_percent = in.decimal_opt("trailingPercent");
  o.scale_init_level_size = in.i32_max("scaleInitLevelSize");
  o.scale_subs_level_size = in.i32_max("scaleSubsLevelSize");
  o.scale_price_increment = in.f64_max("scalePriceIncrement");
  if (has_scale_extras(o)) read_scale_extras(in, o);
  o.scale_table = in.text("scaleTable");
  o.active_start_time = in.text("activeStartTime");
  o.active_stop_time = in.text("activeStopTime");
  o.hedge_type = in.text("hedgeType");
  if (!o.hedge_type.empty()) o.hedge_param = in.text("hedgeParam");
  o.opt_out_smart_routing = in.flag("optOutSmartRouting");
  o.clearing_account = in.text("clearingAccount");
  o.clearing_intent = in.text("clearingIntent");
  o.not_held = in.flag("notHeld");
  if (in.flag("deltaNeutralContract")) {
    DeltaNeutralContract dn;
    dn.con_id = in.i64("deltaNeutralContract.conId");
    dn.delta = in.f64("deltaNeutralContract.delta");
    dn.price = in.decimal("deltaNeutralContract.price");
    o.delta_neutral_contract = dn;
  }
  o.algo_strategy = in.text("algoStrategy");
  if (!o.algo_strategy.empty()) read_tag_values(in, o.algo_params, "algoParamsCount");
  o.algo_id = in.text("algoId");
  o.what_if = in.flag("whatIf");
  o.order_misc_options = in.text("orderMiscOptions");
  o.solicited = in.flag("solicited");
  o.randomize_size = in.flag("randomizeSize");
  o.randomize_price = in.flag("randomizePrice");
  if (o.order_type == kPegBench) read_peg_bench(in, o);
  if (in.ok()) read_conditions(in, o);
  o.adjusted_order_type = in.text("adjustedOrderType");
  o.trigger_price = in.decimal_opt("triggerPrice");
  o.lmt_price_offset = in.decimal_opt("lmtPriceOffset");
  o.adjusted_stop_price = in.decimal_opt("adjustedStopPrice");
  o.adjusted_stop_limit_price = in.decimal_opt("adjustedStopLimitPrice");
  o.adjusted_trailing_amount = in.decimal_opt("adjustedTrailingAmount");
  o.adjustable_trailing_unit = in.i32("adjustableTrailingUnit");
  o.ext_operator = in.text("extOperator");
  o.soft_dollar_tier_name = in.text("softDollarTier.name");
  o.soft_dollar_tier_value = in.text("softDollarTier.value");
  o.cash_qty = in.decimal_opt("cashQty");
  o.mifid2_decision_maker = in.text("mifid2DecisionMaker");
  o.mifid2_decision_algo = in.text("mifid2DecisionAlgo");
  o.mifid2_execution_trader = in.text("mifid2ExecutionTrader");
  o.mifid2_execution_algo = in.text("mifid2ExecutionAlgo");
  o.dont_use_auto_price_for_hedge = in.flag("dontUseAutoPriceForHedge");
  o.is_oms_container = in.flag("isOmsContainer");
  o.discretionary_up_to_limit_price = in.flag("discretionaryUpToLimitPrice");
  o.use_price_mgmt_algo = in.flag_opt("usePriceMgmtAlgo");
  if (server_version >= sv::kDuration) o.duration = in.i32_max("duration");
  if (server_version >= sv::kPostToAts) o.post_to_ats = in.i32_max("postToAts");
  if (server_version >= sv::kAutoCancelParent) o.auto_cancel_parent = in.flag("autoCancelParent");
  if (server_version >= sv::kAdvancedOrderReject) o.advanced_error_override = in.text("advancedErrorOverride");
  if (server_version >= sv::kManualOrderTime) o.manual_order_time = in.text("manualOrderTime");
  if (server_version >= sv::kPegBestPegMidOffsets) {
    if (m.contract.exchange == "IBKRATS") o.min_trade_qty = in.i32_max("minTradeQty");
    bool mid_offsets = o.order_type == kPegMid;
    if (o.order_type == kPegBest) {
      o.min_compete_size = in.i32_max("minCompeteSize");
      o.compete_against_best_offset = in.f64_max("competeAgainstBestOffset");
      mid_offsets = competes_up_to_mid(o);
    }
    if (mid_offsets) {
      o.mid_offset_at_whole = in.f64_max("midOffsetAtWhole");
      o.mid_offset_at_half = in.f64_max("midOffsetAtHalf");
    }
  }
  if (server_version >= sv::kCustomerAccount) o.customer_account = in.text("customerAccount");
  if (server_version >= sv::kProfessionalCustomer) o.professional_customer = in.flag("professionalCustomer");
  if (server_version >= sv::kRfqFields && server_version < sv::kRfqFieldsUndone) {
    in.skip("rfqPlaceholder");
    in.skip("rfqPlaceholder");
  }
  if (server_version >= sv::kIncludeOvernight) o.include_overnight = in.flag("includeOvernight");
  if (server_version >= sv::kCmeTaggingFields) o.manual_order_indicator = in.i32_max("manualOrderIndicator");
  return in.finish(std::move(m));
}

// ---------------------------------------------------------------------------------------------
// OPEN_ORDER (server side writes it; prices as plain decimals, unset values empty)

void add_opt(MessageWriter& w, const std::optional<Decimal>& v) { v ? w.add_quantity(*v) : w.add_empty(); }
void add_opt(MessageWriter& w, const std::optional<double>& v) { v ? w.add_plain(*v) : w.add_empty(); }
void add_opt(MessageWriter& w, const std::optional<int>& v) { v ? w.add(*v) : w.add_empty(); }

Result<OpenOrder> decode_open_order(FieldReader& reader, int server_version) {
  LayoutReader in(reader, "OPEN_ORDER");
  OpenOrder m;
  Order& o = m.order;
  OrderState& st = m.state;
  m.order_id = in.i64("orderId");
  detail::read_reply_contract(in, m.contract);
  o.action = in.text("action");
  o.total_quantity = in.decimal("totalQuantity");
  o.order_type = in.text("orderType");
  o.lmt_price = in.decimal_opt("lmtPrice");
  o.aux_price = in.decimal_opt("auxPrice");
  o.tif = in.text("tif");
  o.oca_group = in.text("ocaGroup");
  o.account = in.text("account");
  o.open_close = in.text("openClose");
  o.origin = in.i32("origin");
  o.order_ref = in.text("orderRef");
  o.client_id = in.i32("clientId");
  o.perm_id = in.i64("permId");
  o.outside_rth = in.flag("outsideRth");
  o.hidden = in.flag("hidden");
  o.discretionary_amt = in.decimal_opt("discretionaryAmt");
  o.good_after_time = in.text("goodAfterTime");
  in.skip("sharesAllocation");
  o.fa_group = in.text("faGroup");
  o.fa_method = in.text("faMethod");
  o.fa_percentage = in.text("faPercentage");
  if (server_version < sv::kFaProfileDesupport) in.skip("faProfile");
  o.model_code = in.text("modelCode");
  o.good_till_date = in.text("goodTillDate");
  o.rule80a = in.text("rule80A");
  o.percent_offset = in.f64_max("percentOffset");
  o.settling_firm = in.text("settlingFirm");
  o.short_sale_slot = in.i32("shortSaleSlot");
  o.designated_location = in.text("designatedLocation");
  o.exempt_code = in.i32_or("exemptCode", -1);
  o.auction_strategy = in.i32("auctionStrategy");
  o.starting_price = in.decimal_opt("startingPrice");
  o.stock_ref_price = in.decimal_opt("stockRefPrice");
  o.delta = in.f64_max("delta");
  o.stock_range_lower = in.decimal_opt("stockRangeLower");
  o.stock_range_upper = in.decimal_opt("stockRangeUpper");
  o.display_size = in.i32_max("displaySize");
  o.block_order = in.flag("blockOrder");
  o.sweep_to_fill = in.flag("sweepToFill");
  o.all_or_none = in.flag("allOrNone");
  o.min_qty = in.i32_max("minQty");
  o.oca_type = in.i32("ocaType");
  in.skip("eTradeOnly");
  in.skip("firmQuoteOnly");
  in.skip("nbboPriceCap");
  o.parent_id = in.i64("parentId");
  o.trigger_method = in.i32("triggerMethod");
  o.volatility = in.f64_max("volatility");
  o.volatility_type = in.i32_max("volatilityType");
  o.delta_neutral_order_type = in.text("deltaNeutralOrderType");
  o.delta_neutral_aux_price = in.decimal_opt("deltaNeutralAuxPrice");
  if (!o.delta_neutral_order_type.empty()) {
    o.delta_neutral_con_id = in.i64("deltaNeutralConId");
    o.delta_neutral_settling_firm = in.text("deltaNeutralSettlingFirm");
    o.delta_neutral_clearing_account = in.text("deltaNeutralClearingAccount");
    o.delta_neutral_clearing_intent = in.text("deltaNeutralClearingIntent");
    o.delta_neutral_open_close = in.text("deltaNeutralOpenClose");
    o.delta_neutral_short_sale = in.flag("deltaNeutralShortSale");
    o.delta_neutral_short_sale_slot = in.i32("deltaNeutralShortSaleSlot");
    o.delta_neutral_designated_location = in.text("deltaNeutralDesignatedLocation");
  }
  o.continuous_update = in.i32("continuousUpdate");
  o.reference_price_type = in.i32_max("referencePriceType");
  o.trail_stop_price = in.decimal_opt("trailStopPrice");
  o.trailing_percent = in.decimal_opt("trailingPercent");
  in.skip("basisPoints");
  in.skip("basisPointsType");
  m.combo_legs_description = in.text("comboLegsDescrip");
  int legs = in.count("comboLegsCount", 8);
  for (int i = 0; i < legs && in.ok(); ++i) o.combo_legs.push_back(read_order_leg(in));
  int prices = in.count("orderComboLegsCount", 1);
  for (int i = 0; i < prices && in.ok(); ++i) o.order_combo_leg_prices.push_back(in.decimal_opt("orderComboLeg.price"));
  read_tag_values(in, o.smart_combo_routing_params, "smartComboRoutingParamsCount");
  o.scale_init_level_size = in.i32_max("scaleInitLevelSize");
  o.scale_subs_level_size = in.i32_max("scaleSubsLevelSize");
  o.scale_price_increment = in.f64_max("scalePriceIncrement");
  if (has_scale_extras(o)) read_scale_extras(in, o);
  o.hedge_type = in.text("hedgeType");
  if (!o.hedge_type.empty()) o.hedge_param = in.text("hedgeParam");
  o.opt_out_smart_routing = in.flag("optOutSmartRouting");
  o.clearing_account = in.text("clearingAccount");
  o.clearing_intent = in.text("clearingIntent");
  o.not_held = in.flag("notHeld");
  if (in.flag("deltaNeutralContract")) {
    DeltaNeutralContract dn;
    dn.con_id = in.i64("deltaNeutralContract.conId");
    dn.delta = in.f64("deltaNeutralContract.delta");
    dn.price = in.decimal("deltaNeutralContract.price");
    o.delta_neutral_contract = dn;
  }
  o.algo_strategy = in.text("algoStrategy");
  if (!o.algo_strategy.empty()) read_tag_values(in, o.algo_params, "algoParamsCount");
  o.solicited = in.flag("solicited");
  o.what_if = in.flag("whatIf");
  st.status = in.text("status");
  st.init_margin_before = in.decimal_opt("initMarginBefore");
  st.maint_margin_before = in.decimal_opt("maintMarginBefore");
  st.equity_with_loan_before = in.decimal_opt("equityWithLoanBefore");
  st.init_margin_change = in.decimal_opt("initMarginChange");
  st.maint_margin_change = in.decimal_opt("maintMarginChange");
  st.equity_with_loan_change = in.decimal_opt("equityWithLoanChange");
  st.init_margin_after = in.decimal_opt("initMarginAfter");
  st.maint_margin_after = in.decimal_opt("maintMarginAfter");
  st.equity_with_loan_after = in.decimal_opt("equityWithLoanAfter");
  st.commission = in.decimal_opt("commission");
  st.min_commission = in.decimal_opt("minCommission");
  st.max_commission = in.decimal_opt("maxCommission");
  st.commission_currency = in.text("commissionCurrency");
  st.warning_text = in.text("warningText");
  o.randomize_size = in.flag("randomizeSize");
  o.randomize_price = in.flag("randomizePrice");
  if (o.order_type == kPegBench) read_peg_bench(in, o);
  if (in.ok()) read_conditions(in, o);
  o.adjusted_order_type = in.text("adjustedOrderType");
  o.trigger_price = in.decimal_opt("triggerPrice");
  o.trail_stop_price = in.decimal_opt("trailStopPrice");  // sent a second time here
  o.lmt_price_offset = in.decimal_opt("lmtPriceOffset");
  o.adjusted_stop_price = in.decimal_opt("adjustedStopPrice");
  o.adjusted_stop_limit_price = in.decimal_opt("adjustedStopLimitPrice");
  o.adjusted_trailing_amount = in.decimal_opt("adjustedTrailingAmount");
  o.adjustable_trailing_unit = in.i32("adjustableTrailingUnit");
  o.soft_dollar_tier_name = in.text("softDollarTier.name");
  o.soft_dollar_tier_value = in.text("softDollarTier.value");
  o.soft_dollar_tier_display_name = in.text("softDollarTier.displayName");
  o.cash_qty = in.decimal_opt("cashQty");
  o.dont_use_auto_price_for_hedge = in.flag("dontUseAutoPriceForHedge");
  o.is_oms_container = in.flag("isOmsContainer");
  o.discretionary_up_to_limit_price = in.flag("discretionaryUpToLimitPrice");
  o.use_price_mgmt_algo = in.flag_opt("usePriceMgmtAlgo");
  if (server_version >= sv::kDuration) o.duration = in.i32_max("duration");
  if (server_version >= sv::kPostToAts) o.post_to_ats = in.i32_max("postToAts");
  if (server_version >= sv::kAutoCancelParent) o.auto_cancel_parent = in.flag("autoCancelParent");
  if (server_version >= sv::kPegBestPegMidOffsets) {
    o.min_trade_qty = in.i32_max("minTradeQty");
    o.min_compete_size = in.i32_max("minCompeteSize");
    o.compete_against_best_offset = in.f64_max("competeAgainstBestOffset");
    o.mid_offset_at_whole = in.f64_max("midOffsetAtWhole");
    o.mid_offset_at_half = in.f64_max("midOffsetAtHalf");
  }
  if (server_version >= sv::kCustomerAccount) o.customer_account = in.text("customerAccount");
  if (server_version >= sv::kProfessionalCustomer) o.professional_customer = in.flag("professionalCustomer");
  if (server_version >= sv::kBondAccruedInterest) o.bond_accrued_interest = in.text("bondAccruedInterest");
  if (server_version >= sv::kIncludeOvernight) o.include_overnight = in.flag("includeOvernight");
  if (server_version >= sv::kCmeTaggingFieldsInOpenOrder) {
    o.ext_operator = in.text("extOperator");
    o.manual_order_indicator = in.i32_max("manualOrderIndicator");
  }
  return in.finish(std::move(m));
}

Result<OrderStatus> decode_order_status(FieldReader& reader) {
  LayoutReader in(reader, "ORDER_STATUS");
  OrderStatus m;
  m.order_id = in.i64("orderId");
  m.status = in.text("status");
  m.filled = in.decimal("filled");
  m.remaining = in.decimal("remaining");
  m.avg_fill_price = in.decimal("avgFillPrice");
  m.perm_id = in.i64("permId");
  m.parent_id = in.i64("parentId");
  m.last_fill_price = in.decimal("lastFillPrice");
  m.client_id = in.i32("clientId");
  m.why_held = in.text("whyHeld");
  m.mkt_cap_price = in.decimal("mktCapPrice");
  return in.finish(std::move(m));
}

Result<CancelOrder> decode_cancel_order(FieldReader& reader, int server_version) {
  LayoutReader in(reader, "CANCEL_ORDER");
  if (server_version < sv::kCmeTaggingFields) in.skip("version");
  CancelOrder m;
  m.order_id = in.i64("orderId");
  if (server_version >= sv::kManualOrderTime) m.manual_order_cancel_time = in.text("manualOrderCancelTime");
  if (server_version >= sv::kRfqFields && server_version < sv::kRfqFieldsUndone) {
    in.skip("rfqPlaceholder");
    in.skip("rfqPlaceholder");
    in.skip("rfqPlaceholder");
  }
  if (server_version >= sv::kCmeTaggingFields) {
    m.ext_operator = in.text("extOperator");
    m.manual_order_indicator = in.i32_max("manualOrderIndicator");
  }
  return in.finish(std::move(m));
}

Result<ReqGlobalCancel> decode_global_cancel(FieldReader& reader, int server_version) {
  LayoutReader in(reader, "REQ_GLOBAL_CANCEL");
  ReqGlobalCancel m;
  if (server_version < sv::kCmeTaggingFields) {
    in.skip("version");
  } else {
    m.ext_operator = in.text("extOperator");
    m.manual_order_indicator = in.i32_max("manualOrderIndicator");
  }
  return in.finish(std::move(m));
}

}  // namespace

// --- requests ---

std::string encode(const PlaceOrder& m, int server_version, EncodeStyle style) {
  const Order& o = m.order;
  MessageWriter mw(req::kPlaceOrder);
  detail::StyledWriter w(mw, style);
  mw.add(m.order_id);
  detail::write_contract_block(w, m.contract);
  w.text(m.sec_id_type);
  w.text(m.sec_id);
  w.text(o.action);
  w.quantity(o.total_quantity);
  w.text(o.order_type);
  w.price(o.lmt_price);
  w.price(o.aux_price);
  w.text(o.tif);
  w.text(o.oca_group);
  w.text(o.account);
  w.text(o.open_close);
  w.integer(o.origin);
  w.text(o.order_ref);
  w.flag(o.transmit);
  w.integer(o.parent_id);
  w.flag(o.block_order);
  w.flag(o.sweep_to_fill);
  if (o.display_size || !w.stoqey()) {
    mw.add(o.display_size.value_or(0));
  } else {
    w.empty();
  }
  w.integer(o.trigger_method);
  w.flag(o.outside_rth);
  w.flag(o.hidden);
  if (m.contract.sec_type == "BAG") {
    mw.add(static_cast<int>(o.combo_legs.size()));
    for (const auto& leg : o.combo_legs) write_order_leg(mw, leg);
    mw.add(static_cast<int>(o.order_combo_leg_prices.size()));
    for (const auto& p : o.order_combo_leg_prices) w.price(p);
    write_tag_values(mw, o.smart_combo_routing_params);
  }
  w.empty();  // sharesAllocation, deprecated
  w.plain_price(o.discretionary_amt);
  w.text(o.good_after_time);
  w.text(o.good_till_date);
  w.text(o.fa_group);
  w.text(o.fa_method);
  w.text(o.fa_percentage);
  if (server_version < sv::kFaProfileDesupport) w.empty();  // faProfile
  w.text(o.model_code);
  w.integer(o.short_sale_slot);
  w.text(o.designated_location);
  w.integer(o.exempt_code, -1);
  w.integer(o.oca_type);
  w.text(o.rule80a);
  w.text(o.settling_firm);
  w.flag(o.all_or_none);
  w.max_int(o.min_qty);
  w.dbl(o.percent_offset);
  w.flag(false);  // eTradeOnly, always false
  w.flag(false);  // firmQuoteOnly, always false
  w.empty();      // nbboPriceCap, always unset
  w.integer(o.auction_strategy);
  w.price(o.starting_price);
  w.price(o.stock_ref_price);
  w.dbl(o.delta);
  w.price(o.stock_range_lower);
  w.price(o.stock_range_upper);
  w.flag(o.override_percentage_constraints);
  w.dbl(o.volatility);
  w.max_int(o.volatility_type);
  w.text(o.delta_neutral_order_type);
  w.price(o.delta_neutral_aux_price);
  if (!o.delta_neutral_order_type.empty()) {
    mw.add(o.delta_neutral_con_id);
    w.text(o.delta_neutral_settling_firm);
    w.text(o.delta_neutral_clearing_account);
    w.text(o.delta_neutral_clearing_intent);
    w.text(o.delta_neutral_open_close);
    mw.add(o.delta_neutral_short_sale);
    mw.add(o.delta_neutral_short_sale_slot);
    w.text(o.delta_neutral_designated_location);
  }
  w.integer(o.continuous_update);
  w.max_int(o.reference_price_type);
  w.price(o.trail_stop_price);
  w.price(o.trailing_percent);
  w.max_int(o.scale_init_level_size);
  w.max_int(o.scale_subs_level_size);
  w.dbl(o.scale_price_increment);
  if (has_scale_extras(o)) {
    w.dbl(o.scale_price_adjust_value);
    w.max_int(o.scale_price_adjust_interval);
    w.dbl(o.scale_profit_offset);
    mw.add(o.scale_auto_reset);
    w.max_int(o.scale_init_position);
    w.max_int(o.scale_init_fill_qty);
    mw.add(o.scale_random_percent);
  }
  w.text(o.scale_table);
  w.text(o.active_start_time);
  w.text(o.active_stop_time);
  w.text(o.hedge_type);
  if (!o.hedge_type.empty()) w.text(o.hedge_param);
  w.flag(o.opt_out_smart_routing);
  w.text(o.clearing_account);
  w.text(o.clearing_intent);
  w.flag(o.not_held);
  w.explicit_flag(o.delta_neutral_contract.has_value());
  if (o.delta_neutral_contract) {
    mw.add(o.delta_neutral_contract->con_id);
    w.dbl(o.delta_neutral_contract->delta);
    w.price(o.delta_neutral_contract->price);
  }
  w.text(o.algo_strategy);
  if (!o.algo_strategy.empty()) write_tag_values(mw, o.algo_params);
  w.text(o.algo_id);
  w.flag(o.what_if);
  w.text(o.order_misc_options);
  w.flag(o.solicited);
  w.flag(o.randomize_size);
  w.flag(o.randomize_price);
  if (o.order_type == kPegBench) {
    mw.add(o.reference_contract_id);
    mw.add(o.is_pegged_change_amount_decrease);
    w.dbl(o.pegged_change_amount);
    w.dbl(o.reference_change_amount);
    w.text(o.reference_exchange_id);
  }
  write_conditions(mw, o, &w);
  w.text(o.adjusted_order_type);
  w.plain_price(o.trigger_price);
  w.plain_price(o.lmt_price_offset);
  w.plain_price(o.adjusted_stop_price);
  w.plain_price(o.adjusted_stop_limit_price);
  w.plain_price(o.adjusted_trailing_amount);
  w.integer(o.adjustable_trailing_unit);
  w.text(o.ext_operator);
  w.text(o.soft_dollar_tier_name);
  w.text(o.soft_dollar_tier_value);
  w.price(o.cash_qty);
  w.text(o.mifid2_decision_maker);
  w.text(o.mifid2_decision_algo);
  w.text(o.mifid2_execution_trader);
  w.text(o.mifid2_execution_algo);
  w.flag(o.dont_use_auto_price_for_hedge);
  w.flag(o.is_oms_container);
  w.flag(o.discretionary_up_to_limit_price);
  w.opt_flag(o.use_price_mgmt_algo);
  if (server_version >= sv::kDuration) w.plain_int(o.duration);
  if (server_version >= sv::kPostToAts) w.plain_int(o.post_to_ats);
  if (server_version >= sv::kAutoCancelParent) w.flag(o.auto_cancel_parent);
  if (server_version >= sv::kAdvancedOrderReject) w.text(o.advanced_error_override);
  if (server_version >= sv::kManualOrderTime) w.text(o.manual_order_time);
  if (server_version >= sv::kPegBestPegMidOffsets) {
    if (m.contract.exchange == "IBKRATS") w.max_int(o.min_trade_qty);
    bool mid_offsets = o.order_type == kPegMid;
    if (o.order_type == kPegBest) {
      w.max_int(o.min_compete_size);
      w.dbl(o.compete_against_best_offset);
      mid_offsets = competes_up_to_mid(o);
    }
    if (mid_offsets) {
      w.dbl(o.mid_offset_at_whole);
      w.dbl(o.mid_offset_at_half);
    }
  }
  if (server_version >= sv::kCustomerAccount) w.text(o.customer_account);
  if (server_version >= sv::kProfessionalCustomer) w.flag(o.professional_customer);
  if (server_version >= sv::kRfqFields && server_version < sv::kRfqFieldsUndone) {
    w.empty();
    mw.add(kUnsetInt);
  }
  if (server_version >= sv::kIncludeOvernight) w.flag(o.include_overnight);
  if (server_version >= sv::kCmeTaggingFields) w.plain_int(o.manual_order_indicator);
  return mw.finish();
}
std::string encode(const PlaceOrder& m, int server_version) {
  return encode(m, server_version, EncodeStyle::kOfficial);
}

std::string encode(const CancelOrder& m, int server_version) {
  MessageWriter w(req::kCancelOrder);
  if (server_version < sv::kCmeTaggingFields) w.add(1);
  w.add(m.order_id);
  if (server_version >= sv::kManualOrderTime) w.add(m.manual_order_cancel_time);
  if (server_version >= sv::kRfqFields && server_version < sv::kRfqFieldsUndone) {
    w.add_empty().add_empty().add(kUnsetInt);
  }
  if (server_version >= sv::kCmeTaggingFields) {
    w.add(m.ext_operator).add(m.manual_order_indicator.value_or(kUnsetInt));
  }
  return w.finish();
}

std::string encode(const ReqGlobalCancel& m, int server_version) {
  MessageWriter w(req::kReqGlobalCancel);
  if (server_version < sv::kCmeTaggingFields) {
    w.add(1);
  } else {
    w.add(m.ext_operator).add(m.manual_order_indicator.value_or(kUnsetInt));
  }
  return w.finish();
}

std::string encode(const ReqOpenOrders& /*m*/, int /*server_version*/) {
  MessageWriter w(req::kReqOpenOrders);
  w.add(1);
  return w.finish();
}

std::string encode(const ReqAllOpenOrders& /*m*/, int /*server_version*/) {
  MessageWriter w(req::kReqAllOpenOrders);
  w.add(1);
  return w.finish();
}

std::string encode(const ReqAutoOpenOrders& m, int /*server_version*/) {
  MessageWriter w(req::kReqAutoOpenOrders);
  w.add(1).add(m.auto_bind);
  return w.finish();
}

std::string encode(const ReqCompletedOrders& m, int /*server_version*/) {
  MessageWriter w(req::kReqCompletedOrders);
  w.add(m.api_only);
  return w.finish();
}

// --- responses ---

std::string encode(const OpenOrder& m, int server_version) {
  const Order& o = m.order;
  const OrderState& st = m.state;
  MessageWriter w(resp::kOpenOrder);
  w.add(m.order_id);
  detail::write_reply_contract(w, m.contract);
  w.add(o.action).add_quantity(o.total_quantity).add(o.order_type);
  add_opt(w, o.lmt_price);
  add_opt(w, o.aux_price);
  w.add(o.tif).add(o.oca_group).add(o.account).add(o.open_close).add(o.origin).add(o.order_ref);
  w.add(o.client_id).add(o.perm_id).add(o.outside_rth).add(o.hidden);
  add_opt(w, o.discretionary_amt);
  w.add(o.good_after_time).add_empty();  // sharesAllocation
  w.add(o.fa_group).add(o.fa_method).add(o.fa_percentage);
  if (server_version < sv::kFaProfileDesupport) w.add_empty();
  w.add(o.model_code).add(o.good_till_date).add(o.rule80a);
  add_opt(w, o.percent_offset);
  w.add(o.settling_firm).add(o.short_sale_slot).add(o.designated_location).add(o.exempt_code);
  w.add(o.auction_strategy);
  add_opt(w, o.starting_price);
  add_opt(w, o.stock_ref_price);
  add_opt(w, o.delta);
  add_opt(w, o.stock_range_lower);
  add_opt(w, o.stock_range_upper);
  add_opt(w, o.display_size);
  w.add(o.block_order).add(o.sweep_to_fill).add(o.all_or_none);
  add_opt(w, o.min_qty);
  w.add(o.oca_type).add(false).add(false).add_empty();  // eTradeOnly, firmQuoteOnly, nbboPriceCap
  w.add(o.parent_id).add(o.trigger_method);
  add_opt(w, o.volatility);
  add_opt(w, o.volatility_type);
  w.add(o.delta_neutral_order_type);
  add_opt(w, o.delta_neutral_aux_price);
  if (!o.delta_neutral_order_type.empty()) {
    w.add(o.delta_neutral_con_id).add(o.delta_neutral_settling_firm).add(o.delta_neutral_clearing_account);
    w.add(o.delta_neutral_clearing_intent).add(o.delta_neutral_open_close).add(o.delta_neutral_short_sale);
    w.add(o.delta_neutral_short_sale_slot).add(o.delta_neutral_designated_location);
  }
  w.add(o.continuous_update);
  add_opt(w, o.reference_price_type);
  add_opt(w, o.trail_stop_price);
  add_opt(w, o.trailing_percent);
  w.add_empty().add_empty();  // basisPoints, basisPointsType
  w.add(m.combo_legs_description);
  w.add(static_cast<int>(o.combo_legs.size()));
  for (const auto& leg : o.combo_legs) write_order_leg(w, leg);
  w.add(static_cast<int>(o.order_combo_leg_prices.size()));
  for (const auto& p : o.order_combo_leg_prices) add_opt(w, p);
  write_tag_values(w, o.smart_combo_routing_params);
  add_opt(w, o.scale_init_level_size);
  add_opt(w, o.scale_subs_level_size);
  add_opt(w, o.scale_price_increment);
  if (has_scale_extras(o)) {
    add_opt(w, o.scale_price_adjust_value);
    add_opt(w, o.scale_price_adjust_interval);
    add_opt(w, o.scale_profit_offset);
    w.add(o.scale_auto_reset);
    add_opt(w, o.scale_init_position);
    add_opt(w, o.scale_init_fill_qty);
    w.add(o.scale_random_percent);
  }
  w.add(o.hedge_type);
  if (!o.hedge_type.empty()) w.add(o.hedge_param);
  w.add(o.opt_out_smart_routing).add(o.clearing_account).add(o.clearing_intent).add(o.not_held);
  w.add(o.delta_neutral_contract.has_value());
  if (o.delta_neutral_contract) {
    w.add(o.delta_neutral_contract->con_id).add_plain(o.delta_neutral_contract->delta);
    w.add_quantity(o.delta_neutral_contract->price);
  }
  w.add(o.algo_strategy);
  if (!o.algo_strategy.empty()) write_tag_values(w, o.algo_params);
  w.add(o.solicited).add(o.what_if).add(st.status);
  for (const auto* v : {&st.init_margin_before, &st.maint_margin_before, &st.equity_with_loan_before,
                        &st.init_margin_change, &st.maint_margin_change, &st.equity_with_loan_change,
                        &st.init_margin_after, &st.maint_margin_after, &st.equity_with_loan_after, &st.commission,
                        &st.min_commission, &st.max_commission}) {
    add_opt(w, *v);
  }
  w.add(st.commission_currency).add(st.warning_text);
  w.add(o.randomize_size).add(o.randomize_price);
  if (o.order_type == kPegBench) {
    w.add(o.reference_contract_id).add(o.is_pegged_change_amount_decrease).add_plain(o.pegged_change_amount);
    w.add_plain(o.reference_change_amount).add(o.reference_exchange_id);
  }
  write_conditions(w, o, nullptr);
  w.add(o.adjusted_order_type);
  add_opt(w, o.trigger_price);
  add_opt(w, o.trail_stop_price);
  add_opt(w, o.lmt_price_offset);
  add_opt(w, o.adjusted_stop_price);
  add_opt(w, o.adjusted_stop_limit_price);
  add_opt(w, o.adjusted_trailing_amount);
  w.add(o.adjustable_trailing_unit);
  w.add(o.soft_dollar_tier_name).add(o.soft_dollar_tier_value).add(o.soft_dollar_tier_display_name);
  add_opt(w, o.cash_qty);
  w.add(o.dont_use_auto_price_for_hedge).add(o.is_oms_container).add(o.discretionary_up_to_limit_price);
  o.use_price_mgmt_algo ? w.add(*o.use_price_mgmt_algo) : w.add_empty();
  if (server_version >= sv::kDuration) add_opt(w, o.duration);
  if (server_version >= sv::kPostToAts) add_opt(w, o.post_to_ats);
  if (server_version >= sv::kAutoCancelParent) w.add(o.auto_cancel_parent);
  if (server_version >= sv::kPegBestPegMidOffsets) {
    add_opt(w, o.min_trade_qty);
    add_opt(w, o.min_compete_size);
    add_opt(w, o.compete_against_best_offset);
    add_opt(w, o.mid_offset_at_whole);
    add_opt(w, o.mid_offset_at_half);
  }
  if (server_version >= sv::kCustomerAccount) w.add(o.customer_account);
  if (server_version >= sv::kProfessionalCustomer) w.add(o.professional_customer);
  if (server_version >= sv::kBondAccruedInterest) w.add(o.bond_accrued_interest);
  if (server_version >= sv::kIncludeOvernight) w.add(o.include_overnight);
  if (server_version >= sv::kCmeTaggingFieldsInOpenOrder) {
    w.add(o.ext_operator);
    add_opt(w, o.manual_order_indicator);
  }
  return w.finish();
}

std::string encode(const OrderStatus& m, int /*server_version*/) {
  MessageWriter w(resp::kOrderStatus);
  w.add(m.order_id).add(m.status).add_quantity(m.filled).add_quantity(m.remaining).add_quantity(m.avg_fill_price);
  w.add(m.perm_id).add(m.parent_id).add_quantity(m.last_fill_price).add(m.client_id).add(m.why_held);
  w.add_quantity(m.mkt_cap_price);
  return w.finish();
}

std::string encode(const OpenOrderEnd& /*m*/, int /*server_version*/) {
  MessageWriter w(resp::kOpenOrderEnd);
  w.add(1);
  return w.finish();
}

std::string encode(const CompletedOrdersEnd& /*m*/, int /*server_version*/) {
  MessageWriter w(resp::kCompletedOrdersEnd);
  return w.finish();
}

namespace detail {

std::optional<Result<Request>> decode_order_request(int msg_id, FieldReader& reader, int server_version) {
  switch (msg_id) {
    case req::kPlaceOrder:
      return widen<Request>(decode_place_order(reader, server_version));
    case req::kCancelOrder:
      return widen<Request>(decode_cancel_order(reader, server_version));
    case req::kReqGlobalCancel:
      return widen<Request>(decode_global_cancel(reader, server_version));
    case req::kReqOpenOrders:
      return widen<Request>(decode_version_only<ReqOpenOrders>(reader, "REQ_OPEN_ORDERS"));
    case req::kReqAllOpenOrders:
      return widen<Request>(decode_version_only<ReqAllOpenOrders>(reader, "REQ_ALL_OPEN_ORDERS"));
    case req::kReqAutoOpenOrders: {
      LayoutReader in(reader, "REQ_AUTO_OPEN_ORDERS");
      in.skip("version");
      ReqAutoOpenOrders m;
      m.auto_bind = in.flag("autoBind");
      return widen<Request>(in.finish(m));
    }
    case req::kReqCompletedOrders: {
      LayoutReader in(reader, "REQ_COMPLETED_ORDERS");
      ReqCompletedOrders m;
      m.api_only = in.flag("apiOnly");
      return widen<Request>(in.finish(m));
    }
    default:
      return std::nullopt;
  }
}

std::optional<Result<Response>> decode_order_response(int msg_id, FieldReader& reader, int server_version) {
  switch (msg_id) {
    case resp::kOpenOrder:
      return widen<Response>(decode_open_order(reader, server_version));
    case resp::kOrderStatus:
      return widen<Response>(decode_order_status(reader));
    case resp::kOpenOrderEnd:
      return widen<Response>(decode_version_only<OpenOrderEnd>(reader, "OPEN_ORDER_END"));
    case resp::kCompletedOrdersEnd:
      return widen<Response>(Result<CompletedOrdersEnd>(CompletedOrdersEnd{}));
    default:
      return std::nullopt;
  }
}

}  // namespace detail
}  // namespace rt::tws

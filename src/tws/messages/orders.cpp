// Orders (TWS_PROTOCOL.md §4.12-4.14, §4.16): PLACE_ORDER, CANCEL_ORDER, REQ_GLOBAL_CANCEL,
// REQ_OPEN_ORDERS, REQ_ALL_OPEN_ORDERS, REQ_AUTO_OPEN_ORDERS, REQ_COMPLETED_ORDERS out;
// OPEN_ORDER, ORDER_STATUS, OPEN_ORDER_END and COMPLETED_ORDERS_END in. The field blocks that
// PLACE_ORDER and OPEN_ORDER share are in order_fields.cpp; this file holds each full layout.
#include "tws/messages/orders.hpp"

#include <cmath>

#include "tws/messages/codec.hpp"
#include "tws/messages/codec_detail.hpp"
#include "tws/messages/contract_block.hpp"
#include "tws/messages/layout_reader.hpp"
#include "tws/messages/order_fields.hpp"
#include "tws/messages/styled_writer.hpp"
#include "tws/wire/message_writer.hpp"

namespace rt::tws {
namespace {

using detail::OrderLayout;

constexpr std::string_view kPegBest = "PEG BEST";
constexpr std::string_view kPegMid = "PEG MID";

// The full order preview of a what-if answer (SV >= 195), between commissionCurrency and warningText.
void read_full_preview(LayoutReader& in, OrderState& st) {
  st.margin_currency = in.text("marginCurrency");
  for (auto& v : st.outside_rth) v = in.decimal_opt("outsideRthMargin");
  st.suggested_size = in.decimal("suggestedSize");
  st.reject_reason = in.text("rejectReason");
  const int n = in.count("orderAllocationsCount", 7);
  for (int i = 0; i < n && in.ok(); ++i) {
    OrderAllocation a;
    a.account = in.text("allocation.account");
    a.position = in.decimal("allocation.position");
    a.position_desired = in.decimal("allocation.positionDesired");
    a.position_after = in.decimal("allocation.positionAfter");
    a.desired_alloc_qty = in.decimal("allocation.desiredAllocQty");
    a.allowed_alloc_qty = in.decimal("allocation.allowedAllocQty");
    a.is_monetary = in.flag("allocation.isMonetary");
    st.allocations.push_back(std::move(a));
  }
}

void write_full_preview(MessageWriter& mw, detail::StyledWriter& w, const OrderState& st) {
  mw.add(st.margin_currency);
  for (const auto& v : st.outside_rth) w.price(v);
  mw.add_quantity(st.suggested_size).add(st.reject_reason).add(static_cast<int>(st.allocations.size()));
  for (const auto& a : st.allocations) {
    mw.add(a.account).add_quantity(a.position).add_quantity(a.position_desired).add_quantity(a.position_after);
    mw.add_quantity(a.desired_alloc_qty).add_quantity(a.allowed_alloc_qty).add(a.is_monetary);
  }
}

bool competes_up_to_mid(const Order& o) {
  return o.compete_against_best_offset && std::isinf(*o.compete_against_best_offset) &&
         *o.compete_against_best_offset > 0;
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
  detail::read_order_core(in, o);
  o.transmit = in.flag("transmit");
  o.parent_id = in.i64("parentId");
  o.block_order = in.flag("blockOrder");
  o.sweep_to_fill = in.flag("sweepToFill");
  o.display_size = in.i32_max("displaySize");
  if (o.display_size == 0) o.display_size.reset();  // Java sends 0 for "not set"
  o.trigger_method = in.i32("triggerMethod");
  o.outside_rth = in.flag("outsideRth");
  o.hidden = in.flag("hidden");
  if (in.ok() && m.contract.sec_type == "BAG") detail::read_combo_legs(in, o);
  in.skip("sharesAllocation");
  o.discretionary_amt = in.decimal_opt("discretionaryAmt");
  o.good_after_time = in.text("goodAfterTime");
  o.good_till_date = in.text("goodTillDate");
  detail::read_fa_allocation(in, o, server_version);
  detail::read_short_sale(in, o);
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
  detail::read_stock_reference(in, o);
  o.override_percentage_constraints = in.flag("overridePercentageConstraints");
  detail::read_volatility_and_trailing(in, o);
  detail::read_scale(in, o);
  o.scale_table = in.text("scaleTable");
  o.active_start_time = in.text("activeStartTime");
  o.active_stop_time = in.text("activeStopTime");
  detail::read_hedge_and_algo(in, o);
  o.algo_id = in.text("algoId");
  o.what_if = in.flag("whatIf");
  o.order_misc_options = in.text("orderMiscOptions");
  o.solicited = in.flag("solicited");
  detail::read_randomize_peg_conditions(in, o);
  detail::read_adjusted_order(in, o, OrderLayout::kPlaceOrder);
  o.ext_operator = in.text("extOperator");
  o.soft_dollar_tier_name = in.text("softDollarTier.name");
  o.soft_dollar_tier_value = in.text("softDollarTier.value");
  o.cash_qty = in.decimal_opt("cashQty");
  o.mifid2_decision_maker = in.text("mifid2DecisionMaker");
  o.mifid2_decision_algo = in.text("mifid2DecisionAlgo");
  o.mifid2_execution_trader = in.text("mifid2ExecutionTrader");
  o.mifid2_execution_algo = in.text("mifid2ExecutionAlgo");
  detail::read_execution_options(in, o, server_version);
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
  if (server_version >= sv::kImbalanceOnly) o.imbalance_only = in.flag("imbalanceOnly");
  return in.finish(std::move(m));
}

// ---------------------------------------------------------------------------------------------
// OPEN_ORDER (server side writes it; prices as plain decimals, unset values empty)

Result<OpenOrder> decode_open_order(FieldReader& reader, int server_version) {
  LayoutReader in(reader, "OPEN_ORDER");
  OpenOrder m;
  Order& o = m.order;
  OrderState& st = m.state;
  m.order_id = in.i64("orderId");
  detail::read_reply_contract(in, m.contract);
  detail::read_order_core(in, o);
  o.client_id = in.i32("clientId");
  o.perm_id = in.i64("permId");
  o.outside_rth = in.flag("outsideRth");
  o.hidden = in.flag("hidden");
  o.discretionary_amt = in.decimal_opt("discretionaryAmt");
  o.good_after_time = in.text("goodAfterTime");
  in.skip("sharesAllocation");
  detail::read_fa_allocation(in, o, server_version);
  o.good_till_date = in.text("goodTillDate");
  o.rule80a = in.text("rule80A");
  o.percent_offset = in.f64_max("percentOffset");
  o.settling_firm = in.text("settlingFirm");
  detail::read_short_sale(in, o);
  o.auction_strategy = in.i32("auctionStrategy");
  detail::read_stock_reference(in, o);
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
  detail::read_volatility_and_trailing(in, o);
  in.skip("basisPoints");
  in.skip("basisPointsType");
  m.combo_legs_description = in.text("comboLegsDescrip");
  detail::read_combo_legs(in, o);
  detail::read_scale(in, o);
  detail::read_hedge_and_algo(in, o);
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
  if (server_version >= sv::kFullOrderPreviewFields) read_full_preview(in, st);
  st.warning_text = in.text("warningText");
  detail::read_randomize_peg_conditions(in, o);
  detail::read_adjusted_order(in, o, OrderLayout::kOpenOrder);
  o.soft_dollar_tier_name = in.text("softDollarTier.name");
  o.soft_dollar_tier_value = in.text("softDollarTier.value");
  o.soft_dollar_tier_display_name = in.text("softDollarTier.displayName");
  o.cash_qty = in.decimal_opt("cashQty");
  detail::read_execution_options(in, o, server_version);
  detail::read_peg_best_mid_reply(in, o, server_version);
  if (server_version >= sv::kCustomerAccount) o.customer_account = in.text("customerAccount");
  if (server_version >= sv::kProfessionalCustomer) o.professional_customer = in.flag("professionalCustomer");
  if (server_version >= sv::kBondAccruedInterest) o.bond_accrued_interest = in.text("bondAccruedInterest");
  if (server_version >= sv::kIncludeOvernight) o.include_overnight = in.flag("includeOvernight");
  if (server_version >= sv::kCmeTaggingFieldsInOpenOrder) {
    o.ext_operator = in.text("extOperator");
    o.manual_order_indicator = in.i32_max("manualOrderIndicator");
  }
  if (server_version >= sv::kSubmitter) o.submitter = in.text("submitter");
  if (server_version >= sv::kImbalanceOnly) o.imbalance_only = in.flag("imbalanceOnly");
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
  detail::write_order_core(w, o);
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
  if (m.contract.sec_type == "BAG") detail::write_combo_legs(w, o);
  w.empty();  // sharesAllocation, deprecated
  w.plain_price(o.discretionary_amt);
  w.text(o.good_after_time);
  w.text(o.good_till_date);
  detail::write_fa_allocation(w, o, server_version);
  detail::write_short_sale(w, o);
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
  detail::write_stock_reference(w, o);
  w.flag(o.override_percentage_constraints);
  detail::write_volatility_and_trailing(w, o);
  detail::write_scale(w, o);
  w.text(o.scale_table);
  w.text(o.active_start_time);
  w.text(o.active_stop_time);
  detail::write_hedge_and_algo(w, o);
  w.text(o.algo_id);
  w.flag(o.what_if);
  w.text(o.order_misc_options);
  w.flag(o.solicited);
  detail::write_randomize_peg_conditions(w, o);
  detail::write_adjusted_order(w, o, OrderLayout::kPlaceOrder);
  w.text(o.ext_operator);
  w.text(o.soft_dollar_tier_name);
  w.text(o.soft_dollar_tier_value);
  w.price(o.cash_qty);
  w.text(o.mifid2_decision_maker);
  w.text(o.mifid2_decision_algo);
  w.text(o.mifid2_execution_trader);
  w.text(o.mifid2_execution_algo);
  detail::write_execution_options(w, o, server_version);
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
  if (server_version >= sv::kImbalanceOnly) w.flag(o.imbalance_only);
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
  MessageWriter mw(resp::kOpenOrder);
  auto w = detail::StyledWriter::server(mw);
  mw.add(m.order_id);
  detail::write_reply_contract(mw, m.contract);
  detail::write_order_core(w, o);
  mw.add(o.client_id).add(o.perm_id).add(o.outside_rth).add(o.hidden);
  w.price(o.discretionary_amt);
  mw.add(o.good_after_time).add_empty();  // sharesAllocation
  detail::write_fa_allocation(w, o, server_version);
  mw.add(o.good_till_date).add(o.rule80a);
  w.dbl(o.percent_offset);
  mw.add(o.settling_firm);
  detail::write_short_sale(w, o);
  mw.add(o.auction_strategy);
  detail::write_stock_reference(w, o);
  w.max_int(o.display_size);
  mw.add(o.block_order).add(o.sweep_to_fill).add(o.all_or_none);
  w.max_int(o.min_qty);
  mw.add(o.oca_type).add(false).add(false).add_empty();  // eTradeOnly, firmQuoteOnly, nbboPriceCap
  mw.add(o.parent_id).add(o.trigger_method);
  detail::write_volatility_and_trailing(w, o);
  mw.add_empty().add_empty();  // basisPoints, basisPointsType
  mw.add(m.combo_legs_description);
  detail::write_combo_legs(w, o);
  detail::write_scale(w, o);
  detail::write_hedge_and_algo(w, o);
  mw.add(o.solicited).add(o.what_if).add(st.status);
  for (const auto* v : {&st.init_margin_before, &st.maint_margin_before, &st.equity_with_loan_before,
                        &st.init_margin_change, &st.maint_margin_change, &st.equity_with_loan_change,
                        &st.init_margin_after, &st.maint_margin_after, &st.equity_with_loan_after, &st.commission,
                        &st.min_commission, &st.max_commission}) {
    w.price(*v);
  }
  mw.add(st.commission_currency);
  if (server_version >= sv::kFullOrderPreviewFields) write_full_preview(mw, w, st);
  mw.add(st.warning_text);
  detail::write_randomize_peg_conditions(w, o);
  detail::write_adjusted_order(w, o, OrderLayout::kOpenOrder);
  mw.add(o.soft_dollar_tier_name).add(o.soft_dollar_tier_value).add(o.soft_dollar_tier_display_name);
  w.price(o.cash_qty);
  detail::write_execution_options(w, o, server_version);
  detail::write_peg_best_mid_reply(w, o, server_version);
  if (server_version >= sv::kCustomerAccount) mw.add(o.customer_account);
  if (server_version >= sv::kProfessionalCustomer) mw.add(o.professional_customer);
  if (server_version >= sv::kBondAccruedInterest) mw.add(o.bond_accrued_interest);
  if (server_version >= sv::kIncludeOvernight) mw.add(o.include_overnight);
  if (server_version >= sv::kCmeTaggingFieldsInOpenOrder) {
    mw.add(o.ext_operator);
    w.max_int(o.manual_order_indicator);
  }
  if (server_version >= sv::kSubmitter) mw.add(o.submitter);
  if (server_version >= sv::kImbalanceOnly) mw.add(o.imbalance_only);
  return mw.finish();
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

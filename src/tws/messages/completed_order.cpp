// COMPLETED_ORDER (101), written and read field by field in TWS's order.
#include "tws/messages/completed_order.hpp"

#include "tws/messages/codec.hpp"
#include "tws/messages/codec_detail.hpp"
#include "tws/messages/contract_block.hpp"
#include "tws/messages/order_fields.hpp"
#include "tws/messages/styled_writer.hpp"

namespace rt::tws {
namespace {

using detail::OrderLayout;

Result<CompletedOrder> decode_completed_order(FieldReader& reader, int server_version) {
  LayoutReader in(reader, "COMPLETED_ORDER");
  CompletedOrder m;
  Order& o = m.order;
  detail::read_reply_contract(in, m.contract);
  detail::read_order_core(in, o);
  o.perm_id = in.i64("permId");
  o.outside_rth = in.flag("outsideRth");
  o.hidden = in.flag("hidden");
  o.discretionary_amt = in.decimal_opt("discretionaryAmt");
  o.good_after_time = in.text("goodAfterTime");
  detail::read_fa_allocation(in, o, server_version);
  o.good_till_date = in.text("goodTillDate");
  o.rule80a = in.text("rule80A");
  o.percent_offset = in.f64_max("percentOffset");
  o.settling_firm = in.text("settlingFirm");
  detail::read_short_sale(in, o);
  detail::read_stock_reference(in, o);
  o.display_size = in.i32_max("displaySize");
  o.sweep_to_fill = in.flag("sweepToFill");
  o.all_or_none = in.flag("allOrNone");
  o.min_qty = in.i32_max("minQty");
  o.oca_type = in.i32("ocaType");
  o.trigger_method = in.i32("triggerMethod");
  detail::read_volatility_and_trailing(in, o, OrderLayout::kCompletedOrder);
  m.combo_legs_description = in.text("comboLegsDescrip");
  detail::read_combo_legs(in, o);
  detail::read_scale(in, o);
  detail::read_hedge_and_algo(in, o, OrderLayout::kCompletedOrder);
  o.solicited = in.flag("solicited");
  m.status = in.text("status");
  detail::read_randomize_peg_conditions(in, o);
  o.trail_stop_price = in.decimal_opt("trailStopPrice");
  o.lmt_price_offset = in.decimal_opt("lmtPriceOffset");
  o.cash_qty = in.decimal_opt("cashQty");
  o.dont_use_auto_price_for_hedge = in.flag("dontUseAutoPriceForHedge");
  o.is_oms_container = in.flag("isOmsContainer");
  m.auto_cancel_date = in.text("autoCancelDate");
  m.filled_quantity = in.decimal("filledQuantity");
  m.ref_futures_con_id = in.i64("refFuturesConId");
  o.auto_cancel_parent = in.flag("autoCancelParent");
  m.shareholder = in.text("shareholder");
  o.imbalance_only = in.flag("imbalanceOnly");
  m.route_marketable_to_bbo = in.flag("routeMarketableToBbo");
  m.parent_perm_id = in.i64("parentPermId");
  m.completed_time = in.text("completedTime");
  m.completed_status = in.text("completedStatus");
  detail::read_peg_best_mid_reply(in, o, server_version);
  if (server_version >= sv::kCustomerAccount) o.customer_account = in.text("customerAccount");
  if (server_version >= sv::kProfessionalCustomer) o.professional_customer = in.flag("professionalCustomer");
  if (server_version >= sv::kSubmitter) o.submitter = in.text("submitter");
  return in.finish(std::move(m));
}

}  // namespace

std::string encode(const CompletedOrder& m, int server_version) {
  const Order& o = m.order;
  MessageWriter mw(resp::kCompletedOrder);
  auto w = detail::StyledWriter::server(mw);
  detail::write_reply_contract(mw, m.contract);
  detail::write_order_core(w, o);
  mw.add(o.perm_id).add(o.outside_rth).add(o.hidden);
  w.price(o.discretionary_amt);
  mw.add(o.good_after_time);
  detail::write_fa_allocation(w, o, server_version);
  mw.add(o.good_till_date).add(o.rule80a);
  w.dbl(o.percent_offset);
  mw.add(o.settling_firm);
  detail::write_short_sale(w, o);
  detail::write_stock_reference(w, o);
  w.max_int(o.display_size);
  mw.add(o.sweep_to_fill).add(o.all_or_none);
  w.max_int(o.min_qty);
  mw.add(o.oca_type).add(o.trigger_method);
  detail::write_volatility_and_trailing(w, o, OrderLayout::kCompletedOrder);
  mw.add(m.combo_legs_description);
  detail::write_combo_legs(w, o);
  detail::write_scale(w, o);
  detail::write_hedge_and_algo(w, o, OrderLayout::kCompletedOrder);
  mw.add(o.solicited).add(m.status);
  detail::write_randomize_peg_conditions(w, o);
  w.price(o.trail_stop_price);
  w.price(o.lmt_price_offset);
  w.price(o.cash_qty);
  mw.add(o.dont_use_auto_price_for_hedge).add(o.is_oms_container).add(m.auto_cancel_date);
  mw.add_quantity(m.filled_quantity).add(m.ref_futures_con_id).add(o.auto_cancel_parent).add(m.shareholder);
  mw.add(o.imbalance_only).add(m.route_marketable_to_bbo).add(m.parent_perm_id);
  mw.add(m.completed_time).add(m.completed_status);
  detail::write_peg_best_mid_reply(w, o, server_version);
  if (server_version >= sv::kCustomerAccount) mw.add(o.customer_account);
  if (server_version >= sv::kProfessionalCustomer) mw.add(o.professional_customer);
  if (server_version >= sv::kSubmitter) mw.add(o.submitter);
  return mw.finish();
}

namespace detail {

std::optional<Result<Response>> decode_completed_order_response(int msg_id, FieldReader& reader,
                                                                int server_version) {
  if (msg_id != resp::kCompletedOrder) return std::nullopt;
  return widen<Response>(decode_completed_order(reader, server_version));
}

}  // namespace detail
}  // namespace rt::tws

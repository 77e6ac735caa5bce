// The order field blocks shared by PLACE_ORDER and OPEN_ORDER (see order_fields.hpp).
#include "tws/messages/order_fields.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tws/messages/ids.hpp"
#include "tws/wire/message_writer.hpp"

namespace rt::tws::detail {
namespace {

constexpr std::string_view kPegBench = "PEG BENCH";

bool has_scale_extras(const Order& o) {
  return o.scale_price_increment && *o.scale_price_increment > 0 && *o.scale_price_increment < kUnsetDouble;
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

void write_conditions(StyledWriter& w, const Order& o) {
  w.raw().add(static_cast<int>(o.conditions.size()));
  for (const auto& c : o.conditions) {
    w.raw().add(c.type).add(c.conjunction);
    // A condition always carries exactly its type's fields, so the peer stays aligned.
    int fields = condition_fields(c.type);
    for (int f = 0; f < fields; ++f) {
      w.text(static_cast<std::size_t>(f) < c.fields.size() ? std::string_view(c.fields[static_cast<std::size_t>(f)])
                                                           : std::string_view());
    }
  }
  if (!o.conditions.empty()) {
    w.flag(o.conditions_ignore_rth);
    w.flag(o.conditions_cancel_order);
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

}  // namespace

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

void write_order_core(StyledWriter& w, const Order& o) {
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
}

void read_order_core(LayoutReader& in, Order& o) {
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
}

void write_fa_allocation(StyledWriter& w, const Order& o, int server_version) {
  w.text(o.fa_group);
  w.text(o.fa_method);
  w.text(o.fa_percentage);
  if (server_version < sv::kFaProfileDesupport) w.empty();  // faProfile
  w.text(o.model_code);
}

void read_fa_allocation(LayoutReader& in, Order& o, int server_version) {
  o.fa_group = in.text("faGroup");
  o.fa_method = in.text("faMethod");
  o.fa_percentage = in.text("faPercentage");
  if (server_version < sv::kFaProfileDesupport) in.skip("faProfile");
  o.model_code = in.text("modelCode");
}

void write_short_sale(StyledWriter& w, const Order& o) {
  w.integer(o.short_sale_slot);
  w.text(o.designated_location);
  w.integer(o.exempt_code, -1);
}

void read_short_sale(LayoutReader& in, Order& o) {
  o.short_sale_slot = in.i32("shortSaleSlot");
  o.designated_location = in.text("designatedLocation");
  o.exempt_code = in.i32_or("exemptCode", -1);
}

void write_stock_reference(StyledWriter& w, const Order& o) {
  w.price(o.starting_price);
  w.price(o.stock_ref_price);
  w.dbl(o.delta);
  w.price(o.stock_range_lower);
  w.price(o.stock_range_upper);
}

void read_stock_reference(LayoutReader& in, Order& o) {
  o.starting_price = in.decimal_opt("startingPrice");
  o.stock_ref_price = in.decimal_opt("stockRefPrice");
  o.delta = in.f64_max("delta");
  o.stock_range_lower = in.decimal_opt("stockRangeLower");
  o.stock_range_upper = in.decimal_opt("stockRangeUpper");
}

void write_volatility_and_trailing(StyledWriter& w, const Order& o, OrderLayout layout) {
  w.dbl(o.volatility);
  w.max_int(o.volatility_type);
  w.text(o.delta_neutral_order_type);
  w.price(o.delta_neutral_aux_price);
  if (!o.delta_neutral_order_type.empty()) {
    w.raw().add(o.delta_neutral_con_id);
    if (layout != OrderLayout::kCompletedOrder) {
      w.text(o.delta_neutral_settling_firm);
      w.text(o.delta_neutral_clearing_account);
      w.text(o.delta_neutral_clearing_intent);
      w.text(o.delta_neutral_open_close);
    }
    w.explicit_flag(o.delta_neutral_short_sale);
    w.raw().add(o.delta_neutral_short_sale_slot);
    w.text(o.delta_neutral_designated_location);
  }
  w.integer(o.continuous_update);
  w.max_int(o.reference_price_type);
  w.price(o.trail_stop_price);
  w.price(o.trailing_percent);
}

void read_volatility_and_trailing(LayoutReader& in, Order& o, OrderLayout layout) {
  o.volatility = in.f64_max("volatility");
  o.volatility_type = in.i32_max("volatilityType");
  o.delta_neutral_order_type = in.text("deltaNeutralOrderType");
  o.delta_neutral_aux_price = in.decimal_opt("deltaNeutralAuxPrice");
  if (!o.delta_neutral_order_type.empty()) {
    o.delta_neutral_con_id = in.i64("deltaNeutralConId");
    if (layout != OrderLayout::kCompletedOrder) {
      o.delta_neutral_settling_firm = in.text("deltaNeutralSettlingFirm");
      o.delta_neutral_clearing_account = in.text("deltaNeutralClearingAccount");
      o.delta_neutral_clearing_intent = in.text("deltaNeutralClearingIntent");
      o.delta_neutral_open_close = in.text("deltaNeutralOpenClose");
    }
    o.delta_neutral_short_sale = in.flag("deltaNeutralShortSale");
    o.delta_neutral_short_sale_slot = in.i32("deltaNeutralShortSaleSlot");
    o.delta_neutral_designated_location = in.text("deltaNeutralDesignatedLocation");
  }
  o.continuous_update = in.i32("continuousUpdate");
  o.reference_price_type = in.i32_max("referencePriceType");
  o.trail_stop_price = in.decimal_opt("trailStopPrice");
  o.trailing_percent = in.decimal_opt("trailingPercent");
}

void write_combo_legs(StyledWriter& w, const Order& o) {
  w.raw().add(static_cast<int>(o.combo_legs.size()));
  for (const auto& leg : o.combo_legs) write_order_leg(w.raw(), leg);
  w.raw().add(static_cast<int>(o.order_combo_leg_prices.size()));
  for (const auto& p : o.order_combo_leg_prices) w.price(p);
  write_tag_values(w.raw(), o.smart_combo_routing_params);
}

void read_combo_legs(LayoutReader& in, Order& o) {
  int legs = in.count("comboLegsCount", 8);
  for (int i = 0; i < legs && in.ok(); ++i) o.combo_legs.push_back(read_order_leg(in));
  int prices = in.count("orderComboLegsCount", 1);
  for (int i = 0; i < prices && in.ok(); ++i) o.order_combo_leg_prices.push_back(in.decimal_opt("orderComboLeg.price"));
  read_tag_values(in, o.smart_combo_routing_params, "smartComboRoutingParamsCount");
}

void write_scale(StyledWriter& w, const Order& o) {
  w.max_int(o.scale_init_level_size);
  w.max_int(o.scale_subs_level_size);
  w.dbl(o.scale_price_increment);
  if (has_scale_extras(o)) {
    w.dbl(o.scale_price_adjust_value);
    w.max_int(o.scale_price_adjust_interval);
    w.dbl(o.scale_profit_offset);
    w.explicit_flag(o.scale_auto_reset);
    w.max_int(o.scale_init_position);
    w.max_int(o.scale_init_fill_qty);
    w.explicit_flag(o.scale_random_percent);
  }
}

void read_scale(LayoutReader& in, Order& o) {
  o.scale_init_level_size = in.i32_max("scaleInitLevelSize");
  o.scale_subs_level_size = in.i32_max("scaleSubsLevelSize");
  o.scale_price_increment = in.f64_max("scalePriceIncrement");
  if (has_scale_extras(o)) {
    o.scale_price_adjust_value = in.f64_max("scalePriceAdjustValue");
    o.scale_price_adjust_interval = in.i32_max("scalePriceAdjustInterval");
    o.scale_profit_offset = in.f64_max("scaleProfitOffset");
    o.scale_auto_reset = in.flag("scaleAutoReset");
    o.scale_init_position = in.i32_max("scaleInitPosition");
    o.scale_init_fill_qty = in.i32_max("scaleInitFillQty");
    o.scale_random_percent = in.flag("scaleRandomPercent");
  }
}

void write_hedge_and_algo(StyledWriter& w, const Order& o, OrderLayout layout) {
  w.text(o.hedge_type);
  if (!o.hedge_type.empty()) w.text(o.hedge_param);
  if (layout != OrderLayout::kCompletedOrder) w.flag(o.opt_out_smart_routing);
  w.text(o.clearing_account);
  w.text(o.clearing_intent);
  w.flag(o.not_held);
  w.explicit_flag(o.delta_neutral_contract.has_value());
  if (o.delta_neutral_contract) {
    w.raw().add(o.delta_neutral_contract->con_id);
    w.dbl(o.delta_neutral_contract->delta);
    w.price(o.delta_neutral_contract->price);
  }
  w.text(o.algo_strategy);
  if (!o.algo_strategy.empty()) write_tag_values(w.raw(), o.algo_params);
}

void read_hedge_and_algo(LayoutReader& in, Order& o, OrderLayout layout) {
  o.hedge_type = in.text("hedgeType");
  if (!o.hedge_type.empty()) o.hedge_param = in.text("hedgeParam");
  if (layout != OrderLayout::kCompletedOrder) o.opt_out_smart_routing = in.flag("optOutSmartRouting");
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
}

void write_randomize_peg_conditions(StyledWriter& w, const Order& o) {
  w.flag(o.randomize_size);
  w.flag(o.randomize_price);
  if (o.order_type == kPegBench) {
    w.raw().add(o.reference_contract_id);
    w.explicit_flag(o.is_pegged_change_amount_decrease);
    w.dbl(o.pegged_change_amount);
    w.dbl(o.reference_change_amount);
    w.text(o.reference_exchange_id);
  }
  write_conditions(w, o);
}

void read_randomize_peg_conditions(LayoutReader& in, Order& o) {
  o.randomize_size = in.flag("randomizeSize");
  o.randomize_price = in.flag("randomizePrice");
  if (o.order_type == kPegBench) {
    o.reference_contract_id = in.i32("referenceContractId");
    o.is_pegged_change_amount_decrease = in.flag("isPeggedChangeAmountDecrease");
    o.pegged_change_amount = in.f64("peggedChangeAmount");
    o.reference_change_amount = in.f64("referenceChangeAmount");
    o.reference_exchange_id = in.text("referenceExchangeId");
  }
  if (in.ok()) read_conditions(in, o);
}

void write_adjusted_order(StyledWriter& w, const Order& o, OrderLayout layout) {
  w.text(o.adjusted_order_type);
  w.plain_price(o.trigger_price);
  if (layout == OrderLayout::kOpenOrder) w.price(o.trail_stop_price);
  w.plain_price(o.lmt_price_offset);
  w.plain_price(o.adjusted_stop_price);
  w.plain_price(o.adjusted_stop_limit_price);
  w.plain_price(o.adjusted_trailing_amount);
  w.integer(o.adjustable_trailing_unit);
}

void read_adjusted_order(LayoutReader& in, Order& o, OrderLayout layout) {
  o.adjusted_order_type = in.text("adjustedOrderType");
  o.trigger_price = in.decimal_opt("triggerPrice");
  if (layout == OrderLayout::kOpenOrder) o.trail_stop_price = in.decimal_opt("trailStopPrice");
  o.lmt_price_offset = in.decimal_opt("lmtPriceOffset");
  o.adjusted_stop_price = in.decimal_opt("adjustedStopPrice");
  o.adjusted_stop_limit_price = in.decimal_opt("adjustedStopLimitPrice");
  o.adjusted_trailing_amount = in.decimal_opt("adjustedTrailingAmount");
  o.adjustable_trailing_unit = in.i32("adjustableTrailingUnit");
}

void write_execution_options(StyledWriter& w, const Order& o, int server_version) {
  w.flag(o.dont_use_auto_price_for_hedge);
  w.flag(o.is_oms_container);
  w.flag(o.discretionary_up_to_limit_price);
  w.opt_flag(o.use_price_mgmt_algo);
  if (server_version >= sv::kDuration) w.plain_int(o.duration);
  if (server_version >= sv::kPostToAts) w.plain_int(o.post_to_ats);
  if (server_version >= sv::kAutoCancelParent) w.flag(o.auto_cancel_parent);
}

void read_execution_options(LayoutReader& in, Order& o, int server_version) {
  o.dont_use_auto_price_for_hedge = in.flag("dontUseAutoPriceForHedge");
  o.is_oms_container = in.flag("isOmsContainer");
  o.discretionary_up_to_limit_price = in.flag("discretionaryUpToLimitPrice");
  o.use_price_mgmt_algo = in.flag_opt("usePriceMgmtAlgo");
  if (server_version >= sv::kDuration) o.duration = in.i32_max("duration");
  if (server_version >= sv::kPostToAts) o.post_to_ats = in.i32_max("postToAts");
  if (server_version >= sv::kAutoCancelParent) o.auto_cancel_parent = in.flag("autoCancelParent");
}

void write_peg_best_mid_reply(StyledWriter& w, const Order& o, int server_version) {
  if (server_version < sv::kPegBestPegMidOffsets) return;
  w.max_int(o.min_trade_qty);
  w.max_int(o.min_compete_size);
  w.dbl(o.compete_against_best_offset);
  w.dbl(o.mid_offset_at_whole);
  w.dbl(o.mid_offset_at_half);
}

void read_peg_best_mid_reply(LayoutReader& in, Order& o, int server_version) {
  if (server_version < sv::kPegBestPegMidOffsets) return;
  o.min_trade_qty = in.i32_max("minTradeQty");
  o.min_compete_size = in.i32_max("minCompeteSize");
  o.compete_against_best_offset = in.f64_max("competeAgainstBestOffset");
  o.mid_offset_at_whole = in.f64_max("midOffsetAtWhole");
  o.mid_offset_at_half = in.f64_max("midOffsetAtHalf");
}

}  // namespace rt::tws::detail

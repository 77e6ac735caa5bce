#pragma once
// Orders (TWS_PROTOCOL.md §4.12-4.14, §4.16): placeOrder, cancelOrder, reqGlobalCancel, the open
// order requests; OPEN_ORDER, ORDER_STATUS, OPEN_ORDER_END and COMPLETED_ORDERS_END.
// COMPLETED_ORDER (101) is in completed_order.hpp.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/decimal.hpp"
#include "tws/messages/contract.hpp"

namespace rt::tws {

// One order condition, kept as sent: its type (1 Price, 3 Time, 4 Margin, 5 Execution,
// 6 Volume, 7 PercentChange), conjunction ("a"/"o") and the type's own fields in wire order
// (Price: isMore, value, conId, exchange, triggerMethod; Time and Margin: isMore, value;
// Execution: secType, exchange, symbol; Volume and PercentChange: isMore, value, conId, exchange).
struct OrderCondition {
  int type = 0;
  std::string conjunction = "a";
  std::vector<std::string> fields;
  bool operator==(const OrderCondition&) const = default;
};

// The order fields of placeOrder and openOrder. Unset optional values are empty fields on the
// wire; prices and quantities are Decimal. Fields that exist in only one of the two messages
// say so.
struct Order {
  std::string action = "BUY";  // BUY / SELL / SSHORT
  Decimal total_quantity;
  std::string order_type = "LMT";  // MKT, LMT, STP, STP LMT, TRAIL, PEG BENCH, ...
  std::optional<Decimal> lmt_price;
  std::optional<Decimal> aux_price;  // stop price for STP
  std::string tif;                   // DAY/GTC/IOC/GTD/OPG; "" = TWS preset
  std::string oca_group;
  std::string account;
  std::string open_close;
  int origin = 0;  // 0 customer
  std::string order_ref;  // robotrader's idempotency key
  bool transmit = true;   // placeOrder only
  std::int64_t parent_id = 0;
  bool block_order = false;
  bool sweep_to_fill = false;
  std::optional<int> display_size;
  int trigger_method = 0;
  bool outside_rth = false;
  bool hidden = false;
  std::optional<Decimal> discretionary_amt;
  std::string good_after_time;
  std::string good_till_date;
  std::string fa_group;
  std::string fa_method;
  std::string fa_percentage;
  std::string model_code;
  int short_sale_slot = 0;
  std::string designated_location;
  int exempt_code = -1;
  int oca_type = 0;
  std::string rule80a;
  std::string settling_firm;
  bool all_or_none = false;
  std::optional<int> min_qty;
  std::optional<double> percent_offset;
  int auction_strategy = 0;
  std::optional<Decimal> starting_price;
  std::optional<Decimal> stock_ref_price;
  std::optional<double> delta;
  std::optional<Decimal> stock_range_lower;
  std::optional<Decimal> stock_range_upper;
  bool override_percentage_constraints = false;  // placeOrder only
  std::optional<double> volatility;
  std::optional<int> volatility_type;
  // Delta-neutral order: the eight dn* fields are on the wire only when the type is non-empty.
  std::string delta_neutral_order_type;
  std::optional<Decimal> delta_neutral_aux_price;
  std::int64_t delta_neutral_con_id = 0;
  std::string delta_neutral_settling_firm;
  std::string delta_neutral_clearing_account;
  std::string delta_neutral_clearing_intent;
  std::string delta_neutral_open_close;
  bool delta_neutral_short_sale = false;
  int delta_neutral_short_sale_slot = 0;
  std::string delta_neutral_designated_location;
  int continuous_update = 0;
  std::optional<int> reference_price_type;
  std::optional<Decimal> trail_stop_price;
  std::optional<Decimal> trailing_percent;
  // Combo (BAG) parts: legs, per-leg prices and smart-combo routing params.
  std::vector<ComboLeg> combo_legs;
  std::vector<std::optional<Decimal>> order_combo_leg_prices;
  std::vector<TagValue> smart_combo_routing_params;
  // Scale orders; the seven extras are on the wire only when 0 < scale_price_increment < unset.
  std::optional<int> scale_init_level_size;
  std::optional<int> scale_subs_level_size;
  std::optional<double> scale_price_increment;
  std::optional<double> scale_price_adjust_value;
  std::optional<int> scale_price_adjust_interval;
  std::optional<double> scale_profit_offset;
  bool scale_auto_reset = false;
  std::optional<int> scale_init_position;
  std::optional<int> scale_init_fill_qty;
  bool scale_random_percent = false;
  std::string scale_table;        // placeOrder only
  std::string active_start_time;  // placeOrder only
  std::string active_stop_time;   // placeOrder only
  std::string hedge_type;
  std::string hedge_param;  // only with a hedge type
  bool opt_out_smart_routing = false;
  std::string clearing_account;
  std::string clearing_intent;
  bool not_held = false;
  std::optional<DeltaNeutralContract> delta_neutral_contract;
  std::string algo_strategy;
  std::vector<TagValue> algo_params;  // only with an algo strategy
  std::string algo_id;                // placeOrder only
  bool what_if = false;
  std::string order_misc_options;  // placeOrder only, TagValue string
  bool solicited = false;
  bool randomize_size = false;
  bool randomize_price = false;
  // PEG BENCH orders only.
  int reference_contract_id = 0;
  bool is_pegged_change_amount_decrease = false;
  double pegged_change_amount = 0;
  double reference_change_amount = 0;
  std::string reference_exchange_id;
  std::vector<OrderCondition> conditions;
  bool conditions_ignore_rth = false;  // only with conditions
  bool conditions_cancel_order = false;
  std::string adjusted_order_type;
  std::optional<Decimal> trigger_price;
  std::optional<Decimal> lmt_price_offset;
  std::optional<Decimal> adjusted_stop_price;
  std::optional<Decimal> adjusted_stop_limit_price;
  std::optional<Decimal> adjusted_trailing_amount;
  int adjustable_trailing_unit = 0;
  std::string ext_operator;  // placeOrder always; openOrder from SV 193
  std::string soft_dollar_tier_name;
  std::string soft_dollar_tier_value;
  std::string soft_dollar_tier_display_name;  // openOrder only
  std::optional<Decimal> cash_qty;
  std::string mifid2_decision_maker;   // placeOrder only
  std::string mifid2_decision_algo;    // placeOrder only
  std::string mifid2_execution_trader;  // placeOrder only
  std::string mifid2_execution_algo;   // placeOrder only
  bool dont_use_auto_price_for_hedge = false;
  bool is_oms_container = false;
  bool discretionary_up_to_limit_price = false;
  std::optional<bool> use_price_mgmt_algo;
  std::optional<int> duration;     // SV >= 158
  std::optional<int> post_to_ats;  // SV >= 160
  bool auto_cancel_parent = false;  // SV >= 162
  std::string advanced_error_override;  // placeOrder only, SV >= 166
  std::string manual_order_time;        // placeOrder only, SV >= 169
  // SV >= 170. placeOrder sends minTradeQty only for IBKRATS, the others only for PEG BEST/PEG MID.
  std::optional<int> min_trade_qty;
  std::optional<int> min_compete_size;
  std::optional<double> compete_against_best_offset;  // +inf = up to mid
  std::optional<double> mid_offset_at_whole;
  std::optional<double> mid_offset_at_half;
  std::string customer_account;       // SV >= 183
  bool professional_customer = false;  // SV >= 184
  std::string bond_accrued_interest;  // openOrder only, SV >= 185
  bool include_overnight = false;     // SV >= 189
  std::optional<int> manual_order_indicator;  // placeOrder SV >= 192, openOrder SV >= 193
  std::string submitter;        // openOrder only, SV >= 198
  bool imbalance_only = false;  // SV >= 199
  // openOrder only: who placed it.
  int client_id = 0;
  std::int64_t perm_id = 0;
  bool operator==(const Order&) const = default;
};

// The order state block of openOrder (what-if margins and commissions are money: Decimal).
struct OrderAllocation {
  std::string account;
  Decimal position, position_desired, position_after, desired_alloc_qty, allowed_alloc_qty;
  bool is_monetary = false;
  bool operator==(const OrderAllocation&) const = default;
};
struct OrderState {
  std::string status;  // PreSubmitted, Submitted, Filled, Cancelled, ...
  std::optional<Decimal> init_margin_before;
  std::optional<Decimal> maint_margin_before;
  std::optional<Decimal> equity_with_loan_before;
  std::optional<Decimal> init_margin_change;
  std::optional<Decimal> maint_margin_change;
  std::optional<Decimal> equity_with_loan_change;
  std::optional<Decimal> init_margin_after;
  std::optional<Decimal> maint_margin_after;
  std::optional<Decimal> equity_with_loan_after;
  std::optional<Decimal> commission;
  std::optional<Decimal> min_commission;
  std::optional<Decimal> max_commission;
  std::string commission_currency;
  // SV >= 195 (full order preview): the margin currency, the same nine figures outside regular
  // hours, a suggested size, a reject reason and the per-account allocations.
  std::string margin_currency;
  std::array<std::optional<Decimal>, 9> outside_rth{};  // init/maint/equity before, change, after
  Decimal suggested_size;
  std::string reject_reason;
  std::vector<OrderAllocation> allocations;
  std::string warning_text;
  bool operator==(const OrderState&) const = default;
};

// --- requests ---
// PLACE_ORDER, no version field (SV >= 145); the complete layout is in TWS_PROTOCOL.md §4.12.
// SV-gated: faProfile (< 177), duration (>= 158), postToAts (>= 160), autoCancelParent (>= 162),
// advancedErrorOverride (>= 166), manualOrderTime (>= 169), the PEG BEST/MID block (>= 170),
// customerAccount (>= 183), professionalCustomer (>= 184), two RFQ placeholders (187-189),
// includeOvernight (>= 189), manualOrderIndicator (>= 192).
struct PlaceOrder {
  std::int64_t order_id = 0;
  Contract contract;
  std::string sec_id_type;
  std::string sec_id;
  Order order;
  bool operator==(const PlaceOrder&) const = default;
};
// 157-168: [4, 1, orderId]; 169-186 and 190-191: [4, 1, orderId, manualOrderCancelTime];
// 187-189: [..., "", "", 2147483647]; >= 192: [4, orderId, manualOrderCancelTime, extOperator,
// manualOrderIndicator] (no version).
struct CancelOrder {
  std::int64_t order_id = 0;
  std::string manual_order_cancel_time;
  std::string ext_operator;                   // SV >= 192
  std::optional<int> manual_order_indicator;  // SV >= 192; unset is written 2147483647
  bool operator==(const CancelOrder&) const = default;
};
// < 192: [58, 1]; >= 192: [58, extOperator, manualOrderIndicator].
struct ReqGlobalCancel {
  std::string ext_operator;
  std::optional<int> manual_order_indicator;
  bool operator==(const ReqGlobalCancel&) const = default;
};
struct ReqOpenOrders {  // [5, 1]
  bool operator==(const ReqOpenOrders&) const = default;
};
struct ReqAllOpenOrders {  // [16, 1]
  bool operator==(const ReqAllOpenOrders&) const = default;
};
struct ReqAutoOpenOrders {  // [15, 1, autoBind]
  bool auto_bind = true;
  bool operator==(const ReqAutoOpenOrders&) const = default;
};
struct ReqCompletedOrders {  // [99, apiOnly] (no version)
  bool api_only = false;
  bool operator==(const ReqCompletedOrders&) const = default;
};

// --- responses ---
// OPEN_ORDER, no version field (SV >= 145); layout in TWS_PROTOCOL.md §4.14. For a plain order
// it has 128 fields at SV 176, 127 at 177-182, 128 at 183, 129 at 184, 130 at 185-188, 131 at
// 189-192 and 133 at 193. Prices are written as plain decimals ("150.5", "0").
struct OpenOrder {
  std::int64_t order_id = 0;
  Contract contract;  // 11 fields: no primaryExch
  std::string combo_legs_description;
  Order order;
  OrderState state;
  bool operator==(const OpenOrder&) const = default;
};
// [3, orderId, status, filled, remaining, avgFillPrice, permId, parentId, lastFillPrice,
//  clientId, whyHeld, mktCapPrice] - 12 fields, no version (SV >= 131).
struct OrderStatus {
  std::int64_t order_id = 0;
  std::string status;
  Decimal filled;
  Decimal remaining;
  Decimal avg_fill_price;
  std::int64_t perm_id = 0;
  std::int64_t parent_id = 0;
  Decimal last_fill_price;
  int client_id = 0;
  std::string why_held;
  Decimal mkt_cap_price;
  bool operator==(const OrderStatus&) const = default;
};
struct OpenOrderEnd {  // [53, 1]
  bool operator==(const OpenOrderEnd&) const = default;
};
struct CompletedOrdersEnd {  // [102] (no version)
  bool operator==(const CompletedOrdersEnd&) const = default;
};

}  // namespace rt::tws

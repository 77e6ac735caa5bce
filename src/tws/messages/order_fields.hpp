#pragma once
// The runs of order fields that PLACE_ORDER and OPEN_ORDER carry in the same order, each as a
// writer and a reader, so both layouts are written from one definition per block. Writers spell
// values through StyledWriter: the request's style for PLACE_ORDER, the server's for OPEN_ORDER.
// Blocks that differ between the two layouts stay in orders.cpp. Internal to the codec.
#include "tws/messages/layout_reader.hpp"
#include "tws/messages/orders.hpp"
#include "tws/messages/styled_writer.hpp"

namespace rt::tws::detail {

// Where a block sits, for the few blocks whose fields differ between the layouts.
enum class OrderLayout { kPlaceOrder, kOpenOrder, kCompletedOrder };

// A count, then tag/value pairs (algo params, smart-combo routing params).
void write_tag_values(MessageWriter& w, const std::vector<TagValue>& tvs);
void read_tag_values(LayoutReader& in, std::vector<TagValue>& out, std::string_view count_field);

// action, totalQuantity, orderType, lmtPrice, auxPrice, tif, ocaGroup, account, openClose,
// origin, orderRef.
void write_order_core(StyledWriter& w, const Order& o);
void read_order_core(LayoutReader& in, Order& o);

// faGroup, faMethod, faPercentage, faProfile (always empty, SV < 177), modelCode.
void write_fa_allocation(StyledWriter& w, const Order& o, int server_version);
void read_fa_allocation(LayoutReader& in, Order& o, int server_version);

// shortSaleSlot, designatedLocation, exemptCode.
void write_short_sale(StyledWriter& w, const Order& o);
void read_short_sale(LayoutReader& in, Order& o);

// startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper.
void write_stock_reference(StyledWriter& w, const Order& o);
void read_stock_reference(LayoutReader& in, Order& o);

// volatility, volatilityType, deltaNeutralOrderType, deltaNeutralAuxPrice, the eight other
// delta-neutral order fields (only with a type), continuousUpdate, referencePriceType,
// trailStopPrice, trailingPercent. COMPLETED_ORDER carries four of the eight delta-neutral fields
// (no settling firm, clearing account, clearing intent or open/close).
void write_volatility_and_trailing(StyledWriter& w, const Order& o, OrderLayout layout = OrderLayout::kOpenOrder);
void read_volatility_and_trailing(LayoutReader& in, Order& o, OrderLayout layout = OrderLayout::kOpenOrder);

// comboLegsCount, the legs (8 fields each), orderComboLegsCount, the leg prices,
// smartComboRoutingParams (count, then tag/value pairs).
void write_combo_legs(StyledWriter& w, const Order& o);
void read_combo_legs(LayoutReader& in, Order& o);

// scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement, and seven extras when the
// increment is set.
void write_scale(StyledWriter& w, const Order& o);
void read_scale(LayoutReader& in, Order& o);

// hedgeType, hedgeParam (only with a type), optOutSmartRouting (not in COMPLETED_ORDER),
// clearingAccount, clearingIntent, notHeld, the delta-neutral contract (a flag, then conId, delta,
// price when set), algoStrategy, algoParams (only with a strategy).
void write_hedge_and_algo(StyledWriter& w, const Order& o, OrderLayout layout = OrderLayout::kOpenOrder);
void read_hedge_and_algo(LayoutReader& in, Order& o, OrderLayout layout = OrderLayout::kOpenOrder);

// The reply side of SV >= 170: minTradeQty, minCompeteSize, competeAgainstBestOffset,
// midOffsetAtWhole, midOffsetAtHalf (OPEN_ORDER and COMPLETED_ORDER always send all five).
void write_peg_best_mid_reply(StyledWriter& w, const Order& o, int server_version);
void read_peg_best_mid_reply(LayoutReader& in, Order& o, int server_version);

// randomizeSize, randomizePrice, the five PEG BENCH fields (only for that type), conditions.
void write_randomize_peg_conditions(StyledWriter& w, const Order& o);
void read_randomize_peg_conditions(LayoutReader& in, Order& o);

// adjustedOrderType, triggerPrice, trailStopPrice (OPEN_ORDER sends it a second time here),
// lmtPriceOffset, adjustedStopPrice, adjustedStopLimitPrice, adjustedTrailingAmount,
// adjustableTrailingUnit.
void write_adjusted_order(StyledWriter& w, const Order& o, OrderLayout layout);
void read_adjusted_order(LayoutReader& in, Order& o, OrderLayout layout);

// dontUseAutoPriceForHedge, isOmsContainer, discretionaryUpToLimitPrice, usePriceMgmtAlgo,
// duration (SV >= 158), postToAts (SV >= 160), autoCancelParent (SV >= 162).
void write_execution_options(StyledWriter& w, const Order& o, int server_version);
void read_execution_options(LayoutReader& in, Order& o, int server_version);

}  // namespace rt::tws::detail

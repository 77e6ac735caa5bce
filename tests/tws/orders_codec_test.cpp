// Orders, executions and commissions: version switches, field counts, every conditional block of
// placeOrder and openOrder, and round trips at every server version from 157 to 200.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "tws/messages/codec.hpp"
#include "test_payload.hpp"

namespace rt::tws {
namespace {

using testing::dec;
using testing::fields_of;
using testing::payload;
using testing::request_as;
using testing::response_as;
using testing::unframe;
using Fields = std::vector<std::string>;

Contract aapl() {
  Contract c;
  c.symbol = "AAPL";
  return c;
}

PlaceOrder plain_limit() {
  PlaceOrder m;
  m.order_id = 1000;
  m.contract = aapl();
  m.order.action = "BUY";
  m.order.total_quantity = dec("10");
  m.order.order_type = "LMT";
  m.order.lmt_price = dec("150.5");
  return m;
}

// Sets the fields that only exist from some server version on, when `sv` has them.
void set_gated_order_fields(Order& o, int sv, bool open_order) {
  if (sv >= sv::kDuration) o.duration = 60;
  if (sv >= sv::kPostToAts) o.post_to_ats = 1;
  if (sv >= sv::kAutoCancelParent) o.auto_cancel_parent = true;
  if (!open_order && sv >= sv::kAdvancedOrderReject) o.advanced_error_override = "8229";
  if (!open_order && sv >= sv::kManualOrderTime) o.manual_order_time = "20250115 09:30:00";
  if (sv >= sv::kCustomerAccount) o.customer_account = "C1";
  if (sv >= sv::kProfessionalCustomer) o.professional_customer = true;
  if (open_order && sv >= sv::kBondAccruedInterest) o.bond_accrued_interest = "1.25";
  if (sv >= sv::kIncludeOvernight) o.include_overnight = true;
  if (sv >= (open_order ? sv::kCmeTaggingFieldsInOpenOrder : sv::kCmeTaggingFields)) o.manual_order_indicator = 1;
  if (open_order && sv >= sv::kCmeTaggingFieldsInOpenOrder) o.ext_operator = "op";
  if (open_order && sv >= sv::kSubmitter) o.submitter = "trader1";
  if (sv >= sv::kImbalanceOnly) o.imbalance_only = true;
}

// An order that switches on every conditional block that can go together: BAG legs, delta-neutral
// order and contract, scale extras, hedge, algo params and conditions.
PlaceOrder everything_combo(int sv) {
  PlaceOrder m;
  m.order_id = 77;
  m.contract.symbol = "SPY";
  m.contract.sec_type = "BAG";
  m.sec_id_type = "ISIN";
  m.sec_id = "US78462F1030";
  Order& o = m.order;
  o.action = "SELL";
  o.total_quantity = dec("2.5");
  o.order_type = "LMT";
  o.lmt_price = dec("1.05");
  o.tif = "GTC";
  o.order_ref = "rt-7f3a";
  o.parent_id = 76;
  o.display_size = 100;
  o.trigger_method = 2;
  o.outside_rth = true;
  o.combo_legs = {ComboLeg{111, 1, "BUY", "SMART", 0, 0, "", -1}, ComboLeg{222, 2, "SELL", "CBOE", 1, 2, "X", 0}};
  o.order_combo_leg_prices = {dec("1.5"), std::nullopt};
  o.smart_combo_routing_params = {{"NonGuaranteed", "1"}};
  o.discretionary_amt = dec("0.05");
  o.good_till_date = "20250120 16:00:00 US/Eastern";
  o.exempt_code = 0;
  o.min_qty = 5;
  o.percent_offset = 0.01;
  o.auction_strategy = 2;
  o.starting_price = dec("1.1");
  o.delta = 0.4;
  o.volatility = 0.25;
  o.volatility_type = 2;
  o.delta_neutral_order_type = "LMT";
  o.delta_neutral_aux_price = dec("99.5");
  o.delta_neutral_con_id = 756733;
  o.delta_neutral_settling_firm = "F";
  o.delta_neutral_open_close = "O";
  o.delta_neutral_short_sale = true;
  o.delta_neutral_short_sale_slot = 1;
  o.reference_price_type = 1;
  o.trail_stop_price = dec("0.9");
  o.trailing_percent = dec("2.5");
  o.scale_init_level_size = 10;
  o.scale_subs_level_size = 5;
  o.scale_price_increment = 0.05;
  o.scale_price_adjust_value = 0.01;
  o.scale_price_adjust_interval = 60;
  o.scale_profit_offset = 0.1;
  o.scale_auto_reset = true;
  o.scale_init_position = 3;
  o.scale_init_fill_qty = 1;
  o.scale_random_percent = true;
  o.hedge_type = "D";
  o.hedge_param = "0.5";
  o.not_held = true;
  o.delta_neutral_contract = DeltaNeutralContract{756733, 0.5, dec("450.25")};
  o.algo_strategy = "Adaptive";
  o.algo_params = {{"adaptivePriority", "Normal"}};
  o.conditions = {OrderCondition{1, "a", {"1", "150.5", "265598", "SMART", "0"}},
                  OrderCondition{3, "o", {"0", "20250115 15:00:00"}},
                  OrderCondition{5, "a", {"STK", "SMART", "MSFT"}}};
  o.conditions_ignore_rth = true;
  o.conditions_cancel_order = true;
  o.trigger_price = dec("1.2");
  o.adjusted_order_type = "STP";
  o.cash_qty = dec("1000");
  o.use_price_mgmt_algo = true;
  set_gated_order_fields(o, sv, false);
  return m;
}

PlaceOrder peg(std::string type, std::string exchange, int sv) {
  PlaceOrder m = plain_limit();
  m.contract.exchange = std::move(exchange);
  m.order.order_type = std::move(type);
  if (m.order.order_type == "PEG BENCH") {
    m.order.reference_contract_id = 265598;
    m.order.is_pegged_change_amount_decrease = true;
    m.order.pegged_change_amount = 0.5;
    m.order.reference_change_amount = 1.5;
    m.order.reference_exchange_id = "NASDAQ";
  }
  if (sv >= sv::kPegBestPegMidOffsets) {
    if (m.contract.exchange == "IBKRATS") m.order.min_trade_qty = 100;
    if (m.order.order_type == "PEG BEST") {
      m.order.min_compete_size = 10;
      m.order.compete_against_best_offset = std::numeric_limits<double>::infinity();
    }
    if (m.order.order_type == "PEG BEST" || m.order.order_type == "PEG MID") {
      m.order.mid_offset_at_whole = 0.01;
      m.order.mid_offset_at_half = 0.005;
    }
  }
  return m;
}

OpenOrder open_order_with_blocks(int sv) {
  OpenOrder m;
  m.order_id = 77;
  m.contract = aapl();
  m.contract.con_id = 265598;
  m.contract.local_symbol = "AAPL";
  m.contract.trading_class = "NMS";
  m.combo_legs_description = "";
  PlaceOrder p = everything_combo(sv);
  m.order = p.order;
  // openOrder carries no placeOrder-only fields
  Order& o = m.order;
  o.override_percentage_constraints = false;
  o.scale_table.clear();
  o.active_start_time.clear();
  o.active_stop_time.clear();
  o.algo_id.clear();
  o.order_misc_options.clear();
  o.mifid2_decision_maker.clear();
  o.advanced_error_override.clear();
  o.manual_order_time.clear();
  o.ext_operator.clear();
  o.manual_order_indicator.reset();
  o.duration.reset();
  o.post_to_ats.reset();
  o.auto_cancel_parent = false;
  o.customer_account.clear();
  o.professional_customer = false;
  o.include_overnight = false;
  set_gated_order_fields(o, sv, true);
  if (sv >= sv::kPegBestPegMidOffsets) {
    o.min_trade_qty = 1;
    o.min_compete_size = 2;
    o.compete_against_best_offset = 0.02;
    o.mid_offset_at_whole = 0.01;
    o.mid_offset_at_half = 0.005;
  }
  o.transmit = true;  // not on the wire; decodes as the default
  o.client_id = 7;
  o.perm_id = 9'000'000'001;
  o.soft_dollar_tier_display_name = "tier";
  m.state.status = "PreSubmitted";
  m.state.init_margin_before = dec("1000.5");
  m.state.commission = dec("1.25");
  m.state.commission_currency = "USD";
  m.state.warning_text = "careful";
  if (sv >= sv::kFullOrderPreviewFields) {
    m.state.margin_currency = "USD";
    m.state.outside_rth[0] = dec("1200.5");
    m.state.outside_rth[8] = dec("-3.25");
    m.state.suggested_size = dec("10");
    m.state.reject_reason = "none";
    m.state.allocations = {{"DU1", dec("0"), dec("5"), dec("5"), dec("5"), dec("5"), false}};
  }
  return m;
}

TEST(PlaceOrderCodec, EveryOrderRoundTripsInBothStylesAtEveryServerVersionFrom157To200) {
  for (int sv = sv::kClientMin; sv <= sv::kClientMax; ++sv) {
    std::vector<PlaceOrder> orders = {plain_limit(),
                                      everything_combo(sv),
                                      peg("PEG BENCH", "SMART", sv),
                                      peg("PEG BEST", "IBKRATS", sv),
                                      peg("PEG MID", "SMART", sv)};
    for (auto style : {EncodeStyle::kOfficial, EncodeStyle::kStoqey}) {
      for (const auto& m : orders) {
        auto p = unframe(encode(m, sv, style));
        auto back = decode_request(p, sv);
        ASSERT_TRUE(back.has_value()) << sv << " " << back.error().message << " " << describe_payload(p);
        EXPECT_EQ(*back, Request{m}) << "sv " << sv << " " << describe_payload(p);
      }
    }
  }
}

TEST(PlaceOrderCodec, PlainOrderFieldCountsFollowTheServerVersionGates) {
  const std::vector<std::pair<int, std::size_t>> counts = {{157, 110}, {158, 111}, {160, 112}, {162, 113},
                                                           {166, 114}, {169, 115}, {176, 115}, {177, 114},
                                                           {178, 114}, {183, 115}, {184, 116}, {187, 118},
                                                           {189, 119}, {190, 117}, {192, 118}, {193, 118},
                                                           {198, 118}, {199, 119}, {200, 119}};
  for (auto [sv, n] : counts) {
    EXPECT_EQ(fields_of(encode(plain_limit(), sv)).size(), n) << "sv " << sv;
    EXPECT_EQ(fields_of(encode(plain_limit(), sv, EncodeStyle::kStoqey)).size(), n) << "sv " << sv;
  }
}

TEST(PlaceOrderCodec, OfficialStyleWritesJavaDefaultsForAPlainOrder) {
  auto f = fields_of(encode(plain_limit(), 193));
  ASSERT_EQ(f.size(), 118u);
  EXPECT_EQ(f[2], "0");                         // conId
  EXPECT_EQ(f[6], "0.0");                       // strike
  EXPECT_EQ(f[19], "150.5");                    // lmtPrice
  EXPECT_EQ(f[20], "");                         // auxPrice unset
  EXPECT_EQ(f[27], "1");                        // transmit
  EXPECT_EQ(f[36], "1.7976931348623157E308");   // discretionaryAmt, plain send
  EXPECT_EQ(f[45], "-1");                       // exemptCode
  EXPECT_EQ(f[91], "1.7976931348623157E308");   // triggerPrice
  EXPECT_EQ(f[109], "2147483647");              // duration
  EXPECT_EQ(f[110], "2147483647");              // postToAts
  EXPECT_EQ(f[117], "2147483647");              // manualOrderIndicator
}

TEST(PlaceOrderCodec, StoqeyStyleLeavesDefaultsEmpty) {
  auto f = fields_of(encode(plain_limit(), 193, EncodeStyle::kStoqey));
  ASSERT_EQ(f.size(), 118u);
  std::size_t non_empty = 0;
  for (const auto& x : f) non_empty += !x.empty();
  // 3, orderId, AAPL, STK, SMART, USD, BUY, 10, LMT, 150.5, transmit, deltaNeutral 0, conditions 0
  EXPECT_EQ(non_empty, 13u);
  EXPECT_EQ(f[81], "0");
  EXPECT_EQ(f[89], "0");
}

TEST(PlaceOrderCodec, FaProfileIsOnTheWireOnlyBefore177) {
  auto f176 = fields_of(encode(plain_limit(), 176));
  auto f177 = fields_of(encode(plain_limit(), 177));
  EXPECT_EQ(f176.size(), f177.size() + 1);
  EXPECT_EQ(f176[42], "");      // faProfile
  EXPECT_EQ(f176[46], "-1");    // exemptCode, one later than at 177
  EXPECT_EQ(f177[45], "-1");
}

TEST(PlaceOrderCodec, RfqPlaceholdersSitBetweenProfessionalCustomerAndIncludeOvernightFrom187To189) {
  for (int sv : {187, 188, 189}) {
    auto f = fields_of(encode(plain_limit(), sv, EncodeStyle::kStoqey));
    std::size_t rfq = 116;  // after customerAccount (#115) and professionalCustomer (#116)
    EXPECT_EQ(f[rfq], "") << sv;
    EXPECT_EQ(f[rfq + 1], "2147483647") << sv;
  }
  EXPECT_EQ(fields_of(encode(plain_limit(), 190)).size(), 117u);
}

TEST(PlaceOrderCodec, MinTradeQtyOnlyForIbkrAtsAndMidOffsetsOnlyForPegBestUpToMidOrPegMid) {
  const int sv = 193;
  auto base = fields_of(encode(plain_limit(), sv)).size();
  EXPECT_EQ(fields_of(encode(peg("PEG MID", "SMART", sv), sv)).size(), base + 2);
  EXPECT_EQ(fields_of(encode(peg("PEG BEST", "IBKRATS", sv), sv)).size(), base + 5);
  PlaceOrder best = peg("PEG BEST", "SMART", sv);
  best.order.compete_against_best_offset = 0.02;
  best.order.mid_offset_at_whole.reset();
  best.order.mid_offset_at_half.reset();
  EXPECT_EQ(fields_of(encode(best, sv)).size(), base + 2);
  EXPECT_EQ(fields_of(encode(peg("PEG BENCH", "SMART", sv), sv)).size(), base + 5);
}

TEST(PlaceOrderCodec, UnknownConditionTypeIsAnErrorNotAMisalignment) {
  PlaceOrder m = plain_limit();
  m.order.conditions = {OrderCondition{1, "a", {"1", "150", "265598", "SMART", "0"}}};
  auto f = fields_of(encode(m, 193));
  f[90] = "2";  // no condition type 2 exists
  auto r = decode_request(payload(f), 193);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("condition.type"), std::string::npos);
}

TEST(PlaceOrderCodec, TruncatedOrderIsAMissingFieldErrorNamingIt) {
  auto f = fields_of(encode(plain_limit(), 193));
  f.pop_back();
  auto r = decode_request(payload(f), 193);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "PLACE_ORDER field 118 (manualOrderIndicator): missing (message ended early)");
}

TEST(CancelOrderCodec, CancelOrderBefore169HasOnlyVersionAndOrderId) {
  EXPECT_EQ(fields_of(encode(CancelOrder{5, "", "", std::nullopt}, 168)), (Fields{"4", "1", "5"}));
}

TEST(CancelOrderCodec, CancelOrderFrom169AddsManualOrderCancelTime) {
  EXPECT_EQ(fields_of(encode(CancelOrder{5, "20250115 10:00:00", "", std::nullopt}, 176)),
            (Fields{"4", "1", "5", "20250115 10:00:00"}));
}

TEST(CancelOrderCodec, CancelOrderFrom187To189CarriesThreeRfqPlaceholders) {
  for (int sv : {187, 189}) {
    EXPECT_EQ(fields_of(encode(CancelOrder{1000, "", "", std::nullopt}, sv)),
              (Fields{"4", "1", "1000", "", "", "", "2147483647"}));
  }
  EXPECT_EQ(fields_of(encode(CancelOrder{1000, "", "", std::nullopt}, 190)), (Fields{"4", "1", "1000", ""}));
}

TEST(CancelOrderCodec, CancelOrderAtServerVersion192HasNoVersionField) {
  EXPECT_EQ(fields_of(encode(CancelOrder{1000, "", "", std::nullopt}, 192)),
            (Fields{"4", "1000", "", "", "2147483647"}));
  auto m = request_as<CancelOrder>(payload({"4", "1000", "t", "op", "1"}), 193);
  EXPECT_EQ(m, (CancelOrder{1000, "t", "op", 1}));
}

TEST(GlobalCancelCodec, GlobalCancelAtServerVersion192HasExtOperatorAndManualIndicatorInsteadOfVersion) {
  EXPECT_EQ(fields_of(encode(ReqGlobalCancel{}, 191)), (Fields{"58", "1"}));
  EXPECT_EQ(fields_of(encode(ReqGlobalCancel{}, 192)), (Fields{"58", "", "2147483647"}));
  EXPECT_EQ(request_as<ReqGlobalCancel>(payload({"58", "op", "0"}), 193), (ReqGlobalCancel{"op", 0}));
}

TEST(OrderRequestCodec, EveryRequestRoundTripsAtEveryServerVersionFrom157To200) {
  for (int sv = sv::kClientMin; sv <= sv::kClientMax; ++sv) {
    std::vector<Request> all = {
        CancelOrder{1, sv >= sv::kManualOrderTime ? "20250115 10:00:00" : "",
                    sv >= sv::kCmeTaggingFields ? "op" : "",
                    sv >= sv::kCmeTaggingFields ? std::optional<int>(0) : std::nullopt},
        ReqGlobalCancel{sv >= sv::kCmeTaggingFields ? "op" : "",
                        sv >= sv::kCmeTaggingFields ? std::optional<int>(1) : std::nullopt},
        ReqOpenOrders{},
        ReqAllOpenOrders{},
        ReqAutoOpenOrders{false},
        ReqCompletedOrders{true},
        ReqExecutions{5, ExecutionFilter{0, "DU1", "20250115-09:30:00", "AAPL", "STK", "SMART", "SELL", std::nullopt, {}}},
        ReqExecutions{6, ExecutionFilter{3, "", "", "", "", "", "", sv >= sv::kParametrizedDaysOfExecutions ? std::optional<int>(3) : std::nullopt,
                                         sv >= sv::kParametrizedDaysOfExecutions ? std::vector<std::string>{"20250114"} : std::vector<std::string>{}}},
    };
    for (auto style : {EncodeStyle::kOfficial, EncodeStyle::kStoqey}) {
      for (const auto& m : all) {
        auto p = unframe(encode(m, sv, style));
        auto back = decode_request(p, sv);
        ASSERT_TRUE(back.has_value()) << sv << " " << back.error().message;
        EXPECT_EQ(*back, m) << "sv " << sv << " " << describe_payload(p);
      }
    }
  }
}

TEST(ReqExecutionsCodec, FromServerVersion200LastNDaysAndSpecificDatesFollowTheSide) {
  ReqExecutions m{5, ExecutionFilter{}};
  EXPECT_EQ(fields_of(encode(m, 199)).size(), 10u);
  const auto unset = fields_of(encode(m, 200));
  ASSERT_EQ(unset.size(), 12u);
  EXPECT_EQ(unset[10], "2147483647");  // today only
  EXPECT_EQ(unset[11], "0");
  m.filter.last_n_days = 3;
  m.filter.specific_dates = {"20250113", "20250114"};
  const auto set = fields_of(encode(m, 200));
  EXPECT_EQ((std::vector<std::string>{set.begin() + 10, set.end()}),
            (std::vector<std::string>{"3", "2", "20250113", "20250114"}));
}

TEST(ReqExecutionsCodec, OfficialStyleWritesClientIdZeroAndStoqeyLeavesItEmpty) {
  ReqExecutions m{5001, ExecutionFilter{}};
  EXPECT_EQ(fields_of(encode(m, 176)), (Fields{"7", "3", "5001", "0", "", "", "", "", "", ""}));
  EXPECT_EQ(fields_of(encode(m, 176, EncodeStyle::kStoqey)), (Fields{"7", "3", "5001", "", "", "", "", "", "", ""}));
}

TEST(OpenOrderCodec, PlainOrderFieldCountsAre128At176And127At178And130At187And133At193) {
  OpenOrder m;
  m.order_id = 1000;
  m.contract = aapl();
  m.state.status = "Submitted";
  EXPECT_EQ(fields_of(encode(m, 176)).size(), 128u);
  EXPECT_EQ(fields_of(encode(m, 178)).size(), 127u);
  EXPECT_EQ(fields_of(encode(m, 183)).size(), 128u);
  EXPECT_EQ(fields_of(encode(m, 184)).size(), 129u);
  EXPECT_EQ(fields_of(encode(m, 187)).size(), 130u);
  EXPECT_EQ(fields_of(encode(m, 189)).size(), 131u);
  EXPECT_EQ(fields_of(encode(m, 193)).size(), 133u);
  // 195: marginCurrency, nine outside-RTH margins, suggestedSize, rejectReason, allocation count.
  EXPECT_EQ(fields_of(encode(m, 195)).size(), 146u);
  EXPECT_EQ(fields_of(encode(m, 198)).size(), 147u);  // submitter
  EXPECT_EQ(fields_of(encode(m, 199)).size(), 148u);  // imbalanceOnly
}

TEST(OpenOrderCodec, TheFullOrderPreviewSitsBetweenCommissionCurrencyAndWarningText) {
  OpenOrder m;
  m.order.what_if = true;
  m.state.commission_currency = "USD";
  m.state.margin_currency = "EUR";
  m.state.reject_reason = "too big";
  m.state.warning_text = "careful";
  const auto f = fields_of(encode(m, 195));
  const auto at = std::find(f.begin(), f.end(), "EUR");
  ASSERT_NE(at, f.end());
  EXPECT_EQ(*(at - 1), "USD");
  EXPECT_EQ(*(at + 11), "too big");
  EXPECT_EQ(*(at + 12), "0");  // no allocations
  EXPECT_EQ(*(at + 13), "careful");
  EXPECT_EQ(response_as<OpenOrder>(unframe(encode(m, 195)), 195).state, m.state);
}

TEST(OpenOrderCodec, EveryConditionalBlockRoundTripsAtEveryServerVersionFrom157To200) {
  for (int sv = sv::kClientMin; sv <= sv::kClientMax; ++sv) {
    OpenOrder m = open_order_with_blocks(sv);
    auto p = unframe(encode(m, sv));
    auto back = decode_response(p, sv);
    ASSERT_TRUE(back.has_value()) << sv << " " << back.error().message;
    EXPECT_EQ(*back, Response{m}) << "sv " << sv << " " << describe_payload(p);
  }
}

TEST(OpenOrderCodec, PegBenchOrderCarriesItsFiveFieldsBeforeTheConditions) {
  OpenOrder m;
  m.order = peg("PEG BENCH", "SMART", 193).order;
  m.order.transmit = true;
  auto plain = fields_of(encode(OpenOrder{}, 193)).size();
  EXPECT_EQ(fields_of(encode(m, 193)).size(), plain + 5);
  EXPECT_EQ(response_as<OpenOrder>(unframe(encode(m, 193)), 193).order.reference_exchange_id, "NASDAQ");
}

TEST(OrderStatusCodec, HasTwelveFieldsAndNoVersion) {
  OrderStatus m{1000, "Filled", dec("10"), dec("0"), dec("150.25"), 123456789, 0, dec("150.25"), 7, "", dec("0")};
  auto f = fields_of(encode(m, 193));
  EXPECT_EQ(f, (Fields{"3", "1000", "Filled", "10", "0", "150.25", "123456789", "0", "150.25", "7", "", "0"}));
  EXPECT_EQ(response_as<OrderStatus>(payload(f), 193), m);
}

TEST(OrderStatusCodec, PermIdIsSixtyFourBit) {
  auto m = response_as<OrderStatus>(
      payload({"3", "1", "Submitted", "0", "1", "0", "9000000000001", "0", "0", "7", "", "0"}), 193);
  EXPECT_EQ(m.perm_id, 9'000'000'000'001);
}

TEST(ExecutionDataCodec, ExecutionDataGainsPendingPriceRevisionAt178) {
  ExecutionData m;
  m.req_id = -1;
  m.exec_id = "e1";
  m.pending_price_revision = true;
  EXPECT_EQ(fields_of(encode(m, 177)).size(), 31u);
  auto f = fields_of(encode(m, 178));
  ASSERT_EQ(f.size(), 32u);
  EXPECT_EQ(f.back(), "1");
  EXPECT_TRUE(response_as<ExecutionData>(payload(f), 178).pending_price_revision);
}

TEST(ExecutionDataCodec, ExecutionDataGainsSubmitterAt198) {
  ExecutionData m;
  m.submitter = "trader1";
  EXPECT_EQ(fields_of(encode(m, 198)).size(), 33u);
  EXPECT_EQ(response_as<ExecutionData>(unframe(encode(m, 198)), 198).submitter, "trader1");
}

TEST(ExecutionCodec, EveryResponseRoundTripsAtEveryServerVersionFrom157To200) {
  for (int sv = sv::kClientMin; sv <= sv::kClientMax; ++sv) {
    ExecutionData e;
    e.req_id = -1;
    e.order_id = 12;
    e.contract = aapl();
    e.exec_id = "0000e0d5.1";
    e.time = "20250115  09:35:00";
    e.side = "SLD";
    e.shares = dec("0.5");
    e.price = dec("150.01");
    e.perm_id = 9'000'000'001;
    e.cum_qty = dec("1.5");
    e.avg_price = dec("150.005");
    e.ev_multiplier = 2.5;
    e.last_liquidity = 2;
    e.pending_price_revision = sv >= sv::kPendingPriceRevision;
    std::vector<Response> all = {
        e,
        ExecutionDataEnd{5},
        CommissionReport{"0000e0d5.1", dec("1.0025"), "USD", dec("-12.5"), 0.05, 20300115},
        CommissionReport{"0000e0d5.1", dec("1"), "USD", std::nullopt, std::nullopt, std::nullopt},
        OrderStatus{1, "PreSubmitted", dec("0"), dec("1"), dec("0"), 2, 3, dec("0"), 4, "locate", dec("0")},
        OpenOrderEnd{},
        CompletedOrdersEnd{},
    };
    for (const auto& m : all) {
      auto p = unframe(encode(m, sv));
      auto back = decode_response(p, sv);
      ASSERT_TRUE(back.has_value()) << sv << " " << back.error().message;
      EXPECT_EQ(*back, m) << "sv " << sv << " " << describe_payload(p);
    }
  }
}

TEST(CommissionReportCodec, HasEightFieldsAndUnknownSentinelsDecodeAsUnset) {
  auto m = response_as<CommissionReport>(
      payload({"59", "1", "e1", "1.0", "USD", "1.7976931348623157E308", "1.7976931348623157E308", "0"}), 193);
  EXPECT_EQ(m.commission, dec("1"));
  EXPECT_FALSE(m.realized_pnl.has_value());
  EXPECT_FALSE(m.yield.has_value());
  EXPECT_EQ(fields_of(encode(m, 193)).size(), 8u);
}

CompletedOrder filled_completed(int sv) {
  CompletedOrder m;
  m.contract = aapl();
  m.contract.con_id = 265598;
  m.contract.exchange = "SMART";
  m.contract.primary_exchange.clear();
  Order& o = m.order;
  o.action = "SELL";
  o.total_quantity = dec("100");
  o.order_type = "TRAIL";
  o.aux_price = dec("1.5");
  o.tif = "GTC";
  o.oca_group = "oca-ref-7";
  o.oca_type = 2;
  o.account = "DU1234567";
  o.order_ref = "rt-7-stop";
  o.perm_id = 9'000'000'002;
  o.trail_stop_price = dec("148.5");
  o.trailing_percent = dec("1");
  o.outside_rth = true;
  if (sv >= sv::kCustomerAccount) o.customer_account = "C1";
  if (sv >= sv::kSubmitter) o.submitter = "trader1";
  m.status = "Filled";
  m.filled_quantity = dec("100");
  m.parent_perm_id = 9'000'000'001;
  m.completed_time = "20250115 15:04:05 America/New_York";
  m.completed_status = "Filled Size: 100";
  return m;
}

TEST(CompletedOrderCodec, RoundTripsAtEveryServerVersionFrom157To200) {
  for (int sv = sv::kClientMin; sv <= sv::kClientMax; ++sv) {
    for (bool with_blocks : {false, true}) {
      CompletedOrder m = filled_completed(sv);
      if (with_blocks) {
        m.order.delta_neutral_order_type = "LMT";
        m.order.delta_neutral_con_id = 12;
        m.order.delta_neutral_short_sale = true;
        m.order.delta_neutral_designated_location = "X";
        m.order.hedge_type = "D";
        m.order.hedge_param = "0.5";
        m.order.delta_neutral_contract = DeltaNeutralContract{5, 0.25, dec("101.5")};
        m.order.algo_strategy = "Adaptive";
        m.order.algo_params = {{"adaptivePriority", "Normal"}};
        m.order.smart_combo_routing_params = {{"NonGuaranteed", "1"}};
      }
      auto p = unframe(encode(m, sv));
      auto back = decode_response(p, sv);
      ASSERT_TRUE(back.has_value()) << sv << " " << back.error().message;
      EXPECT_EQ(*back, Response{m}) << "sv " << sv << " " << describe_payload(p);
    }
  }
}

TEST(CompletedOrderCodec, HasNoVersionOrOrderIdAndEndsWithTheCompletionAndLateFields) {
  const auto f = fields_of(encode(filled_completed(200), 200));
  EXPECT_EQ(f[0], "101");
  EXPECT_EQ(f[1], "265598");               // the contract comes first
  EXPECT_EQ(f[12], "SELL");                // then the order core
  EXPECT_EQ(f[22], "rt-7-stop");           // ... ending with orderRef
  EXPECT_EQ(f[23], "9000000002");          // then permId
  EXPECT_EQ(f[f.size() - 9], "Filled Size: 100");  // completedStatus, then 5 PEG fields,
  EXPECT_EQ(f[f.size() - 10], "20250115 15:04:05 America/New_York");
  EXPECT_EQ(f[f.size() - 11], "9000000001");       // parentPermId
  EXPECT_EQ(f.back(), "trader1");          // customerAccount, professionalCustomer, submitter
  EXPECT_EQ(fields_of(encode(filled_completed(197), 197)).size(), f.size() - 1);
  EXPECT_EQ(response_as<CompletedOrdersEnd>(payload({"102"}), 193), CompletedOrdersEnd{});
}

TEST(CompletedOrderCodec, ATruncatedCompletedOrderIsAnErrorNamingTheMissingField) {
  auto full = fields_of(encode(filled_completed(193), 193));
  full.resize(full.size() - 3);
  auto r = decode_response(payload(full), 193);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("COMPLETED_ORDER"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace rt::tws

// Golden vectors: messages a real third-party client (@stoqey/ib 1.6.10) exchanged with a server at
// server versions 176, 178, 187 and 193 (tests/golden/*.json). Requests must re-encode byte for
// byte; responses must decode to the expected values and re-encode to the captured fields.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "tws/messages/codec.hpp"
#include "tws/wire/frame_decoder.hpp"

namespace rt::tws {
namespace {

using Json = nlohmann::json;

Json load_capture(int server_version) {
  std::string path = std::string(RT_GOLDEN_DIR) + "/stoqey-1.6.10-sv" + std::to_string(server_version) + ".json";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  return Json::parse(in);
}

std::string payload_of(const Json& fields) {
  std::string p;
  for (const auto& f : fields) p += f.get<std::string>() + '\0';
  return p;
}

std::string frame_of(std::string_view payload) {
  auto n = static_cast<std::uint32_t>(payload.size());
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xFF));
  out += payload;
  return out;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xF]);
  }
  return out;
}

Decimal dec(std::string_view text) { return Decimal::parse(text).value(); }

Contract aapl_position_contract() {
  Contract c;
  c.con_id = 265598;
  c.symbol = "AAPL";
  c.sec_type = "STK";
  c.exchange = "NASDAQ";
  c.currency = "USD";
  c.local_symbol = "AAPL";
  c.trading_class = "NMS";
  return c;
}

Contract aapl_smart() {
  Contract c;
  c.symbol = "AAPL";  // STK, SMART, USD are the defaults
  return c;
}

Contract aapl_smart_with_id() {
  Contract c = aapl_smart();
  c.con_id = 265598;
  c.primary_exchange = "NASDAQ";
  return c;
}

// The client messages of the kinds this codec models, in capture order.
const std::set<std::string> kRequestIds = {"71", "49", "8",  "17", "62", "63", "61", "64", "6",
                                           "59", "1",  "2",  "20", "25", "50", "51", "9",
                                           "3",  "4",  "5",  "16", "15", "7",  "58", "99"};

PlaceOrder stoqey_order(std::int64_t id, Contract c, std::string action, std::string_view qty, std::string type) {
  PlaceOrder m;
  m.order_id = id;
  m.contract = std::move(c);
  m.order.action = std::move(action);
  m.order.total_quantity = dec(qty);
  m.order.order_type = std::move(type);
  m.order.transmit = true;
  return m;
}

std::vector<Request> expected_requests(int /*sv*/) {
  PlaceOrder limit = stoqey_order(1000, aapl_smart(), "BUY", "10", "LMT");
  limit.order.lmt_price = dec("150.5");
  PlaceOrder market = stoqey_order(1001, aapl_smart(), "SELL", "5", "MKT");
  PlaceOrder stop = stoqey_order(1002, aapl_smart_with_id(), "BUY", "1", "STP");
  stop.order.aux_price = dec("140");
  stop.order.tif = "GTC";
  stop.order.outside_rth = true;
  stop.order.account = "DU1234567";
  ExecutionFilter filter{7, "DU1234567", "20250115-09:30:00", "AAPL", "STK", "SMART", "BUY", std::nullopt, {}};
  ReqMktData quotes{1001, aapl_smart(), {}, std::nullopt, "", false, false, ""};
  ReqMktData snapshot{1002, aapl_smart_with_id(), {}, std::nullopt, "233,236", true, false, ""};
  ReqHistoricalData hourly{2001, aapl_smart(), false, "", "1 hour", "1 D", true, "TRADES", 1, {}, false, ""};
  ReqHistoricalData midpoint{2002,   aapl_smart_with_id(), false, "20250114 16:00:00 US/Eastern", "5 mins", "2 D",
                             false,  "MIDPOINT",           2,     {},                             false,    ""};
  ReqHistoricalData streaming{2003, aapl_smart(), false, "", "1 min", "1 D", true, "TRADES", 1, {}, true, ""};
  return {StartApi{7, ""},
          ReqCurrentTime{},
          ReqIds{1},
          ReqManagedAccts{},
          ReqAccountSummary{9001, "All", "NetLiquidation,TotalCashValue"},
          CancelAccountSummary{9001},
          ReqPositions{},
          CancelPositions{},
          ReqAccountUpdates{true, "DU1234567"},
          ReqAccountUpdates{false, "DU1234567"},
          ReqMarketDataType{market_data_type::kDelayed},
          quotes,
          snapshot,
          CancelMktData{1001},
          hourly,
          midpoint,
          streaming,
          CancelHistoricalData{2003},
          ReqRealTimeBars{3001, aapl_smart(), 5, "TRADES", true, ""},
          CancelRealTimeBars{3001},
          ReqContractData{4001, aapl_smart(), false, "", "", ""},
          limit,
          market,
          stop,
          CancelOrder{1000, "", "", std::nullopt},
          CancelOrder{1001, "", "", std::nullopt},
          ReqOpenOrders{},
          ReqAllOpenOrders{},
          ReqAutoOpenOrders{true},
          ReqExecutions{5001, ExecutionFilter{}},
          ReqExecutions{5002, filter},
          ReqGlobalCancel{},
          ReqCompletedOrders{false}};
}

ContractDetails aapl_details(int sv) {
  ContractDetails d;
  d.req_id = 4001;
  d.contract = aapl_position_contract();
  d.contract.exchange = "SMART";
  d.contract.primary_exchange = "NASDAQ";
  d.market_name = "NMS";
  d.min_tick = dec("0.01");
  d.order_types = "ACTIVETIM,AD,ALERT,LMT,MKT";
  d.valid_exchanges = "SMART,NASDAQ,NYSE";
  d.price_magnifier = 1;
  d.long_name = "APPLE INC";
  d.industry = "Technology";
  d.category = "Computers";
  d.subcategory = "Computers";
  d.time_zone_id = "US/Eastern";
  d.trading_hours = "20250115:0400-20250115:2000;20250116:0400-20250116:2000";
  d.liquid_hours = "20250115:0930-20250115:1600;20250116:0930-20250116:1600";
  d.sec_id_list = {{"ISIN", "US0378331005"}};
  d.agg_group = 1;
  d.market_rule_ids = "26,26,26";
  d.stock_type = "COMMON";
  d.min_size = dec("0.0001");
  d.size_increment = dec("0.0001");
  d.suggested_size_increment = dec("100");
  (void)sv;  // lastTradeDate (>= 182) is empty and there are no ineligibility reasons (>= 186)
  return d;
}

HistoricalBar bar(std::string date, std::string_view o, std::string_view h, std::string_view l, std::string_view c,
                  std::string_view volume, std::string_view wap, int count) {
  return HistoricalBar{std::move(date), dec(o), dec(h), dec(l), dec(c), dec(volume), dec(wap), count};
}

// The server messages of the kinds this codec models, in capture order.
const std::set<std::string> kResponseIds = {"15", "9",  "4",  "49", "63", "64", "61", "62", "6",  "7",  "8",
                                            "54", "58", "1",  "2",  "46", "45", "81", "57", "17", "90", "50",
                                            "10", "52", "5",  "3",  "53", "11", "55", "59"};

OpenOrder captured_open_order() {
  OpenOrder m;
  m.order_id = 1000;
  m.contract = aapl_position_contract();
  m.contract.exchange = "SMART";
  Order& o = m.order;
  o.action = "BUY";
  o.total_quantity = dec("10");
  o.order_type = "LMT";
  o.lmt_price = dec("150.5");
  o.aux_price = dec("0");
  o.tif = "DAY";
  o.account = "DU1234567";
  o.client_id = 7;
  o.perm_id = 123456789;
  o.discretionary_amt = dec("0");
  o.volatility_type = 0;
  o.reference_price_type = 0;
  o.use_price_mgmt_algo = false;
  m.state.status = "Submitted";
  return m;
}

ExecutionData captured_execution() {
  ExecutionData m;
  m.req_id = 5001;
  m.order_id = 1000;
  m.contract = aapl_position_contract();
  m.contract.exchange = "ISLAND";
  m.exec_id = "0000e0d5.6798a1b2.01.01";
  m.time = "20250115 09:35:00 US/Eastern";
  m.account = "DU1234567";
  m.exchange = "ISLAND";
  m.side = "BOT";
  m.shares = dec("10");
  m.price = dec("150.5");
  m.perm_id = 123456789;
  m.client_id = 7;
  m.cum_qty = dec("10");
  m.avg_price = dec("150.5");
  m.last_liquidity = 1;
  return m;
}
std::vector<Response> expected_responses(int sv) {
  PositionData position{"DU1234567", aapl_position_contract(), dec("100"), dec("150.25")};
  Contract portfolio_contract = aapl_position_contract();
  portfolio_contract.exchange.clear();
  portfolio_contract.primary_exchange = "NASDAQ";
  PortfolioValue portfolio{portfolio_contract, dec("100"),  dec("151"), dec("15100"),
                           dec("150.25"),      dec("75"),   dec("0"),   "DU1234567"};
  HistoricalData history{2001,
                         "20250114 09:30:00",
                         "20250115 09:30:00",
                         {bar("20250114 09:30:00", "150", "151", "149.5", "150.5", "1000", "150.2", 10),
                          bar("20250114 10:30:00", "150.5", "152", "150", "151.5", "2000", "151.1", 20)}};
  HistoricalDataUpdate update{2003, bar("20250115 09:31:00", "151", "151.5", "150.9", "151.2", "300", "151.1", 5)};
  RealTimeBar five_seconds{3001,       1736951400, dec("150"),   dec("150.5"), dec("149.9"),
                           dec("150.2"), dec("500"), dec("150.1"), 7};
  return {ManagedAccounts{{"DU1234567"}},
          NextValidId{1000},
          ErrorMessage{-1, 2104, "Market data farm connection is OK:usfarm", "", 0},
          ErrorMessage{-1, 2106, "HMDS data farm connection is OK:ushmds", "", 0},
          ErrorMessage{-1, 2158, "Sec-def data farm connection is OK:secdefnj", "", 0},
          CurrentTime{1736951400},
          ErrorMessage{5, 200, "No security definition has been found for the request", "", 0},
          AccountSummary{9001, "DU1234567", "NetLiquidation", "100000.00", "USD"},
          AccountSummaryEnd{9001},
          position,
          PositionEnd{},
          AccountValue{"NetLiquidation", "100000.00", "USD", "DU1234567"},
          portfolio,
          AccountUpdateTime{"14:30"},
          AccountDownloadEnd{"DU1234567"},
          MarketDataType{1001, market_data_type::kDelayed},
          TickPrice{1001, tick::kBid, dec("150.25"), dec("300"), 0},
          TickPrice{1001, tick::kAsk, dec("150.30"), dec("200"), 0},
          TickSize{1001, tick::kVolume, dec("123456")},
          TickString{1001, tick::kLastTimestamp, "1736951400"},
          TickGeneric{1001, tick::kHalted, 0.0},
          TickReqParams{1001, dec("0.01"), "9c0001", 3},
          TickSnapshotEnd{1002},
          history,
          update,
          five_seconds,
          aapl_details(sv),
          ContractDataEnd{4001},
          captured_open_order(),
          OrderStatus{1000, "Submitted", dec("0"), dec("10"), dec("0"), 123456789, 0, dec("0"), 7, "", dec("0")},
          OpenOrderEnd{},
          captured_execution(),
          ExecutionDataEnd{5001},
          CommissionReport{"0000e0d5.6798a1b2.01.01", dec("1"), "USD", std::nullopt, std::nullopt, std::nullopt}};
}

class GoldenCapture : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override { capture_ = load_capture(GetParam()); }
  Json capture_;
};

TEST_P(GoldenCapture, CaptureIsAtTheServerVersionItIsNamedFor) {
  EXPECT_EQ(capture_.at("serverVersion").get<int>(), GetParam());
}

TEST_P(GoldenCapture, PreambleMatchesTheCapturedRawBytes) {
  const auto& hs = capture_.at("handshake");
  EXPECT_EQ(to_hex(encode_preamble({100, 193, ""})), hs.at("rawHex").get<std::string>());
  std::string raw = encode_preamble({100, 193, ""});
  std::size_t consumed = 0;
  auto decoded = decode_preamble(raw, consumed);
  ASSERT_TRUE(decoded.has_value() && decoded->has_value());
  EXPECT_EQ(decoded->value().max, 193);
  EXPECT_EQ(hs.at("versionString").get<std::string>(), "v100..193");
}

TEST_P(GoldenCapture, EveryModelledRequestReEncodesByteForByteInStoqeyStyle) {
  const int sv = GetParam();
  auto expected = expected_requests(GetParam());
  std::size_t matched = 0;
  for (const auto& entry : capture_.at("clientToServer")) {
    const auto& fields = entry.at("fields");
    if (!kRequestIds.contains(fields.at(0).get<std::string>())) continue;
    ASSERT_LT(matched, expected.size()) << "more modelled requests in the capture than expected";
    ASSERT_TRUE(entry.at("trailingNul").get<bool>());
    std::string payload = payload_of(fields);
    ASSERT_EQ(payload.size(), entry.at("len").get<std::size_t>());
    EXPECT_EQ(encode(expected[matched], sv, EncodeStyle::kStoqey), frame_of(payload)) << describe_payload(payload);
    ++matched;
  }
  EXPECT_EQ(matched, expected.size());
}

TEST_P(GoldenCapture, EveryModelledRequestDecodesToItsTypedValue) {
  const int sv = GetParam();
  auto expected = expected_requests(GetParam());
  std::size_t matched = 0;
  for (const auto& entry : capture_.at("clientToServer")) {
    const auto& fields = entry.at("fields");
    if (!kRequestIds.contains(fields.at(0).get<std::string>())) continue;
    ASSERT_LT(matched, expected.size());
    std::string payload = payload_of(fields);
    auto decoded = decode_request(payload, sv);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(*decoded, expected[matched]) << describe_payload(payload);
    ++matched;
  }
  EXPECT_EQ(matched, expected.size());
}

TEST_P(GoldenCapture, EveryCapturedRequestAndResponseIsModelled) {
  for (const auto& entry : capture_.at("clientToServer")) {
    std::string payload = payload_of(entry.at("fields"));
    auto decoded = decode_request(payload, GetParam());
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_FALSE(std::holds_alternative<UnknownMessage>(*decoded)) << describe_payload(payload);
  }
  for (const auto& fields : capture_.at("serverToClient")) {
    std::string payload = payload_of(fields);
    auto decoded = decode_response(payload, GetParam());
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_FALSE(std::holds_alternative<UnknownMessage>(*decoded)) << describe_payload(payload);
  }
}

// The emulator parses what stoqey sends; robotrader's client writes the same order the official
// way. Both spellings must carry the same typed order at every captured version.
TEST_P(GoldenCapture, StoqeyPlaceOrderReEncodedOfficiallyDecodesToTheSameOrder) {
  const int sv = GetParam();
  std::size_t orders = 0;
  for (const auto& entry : capture_.at("clientToServer")) {
    if (entry.at("fields").at(0).get<std::string>() != "3") continue;
    auto stoqey = decode_request(payload_of(entry.at("fields")), sv);
    ASSERT_TRUE(stoqey.has_value()) << stoqey.error().message;
    std::string official = encode(*stoqey, sv, EncodeStyle::kOfficial);
    EXPECT_NE(official, frame_of(payload_of(entry.at("fields"))));
    auto back = decode_request(std::string_view(official).substr(4), sv);
    ASSERT_TRUE(back.has_value()) << back.error().message;
    EXPECT_EQ(*back, *stoqey);
    ++orders;
  }
  EXPECT_EQ(orders, 3u);
}

TEST_P(GoldenCapture, EveryModelledResponseDecodesAndReEncodesToTheCapturedFields) {
  const int sv = GetParam();
  auto expected = expected_responses(GetParam());
  std::size_t matched = 0;
  for (const auto& fields : capture_.at("serverToClient")) {
    if (!kResponseIds.contains(fields.at(0).get<std::string>())) continue;
    ASSERT_LT(matched, expected.size());
    std::string payload = payload_of(fields);
    auto decoded = decode_response(payload, sv);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(*decoded, expected[matched]) << describe_payload(payload);
    EXPECT_EQ(encode(*decoded, sv), frame_of(payload)) << describe_payload(payload);
    ++matched;
  }
  EXPECT_EQ(matched, expected.size());
}

TEST_P(GoldenCapture, WholeServerStreamReassemblesAndDecodesWithoutErrors) {
  std::string stream;
  for (const auto& fields : capture_.at("serverToClient")) stream += frame_of(payload_of(fields));
  FrameDecoder frames;
  frames.feed(stream);
  std::size_t count = 0;
  for (;;) {
    auto next = frames.next();
    ASSERT_TRUE(next.has_value());
    if (!next->has_value()) break;
    auto decoded = decode_response(**next, GetParam());
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    ++count;
  }
  EXPECT_EQ(count, capture_.at("serverToClient").size());
}

INSTANTIATE_TEST_SUITE_P(Stoqey1610, GoldenCapture, ::testing::Values(176, 178, 187, 193),
                         [](const ::testing::TestParamInfo<int>& p) { return "ServerVersion" + std::to_string(p.param); });

}  // namespace
}  // namespace rt::tws

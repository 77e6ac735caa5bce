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

// The client messages of the kinds this codec models, in capture order.
const std::set<std::string> kRequestIds = {"71", "49", "8", "17", "62", "63", "61", "64", "6"};
std::vector<Request> expected_requests() {
  return {StartApi{7, ""},
          ReqCurrentTime{},
          ReqIds{1},
          ReqManagedAccts{},
          ReqAccountSummary{9001, "All", "NetLiquidation,TotalCashValue"},
          CancelAccountSummary{9001},
          ReqPositions{},
          CancelPositions{},
          ReqAccountUpdates{true, "DU1234567"},
          ReqAccountUpdates{false, "DU1234567"}};
}

// The server messages of the kinds this codec models, in capture order.
const std::set<std::string> kResponseIds = {"15", "9", "4", "49", "63", "64", "61", "62", "6", "7", "8", "54"};
std::vector<Response> expected_responses() {
  PositionData position{"DU1234567", aapl_position_contract(), dec("100"), dec("150.25")};
  Contract portfolio_contract = aapl_position_contract();
  portfolio_contract.exchange.clear();
  portfolio_contract.primary_exchange = "NASDAQ";
  PortfolioValue portfolio{portfolio_contract, dec("100"),  dec("151"), dec("15100"),
                           dec("150.25"),      dec("75"),   dec("0"),   "DU1234567"};
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
          AccountDownloadEnd{"DU1234567"}};
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

TEST_P(GoldenCapture, EveryModelledRequestReEncodesByteForByte) {
  const int sv = GetParam();
  auto expected = expected_requests();
  std::size_t matched = 0;
  for (const auto& entry : capture_.at("clientToServer")) {
    const auto& fields = entry.at("fields");
    if (!kRequestIds.contains(fields.at(0).get<std::string>())) continue;
    ASSERT_LT(matched, expected.size()) << "more modelled requests in the capture than expected";
    ASSERT_TRUE(entry.at("trailingNul").get<bool>());
    std::string payload = payload_of(fields);
    ASSERT_EQ(payload.size(), entry.at("len").get<std::size_t>());
    EXPECT_EQ(encode(expected[matched], sv), frame_of(payload)) << describe_payload(payload);
    ++matched;
  }
  EXPECT_EQ(matched, expected.size());
}

TEST_P(GoldenCapture, EveryModelledRequestDecodesToItsTypedValue) {
  const int sv = GetParam();
  auto expected = expected_requests();
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

TEST_P(GoldenCapture, OtherRequestsDecodeAsUnknownWithTheirId) {
  for (const auto& entry : capture_.at("clientToServer")) {
    const auto& fields = entry.at("fields");
    if (kRequestIds.contains(fields.at(0).get<std::string>())) continue;
    std::string payload = payload_of(fields);
    auto decoded = decode_request(payload, GetParam());
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    ASSERT_TRUE(std::holds_alternative<UnknownMessage>(*decoded)) << describe_payload(payload);
    EXPECT_EQ(std::get<UnknownMessage>(*decoded).msg_id, std::stoi(fields.at(0).get<std::string>()));
    EXPECT_EQ(std::get<UnknownMessage>(*decoded).payload, payload);
  }
}

TEST_P(GoldenCapture, EveryModelledResponseDecodesAndReEncodesToTheCapturedFields) {
  const int sv = GetParam();
  auto expected = expected_responses();
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

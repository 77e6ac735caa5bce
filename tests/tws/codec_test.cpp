#include "tws/messages/codec.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tws/wire/frame_decoder.hpp"

namespace rt::tws {
namespace {

using namespace std::string_literals;

std::string payload(const std::vector<std::string>& fields) {
  std::string p;
  for (const auto& f : fields) p += f + '\0';
  return p;
}

// The payload of a frame produced by encode(), checked to be exactly one whole frame.
std::string unframe(const std::string& frame) {
  FrameDecoder d;
  d.feed(frame);
  auto next = d.next();
  EXPECT_TRUE(next.has_value() && next->has_value());
  EXPECT_EQ(d.buffered(), 0u);
  return next && *next ? std::string(**next) : std::string();
}

template <class T>
T decode_as(const std::string& p, int sv) {
  auto r = decode_response(p, sv);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  EXPECT_TRUE(r && std::holds_alternative<T>(*r)) << describe_payload(p);
  return r && std::holds_alternative<T>(*r) ? std::get<T>(*r) : T{};
}

const ErrorMessage kNotice{-1, 2104, "Market data farm connection is OK:usfarm", "", 0};

TEST(ErrorMessageCodec, EncodeErrorBeforeServerVersion166HasVersionFieldAndNoJson) {
  EXPECT_EQ(unframe(encode(kNotice, 165)),
            payload({"4", "2", "-1", "2104", "Market data farm connection is OK:usfarm"}));
}

TEST(ErrorMessageCodec, DecodeErrorAtServerVersion176HasVersionFieldAndJson) {
  auto m = decode_as<ErrorMessage>(payload({"4", "2", "7", "201", "Order rejected", "{\"reason\":1}"}), 176);
  EXPECT_EQ(m.id, 7);
  EXPECT_EQ(m.code, 201);
  EXPECT_EQ(m.message, "Order rejected");
  EXPECT_EQ(m.advanced_order_reject_json, "{\"reason\":1}");
  EXPECT_EQ(m.error_time_ms, 0);
}

TEST(ErrorMessageCodec, EncodeErrorFrom166To193AddsJsonAfterTheMessage) {
  for (int sv : {166, 176, 193}) {
    EXPECT_EQ(unframe(encode(kNotice, sv)),
              payload({"4", "2", "-1", "2104", "Market data farm connection is OK:usfarm", ""}))
        << sv;
  }
}

TEST(ErrorMessageCodec, ErrorFromServerVersion194DropsVersionFieldAndEndsWithErrorTime) {
  ErrorMessage m{12, 399, "Order message warning", "", 1736951400123};
  auto p = unframe(encode(m, 194));
  EXPECT_EQ(p, payload({"4", "12", "399", "Order message warning", "", "1736951400123"}));
  EXPECT_EQ(decode_as<ErrorMessage>(p, 194), m);
}

TEST(ErrorMessageCodec, DecodeErrorBefore166IgnoresTheVersionValue) {
  auto m = decode_as<ErrorMessage>(payload({"4", "99", "-1", "2106", "HMDS ok"}), 160);
  EXPECT_EQ(m, (ErrorMessage{-1, 2106, "HMDS ok", "", 0}));
}

TEST(ErrorMessageCodec, DecodeErrorAt176WithoutJsonIsAMissingFieldError) {
  auto r = decode_response(payload({"4", "2", "-1", "2104", "ok"}), 176);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kParse);
  EXPECT_NE(r.error().message.find("ERR_MSG"), std::string::npos);
  EXPECT_NE(r.error().message.find("advancedOrderRejectJson"), std::string::npos);
}

TEST(ErrorMessageCodec, MalformedErrorCodeIsAnErrorNamingTheField) {
  auto r = decode_response(payload({"4", "2", "-1", "21x4", "ok", ""}), 176);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "ERR_MSG field 4 (errorCode): '21x4' is not an integer");
}

TEST(ResponseCodec, EveryResponseRoundTripsAtEveryServerVersionFrom157To194) {
  Contract c;
  c.con_id = 12087792;
  c.symbol = "EUR";
  c.sec_type = "OPT";
  c.last_trade_date_or_contract_month = "20250620";
  c.strike = 142.5;
  c.right = "C";
  c.multiplier = "100";
  c.exchange = "SMART";
  c.currency = "USD";
  c.local_symbol = "EUR   250620C00142500";
  c.trading_class = "EUR";
  Contract pc = c;
  pc.exchange.clear();
  pc.primary_exchange = "NYSE";
  std::vector<Response> all = {
      ManagedAccounts{{"DU1", "DU2"}},
      NextValidId{5000000000},
      CurrentTime{1736951400},
      ErrorMessage{-1, 1100, "Connectivity between IB and TWS has been lost.", "", 0},
      AccountSummary{3, "DU1", "BuyingPower", "400000.00", "USD"},
      AccountSummaryEnd{3},
      PositionData{"DU1", c, Decimal::parse("-2.5").value(), Decimal::parse("3.1234").value()},
      PositionEnd{},
      AccountValue{"CashBalance", "-12.5", "BASE", "DU1"},
      PortfolioValue{pc, Decimal::from_int(-3), Decimal::parse("1.05").value(), Decimal::parse("-315").value(),
                     Decimal::parse("1.1").value(), Decimal::parse("-15.00000001").value(), Decimal{}, "DU1"},
      AccountUpdateTime{"09:31"},
      AccountDownloadEnd{"DU1"},
      PnL{9, Decimal::parse("-12.34").value(), Decimal::parse("56.78").value(), std::nullopt},
      PnLSingle{10, Decimal::from_int(16), Decimal::parse("1.5").value(), Decimal::parse("16.48").value(),
                Decimal{}, Decimal::parse("1934.56").value()},
  };
  for (int sv = 157; sv <= 194; ++sv) {
    for (const auto& m : all) {
      auto p = unframe(encode(m, sv));
      auto back = decode_response(p, sv);
      ASSERT_TRUE(back.has_value()) << sv << " " << back.error().message;
      EXPECT_EQ(*back, m) << "sv " << sv << " " << describe_payload(p);
    }
  }
}

TEST(RequestCodec, EveryRequestRoundTripsAtEveryServerVersionFrom157To200) {
  std::vector<Request> all = {StartApi{42, "+PACEAPI"}, ReqIds{3}, ReqCurrentTime{}, ReqManagedAccts{},
                              ReqAccountSummary{7, "All", "$LEDGER:ALL"}, CancelAccountSummary{7},
                              ReqPositions{}, CancelPositions{}, ReqAccountUpdates{false, "DU9"},
                              ReqPnL{8, "DU1", ""}, CancelPnL{8}, ReqPnLSingle{9, "DU1", "", 265598},
                              CancelPnLSingle{9}};
  for (int sv = 157; sv <= 193; ++sv) {
    for (const auto& m : all) {
      auto p = unframe(encode(m, sv));
      auto back = decode_request(p, sv);
      ASSERT_TRUE(back.has_value()) << sv << " " << back.error().message;
      EXPECT_EQ(*back, m) << "sv " << sv << " " << describe_payload(p);
    }
  }
}

TEST(PnLCodec, RequestsHaveNoVersionField) {
  EXPECT_EQ(unframe(encode(ReqPnL{8, "DU1", ""}, 176)), payload({"92", "8", "DU1", ""}));
  EXPECT_EQ(unframe(encode(ReqPnLSingle{9, "DU1", "", 265598}, 176)), payload({"94", "9", "DU1", "", "265598"}));
  EXPECT_EQ(unframe(encode(CancelPnLSingle{9}, 176)), payload({"95", "9"}));
}

TEST(PnLCodec, AnUnknownValueIsDoubleMaxAndDecodesAsUnset) {
  const auto p = payload({"94", "9", "-12.5", "1.7976931348623157E308", "3.0"});
  EXPECT_EQ(unframe(encode(PnL{9, Decimal::parse("-12.5").value(), std::nullopt, Decimal::from_int(3)}, 176)), p);
  const auto m = decode_as<PnL>(p, 176);
  EXPECT_EQ(m.daily, Decimal::parse("-12.5").value());
  EXPECT_FALSE(m.unrealized.has_value());
  EXPECT_EQ(m.realized, Decimal::from_int(3));
}

TEST(PnLCodec, BeforeServerVersion129TheAccountReplyHasOnlyTheDailyValue) {
  const auto m = decode_as<PnL>(payload({"94", "9", "-12.5"}), 128);
  EXPECT_EQ(m.daily, Decimal::parse("-12.5").value());
  EXPECT_FALSE(m.unrealized.has_value());
  const auto single = decode_as<PnLSingle>(payload({"95", "4", "10", "1.0", "2.0", "1500.0"}), 130);
  EXPECT_EQ(single.unrealized, Decimal::from_int(2));  // 129..134: no realized
  EXPECT_FALSE(single.realized.has_value());
  EXPECT_EQ(single.value, Decimal::from_int(1500));
}

TEST(PnLCodec, APositionReplyMissingItsValueIsAnErrorNamingTheField) {
  auto r = decode_response(payload({"95", "4", "10", "1.0", "2.0", "3.0"}), 176);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("value"), std::string::npos) << r.error().message;
}

TEST(ManagedAccountsCodec, DecodeDropsEmptyPiecesOfTheCommaList) {
  auto m = decode_as<ManagedAccounts>(payload({"15", "1", "DU111,,DU222,"}), 176);
  EXPECT_EQ(m.accounts, (std::vector<std::string>{"DU111", "DU222"}));
  EXPECT_TRUE(decode_as<ManagedAccounts>(payload({"15", "1", ""}), 176).accounts.empty());
}

TEST(PositionDataCodec, ContractBlockHasElevenFieldsAndNoPrimaryExchange) {
  auto p = payload({"61", "3", "DU1", "265598", "AAPL", "STK", "", "0", "", "", "NASDAQ", "USD", "AAPL", "NMS",
                    "100", "150.25"});
  auto m = decode_as<PositionData>(p, 178);
  EXPECT_EQ(m.contract.exchange, "NASDAQ");
  EXPECT_EQ(m.contract.primary_exchange, "");
  EXPECT_EQ(m.contract.trading_class, "NMS");
  EXPECT_EQ(m.position, Decimal::from_int(100));
  EXPECT_EQ(m.avg_cost, Decimal::parse("150.25").value());
}

TEST(PositionDataCodec, EncodeWritesAvgCostAsJavaPriceAndQuantityPlain) {
  Contract c;
  c.symbol = "MSFT";
  PositionData m{"DU1", c, Decimal::from_int(10), Decimal::from_int(400)};
  auto p = unframe(encode(m, 176));
  EXPECT_EQ(p, payload({"61", "3", "DU1", "0", "MSFT", "STK", "", "0", "", "", "SMART", "USD", "", "", "10",
                        "400.0"}));
}

TEST(PortfolioValueCodec, PrimaryExchangeSitsInTheExchangeSlot) {
  auto p = payload({"7", "8", "265598", "AAPL", "STK", "", "0", "", "", "NASDAQ", "USD", "AAPL", "NMS", "100",
                    "151.0", "15100.0", "150.25", "75.0", "0.0", "DU1"});
  auto m = decode_as<PortfolioValue>(p, 187);
  EXPECT_EQ(m.contract.primary_exchange, "NASDAQ");
  EXPECT_EQ(m.contract.exchange, "");
  EXPECT_EQ(m.market_value, Decimal::from_int(15100));
  EXPECT_EQ(m.account, "DU1");
}

TEST(PortfolioValueCodec, NineteenFieldsIsAMissingAccountNameError) {
  auto p = payload({"7", "8", "265598", "AAPL", "STK", "", "0", "", "", "NASDAQ", "USD", "AAPL", "NMS", "100",
                    "151.0", "15100.0", "150.25", "75.0", "0.0"});
  auto r = decode_response(p, 187);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "PORTFOLIO_VALUE field 20 (accountName): missing (message ended early)");
}

TEST(PortfolioValueCodec, UnsetPnlSentinelDecodesAsZero) {
  auto p = payload({"7", "8", "1", "X", "STK", "", "", "", "", "", "USD", "", "", "1", "1.0", "1.0", "1.0",
                    "1.7976931348623157E308", "", "DU1"});
  auto m = decode_as<PortfolioValue>(p, 187);
  EXPECT_EQ(m.unrealized_pnl, Decimal{});
  EXPECT_EQ(m.realized_pnl, Decimal{});
}

TEST(ResponseCodec, ExtraTrailingFieldsOnAKnownMessageAreTolerated) {
  auto m = decode_as<NextValidId>(payload({"9", "1", "1000", "future", "fields"}), 193);
  EXPECT_EQ(m.order_id, 1000);
}

TEST(ResponseCodec, EmptyNumericFieldsDecodeAsZero) {
  EXPECT_EQ(decode_as<CurrentTime>(payload({"49", "", ""}), 176).epoch_seconds, 0);
  EXPECT_EQ(decode_as<AccountSummaryEnd>(payload({"64", "", ""}), 176).req_id, 0);
}

TEST(ResponseCodec, UnknownMessageIdKeepsIdAndPayload) {
  auto p = payload({"14", "1", "1001", "1", "Exchange halted", "NYSE"});  // NEWS_BULLETINS, not modelled
  auto m = decode_as<UnknownMessage>(p, 176);
  EXPECT_EQ(m.msg_id, 14);
  EXPECT_EQ(m.payload, p);
  EXPECT_EQ(unframe(encode(Response{m}, 176)), p);
}

TEST(ResponseCodec, PayloadWithoutFinalNulIsRejectedBeforeDecoding) {
  auto r = decode_response("9\0" "1\0" "1000"s, 176);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("NUL"), std::string::npos);
}

TEST(ResponseCodec, EmptyPayloadAndEmptyMessageIdAreErrors) {
  EXPECT_FALSE(decode_response("", 176).has_value());
  EXPECT_FALSE(decode_response("\0" "1\0"s, 176).has_value());
  EXPECT_FALSE(decode_request("x\0"s, 176).has_value());
}

TEST(RequestCodec, StartApiIsEncodedAsTheOfficialClientsDo) {
  EXPECT_EQ(unframe(encode(StartApi{7, ""}, 176)), payload({"71", "2", "7", ""}));
}

TEST(RequestCodec, ReqAccountDataSubscribeIsOneOrZero) {
  EXPECT_EQ(unframe(encode(ReqAccountUpdates{true, "DU1"}, 176)), payload({"6", "2", "1", "DU1"}));
  EXPECT_EQ(unframe(encode(ReqAccountUpdates{false, "DU1"}, 176)), payload({"6", "2", "0", "DU1"}));
}

TEST(RequestCodec, StartApiWithoutOptionalCapabilitiesIsAMissingFieldError) {
  auto r = decode_request(payload({"71", "2", "7"}), 176);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "START_API field 4 (optionalCapabilities): missing (message ended early)");
}

TEST(RequestCodec, VersionFieldValueIsIgnoredButItMustBePresent) {
  auto r = decode_request(payload({"8", "7", "1"}), 176);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, Request{ReqIds{1}});
  EXPECT_FALSE(decode_request(payload({"49"}), 176).has_value());
}

TEST(RequestCodec, EmptyBooleanSubscribeDecodesAsFalse) {
  auto r = decode_request(payload({"6", "2", "", "DU1"}), 176);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, (Request{ReqAccountUpdates{false, "DU1"}}));
}

TEST(HandshakeReplyCodec, EncodesTwoFieldsWithoutMessageId) {
  HandshakeReply h{176, "20250115 09:30:00 EST"};
  auto frame = encode(h);
  EXPECT_EQ(frame, "\0\0\0\x1a" "176\0" "20250115 09:30:00 EST\0"s);
  auto back = decode_handshake_reply(unframe(frame));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, h);
}

TEST(HandshakeReplyCodec, ZoneWithSpacesIsKeptWhole) {
  auto back = decode_handshake_reply("193\0" "20250115 09:30:00 China Standard Time\0"s);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->connection_time, "20250115 09:30:00 China Standard Time");
}

TEST(HandshakeReplyCodec, RedirectOrMissingTimeIsAnError) {
  EXPECT_FALSE(decode_handshake_reply("-1\0" "host:4001\0"s).has_value());
  auto missing = decode_handshake_reply("176\0"s);
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().message.find("connectionTime"), std::string::npos);
}

TEST(PeekMessageId, ReadsTheFirstField) {
  EXPECT_EQ(peek_message_id("63\0" "1\0"s).value(), 63);
  EXPECT_FALSE(peek_message_id("abc\0"s).has_value());
  EXPECT_FALSE(peek_message_id("").has_value());
}

TEST(DescribePayload, SeparatesFieldsWithBarsAndEscapesControlBytes) {
  EXPECT_EQ(describe_payload(payload({"4", "2", "-1", "2104", "ok", ""})), "[4|2|-1|2104|ok|]");
  EXPECT_EQ(describe_payload("a\x01\0"s), "[a\\x01]");
  EXPECT_EQ(describe_payload("9\0" "1"s), "[9|1<no NUL>]");
}

}  // namespace
}  // namespace rt::tws

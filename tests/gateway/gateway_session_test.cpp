// GatewaySession without sockets: bytes in, frames out, checked field by field and through the
// tws codec, against the stoqey 1.6.10 golden captures where they apply.
#include "gateway/gateway_session.hpp"

#include <gtest/gtest.h>

#include <random>
#include <variant>

#include "gateway/account_report.hpp"
#include "gateway_test_support.hpp"
#include "tws/messages/codec.hpp"
#include "tws/wire/frame_decoder.hpp"

namespace rt::gateway {
namespace {

using testing::fields_of;
using testing::frame_of;
using testing::payload_of;
using Fields = std::vector<std::string>;

class SessionTest : public ::testing::Test {
 protected:
  SessionTest() : clock_(Timestamp{std::chrono::seconds(testing::kGoldenEpoch)}) {}

  // (Re)builds the accounts from config_; call after changing the config.
  GatewayContext& context() {
    auto made = make_accounts(config_);
    EXPECT_TRUE(made.has_value()) << (made ? "" : made.error().message);
    accounts_ = made.value_or(std::vector<Account>{});
    market_ = std::make_unique<Market>(config_.market, clock_);
    ctx_.emplace(GatewayContext{config_, clock_, accounts_, clients_, *market_, limits_, clock_});
    return *ctx_;
  }

  std::unique_ptr<GatewaySession> new_session() {
    if (!ctx_) context();
    return std::make_unique<GatewaySession>(*ctx_, ++next_id_);
  }

  static std::string preamble(int min, int max) { return tws::encode_preamble(tws::VersionRange{min, max, ""}); }

  // A session past START_API with `client_id`, its handshake frames discarded.
  std::unique_ptr<GatewaySession> ready_session(int client_id = 7, int client_max = 193) {
    auto s = new_session();
    auto hello = s->on_bytes(preamble(100, client_max));
    EXPECT_EQ(hello.frames.size(), 1U);
    auto started = s->on_bytes(tws::encode(tws::StartApi{client_id, ""}, s->stats().server_version));
    EXPECT_EQ(started.frames.size(), 5U);
    EXPECT_EQ(s->state(), SessionState::kReady);
    return s;
  }

  // Decodes every frame of `out` with the codec (as a client would), failing on any error.
  std::vector<tws::Response> decode_all(const SessionOutput& out, int server_version) {
    std::vector<tws::Response> all;
    for (const auto& f : out.frames) {
      auto r = tws::decode_response(payload_of(f), server_version);
      EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message) << " in " << tws::describe_payload(payload_of(f));
      if (r) all.push_back(std::move(*r));
    }
    return all;
  }

  GatewayConfig config_;
  ManualClock clock_;
  std::vector<Account> accounts_;
  ClientRegistry clients_;
  std::unique_ptr<Market> market_;
  LimitCounters limits_;
  std::optional<GatewayContext> ctx_;
  std::uint64_t next_id_ = 0;
};

// --- handshake ---

class HandshakeGolden : public SessionTest, public ::testing::WithParamInterface<int> {};

TEST_P(HandshakeGolden, StoqeyPreambleAndStartApiGiveExactlyTheCapturedFrames) {
  const int sv = GetParam();
  const auto golden = testing::load_golden(sv);
  config_.server_version = sv;
  config_.first_order_id = 1000;
  auto s = new_session();

  auto hello = s->on_bytes(testing::from_hex(golden["handshake"]["rawHex"].get<std::string>()));
  ASSERT_EQ(hello.frames.size(), 1U);
  EXPECT_FALSE(hello.close);
  EXPECT_EQ(fields_of(hello)[0], (Fields{std::to_string(sv), "20250115 14:30:00 UTC"}));
  auto reply = tws::decode_handshake_reply(payload_of(hello.frames[0]));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->server_version, sv);

  const auto start_fields = golden["clientToServer"][0]["fields"].get<Fields>();
  ASSERT_EQ(start_fields[0], "71");
  auto started = s->on_bytes(frame_of(start_fields));
  ASSERT_EQ(started.frames.size(), 5U);
  EXPECT_FALSE(started.close);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(fields_of(started)[i], golden["serverToClient"][i].get<Fields>()) << "frame " << i << " at SV " << sv;
  }
  EXPECT_EQ(s->state(), SessionState::kReady);
  EXPECT_EQ(s->stats().client_id, 7);
  EXPECT_EQ(s->stats().server_version, sv);
  EXPECT_EQ(s->stats().messages_out, 6U);
  EXPECT_EQ(s->stats().messages_in, 1U);
  EXPECT_TRUE(clients_.holds(7));
}

INSTANTIATE_TEST_SUITE_P(GoldenVersions, HandshakeGolden, ::testing::Values(176, 178, 187, 193));

TEST_F(SessionTest, NegotiatesTheLowerOfClientMaxAndServerMax) {
  config_.server_version = 187;
  auto a = new_session();
  EXPECT_EQ(fields_of(a->on_bytes(preamble(100, 193)))[0][0], "187");
  auto b = new_session();
  EXPECT_EQ(fields_of(b->on_bytes(preamble(157, 178)))[0][0], "178");
  auto c = new_session();
  EXPECT_EQ(fields_of(c->on_bytes(preamble(176, 176)))[0][0], "176");
}

TEST_F(SessionTest, ClientWhoseMinimumIsAboveServerMaxIsClosedWithoutReply) {
  config_.server_version = 176;
  auto s = new_session();
  auto out = s->on_bytes(preamble(178, 193));
  EXPECT_TRUE(out.frames.empty());
  EXPECT_TRUE(out.close);
  EXPECT_EQ(s->state(), SessionState::kClosed);
}

TEST_F(SessionTest, ClientBelowTheServableFloorIsClosed) {
  auto s = new_session();
  auto out = s->on_bytes(preamble(70, 90));
  EXPECT_TRUE(out.frames.empty());
  EXPECT_TRUE(out.close);
}

TEST_F(SessionTest, HandshakeFedOneByteAtATimeGivesTheSameFrames) {
  auto whole = new_session();
  const std::string input = preamble(100, 193) + tws::encode(tws::StartApi{3, ""}, 193) +
                            tws::encode(tws::ReqCurrentTime{}, 193);
  auto expected = whole->on_bytes(input);
  whole->on_disconnect();

  auto split = new_session();
  std::vector<std::string> got;
  for (char c : input) {
    auto out = split->on_bytes(std::string_view(&c, 1));
    EXPECT_FALSE(out.close);
    for (auto& f : out.frames) got.push_back(f);
  }
  EXPECT_EQ(got, expected.frames);
  EXPECT_EQ(got.size(), 7U);
}

TEST_F(SessionTest, RequestsBehindThePreambleInOneReadAreServed) {
  auto s = new_session();
  auto out = s->on_bytes(preamble(100, 193) + tws::encode(tws::StartApi{3, ""}, 193) +
                         tws::encode(tws::ReqIds{1}, 193));
  ASSERT_EQ(out.frames.size(), 7U);
  EXPECT_EQ(fields_of(out)[6], (Fields{"9", "1", "1"}));
}

// --- client ids ---

TEST_F(SessionTest, SecondSessionWithAHeldClientIdGets326ThenClose) {
  auto first = ready_session(5);
  auto second = new_session();
  second->on_bytes(preamble(100, 193));
  auto out = second->on_bytes(tws::encode(tws::StartApi{5, ""}, 193));
  ASSERT_EQ(out.frames.size(), 1U);
  EXPECT_EQ(fields_of(out)[0],
            (Fields{"4", "2", "-1", "326",
                    "Unable to connect as the client id is already in use. Retry with a unique client id.", ""}));
  EXPECT_TRUE(out.close);
  EXPECT_EQ(second->state(), SessionState::kClosed);
  // The first session keeps its id and keeps working.
  EXPECT_TRUE(clients_.holds(5));
  EXPECT_EQ(first->on_bytes(tws::encode(tws::ReqIds{1}, 193)).frames.size(), 1U);
}

TEST_F(SessionTest, ClientIdIsFreeAgainAfterItsSessionDisconnects) {
  auto first = ready_session(5);
  first->on_disconnect();
  EXPECT_FALSE(clients_.holds(5));
  auto again = ready_session(5);
  EXPECT_TRUE(clients_.holds(5));
}

TEST_F(SessionTest, DestroyingASessionReleasesItsClientId) {
  {
    auto s = ready_session(9);
    EXPECT_TRUE(clients_.holds(9));
  }
  EXPECT_FALSE(clients_.holds(9));
}

TEST_F(SessionTest, SecondStartApiOnTheSameSessionIsRejectedButTheSessionStays) {
  auto s = ready_session(5);
  auto out = s->on_bytes(tws::encode(tws::StartApi{6, ""}, 193));
  ASSERT_EQ(out.frames.size(), 1U);
  EXPECT_EQ(fields_of(out)[0][3], "321");
  EXPECT_FALSE(out.close);
  EXPECT_TRUE(clients_.holds(5));
  EXPECT_FALSE(clients_.holds(6));
}

// --- faults ---

TEST_F(SessionTest, FaultNoVersionReplyReadsThePreambleAndStaysSilent) {
  config_.faults = {Fault::kNoVersionReply};
  auto s = new_session();
  auto out = s->on_bytes(preamble(100, 193));
  EXPECT_TRUE(out.frames.empty());
  EXPECT_FALSE(out.close);
  EXPECT_EQ(s->state(), SessionState::kStalled);
  auto later = s->on_bytes(tws::encode(tws::StartApi{1, ""}, 193));
  EXPECT_TRUE(later.frames.empty());
  EXPECT_FALSE(later.close);
  EXPECT_FALSE(clients_.holds(1));
}

TEST_F(SessionTest, FaultCloseAfterPreambleClosesWithoutReply) {
  config_.faults = {Fault::kCloseAfterPreamble};
  auto s = new_session();
  EXPECT_TRUE(s->on_bytes(std::string_view("API\0", 4)).frames.empty());
  EXPECT_EQ(s->state(), SessionState::kAwaitPreamble);
  auto out = s->on_bytes(preamble(100, 193).substr(4));
  EXPECT_TRUE(out.frames.empty());
  EXPECT_TRUE(out.close);
  EXPECT_EQ(s->state(), SessionState::kClosed);
}

TEST_F(SessionTest, FaultNoNextValidIdAnswersTheVersionThenNothing) {
  config_.faults = {Fault::kNoNextValidId};
  auto s = new_session();
  EXPECT_EQ(s->on_bytes(preamble(100, 193)).frames.size(), 1U);
  auto out = s->on_bytes(tws::encode(tws::StartApi{4, ""}, 193));
  EXPECT_TRUE(out.frames.empty());
  EXPECT_FALSE(out.close);
  EXPECT_EQ(s->state(), SessionState::kStalled);
  EXPECT_TRUE(s->on_bytes(tws::encode(tws::ReqIds{1}, 193)).frames.empty());
}

TEST_F(SessionTest, FaultClientIdInUseAnswers326ForEveryId) {
  config_.faults = {Fault::kClientIdInUse};
  for (int id : {0, 1, 999, 12345}) {
    auto s = new_session();
    EXPECT_EQ(s->on_bytes(preamble(100, 193)).frames.size(), 1U);
    auto out = s->on_bytes(tws::encode(tws::StartApi{id, ""}, 193));
    ASSERT_EQ(out.frames.size(), 1U) << id;
    EXPECT_EQ(fields_of(out)[0][3], "326");
    EXPECT_TRUE(out.close);
  }
  EXPECT_EQ(clients_.size(), 0U);
}

// --- malformed input ---

TEST_F(SessionTest, HttpRequestInsteadOfPreambleIsClosedWithoutReply) {
  auto s = new_session();
  auto out = s->on_bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(out.frames.empty());
  EXPECT_TRUE(out.close);
}

TEST_F(SessionTest, PreambleWithGarbageVersionIsClosedWithoutReply) {
  auto s = new_session();
  std::string bad("API\0\0\0\0\x05vxx..", 13);
  auto out = s->on_bytes(bad);
  EXPECT_TRUE(out.frames.empty());
  EXPECT_TRUE(out.close);
}

TEST_F(SessionTest, OverSizeFrameClosesTheSession) {
  auto s = ready_session();
  auto out = s->on_bytes(std::string("\x01\x00\x00\x00", 4));
  EXPECT_TRUE(out.close);
  EXPECT_EQ(s->state(), SessionState::kClosed);
  EXPECT_FALSE(clients_.holds(7));
}

TEST_F(SessionTest, BadFieldGetsError320NamingTheFieldAndTheSessionGoesOn) {
  auto s = new_session();
  s->on_bytes(preamble(100, 193));
  auto out = s->on_bytes(frame_of({"71", "2", "seven", ""}));
  ASSERT_EQ(out.frames.size(), 1U);
  const auto f = fields_of(out)[0];
  EXPECT_EQ(f[0], "4");
  EXPECT_EQ(f[2], "-1");
  EXPECT_EQ(f[3], "320");
  EXPECT_NE(f[4].find("clientId"), std::string::npos) << f[4];
  EXPECT_FALSE(out.close);
  EXPECT_EQ(s->on_bytes(tws::encode(tws::StartApi{8, ""}, 193)).frames.size(), 5U);
}

TEST_F(SessionTest, PayloadWithoutTrailingNulGetsAnErrorNotACrash) {
  auto s = ready_session();
  std::string payload("49\0" "1", 4);
  std::string frame = frame_of({});
  frame[3] = static_cast<char>(payload.size());
  auto out = s->on_bytes(frame + payload);
  ASSERT_EQ(out.frames.size(), 1U);
  EXPECT_EQ(fields_of(out)[0][3], "320");
  EXPECT_FALSE(out.close);
}

TEST_F(SessionTest, UnknownMessageIdGetsError321) {
  auto s = ready_session();
  // 1 (reqMktData) is served now; 999 is no TWS message.
  auto out = s->on_bytes(frame_of({"999", "1", "1001"}));
  ASSERT_EQ(out.frames.size(), 1U);
  EXPECT_EQ(fields_of(out)[0][3], "321");
  EXPECT_NE(fields_of(out)[0][4].find("message id 999"), std::string::npos);
}

TEST_F(SessionTest, RequestBeforeStartApiGetsError321) {
  auto s = new_session();
  s->on_bytes(preamble(100, 193));
  auto out = s->on_bytes(tws::encode(tws::ReqCurrentTime{}, 193));
  ASSERT_EQ(out.frames.size(), 1U);
  EXPECT_EQ(fields_of(out)[0][3], "321");
  EXPECT_EQ(s->state(), SessionState::kAwaitStartApi);
}

TEST_F(SessionTest, RandomFramesNeverCrashAndEveryReplyDecodes) {
  std::mt19937 rng(12345);
  const Fields ids{"71", "49", "8", "17", "62", "63", "61", "64", "6", "1", "3", "", "x", "-1", "999999999999"};
  const Fields values{"", "0", "1", "-1", "2147483647", "1.7976931348623157E308", "All", "abc", "DU1234567",
                      "NetLiquidation,$LEDGER", "\x7f", "99999999999999999999"};
  for (int round = 0; round < 300; ++round) {
    auto s = new_session();
    ASSERT_EQ(s->on_bytes(preamble(100, 193)).frames.size(), 1U);
    for (int m = 0; m < 12 && s->state() != SessionState::kClosed; ++m) {
      Fields f{ids[rng() % ids.size()]};
      const auto n = rng() % 7;
      for (std::uint32_t i = 0; i < n; ++i) f.push_back(values[rng() % values.size()]);
      auto out = s->on_bytes(frame_of(f));
      decode_all(out, 193);
    }
  }
}

// --- requests ---

TEST_F(SessionTest, CurrentTimeComesFromTheInjectedClock) {
  auto s = ready_session();
  clock_.advance(std::chrono::seconds(90));
  auto out = s->on_bytes(tws::encode(tws::ReqCurrentTime{}, 193));
  auto decoded = decode_all(out, 193);
  ASSERT_EQ(decoded.size(), 1U);
  EXPECT_EQ(std::get<tws::CurrentTime>(decoded[0]).epoch_seconds, testing::kGoldenEpoch + 90);
}

TEST_F(SessionTest, ManagedAccountsListsEveryConfiguredAccount) {
  config_.accounts = {"DU111", "DU222"};
  context();
  auto s = ready_session();
  auto decoded = decode_all(s->on_bytes(tws::encode(tws::ReqManagedAccts{}, 193)), 193);
  ASSERT_EQ(decoded.size(), 1U);
  EXPECT_EQ(std::get<tws::ManagedAccounts>(decoded[0]).accounts, (std::vector<std::string>{"DU111", "DU222"}));
}

class AccountRequests : public SessionTest, public ::testing::WithParamInterface<int> {
 protected:
  void SetUp() override {
    config_.positions = {*parse_position("AAPL:100:150.25:151")};
    context();
  }
};

TEST_P(AccountRequests, AccountSummaryAllTagsDecodesToTheSimulatedValues) {
  const int sv = GetParam();
  auto s = ready_session(7, sv);
  auto out = s->on_bytes(tws::encode(tws::ReqAccountSummary{9001, "All", "All"}, sv));
  auto decoded = decode_all(out, sv);
  ASSERT_EQ(decoded.size(), account_summary_tags().size() + 1);
  std::map<std::string, tws::AccountSummary> by_tag;
  for (std::size_t i = 0; i + 1 < decoded.size(); ++i) {
    const auto& row = std::get<tws::AccountSummary>(decoded[i]);
    EXPECT_EQ(row.req_id, 9001);
    EXPECT_EQ(row.account, "DU1234567");
    EXPECT_TRUE(by_tag.emplace(row.tag, row).second) << "tag twice: " << row.tag;
  }
  EXPECT_EQ(std::get<tws::AccountSummaryEnd>(decoded.back()).req_id, 9001);
  // cash 100000, AAPL 100 x 151 = 15100, margin 25 % = 3775
  EXPECT_EQ(by_tag["NetLiquidation"].value, "115100.00");
  EXPECT_EQ(by_tag["NetLiquidation"].currency, "USD");
  EXPECT_EQ(by_tag["TotalCashValue"].value, "100000.00");
  EXPECT_EQ(by_tag["GrossPositionValue"].value, "15100.00");
  EXPECT_EQ(by_tag["EquityWithLoanValue"].value, "115100.00");
  EXPECT_EQ(by_tag["AvailableFunds"].value, "111325.00");
  EXPECT_EQ(by_tag["ExcessLiquidity"].value, "111325.00");
  EXPECT_EQ(by_tag["BuyingPower"].value, "445300.00");
  EXPECT_EQ(by_tag["AccountType"].value, "INDIVIDUAL");
  EXPECT_EQ(by_tag["AccountType"].currency, "");
}

TEST_P(AccountRequests, AccountSummaryGivesRequestedTagsInOrderThenEnd) {
  const int sv = GetParam();
  auto s = ready_session(7, sv);
  auto out = s->on_bytes(tws::encode(tws::ReqAccountSummary{5, "All", "TotalCashValue,NetLiquidation,Bogus"}, sv));
  EXPECT_EQ(fields_of(out), (std::vector<Fields>{{"63", "1", "5", "DU1234567", "TotalCashValue", "100000.00", "USD"},
                                                 {"63", "1", "5", "DU1234567", "NetLiquidation", "115100.00", "USD"},
                                                 {"64", "1", "5"}}));
}

TEST_P(AccountRequests, PositionsMatchTheGoldenCaptureThenEnd) {
  const int sv = GetParam();
  const auto golden = testing::load_golden(sv);
  auto s = ready_session(7, sv);
  auto out = s->on_bytes(tws::encode(tws::ReqPositions{}, sv));
  ASSERT_EQ(out.frames.size(), 2U);
  EXPECT_EQ(fields_of(out)[0], golden["serverToClient"][9].get<Fields>());
  EXPECT_EQ(fields_of(out)[1], golden["serverToClient"][10].get<Fields>());
  auto decoded = decode_all(out, sv);
  ASSERT_EQ(decoded.size(), 2U);
  const auto& p = std::get<tws::PositionData>(decoded[0]);
  EXPECT_EQ(p.account, "DU1234567");
  EXPECT_EQ(p.contract.symbol, "AAPL");
  EXPECT_EQ(p.contract.con_id, 265598);
  EXPECT_EQ(p.position, Decimal::from_int(100));
  EXPECT_EQ(p.avg_cost, *Decimal::parse("150.25"));
  EXPECT_TRUE(std::holds_alternative<tws::PositionEnd>(decoded[1]));
}

TEST_P(AccountRequests, AccountUpdatesGiveValuesPortfolioTimeAndDownloadEnd) {
  const int sv = GetParam();
  const auto golden = testing::load_golden(sv);
  auto s = ready_session(7, sv);
  auto out = s->on_bytes(tws::encode(tws::ReqAccountUpdates{true, "DU1234567"}, sv));
  auto decoded = decode_all(out, sv);
  const auto values = account_update_values(accounts_.front());
  ASSERT_EQ(decoded.size(), values.size() + 3);
  std::map<std::string, tws::AccountValue> by_key;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto& v = std::get<tws::AccountValue>(decoded[i]);
    EXPECT_EQ(v.account, "DU1234567");
    by_key[v.key] = v;
  }
  EXPECT_EQ(by_key["NetLiquidation"].value, "115100.00");
  EXPECT_EQ(by_key["NetLiquidation"].currency, "USD");
  EXPECT_EQ(by_key["TotalCashValue"].value, "100000.00");
  EXPECT_EQ(by_key["UnrealizedPnL"].value, "75.00");
  // The portfolio row, the update time and the end are byte for byte what stoqey accepted.
  const auto all = fields_of(out);
  EXPECT_EQ(all[values.size()], golden["serverToClient"][12].get<Fields>());
  EXPECT_EQ(all[values.size() + 1], golden["serverToClient"][13].get<Fields>());
  EXPECT_EQ(all[values.size() + 2], golden["serverToClient"][14].get<Fields>());
  const auto& pv = std::get<tws::PortfolioValue>(decoded[values.size()]);
  EXPECT_EQ(pv.market_value, Decimal::from_int(15100));
  EXPECT_EQ(pv.unrealized_pnl, Decimal::from_int(75));
}

INSTANTIATE_TEST_SUITE_P(GoldenVersions, AccountRequests, ::testing::Values(176, 178, 187, 193));

TEST_F(SessionTest, AccountSummaryCoversEveryAccount) {
  config_.accounts = {"DU1", "DU2"};
  config_.positions = {*parse_position("DU2/MSFT:-10:400:410")};
  context();
  auto s = ready_session();
  auto decoded = decode_all(s->on_bytes(tws::encode(tws::ReqAccountSummary{1, "All", "NetLiquidation"}, 193)), 193);
  ASSERT_EQ(decoded.size(), 3U);
  EXPECT_EQ(std::get<tws::AccountSummary>(decoded[0]).account, "DU1");
  EXPECT_EQ(std::get<tws::AccountSummary>(decoded[0]).value, "100000.00");
  EXPECT_EQ(std::get<tws::AccountSummary>(decoded[1]).account, "DU2");
  EXPECT_EQ(std::get<tws::AccountSummary>(decoded[1]).value, "95900.00");
}

TEST_F(SessionTest, ThirdActiveAccountSummaryIsRefusedOnItsRequestId) {
  auto s = ready_session();
  EXPECT_FALSE(s->on_bytes(tws::encode(tws::ReqAccountSummary{1, "All", "NetLiquidation"}, 193)).frames.empty());
  EXPECT_FALSE(s->on_bytes(tws::encode(tws::ReqAccountSummary{2, "All", "NetLiquidation"}, 193)).frames.empty());
  auto refused = s->on_bytes(tws::encode(tws::ReqAccountSummary{3, "All", "NetLiquidation"}, 193));
  ASSERT_EQ(refused.frames.size(), 1U);
  EXPECT_EQ(fields_of(refused)[0][2], "3");
  EXPECT_EQ(fields_of(refused)[0][3], "322");
  s->on_bytes(tws::encode(tws::CancelAccountSummary{1}, 193));
  auto accepted = s->on_bytes(tws::encode(tws::ReqAccountSummary{3, "All", "NetLiquidation"}, 193));
  EXPECT_EQ(fields_of(accepted).back(), (Fields{"64", "1", "3"}));
}

TEST_F(SessionTest, AccountSummaryForAnUnknownGroupIsRefused) {
  auto s = ready_session();
  auto out = s->on_bytes(tws::encode(tws::ReqAccountSummary{4, "Traders", "NetLiquidation"}, 193));
  ASSERT_EQ(out.frames.size(), 1U);
  EXPECT_EQ(fields_of(out)[0][2], "4");
  EXPECT_EQ(fields_of(out)[0][3], "321");
}

TEST_F(SessionTest, AccountUpdatesForAnUnmanagedAccountGetError321) {
  auto s = ready_session();
  auto out = s->on_bytes(tws::encode(tws::ReqAccountUpdates{true, "U999"}, 193));
  ASSERT_EQ(out.frames.size(), 1U);
  EXPECT_EQ(fields_of(out)[0][3], "321");
  EXPECT_NE(fields_of(out)[0][4].find("U999"), std::string::npos);
}

TEST_F(SessionTest, UnsubscribingAccountUpdatesSendsNothing) {
  auto s = ready_session();
  EXPECT_TRUE(s->on_bytes(tws::encode(tws::ReqAccountUpdates{false, "DU1234567"}, 193)).frames.empty());
  EXPECT_TRUE(s->on_bytes(tws::encode(tws::CancelPositions{}, 193)).frames.empty());
}

TEST_F(SessionTest, PositionsWithNoHoldingsGiveOnlyTheEnd) {
  auto s = ready_session();
  auto out = s->on_bytes(tws::encode(tws::ReqPositions{}, 193));
  EXPECT_EQ(fields_of(out), (std::vector<Fields>{{"62", "1"}}));
}

TEST_F(SessionTest, StatsCountMessagesBothWays) {
  auto s = ready_session();
  s->on_bytes(tws::encode(tws::ReqCurrentTime{}, 193) + tws::encode(tws::ReqIds{1}, 193));
  EXPECT_EQ(s->stats().messages_in, 3U);
  EXPECT_EQ(s->stats().messages_out, 8U);
  EXPECT_EQ(s->stats().errors_out, 3U);  // the three farm notices
  EXPECT_GT(s->stats().bytes_out, s->stats().bytes_in);
}

TEST_F(SessionTest, ClosedSessionIgnoresFurtherInput) {
  auto s = ready_session();
  s->on_disconnect();
  auto out = s->on_bytes(tws::encode(tws::ReqCurrentTime{}, 193));
  EXPECT_TRUE(out.frames.empty());
  EXPECT_EQ(s->state(), SessionState::kClosed);
}

}  // namespace
}  // namespace rt::gateway

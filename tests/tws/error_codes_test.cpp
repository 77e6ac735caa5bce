// The one table of TWS error codes: meanings from IB's message-code list, severity, what each ends.
#include "tws/messages/error_codes.hpp"

#include <gtest/gtest.h>

#include <set>
#include <utility>

namespace rt::tws {
namespace {

TEST(ErrorCodes, TheTableIsSortedWithOneEntryPerCodeAndAMeaningForEach) {
  const auto table = error_code_table();
  ASSERT_FALSE(table.empty());
  for (std::size_t i = 1; i < table.size(); ++i) EXPECT_LT(table[i - 1].code, table[i].code) << table[i].code;
  for (const auto& e : table) {
    EXPECT_FALSE(e.meaning.empty()) << e.code;
    EXPECT_TRUE(is_known_error_code(e.code)) << e.code;
    EXPECT_EQ(describe_error_code(e.code), e);
  }
}

// The three codes the client session, the pacer and the market-data classification used to read
// three ways: each answers a request the server no longer holds or refused, so each ends it.
TEST(ErrorCodes, CantFindTickerIdEndsTheRequestOnItsId) {
  const auto e = describe_error_code(300);
  EXPECT_EQ(e.meaning, "Can't find EId with ticker Id:");
  EXPECT_EQ(e.severity, ErrorSeverity::kRequestError);
  EXPECT_TRUE(ends_request(300));
}

TEST(ErrorCodes, ErrorValidatingRequestIsARefusalThatEndsTheRequest) {
  const auto e = describe_error_code(321);
  EXPECT_EQ(e.meaning, "Server error when validating an API client request");
  EXPECT_EQ(e.severity, ErrorSeverity::kRequestError);
  EXPECT_TRUE(ends_request(321));
}

TEST(ErrorCodes, NoHistoricalQueryFoundEndsTheRequestOnItsId) {
  const auto e = describe_error_code(366);
  EXPECT_EQ(e.meaning, "No historical data query found for ticker id:");
  EXPECT_EQ(e.severity, ErrorSeverity::kRequestError);
  EXPECT_TRUE(ends_request(366));
}

TEST(ErrorCodes, FarmNoticesAndDelayedDataLeaveEveryRequestAlive) {
  for (int code : {2104, 2106, 2107, 2108, 2158}) {
    EXPECT_EQ(describe_error_code(code).severity, ErrorSeverity::kInfo) << code;
    EXPECT_FALSE(ends_request(code)) << code;
  }
  for (int code : {2103, 2105, 2157, 10090, 10091, 10167, 100, 399, 404}) {
    EXPECT_EQ(describe_error_code(code).severity, ErrorSeverity::kWarning) << code;
    EXPECT_FALSE(ends_request(code)) << code;
  }
}

TEST(ErrorCodes, SubscriptionPacingAndSymbolErrorsEndTheirRequest) {
  for (int code : {101, 162, 200, 322, 354, 420, 10089, 10168, 10182, 10186, 10197, 10225}) {
    EXPECT_EQ(describe_error_code(code).severity, ErrorSeverity::kRequestError) << code;
    EXPECT_TRUE(ends_request(code)) << code;
  }
}

TEST(ErrorCodes, ConnectionCodesEndTheSessionOrItsSubscriptionsButNoSingleRequest) {
  EXPECT_EQ(describe_error_code(1100).ends, ErrorEnds::kNothing);
  EXPECT_EQ(describe_error_code(1101).ends, ErrorEnds::kAllSubscriptions);
  EXPECT_EQ(describe_error_code(1102).ends, ErrorEnds::kNothing);
  EXPECT_EQ(describe_error_code(1300).ends, ErrorEnds::kSession);
  EXPECT_EQ(describe_error_code(326).ends, ErrorEnds::kSession);
  for (int code : {326, 1100, 1101, 1102, 1300}) {
    EXPECT_EQ(describe_error_code(code).severity, ErrorSeverity::kConnection) << code;
    EXPECT_FALSE(ends_request(code)) << code;
  }
}

TEST(ErrorCodes, SessionNoticesSayWhatTheyDoToTheLinkToIbAndTheDataFarms) {
  EXPECT_EQ(describe_error_code(1100).link, LinkEvent::kIbLost);
  EXPECT_EQ(describe_error_code(1101).link, LinkEvent::kIbRestored);
  EXPECT_EQ(describe_error_code(1102).link, LinkEvent::kIbRestored);
  EXPECT_EQ(describe_error_code(1300).link, LinkEvent::kSocketReset);
  EXPECT_EQ(describe_error_code(326).link, LinkEvent::kNone) << "refused at the handshake, not a notice";
  EXPECT_EQ(describe_error_code(2110).link, LinkEvent::kNone);
  const std::pair<int, DataFarm> down[] = {{2103, DataFarm::kMarketData}, {2105, DataFarm::kHistorical},
                                           {2157, DataFarm::kSecDef}};
  for (auto [code, farm] : down) {
    EXPECT_EQ(describe_error_code(code).link, LinkEvent::kFarmDown) << code;
    EXPECT_EQ(describe_error_code(code).farm, farm) << code;
    EXPECT_EQ(describe_error_code(code + 1).link, LinkEvent::kFarmUp) << code + 1;
    EXPECT_EQ(describe_error_code(code + 1).farm, farm) << code + 1;
  }
  EXPECT_EQ(describe_error_code(99999).link, LinkEvent::kNone);
  EXPECT_EQ(to_string(LinkEvent::kIbRestored), "ib_restored");
}

TEST(ErrorCodes, AnUnknownCodeEndsItsRequestUnlessItIsInTheWarningRange) {
  EXPECT_FALSE(is_known_error_code(2199));
  EXPECT_EQ(describe_error_code(2199).severity, ErrorSeverity::kWarning);
  EXPECT_FALSE(ends_request(2199));
  EXPECT_FALSE(is_known_error_code(577));
  EXPECT_EQ(describe_error_code(577).severity, ErrorSeverity::kRequestError);
  EXPECT_TRUE(ends_request(577));
  EXPECT_TRUE(describe_error_code(577).meaning.empty());
}

TEST(ErrorCodes, SeveritiesAndEndsHaveStableNames) {
  EXPECT_EQ(to_string(ErrorSeverity::kRequestError), "request_error");
  EXPECT_EQ(to_string(ErrorSeverity::kConnection), "connection");
  EXPECT_EQ(to_string(ErrorEnds::kAllSubscriptions), "all_subscriptions");
  std::set<std::string_view> names;
  for (auto s : {ErrorSeverity::kInfo, ErrorSeverity::kWarning, ErrorSeverity::kRequestError,
                 ErrorSeverity::kConnection}) {
    names.insert(to_string(s));
  }
  EXPECT_EQ(names.size(), 4u);
}

}  // namespace
}  // namespace rt::tws

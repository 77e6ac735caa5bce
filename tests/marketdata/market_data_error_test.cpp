// Error classification for market-data requests (the TWS error-code table, RELIABILITY D1-D4, D7).
#include "ib/market_data/market_data_error.hpp"

#include <gtest/gtest.h>

#include "tws/messages/error_codes.hpp"

namespace rt::ib {
namespace {

using K = MarketDataErrorKind;

TEST(MarketDataError, HistoricalPacingViolationIsRetriedNotFatal) {
  EXPECT_EQ(classify_market_data_error(162, "Historical Market Data Service error message:Historical data request pacing violation"),
            K::kPacingViolation);
  EXPECT_EQ(classify_market_data_error(162, "HISTORICAL DATA REQUEST PACING VIOLATION"), K::kPacingViolation);
  EXPECT_EQ(classify_market_data_error(162, "Historical Market Data Service error message:HMDS query returned no data: AAPL@SMART Trades"),
            K::kNoData);
  EXPECT_EQ(classify_market_data_error(162, "Historical Market Data Service error message:API historical data query cancelled: 7"),
            K::kCancelled);
  EXPECT_EQ(classify_market_data_error(162, "Historical Market Data Service error message:No market data permissions"),
            K::kFatal);
  EXPECT_EQ(classify_market_data_error(420, "Invalid Real-time Query:Historical data request pacing violation"),
            K::kPacingViolation);
  EXPECT_EQ(classify_market_data_error(420, "Invalid Real-time Query:No data"), K::kFatal);
}

TEST(MarketDataError, RateLineSymbolAndSubscriptionCodes) {
  EXPECT_EQ(classify_market_data_error(100, "Max rate of messages per second has been exceeded"), K::kRateLimit);
  EXPECT_EQ(classify_market_data_error(101, "Max number of tickers has been reached"), K::kLineLimit);
  EXPECT_EQ(classify_market_data_error(200, "No security definition has been found for the request"), K::kUnknownSymbol);
  for (int code : {354, 10089, 10168, 10186}) EXPECT_EQ(classify_market_data_error(code, ""), K::kNotSubscribed) << code;
  EXPECT_EQ(classify_market_data_error(10167, "Displaying delayed market data"), K::kDelayedActive);
  EXPECT_EQ(classify_market_data_error(10182, "Failed to request live updates (disconnected)"), K::kStreamLost);
  for (int code : {2104, 2106, 2158, 2107, 10090, 10091, 165}) {
    EXPECT_EQ(classify_market_data_error(code, ""), K::kInfo) << code;
  }
  EXPECT_EQ(classify_market_data_error(321, "Error validating request"), K::kFatal);
}

// 300 and 366 were read here as notices that leave the request alive. In TWS they answer an id the
// server holds no subscription or historical query for: the request is over, as the error table says.
TEST(MarketDataError, CantFindTickerIdAndNoHistoricalQueryEndTheRequestAsInTws) {
  EXPECT_EQ(classify_market_data_error(300, "Can't find EId with tickerId:7"), K::kFatal);
  EXPECT_EQ(classify_market_data_error(366, "No historical data query found for ticker id:7"), K::kFatal);
  EXPECT_TRUE(ends_market_data_request(classify_market_data_error(300, "")));
  EXPECT_TRUE(ends_market_data_request(classify_market_data_error(366, "")));
}

// Whatever kind a code is given, it ends a market-data request exactly when the TWS table says the
// code ends its request; 100 (rate exceeded) is the one pacing code that does not.
TEST(MarketDataError, EveryTableCodeEndsAMarketDataRequestExactlyWhenTheTableSaysItEndsItsRequest) {
  for (const auto& e : tws::error_code_table()) {
    EXPECT_EQ(ends_market_data_request(classify_market_data_error(e.code, "")), tws::ends_request(e.code))
        << e.code << " " << e.meaning;
  }
}

TEST(MarketDataError, OnlyInformationalKindsLeaveTheRequestAlive) {
  EXPECT_FALSE(ends_market_data_request(K::kInfo));
  EXPECT_FALSE(ends_market_data_request(K::kDelayedActive));
  EXPECT_FALSE(ends_market_data_request(K::kRateLimit));
  EXPECT_TRUE(ends_market_data_request(K::kPacingViolation));
  EXPECT_TRUE(ends_market_data_request(K::kUnknownSymbol));
  EXPECT_TRUE(ends_market_data_request(K::kNotSubscribed));
  EXPECT_TRUE(ends_market_data_request(K::kLineLimit));
  EXPECT_STREQ(to_string(K::kPacingViolation), "pacing_violation");
}

}  // namespace
}  // namespace rt::ib

#pragma once
// Message ids and the server-version switches this codec knows (TWS_PROTOCOL.md §3).
// "Request" = client to server, "response" = server to client; the numbers overlap.

namespace rt::tws {

namespace req {
inline constexpr int kReqMktData = 1;
inline constexpr int kCancelMktData = 2;
inline constexpr int kPlaceOrder = 3;
inline constexpr int kCancelOrder = 4;
inline constexpr int kReqOpenOrders = 5;
inline constexpr int kReqAccountData = 6;
inline constexpr int kReqExecutions = 7;
inline constexpr int kReqIds = 8;
inline constexpr int kReqContractData = 9;
inline constexpr int kReqMktDepth = 10;
inline constexpr int kCancelMktDepth = 11;
inline constexpr int kReqAutoOpenOrders = 15;
inline constexpr int kReqAllOpenOrders = 16;
inline constexpr int kReqManagedAccts = 17;
inline constexpr int kReqHistoricalData = 20;
inline constexpr int kCancelHistoricalData = 25;
inline constexpr int kReqCurrentTime = 49;
inline constexpr int kReqRealTimeBars = 50;
inline constexpr int kCancelRealTimeBars = 51;
inline constexpr int kReqGlobalCancel = 58;
inline constexpr int kReqMarketDataType = 59;
inline constexpr int kReqPositions = 61;
inline constexpr int kReqAccountSummary = 62;
inline constexpr int kCancelAccountSummary = 63;
inline constexpr int kCancelPositions = 64;
inline constexpr int kStartApi = 71;
inline constexpr int kReqPositionsMulti = 74;
inline constexpr int kCancelPositionsMulti = 75;
inline constexpr int kReqAccountUpdatesMulti = 76;
inline constexpr int kCancelAccountUpdatesMulti = 77;
inline constexpr int kReqSecDefOptParams = 78;
inline constexpr int kReqFamilyCodes = 80;
inline constexpr int kReqMatchingSymbols = 81;
inline constexpr int kReqSmartComponents = 83;
inline constexpr int kReqHeadTimestamp = 87;
inline constexpr int kReqHistogramData = 88;
inline constexpr int kCancelHistogramData = 89;
inline constexpr int kCancelHeadTimestamp = 90;
inline constexpr int kReqMarketRule = 91;
inline constexpr int kReqPnL = 92;
inline constexpr int kCancelPnL = 93;
inline constexpr int kReqPnLSingle = 94;
inline constexpr int kCancelPnLSingle = 95;
inline constexpr int kReqHistoricalTicks = 96;
inline constexpr int kReqTickByTickData = 97;
inline constexpr int kCancelTickByTickData = 98;
inline constexpr int kReqCompletedOrders = 99;
inline constexpr int kReqUserInfo = 104;
inline constexpr int kReqCurrentTimeInMillis = 105;
}  // namespace req

namespace resp {
inline constexpr int kTickPrice = 1;
inline constexpr int kTickSize = 2;
inline constexpr int kOrderStatus = 3;
inline constexpr int kErrMsg = 4;
inline constexpr int kOpenOrder = 5;
inline constexpr int kAcctValue = 6;
inline constexpr int kPortfolioValue = 7;
inline constexpr int kAcctUpdateTime = 8;
inline constexpr int kNextValidId = 9;
inline constexpr int kContractData = 10;
inline constexpr int kExecutionData = 11;
inline constexpr int kMarketDepth = 12;
inline constexpr int kMarketDepthL2 = 13;
inline constexpr int kManagedAccts = 15;
inline constexpr int kHistoricalData = 17;
inline constexpr int kTickGeneric = 45;
inline constexpr int kTickString = 46;
inline constexpr int kCurrentTime = 49;
inline constexpr int kRealTimeBars = 50;
inline constexpr int kContractDataEnd = 52;
inline constexpr int kOpenOrderEnd = 53;
inline constexpr int kAcctDownloadEnd = 54;
inline constexpr int kExecutionDataEnd = 55;
inline constexpr int kTickSnapshotEnd = 57;
inline constexpr int kMarketDataType = 58;
inline constexpr int kCommissionReport = 59;
inline constexpr int kPositionData = 61;
inline constexpr int kPositionEnd = 62;
inline constexpr int kAccountSummary = 63;
inline constexpr int kAccountSummaryEnd = 64;
inline constexpr int kPositionMulti = 71;
inline constexpr int kPositionMultiEnd = 72;
inline constexpr int kAccountUpdateMulti = 73;
inline constexpr int kAccountUpdateMultiEnd = 74;
inline constexpr int kSecDefOptParams = 75;
inline constexpr int kSecDefOptParamsEnd = 76;
inline constexpr int kFamilyCodes = 78;
inline constexpr int kSymbolSamples = 79;
inline constexpr int kTickReqParams = 81;
inline constexpr int kSmartComponents = 82;
inline constexpr int kHeadTimestamp = 88;
inline constexpr int kHistogramData = 89;
inline constexpr int kHistoricalDataUpdate = 90;
inline constexpr int kPnL = 94;
inline constexpr int kMarketRule = 93;
inline constexpr int kPnLSingle = 95;
inline constexpr int kHistoricalTicks = 96;
inline constexpr int kHistoricalTicksBidAsk = 97;
inline constexpr int kHistoricalTicksLast = 98;
inline constexpr int kTickByTick = 99;
inline constexpr int kOrderBound = 100;
inline constexpr int kCompletedOrder = 101;
inline constexpr int kCompletedOrdersEnd = 102;
inline constexpr int kUserInfo = 107;
inline constexpr int kHistoricalDataEnd = 108;
inline constexpr int kCurrentTimeInMillis = 109;
}  // namespace resp

// Server versions (TWS_PROTOCOL.md §3.3).
namespace sv {
inline constexpr int kPnL = 127;              // reqPnL/reqPnLSingle and their replies
inline constexpr int kUnrealizedPnL = 129;     // ... gain unrealizedPnL
inline constexpr int kRealizedPnL = 135;       // ... and realizedPnL
inline constexpr int kClientMin = 157;  // what robotrader advertises: v157..200 (201 starts protobuf)
inline constexpr int kClientMax = 200;
inline constexpr int kDuration = 158;                // placeOrder/openOrder gain duration
inline constexpr int kPostToAts = 160;               // ... postToAts
inline constexpr int kAutoCancelParent = 162;        // ... autoCancelParent
inline constexpr int kFractionalSizeSupport = 163;   // contractDetails: sizeMinTick (163 only)
inline constexpr int kSizeRules = 164;               // contractDetails: no version, minSize/sizeIncrement/...
inline constexpr int kAdvancedOrderReject = 166;
inline constexpr int kManualOrderTime = 169;
inline constexpr int kPegBestPegMidOffsets = 170;
inline constexpr int kBondIssuerId = 176;
inline constexpr int kFaProfileDesupport = 177;
inline constexpr int kPendingPriceRevision = 178;
inline constexpr int kFundDataFields = 179;
inline constexpr int kLastTradeDate = 182;
inline constexpr int kCustomerAccount = 183;
inline constexpr int kProfessionalCustomer = 184;
inline constexpr int kBondAccruedInterest = 185;
inline constexpr int kIneligibilityReasons = 186;
inline constexpr int kRfqFields = 187;
inline constexpr int kIncludeOvernight = 189;
inline constexpr int kRfqFieldsUndone = 190;
inline constexpr int kCmeTaggingFields = 192;
inline constexpr int kCmeTaggingFieldsInOpenOrder = 193;
inline constexpr int kErrorTime = 194;
inline constexpr int kFullOrderPreviewFields = 195;  // openOrder what-if block gains margin detail
inline constexpr int kHistoricalDataEnd = 196;
inline constexpr int kCurrentTimeInMillis = 197;
inline constexpr int kSubmitter = 198;
inline constexpr int kImbalanceOnly = 199;             // placeOrder/openOrder gain imbalanceOnly
inline constexpr int kParametrizedDaysOfExecutions = 200;  // reqExecutions gains lastNDays, specificDates
}  // namespace sv

}  // namespace rt::tws

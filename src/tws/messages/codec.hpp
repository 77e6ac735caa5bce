#pragma once
// The typed TWS codec: encode any message at a negotiated server version, and decode a payload
// into the variant of messages its direction allows. Sans-I/O, no allocation beyond the messages.
// Layouts are keyed only on message id + server version; "version" fields are written as the
// official clients write them and ignored on receipt (TWS_PROTOCOL.md §1.4).
#include <string>
#include <string_view>
#include <variant>

#include "core/result.hpp"
#include "tws/messages/account.hpp"
#include "tws/messages/account_multi.hpp"
#include "tws/messages/completed_order.hpp"
#include "tws/messages/contract_details.hpp"
#include "tws/messages/encode_style.hpp"
#include "tws/messages/executions.hpp"
#include "tws/messages/historical.hpp"
#include "tws/messages/historical_ticks.hpp"
#include "tws/messages/ids.hpp"
#include "tws/messages/market_data.hpp"
#include "tws/messages/market_depth.hpp"
#include "tws/messages/orders.hpp"
#include "tws/messages/reference_data.hpp"
#include "tws/messages/session.hpp"

namespace rt::tws {

// A request/response with an id this codec does not model: kept so callers can log or ignore it.
struct UnknownMessage {
  int msg_id = 0;
  std::string payload;
  bool operator==(const UnknownMessage&) const = default;
};

using Request = std::variant<StartApi, ReqIds, ReqCurrentTime, ReqManagedAccts, ReqAccountSummary,
                             CancelAccountSummary, ReqPositions, CancelPositions, ReqAccountUpdates,
                             ReqMarketDataType, ReqMktData, CancelMktData, ReqHistoricalData,
                             CancelHistoricalData, ReqRealTimeBars, CancelRealTimeBars, ReqContractData,
                             PlaceOrder, CancelOrder, ReqGlobalCancel, ReqOpenOrders, ReqAllOpenOrders,
                             ReqAutoOpenOrders, ReqCompletedOrders, ReqExecutions, ReqPnL, CancelPnL,
                             ReqPnLSingle, CancelPnLSingle, ReqPositionsMulti, CancelPositionsMulti,
                             ReqAccountUpdatesMulti, CancelAccountUpdatesMulti, ReqFamilyCodes, ReqUserInfo,
                             ReqMatchingSymbols, ReqMarketRule, ReqSmartComponents, ReqSecDefOptParams,
                             ReqHeadTimestamp, CancelHeadTimestamp, ReqCurrentTimeInMillis, ReqMktDepth,
                             CancelMktDepth, ReqTickByTick, CancelTickByTick, ReqHistoricalTicks, ReqHistogramData,
                             CancelHistogramData, UnknownMessage>;

using Response = std::variant<ManagedAccounts, NextValidId, CurrentTime, ErrorMessage, AccountSummary,
                              AccountSummaryEnd, PositionData, PositionEnd, AccountValue, PortfolioValue,
                              AccountUpdateTime, AccountDownloadEnd, MarketDataType, TickPrice, TickSize,
                              TickString, TickGeneric, TickReqParams, TickSnapshotEnd, HistoricalData,
                              HistoricalDataEnd, HistoricalDataUpdate, RealTimeBar, ContractDetails,
                              ContractDataEnd, OpenOrder, OrderStatus, OpenOrderEnd, CompletedOrdersEnd,
                              ExecutionData, ExecutionDataEnd, CommissionReport, PnL, PnLSingle, PositionMulti,
                              PositionMultiEnd, AccountUpdateMulti, AccountUpdateMultiEnd, FamilyCodes, UserInfo,
                              SymbolSamples, MarketRule, SmartComponents, SecDefOptParams, SecDefOptParamsEnd,
                              HeadTimestamp, CurrentTimeInMillis, MarketDepth, TickByTick, CompletedOrder,
                              HistoricalTicks, HistogramData, UnknownMessage>;

// Each returns one complete frame (length prefix included).
std::string encode(const StartApi& m, int server_version);
std::string encode(const ReqIds& m, int server_version);
std::string encode(const ReqCurrentTime& m, int server_version);
std::string encode(const ReqManagedAccts& m, int server_version);
std::string encode(const ReqAccountSummary& m, int server_version);
std::string encode(const CancelAccountSummary& m, int server_version);
std::string encode(const ReqPositions& m, int server_version);
std::string encode(const CancelPositions& m, int server_version);
std::string encode(const ReqAccountUpdates& m, int server_version);
std::string encode(const ReqMarketDataType& m, int server_version);
std::string encode(const ReqMktData& m, int server_version);
std::string encode(const ReqMktData& m, int server_version, EncodeStyle style);
std::string encode(const CancelMktData& m, int server_version);
std::string encode(const ReqHistoricalData& m, int server_version);
std::string encode(const ReqHistoricalData& m, int server_version, EncodeStyle style);
std::string encode(const CancelHistoricalData& m, int server_version);
std::string encode(const ReqRealTimeBars& m, int server_version);
std::string encode(const ReqRealTimeBars& m, int server_version, EncodeStyle style);
std::string encode(const CancelRealTimeBars& m, int server_version);
std::string encode(const ReqContractData& m, int server_version);
std::string encode(const ReqContractData& m, int server_version, EncodeStyle style);
std::string encode(const PlaceOrder& m, int server_version);
std::string encode(const PlaceOrder& m, int server_version, EncodeStyle style);
std::string encode(const CancelOrder& m, int server_version);
std::string encode(const ReqGlobalCancel& m, int server_version);
std::string encode(const ReqOpenOrders& m, int server_version);
std::string encode(const ReqAllOpenOrders& m, int server_version);
std::string encode(const ReqAutoOpenOrders& m, int server_version);
std::string encode(const ReqCompletedOrders& m, int server_version);
std::string encode(const ReqExecutions& m, int server_version);
std::string encode(const ReqExecutions& m, int server_version, EncodeStyle style);
std::string encode(const ReqPnL& m, int server_version);
std::string encode(const CancelPnL& m, int server_version);
std::string encode(const ReqPnLSingle& m, int server_version);
std::string encode(const CancelPnLSingle& m, int server_version);

std::string encode(const ManagedAccounts& m, int server_version);
std::string encode(const NextValidId& m, int server_version);
std::string encode(const CurrentTime& m, int server_version);
std::string encode(const ErrorMessage& m, int server_version);
std::string encode(const AccountSummary& m, int server_version);
std::string encode(const AccountSummaryEnd& m, int server_version);
std::string encode(const PositionData& m, int server_version);
std::string encode(const PositionEnd& m, int server_version);
std::string encode(const AccountValue& m, int server_version);
std::string encode(const PortfolioValue& m, int server_version);
std::string encode(const AccountUpdateTime& m, int server_version);
std::string encode(const AccountDownloadEnd& m, int server_version);
std::string encode(const MarketDataType& m, int server_version);
std::string encode(const TickPrice& m, int server_version);
std::string encode(const TickSize& m, int server_version);
std::string encode(const TickString& m, int server_version);
std::string encode(const TickGeneric& m, int server_version);
std::string encode(const TickReqParams& m, int server_version);
std::string encode(const TickSnapshotEnd& m, int server_version);
std::string encode(const HistoricalData& m, int server_version);
std::string encode(const HistoricalDataEnd& m, int server_version);
std::string encode(const HistoricalDataUpdate& m, int server_version);
std::string encode(const RealTimeBar& m, int server_version);
std::string encode(const ContractDetails& m, int server_version);
std::string encode(const ContractDataEnd& m, int server_version);
std::string encode(const OpenOrder& m, int server_version);
std::string encode(const OrderStatus& m, int server_version);
std::string encode(const OpenOrderEnd& m, int server_version);
std::string encode(const CompletedOrdersEnd& m, int server_version);
std::string encode(const ExecutionData& m, int server_version);
std::string encode(const ExecutionDataEnd& m, int server_version);
std::string encode(const CommissionReport& m, int server_version);
std::string encode(const PnL& m, int server_version);
std::string encode(const PnLSingle& m, int server_version);

// Any modelled message of one direction; UnknownMessage is re-framed with its payload unchanged.
std::string encode(const Request& m, int server_version);
std::string encode(const Response& m, int server_version);
// A request spelled in `style`; requests without style-dependent fields ignore it.
std::string encode(const Request& m, int server_version, EncodeStyle style);

// Server side: decode a client's payload (without the length prefix). Unknown ids give
// UnknownMessage; malformed known messages give an error naming the message and field.
Result<Request> decode_request(std::string_view payload, int server_version);
// Client side: decode a server's payload.
Result<Response> decode_response(std::string_view payload, int server_version);

// The message id (first field) of a payload, or an error.
Result<int> peek_message_id(std::string_view payload);
// A readable one-line rendering of a payload's fields, for logs ("[4|2|-1|2104|...]").
std::string describe_payload(std::string_view payload);

}  // namespace rt::tws

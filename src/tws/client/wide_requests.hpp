#pragma once
// Typed one-shot requests beyond the session basics, each built on ClientSession::request():
// positions and account values per account, P&L, book depth, tick-by-tick ticks, the head
// timestamp, symbol search and option-chain parameters. Streams are cancelled once the answer is
// in, so none leaves a subscription behind. Same contract as the session's own typed requests:
// kTimeout at the deadline, kBroker on a TWS error for the id, kDisconnected when the connection
// ends first. Thread: the session's io_context thread.
#include <chrono>
#include <string>
#include <vector>

#include "tws/client/client_session.hpp"

namespace rt::tws {

using Millis = std::chrono::milliseconds;
template <class T>
using Task = ClientSession::Task<T>;

// reqPositionsMulti until its end marker; account "" means every account.
Task<Result<std::vector<PositionMulti>>> request_positions_multi(ClientSession& session, std::string account,
                                                                  Millis timeout);
// reqAccountUpdatesMulti until its end marker (ledger_and_nlv: the cash ledger and NLV only).
Task<Result<std::vector<AccountUpdateMulti>>> request_account_values_multi(ClientSession& session,
                                                                           std::string account, bool ledger_and_nlv,
                                                                           Millis timeout);
// The account's first reqPnL report.
Task<Result<PnL>> request_pnl(ClientSession& session, std::string account, Millis timeout);
// The book as first reported: every insert until `rows` levels a side are known.
Task<Result<std::vector<MarketDepth>>> request_depth_snapshot(ClientSession& session, Contract contract, int rows,
                                                              bool smart_depth, Millis timeout);
// The first `count` tick-by-tick ticks of `tick_type` ("Last", "AllLast", "BidAsk", "MidPoint").
Task<Result<std::vector<TickByTick>>> request_ticks(ClientSession& session, Contract contract, std::string tick_type,
                                                    int count, Millis timeout);
// The earliest bar IB has for the contract, as "yyyyMMdd-HH:mm:ss" (UTC).
Task<Result<std::string>> request_head_timestamp(ClientSession& session, Contract contract, std::string what_to_show,
                                                 Millis timeout);
// reqMatchingSymbols: the contracts a partial symbol or name may mean.
Task<Result<std::vector<ContractDescription>>> request_matching_symbols(ClientSession& session, std::string pattern,
                                                                         Millis timeout);
// reqSecDefOptParams: the option chains (per exchange) of an underlying.
Task<Result<std::vector<SecDefOptParams>>> request_option_chains(ClientSession& session, std::string symbol,
                                                                  std::string sec_type, std::int64_t con_id,
                                                                  Millis timeout);

}  // namespace rt::tws

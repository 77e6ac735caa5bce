#include "tws/client/wide_requests.hpp"

#include <boost/asio/awaitable.hpp>
#include <memory>

namespace rt::tws {
namespace {

// Runs one request that collects replies of type Item until `done` says the answer is complete,
// then sends `cancel` (when not empty) whatever happened. Frames are built before co_await: g++ 12
// mishandles temporaries inside co_await expressions.
template <class Item, class Done>
Task<Result<std::vector<Item>>> collect(ClientSession& session, int id, std::string frame, std::string cancel,
                                        Done done, Millis timeout) {
  auto self = session.shared_from_this();
  std::vector<Item> items;
  std::function<bool(const Response&)> on_reply = [&items, &done](const Response& r) {
    if (const auto* item = std::get_if<Item>(&r)) items.push_back(*item);
    return done(r, items);
  };
  auto status = co_await session.request(id, std::move(frame), std::move(on_reply), timeout);
  if (!cancel.empty() && session.is_connected()) (void)session.send(std::move(cancel));
  if (!status) co_return std::unexpected(status.error());
  co_return items;
}

template <class End>
auto until_end() {
  return [](const Response& r, const auto& /*items*/) { return std::holds_alternative<End>(r); };
}

int version_of(const ClientSession& session) { return session.info().server_version; }

}  // namespace

Task<Result<std::vector<PositionMulti>>> request_positions_multi(ClientSession& session, std::string account,
                                                                  Millis timeout) {
  const int id = session.next_request_id();
  const int v = version_of(session);
  std::string frame = encode(ReqPositionsMulti{id, std::move(account), ""}, v);
  std::string cancel = encode(CancelPositionsMulti{id}, v);
  co_return co_await collect<PositionMulti>(session, id, std::move(frame), std::move(cancel),
                                            until_end<PositionMultiEnd>(), timeout);
}

Task<Result<std::vector<AccountUpdateMulti>>> request_account_values_multi(ClientSession& session,
                                                                           std::string account, bool ledger_and_nlv,
                                                                           Millis timeout) {
  const int id = session.next_request_id();
  const int v = version_of(session);
  std::string frame = encode(ReqAccountUpdatesMulti{id, std::move(account), "", ledger_and_nlv}, v);
  std::string cancel = encode(CancelAccountUpdatesMulti{id}, v);
  co_return co_await collect<AccountUpdateMulti>(session, id, std::move(frame), std::move(cancel),
                                                 until_end<AccountUpdateMultiEnd>(), timeout);
}

Task<Result<PnL>> request_pnl(ClientSession& session, std::string account, Millis timeout) {
  const int id = session.next_request_id();
  const int v = version_of(session);
  std::string frame = encode(ReqPnL{id, std::move(account), ""}, v);
  std::string cancel = encode(CancelPnL{id}, v);
  auto first = [](const Response& r, const auto& /*items*/) { return std::holds_alternative<PnL>(r); };
  auto items = co_await collect<PnL>(session, id, std::move(frame), std::move(cancel), first, timeout);
  if (!items) co_return std::unexpected(items.error());
  co_return items->front();
}

Task<Result<std::vector<MarketDepth>>> request_depth_snapshot(ClientSession& session, Contract contract, int rows,
                                                              bool smart_depth, Millis timeout) {
  const int id = session.next_request_id();
  const int v = version_of(session);
  ReqMktDepth req;
  req.req_id = id;
  req.contract = std::move(contract);
  req.num_rows = rows;
  req.smart_depth = smart_depth;
  std::string frame = encode(req, v);
  std::string cancel = encode(CancelMktDepth{id, smart_depth}, v);
  auto full = [rows](const Response& /*r*/, const std::vector<MarketDepth>& items) {
    int bids = 0, asks = 0;
    for (const auto& d : items) {
      if (d.operation != DepthOperation::kInsert) continue;
      (d.side == DepthSide::kBid ? bids : asks) += 1;
    }
    return bids >= rows && asks >= rows;
  };
  co_return co_await collect<MarketDepth>(session, id, std::move(frame), std::move(cancel), full, timeout);
}

Task<Result<std::vector<TickByTick>>> request_ticks(ClientSession& session, Contract contract, std::string tick_type,
                                                    int count, Millis timeout) {
  const int id = session.next_request_id();
  const int v = version_of(session);
  ReqTickByTick req;
  req.req_id = id;
  req.contract = std::move(contract);
  req.tick_type = std::move(tick_type);
  std::string frame = encode(req, v);
  std::string cancel = encode(CancelTickByTick{id}, v);
  auto enough = [count](const Response& /*r*/, const std::vector<TickByTick>& items) {
    return static_cast<int>(items.size()) >= count;
  };
  co_return co_await collect<TickByTick>(session, id, std::move(frame), std::move(cancel), enough, timeout);
}

Task<Result<std::string>> request_head_timestamp(ClientSession& session, Contract contract, std::string what_to_show,
                                                 Millis timeout) {
  const int id = session.next_request_id();
  const int v = version_of(session);
  ReqHeadTimestamp req;
  req.req_id = id;
  req.contract = std::move(contract);
  req.what_to_show = std::move(what_to_show);
  std::string frame = encode(req, v);
  auto items = co_await collect<HeadTimestamp>(session, id, std::move(frame), "", until_end<HeadTimestamp>(),
                                               timeout);
  if (!items) co_return std::unexpected(items.error());
  co_return items->front().head_timestamp;
}

Task<Result<std::vector<ContractDescription>>> request_matching_symbols(ClientSession& session, std::string pattern,
                                                                         Millis timeout) {
  const int id = session.next_request_id();
  std::string frame = encode(ReqMatchingSymbols{id, std::move(pattern)}, version_of(session));
  auto items = co_await collect<SymbolSamples>(session, id, std::move(frame), "", until_end<SymbolSamples>(),
                                               timeout);
  if (!items) co_return std::unexpected(items.error());
  co_return std::move(items->front().descriptions);
}

Task<Result<std::vector<SecDefOptParams>>> request_option_chains(ClientSession& session, std::string symbol,
                                                                  std::string sec_type, std::int64_t con_id,
                                                                  Millis timeout) {
  const int id = session.next_request_id();
  std::string frame = encode(ReqSecDefOptParams{id, std::move(symbol), "", std::move(sec_type), con_id},
                             version_of(session));
  co_return co_await collect<SecDefOptParams>(session, id, std::move(frame), "", until_end<SecDefOptParamsEnd>(),
                                              timeout);
}

}  // namespace rt::tws

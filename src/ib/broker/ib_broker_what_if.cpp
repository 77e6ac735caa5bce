// IbBroker, the what-if half: an order's margin impact asked of TWS without placing it.
#include <functional>
#include <variant>

#include "ib/broker/ib_broker.hpp"
#include "tws/client/client_session.hpp"
#include "tws/messages/codec.hpp"

namespace rt::ib {

boost::asio::awaitable<Result<trading::MarginImpact>> IbBroker::what_if(trading::Order order,
                                                                         std::chrono::milliseconds timeout) {
  auto prepared = prepare(order);
  if (!prepared) co_return std::unexpected(prepared.error());
  prepared->message.order.what_if = true;
  prepared->message.order.transmit = true;
  const auto id = prepared->message.order_id;
  auto session = prepared->session;
  if (pacer_ != nullptr) {
    PacedRequest paced;
    paced.kind = RequestKind::kOrder;
    paced.tag = id;
    paced.label = "what-if " + order.intent.symbol;
    auto grant = co_await pacer_->acquire(std::move(paced), timeout);
    if (!grant) co_return std::unexpected(grant.error());
  }
  std::optional<tws::OrderState> state;
  std::string frame = tws::encode(prepared->message, session->info().server_version);
  // Built before co_await: g++ 12 mishandles temporaries inside co_await expressions.
  std::function<bool(const tws::Response&)> on_reply = [&state](const tws::Response& r) {
    if (const auto* o = std::get_if<tws::OpenOrder>(&r)) state = o->state;
    return state.has_value();
  };
  const int req_id = static_cast<int>(id);
  auto status = co_await session->request(req_id, std::move(frame), std::move(on_reply), timeout);
  if (!status) {
    co_return fail(status.error().code, "what-if " + order.intent.symbol + ": " + status.error().message);
  }
  const auto need = [&](const std::optional<Decimal>& v, const char* name) -> Result<Decimal> {
    if (v) return *v;
    return fail(ErrorCode::kParse, "what-if " + order.intent.symbol + ": TWS sent no " + name);
  };
  auto init_before = need(state->init_margin_before, "initMarginBefore");
  auto init_after = need(state->init_margin_after, "initMarginAfter");
  auto maint_after = need(state->maint_margin_after, "maintMarginAfter");
  auto ewl_after = need(state->equity_with_loan_after, "equityWithLoanAfter");
  for (const auto* r : {&init_before, &init_after, &maint_after, &ewl_after}) {
    if (!*r) co_return std::unexpected(r->error());
  }
  co_return trading::MarginImpact{*init_before, *init_after, *maint_after, *ewl_after, state->commission};
}

}  // namespace rt::ib

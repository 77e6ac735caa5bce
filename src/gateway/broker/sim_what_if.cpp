// SimBroker, the what-if half: an order's effect on the account's margin, computed on a copy of
// the account as if the order had filled now, nothing placed.
#include "gateway/broker/sim_broker.hpp"

namespace rt::gateway {

std::expected<tws::OpenOrder, OrderRejection> SimBroker::what_if(const tws::PlaceOrder& request) {
  const auto id = request.order_id;
  const auto& req = request.order;
  const auto refuse = [id](int code, std::string message) {
    return std::unexpected(OrderRejection{id, code, std::move(message), {}});
  };
  if (id <= 0) return refuse(kErrOrderRejected, "Order rejected - reason:the order id must be positive");
  if (req.total_quantity.is_zero()) return refuse(kErrOrderSizeZero, "The order size cannot be zero");
  if (req.total_quantity.is_negative() || req.total_quantity.trunc() != req.total_quantity) {
    return refuse(kErrOrderRejected, "Order rejected - reason:the quantity " + req.total_quantity.to_string() +
                                         " is not a positive whole number of shares");
  }
  if (req.action != "BUY" && req.action != "SELL" && req.action != "SSHORT") {
    return refuse(kErrOrderRejected, "Order rejected - reason:the action '" + req.action + "' is not BUY or SELL");
  }
  Account* account = nullptr;
  tws::Contract contract;
  if (auto r = validate_new(request, req, account, contract, false)) return std::unexpected(*r);
  const auto price = fill_price(contract, req);
  if (!price) {
    return refuse(kErrOrderRejected, "Order rejected - reason:no price for " + contract.symbol + " to judge the order at");
  }
  const Decimal signed_quantity = req.action == "BUY" ? req.total_quantity : -req.total_quantity;
  const Decimal commission =
      config_.commission.order_commission(req.total_quantity, req.total_quantity * *price, month_volume(account->code()));
  Account after = *account;
  (void)after.apply_fill(contract, signed_quantity, *price, commission);
  const auto b = account->metrics();
  const auto a = after.metrics();

  tws::OpenOrder m;
  m.order_id = id;
  m.contract = contract;
  m.order = req;
  m.order.account = account->code();
  m.state.status = kStatusPreSubmitted;
  m.state.init_margin_before = b.init_margin;
  m.state.maint_margin_before = b.maint_margin;
  m.state.equity_with_loan_before = b.equity_with_loan;
  m.state.init_margin_change = a.init_margin - b.init_margin;
  m.state.maint_margin_change = a.maint_margin - b.maint_margin;
  m.state.equity_with_loan_change = a.equity_with_loan - b.equity_with_loan;
  m.state.init_margin_after = a.init_margin;
  m.state.maint_margin_after = a.maint_margin;
  m.state.equity_with_loan_after = a.equity_with_loan;
  m.state.commission = m.state.min_commission = m.state.max_commission = commission;
  m.state.commission_currency = account->currency();
  return m;
}

}  // namespace rt::gateway

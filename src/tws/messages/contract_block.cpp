// Contract fields on the wire (see contract_block.hpp).
#include "tws/messages/contract_block.hpp"

#include <utility>

namespace rt::tws::detail {
namespace {

// conId .. multiplier: the seven fields both contract blocks begin with.
void read_contract_head(LayoutReader& in, Contract& c) {
  c.con_id = in.i64("conId");
  c.symbol = in.text("symbol");
  c.sec_type = in.text("secType");
  c.last_trade_date_or_contract_month = in.text("lastTradeDateOrContractMonth");
  c.strike = in.f64("strike");
  c.right = in.text("right");
  c.multiplier = in.text("multiplier");
}

// currency, localSymbol, tradingClass: the three both blocks end with.
void read_contract_tail(LayoutReader& in, Contract& c) {
  c.currency = in.text("currency");
  c.local_symbol = in.text("localSymbol");
  c.trading_class = in.text("tradingClass");
}

}  // namespace

void write_contract_block(StyledWriter& w, const Contract& c) {
  w.integer(c.con_id);
  w.text(c.symbol);
  w.text(c.sec_type);
  w.text(c.last_trade_date_or_contract_month);
  if (w.stoqey()) {
    if (c.strike == 0) {
      w.empty();
    } else {
      w.raw().add_plain(c.strike);
    }
  } else {
    w.raw().add(c.strike);
  }
  w.text(c.right);
  w.text(c.multiplier);
  w.text(c.exchange);
  w.text(c.primary_exchange);
  w.text(c.currency);
  w.text(c.local_symbol);
  w.text(c.trading_class);
}

void read_contract_block(LayoutReader& in, Contract& c) {
  read_contract_head(in, c);
  c.exchange = in.text("exchange");
  c.primary_exchange = in.text("primaryExch");
  read_contract_tail(in, c);
}

void write_reply_contract(MessageWriter& w, const Contract& c, std::string_view exchange_slot) {
  w.add(c.con_id).add(c.symbol).add(c.sec_type).add(c.last_trade_date_or_contract_month);
  w.add_plain(c.strike).add(c.right).add(c.multiplier).add(exchange_slot).add(c.currency);
  w.add(c.local_symbol).add(c.trading_class);
}

std::string read_reply_contract(LayoutReader& in, Contract& c, std::string_view exchange_field) {
  read_contract_head(in, c);
  std::string exchange = in.text(exchange_field);
  read_contract_tail(in, c);
  return exchange;
}

void write_reply_contract(MessageWriter& w, const Contract& c) { write_reply_contract(w, c, c.exchange); }

void read_reply_contract(LayoutReader& in, Contract& c) { c.exchange = read_reply_contract(in, c, "exchange"); }

void write_request_combo_legs(MessageWriter& w, const std::vector<ComboLeg>& legs) {
  w.add(static_cast<int>(legs.size()));
  for (const auto& leg : legs) w.add(leg.con_id).add(leg.ratio).add(leg.action).add(leg.exchange);
}

void read_request_combo_legs(LayoutReader& in, std::vector<ComboLeg>& legs) {
  int n = in.count("comboLegCount", 4);
  for (int i = 0; i < n && in.ok(); ++i) {
    ComboLeg leg;
    leg.con_id = in.i64("comboLeg.conId");
    leg.ratio = in.i32("comboLeg.ratio");
    leg.action = in.text("comboLeg.action");
    leg.exchange = in.text("comboLeg.exchange");
    legs.push_back(std::move(leg));
  }
}

}  // namespace rt::tws::detail

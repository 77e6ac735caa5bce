#pragma once
// The contract fields as requests and replies carry them on the wire, shared by every message
// family: the 12-field request block, the 11-field reply block, the 4-field combo legs of
// market-data and historical requests, and the reqId + contract start of those requests.
// Internal to the codec.
#include <string>
#include <string_view>
#include <vector>

#include "tws/messages/contract.hpp"
#include "tws/messages/layout_reader.hpp"
#include "tws/messages/styled_writer.hpp"
#include "tws/wire/message_writer.hpp"

namespace rt::tws::detail {

// The request contract block, 12 fields: conId, symbol, secType, lastTradeDateOrContractMonth,
// strike, right, multiplier, exchange, primaryExch, currency, localSymbol, tradingClass.
void write_contract_block(StyledWriter& w, const Contract& c);
void read_contract_block(LayoutReader& in, Contract& c);

// The 11-field contract block of replies (no primaryExch): conId .. tradingClass, with strike in
// its shortest form as the captured server writes it. Its exchange slot holds the exchange, but
// the primary exchange in PORTFOLIO_VALUE, so these two take and return the slot's text.
void write_reply_contract(MessageWriter& w, const Contract& c, std::string_view exchange_slot);
std::string read_reply_contract(LayoutReader& in, Contract& c, std::string_view exchange_field);

// The reply block with the exchange in its slot (OPEN_ORDER, EXECUTION_DATA, POSITION_DATA).
void write_reply_contract(MessageWriter& w, const Contract& c);
void read_reply_contract(LayoutReader& in, Contract& c);

// The combo legs of a BAG contract in reqMktData and reqHistoricalData: a count, then conId,
// ratio, action and exchange per leg.
void write_request_combo_legs(MessageWriter& w, const std::vector<ComboLeg>& legs);
void read_request_combo_legs(LayoutReader& in, std::vector<ComboLeg>& legs);

// reqId then the request contract block, as market-data, bar and contract requests begin.
template <class M>
void read_contract_request(LayoutReader& in, M& m) {
  m.req_id = in.i32("reqId");
  read_contract_block(in, m.contract);
}

}  // namespace rt::tws::detail

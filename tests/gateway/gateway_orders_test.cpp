// The broker over TCP: a raw client places, cancels and reads back orders against the emulator's
// simulated market (started in trading hours on a manual base clock), checked frame by frame; a
// second session sees the first one's orders, executions and positions; the drop-before-ack fault.
#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <functional>
#include <map>
#include <set>

#include "gateway/gateway_server.hpp"
#include "gateway/market_config.hpp"
#include "gateway_test_client.hpp"

namespace rt::gateway {
namespace {

using namespace testing;

class OrdersOverTcp : public ::testing::Test {
 protected:
  OrdersOverTcp() : clock_(Timestamp{std::chrono::seconds(kGoldenEpoch)}), guard_(io_.get_executor()) {}

  void start(GatewayConfig config = {}) {
    config.port = 0;
    config.market.start = *parse_new_york_time("2025-01-15 10:00");
    server_ = std::make_unique<GatewayServer>(io_, std::move(config), clock_, steady_);
    auto port = server_->start();
    ASSERT_TRUE(port.has_value()) << port.error().message;
    port_ = *port;
  }

  std::unique_ptr<RawClient> login(int client_id) {
    auto c = std::make_unique<RawClient>(io_);
    EXPECT_TRUE(c->connect(port_));
    c->handshake(client_id);
    return c;
  }

  // 10 AAPL, orderRef "key-<id>".
  static tws::PlaceOrder order(std::int64_t id, const char* action, const char* type,
                               std::optional<Decimal> lmt = std::nullopt) {
    tws::PlaceOrder p;
    p.order_id = id;
    p.contract.symbol = "AAPL";
    p.order.action = action;
    p.order.total_quantity = Decimal::from_int(10);
    p.order.order_type = type;
    p.order.lmt_price = lmt;
    p.order.order_ref = "key-" + std::to_string(id);
    return p;
  }
  static std::string place(const RawClient& c, std::int64_t id, const char* action, const char* type,
                           std::optional<Decimal> lmt = std::nullopt) {
    return tws::encode(order(id, action, type, lmt), c.server_version());
  }

  static std::vector<std::string> ids(const std::vector<Fields>& frames) {
    std::vector<std::string> out;
    for (const auto& f : frames) out.push_back(f.empty() ? "" : f[0]);
    return out;
  }

  asio::io_context io_;
  ManualClock clock_;
  SteadyClock steady_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::unique_ptr<GatewayServer> server_;
  std::uint16_t port_ = 0;
};

TEST_F(OrdersOverTcp, MarketOrderGivesOpenOrderStatusExecutionCommissionThenFilled) {
  start();
  auto c = login(7);
  ASSERT_TRUE(c->send(place(*c, 1, "BUY", "MKT")));
  const auto frames = c->read_frames(6);
  ASSERT_EQ(ids(frames), (std::vector<std::string>{"5", "3", "11", "59", "5", "3"}));
  EXPECT_EQ(frames[1][2], "Submitted");
  const auto& exec = frames[2];
  EXPECT_EQ(exec[1], "-1");  // reqId of a live fill
  EXPECT_EQ(exec[2], "1");   // orderId
  EXPECT_EQ(exec[18], "BOT");
  EXPECT_EQ(exec[19], "10");
  EXPECT_EQ(exec[26], "key-1");  // orderRef echoed
  EXPECT_EQ(frames[3][2], exec[14]);  // the commission report names the execution
  EXPECT_DOUBLE_EQ(std::stod(frames[3][3]), 1.0);  // $1 minimum
  EXPECT_EQ(frames[5][2], "Filled");
  EXPECT_EQ(frames[5][3], "10");
  EXPECT_EQ(frames[5][4], "0");
}

// A future's month resolves (its contract details are listed) but the account books stocks only:
// the order is refused with 201 naming why, not filled as the stock "ES".
TEST_F(OrdersOverTcp, AnOrderForAFutureIsRefusedRatherThanFilledAsAStock) {
  start();
  auto c = login(7);
  auto p = order(1, "BUY", "MKT");
  p.contract.symbol = "ES";
  p.contract.sec_type = "FUT";
  p.contract.exchange = "CME";
  p.contract.last_trade_date_or_contract_month = "202503";
  ASSERT_TRUE(c->send(tws::encode(p, c->server_version())));
  const auto frames = c->read_frames(1);
  ASSERT_EQ(ids(frames), (std::vector<std::string>{"4"}));
  EXPECT_EQ(frames[0][2], "1");
  EXPECT_EQ(frames[0][3], "201");
  EXPECT_NE(frames[0][4].find("stocks only, not FUT"), std::string::npos) << frames[0][4];
}

// reqPnL and reqPnLSingle over TCP: answered at once from the account book, refused for an account
// the emulator does not manage and for a request id already streaming, and updated by a fill.
TEST_F(OrdersOverTcp, PnlRequestsAreAnsweredFromTheAccountBookAndUpdatedByAFill) {
  start();
  auto c = login(7);
  const int sv = c->server_version();
  ASSERT_TRUE(c->send(place(*c, 1, "BUY", "MKT")));
  const auto fill = c->read_frames(6);
  ASSERT_EQ(fill.size(), 6U);
  const Decimal price = *Decimal::parse(fill[2][20]);
  const Decimal commission = *Decimal::parse(fill[3][3]);

  ASSERT_TRUE(c->send(tws::encode(tws::ReqPnL{100, "DU1234567", ""}, sv)));
  const auto account = c->read_frames(1);
  ASSERT_EQ(account.size(), 1U);
  ASSERT_EQ(account[0].size(), 5U);
  EXPECT_EQ(account[0][0], "94");
  EXPECT_EQ(account[0][1], "100");
  EXPECT_EQ(*Decimal::parse(account[0][4]), Decimal{});  // nothing closed yet

  ASSERT_TRUE(c->send(tws::encode(tws::ReqPnLSingle{101, "DU1234567", "", 265598}, sv)));
  const auto single = c->read_frames(1);
  ASSERT_EQ(single.size(), 1U);
  ASSERT_EQ(single[0].size(), 7U);
  EXPECT_EQ(single[0][0], "95");
  EXPECT_EQ(single[0][1], "101");
  EXPECT_EQ(single[0][2], "10");
  const Decimal value = *Decimal::parse(single[0][6]);
  const Decimal unrealized = *Decimal::parse(single[0][4]);
  // IB's unrealized: value less the cost, the opening commission included.
  EXPECT_EQ(unrealized, value - (Decimal::from_int(10) * price + commission));
  EXPECT_EQ(*Decimal::parse(account[0][3]), unrealized);  // the only position

  ASSERT_TRUE(c->send(tws::encode(tws::ReqPnL{102, "DU0000000", ""}, sv)));
  ASSERT_TRUE(c->send(tws::encode(tws::ReqPnL{100, "DU1234567", ""}, sv)));
  const auto refused = c->read_frames(2);
  ASSERT_EQ(refused.size(), 2U);
  EXPECT_EQ(ids(refused), (std::vector<std::string>{"4", "4"}));
  EXPECT_EQ(refused[0][2], "102");
  EXPECT_EQ(refused[0][3], "321");
  EXPECT_EQ(refused[1][2], "100");
  EXPECT_EQ(refused[1][3], "322");

  // Closing the position: both streams report it, the position flat and its P&L realized.
  ASSERT_TRUE(c->send(place(*c, 2, "SELL", "MKT")));
  bool account_updated = false;
  bool single_updated = false;
  for (int i = 0; i < 12 && !(account_updated && single_updated); ++i) {
    const auto frame = c->read_frames(1);
    ASSERT_EQ(frame.size(), 1U);
    if (frame[0][0] == "94" && frame[0][1] == "100") {
      account_updated = *Decimal::parse(frame[0][4]) != Decimal{};
    }
    if (frame[0][0] == "95" && frame[0][1] == "101" && frame[0][2] == "0") {
      single_updated = true;
      EXPECT_EQ(*Decimal::parse(frame[0][6]), Decimal{});
    }
  }
  EXPECT_TRUE(account_updated) << "reqPnL reports the realized P&L of the close";
  EXPECT_TRUE(single_updated) << "reqPnLSingle reports the flat position";
}

// A what-if order over TCP: one openOrder with the margin it would take, nothing placed, no
// orderStatus; a bad one is refused as a real one would be.
TEST_F(OrdersOverTcp, AWhatIfOrderIsAnsweredWithItsMarginImpactAndNothingIsPlaced) {
  start();
  auto c = login(7);
  const int sv = c->server_version();
  auto frame = place(*c, 1, "BUY", "MKT");
  auto ask = tws::PlaceOrder{};
  ask.order_id = 1;
  ask.contract.symbol = "AAPL";
  ask.contract.sec_type = "STK";
  ask.contract.exchange = "SMART";
  ask.contract.currency = "USD";
  ask.order.action = "BUY";
  ask.order.total_quantity = Decimal::from_int(100);
  ask.order.order_type = "MKT";
  ask.order.what_if = true;
  ASSERT_TRUE(c->send(tws::encode(ask, sv)));
  const auto answer = c->read_frames(1);
  ASSERT_EQ(answer.size(), 1U);
  ASSERT_EQ(answer[0][0], "5");
  std::string payload;
  for (const auto& f : answer[0]) payload += f + '\0';
  auto decoded = tws::decode_response(payload, sv);
  ASSERT_TRUE(decoded) << decoded.error().message;
  const auto* open = std::get_if<tws::OpenOrder>(&*decoded);
  ASSERT_NE(open, nullptr);
  EXPECT_TRUE(open->order.what_if);
  EXPECT_EQ(open->state.status, "PreSubmitted");
  ASSERT_TRUE(open->state.init_margin_before && open->state.init_margin_after && open->state.init_margin_change);
  EXPECT_EQ(*open->state.init_margin_before, Decimal{});  // a fresh account holds nothing
  EXPECT_GT(*open->state.init_margin_after, Decimal{});
  EXPECT_EQ(*open->state.init_margin_after - *open->state.init_margin_before, *open->state.init_margin_change);
  ASSERT_TRUE(open->state.maint_margin_after && open->state.equity_with_loan_after && open->state.commission);
  EXPECT_EQ(*open->state.commission, Decimal::from_int(1));  // 100 shares at the fixed rate: the $1 minimum
  // The order was not placed: a real order may use the same id, and the account holds nothing.
  EXPECT_TRUE(server_->accounts().front().positions().empty());
  ASSERT_TRUE(c->send(frame));
  EXPECT_EQ(ids(c->read_frames(2)), (std::vector<std::string>{"5", "3"}));

  ask.order_id = 2;
  ask.order.total_quantity = Decimal{};
  ASSERT_TRUE(c->send(tws::encode(ask, sv)));
  bool refused = false;
  for (int i = 0; i < 8 && !refused; ++i) {
    const auto f = c->read_frames(1);
    ASSERT_EQ(f.size(), 1U);
    refused = f[0][0] == "4" && f[0][2] == "2" && f[0][3] == "434";
  }
  EXPECT_TRUE(refused) << "a what-if order of zero shares is refused with 434";
}

// Two runs of the emulator replaying the same market day, one after the other on a real clock:
// IB never reuses an execution id or a permId for an account, so neither may the emulator (a
// trader that keeps its database across runs would drop the second run's fills as duplicates).
TEST_F(OrdersOverTcp, TwoEmulatorRunsOnTheSameMarketDayNeverShareAnExecutionIdOrPermId) {
  SystemClock wall;
  SteadyClock steady;
  std::set<std::string> exec_ids;
  std::set<std::string> perm_ids;
  for (int run = 0; run < 2; ++run) {
    GatewayConfig config;
    config.port = 0;
    config.market.start = *parse_new_york_time("2025-01-15 10:00");
    GatewayServer server(io_, std::move(config), wall, steady);
    auto port = server.start();
    ASSERT_TRUE(port.has_value()) << port.error().message;
    RawClient c(io_);
    ASSERT_TRUE(c.connect(*port));
    c.handshake(7);
    for (std::int64_t id = 1; id <= 3; ++id) {
      ASSERT_TRUE(c.send(place(c, id, "BUY", "MKT")));
      const auto frames = c.read_frames(6);
      ASSERT_EQ(ids(frames), (std::vector<std::string>{"5", "3", "11", "59", "5", "3"})) << "run " << run;
      EXPECT_TRUE(exec_ids.insert(frames[2][14]).second) << "execution id " << frames[2][14] << " repeated";
      EXPECT_TRUE(perm_ids.insert(frames[2][21]).second) << "permId " << frames[2][21] << " repeated";
    }
    c.close();
    server.stop();
  }
  EXPECT_EQ(exec_ids.size(), 6U);
  EXPECT_EQ(perm_ids.size(), 6U);
}

TEST_F(OrdersOverTcp, CancelGivesPendingCancel202Cancelled) {
  start();
  auto c = login(7);
  ASSERT_TRUE(c->send(place(*c, 1, "BUY", "LMT", Decimal::from_int(1))));
  ASSERT_EQ(ids(c->read_frames(2)), (std::vector<std::string>{"5", "3"}));
  ASSERT_TRUE(c->send(tws::encode(tws::CancelOrder{1, "", "", std::nullopt}, c->server_version())));
  const auto frames = c->read_frames(3);
  ASSERT_EQ(ids(frames), (std::vector<std::string>{"3", "4", "3"}));
  EXPECT_EQ(frames[0][2], "PendingCancel");
  EXPECT_EQ(frames[1][3], "202");
  EXPECT_EQ(frames[2][2], "Cancelled");
  ASSERT_TRUE(c->send(tws::encode(tws::CancelOrder{99, "", "", std::nullopt}, c->server_version())));
  const auto unknown = c->read_frames(1);
  ASSERT_EQ(unknown.size(), 1U);
  EXPECT_EQ(unknown[0][3], "10147");
}

TEST_F(OrdersOverTcp, CompletedOrdersListTodaysFilledAndCancelledOrdersButNotWorkingOnes) {
  start();
  auto c = login(7);
  ASSERT_TRUE(c->send(place(*c, 1, "BUY", "MKT")));
  ASSERT_EQ(c->read_frames(6).size(), 6U);
  ASSERT_TRUE(c->send(place(*c, 2, "BUY", "LMT", Decimal::from_int(1))));
  ASSERT_EQ(c->read_frames(2).size(), 2U);
  ASSERT_TRUE(c->send(place(*c, 3, "BUY", "LMT", Decimal::from_int(2))));
  ASSERT_EQ(c->read_frames(2).size(), 2U);
  ASSERT_TRUE(c->send(tws::encode(tws::CancelOrder{3, "", "", std::nullopt}, c->server_version())));
  ASSERT_EQ(c->read_frames(3).size(), 3U);
  ASSERT_TRUE(c->send(tws::encode(tws::ReqCompletedOrders{false}, c->server_version())));
  const auto frames = c->read_frames(3);
  ASSERT_EQ(ids(frames), (std::vector<std::string>{"101", "101", "102"}));
  std::vector<tws::CompletedOrder> done;
  for (std::size_t i = 0; i < 2; ++i) {
    std::string payload;
    for (const auto& f : frames[i]) payload += f + '\0';
    auto r = tws::decode_response(payload, c->server_version());
    ASSERT_TRUE(r.has_value()) << r.error().message;
    done.push_back(std::get<tws::CompletedOrder>(*r));
  }
  EXPECT_EQ(done[0].status, "Filled");
  EXPECT_EQ(done[0].filled_quantity, Decimal::from_int(10));
  EXPECT_EQ(done[0].completed_status, "Filled Size: 10");
  EXPECT_EQ(done[0].order.order_ref, "key-1");
  EXPECT_EQ(done[0].contract.symbol, "AAPL");
  EXPECT_NE(done[0].order.perm_id, 0);
  EXPECT_EQ(done[0].completed_time.substr(0, 8), "20250115");
  EXPECT_EQ(done[1].status, "Cancelled");
  EXPECT_EQ(done[1].order.order_ref, "key-3");
  EXPECT_EQ(done[1].filled_quantity, Decimal{});
}

TEST_F(OrdersOverTcp, ANewSessionSeesOrdersExecutionsAndPositionsOfAnEarlierOne) {
  start();
  {
    auto c = login(7);
    ASSERT_TRUE(c->send(place(*c, 5, "BUY", "LMT", Decimal::from_int(1))));
    ASSERT_EQ(c->read_frames(2).size(), 2U);
    ASSERT_TRUE(c->send(place(*c, 6, "BUY", "MKT")));
    ASSERT_EQ(c->read_frames(6).size(), 6U);
    c->close();
  }
  auto other = login(8);
  ASSERT_TRUE(other->send(tws::encode(tws::ReqAllOpenOrders{}, other->server_version())));
  const auto open = other->read_frames(3);
  ASSERT_EQ(ids(open), (std::vector<std::string>{"5", "3", "53"}));
  EXPECT_EQ(open[1][1], "5");
  ASSERT_TRUE(other->send(tws::encode(tws::ReqExecutions{42, {}}, other->server_version())));
  const auto execs = other->read_frames(3);
  ASSERT_EQ(ids(execs), (std::vector<std::string>{"11", "59", "55"}));
  EXPECT_EQ(execs[0][1], "42");
  EXPECT_EQ(execs[0][2], "6");
  ASSERT_TRUE(other->send(tws::encode(tws::ReqPositions{}, other->server_version())));
  const auto positions = other->read_frames(2);
  ASSERT_EQ(ids(positions), (std::vector<std::string>{"61", "62"}));
  EXPECT_EQ(positions[0][4], "AAPL");
  EXPECT_EQ(positions[0][14], "10");
  // The same client id again: its next id is above every id it used.
  other->close();
  auto again = std::make_unique<RawClient>(io_);
  ASSERT_TRUE(again->connect(port_));
  ASSERT_TRUE(again->send(tws::encode_preamble({100, 193, ""})));
  ASSERT_EQ(again->read_frame().status, RawClient::Status::kFrame);
  ASSERT_TRUE(again->send(tws::encode(tws::StartApi{7, ""}, 193)));
  const auto start_frames = again->read_frames(2);
  ASSERT_EQ(start_frames.size(), 2U);
  EXPECT_EQ(start_frames[1][0], "9");
  EXPECT_EQ(start_frames[1][2], "7");
}

// A bracket over TCP: the staged parent and first child say nothing until the last child transmits
// them; the children carry their parent, OCA group and orderRef back; cancelling the unfilled parent
// cancels its children.
TEST_F(OrdersOverTcp, ABracketIsSentWhenItsLastChildTransmitsAndItsParentTakesItsChildrenWhenCancelled) {
  start();
  auto c = login(7);
  const int sv = c->server_version();
  auto leg = [&](std::int64_t id, const char* action, const char* type, std::optional<Decimal> lmt,
                 std::optional<Decimal> aux, std::int64_t parent, bool transmit) {
    tws::PlaceOrder p;
    p.order_id = id;
    p.contract.symbol = "AAPL";
    p.order.action = action;
    p.order.total_quantity = Decimal::from_int(10);
    p.order.order_type = type;
    p.order.lmt_price = lmt;
    p.order.aux_price = aux;
    p.order.order_ref = "key-" + std::to_string(id);
    p.order.parent_id = parent;
    p.order.transmit = transmit;
    if (parent != 0) {
      p.order.oca_group = "oca-1";
      p.order.oca_type = 2;
    }
    return tws::encode(p, sv);
  };
  ASSERT_TRUE(c->send(leg(1, "BUY", "LMT", Decimal::from_int(1), std::nullopt, 0, false)));
  ASSERT_TRUE(c->send(leg(2, "SELL", "LMT", Decimal::from_int(500), std::nullopt, 1, false)));
  // Nothing is reported for staged orders: the next frame is the answer to a later request.
  ASSERT_TRUE(c->send(tws::encode(tws::ReqCurrentTime{}, sv)));
  EXPECT_EQ(ids(c->read_frames(1)), (std::vector<std::string>{"49"}));

  ASSERT_TRUE(c->send(leg(3, "SELL", "STP", std::nullopt, Decimal::from_int(1), 1, true)));
  std::map<std::int64_t, tws::OrderStatus> status;
  std::map<std::int64_t, tws::OpenOrder> open;
  for (int i = 0; i < 6; ++i) {
    const auto f = c->read_frames(1);
    ASSERT_EQ(f.size(), 1U);
    std::string payload;
    for (const auto& x : f[0]) payload += x + '\0';
    auto m = tws::decode_response(payload, sv);
    ASSERT_TRUE(m) << m.error().message;
    if (const auto* s = std::get_if<tws::OrderStatus>(&*m)) status[s->order_id] = *s;
    if (const auto* o = std::get_if<tws::OpenOrder>(&*m)) open[o->order_id] = *o;
  }
  ASSERT_EQ(status.size(), 3U);
  ASSERT_EQ(open.size(), 3U);
  EXPECT_EQ(status[1].status, "Submitted");
  EXPECT_EQ(status[2].status, "PreSubmitted");  // held until the parent fills
  EXPECT_EQ(status[3].status, "PreSubmitted");
  EXPECT_EQ(status[2].parent_id, 1);
  EXPECT_EQ(status[3].parent_id, 1);
  EXPECT_EQ(open[3].order.parent_id, 1);
  EXPECT_EQ(open[3].order.oca_group, "oca-1");
  EXPECT_EQ(open[3].order.oca_type, 2);
  EXPECT_EQ(open[3].order.order_ref, "key-3");

  ASSERT_TRUE(c->send(tws::encode(tws::CancelOrder{1, "", "", std::nullopt}, sv)));
  std::set<std::int64_t> cancelled;
  for (int i = 0; i < 9 && cancelled.size() < 3; ++i) {
    const auto f = c->read_frames(1);
    ASSERT_EQ(f.size(), 1U);
    if (f[0][0] == "3" && f[0][2] == "Cancelled") cancelled.insert(std::stoll(f[0][1]));
  }
  EXPECT_EQ(cancelled, (std::set<std::int64_t>{1, 2, 3}));
}

// Over TCP: a filled parent activates its child (PreSubmitted -> Submitted), and a fill in an OCA
// group of type 1 cancels the group's other order.
TEST_F(OrdersOverTcp, AFilledParentActivatesItsChildAndAnOcaFillCancelsTheOtherOrder) {
  start();
  auto c = login(7);
  const int sv = c->server_version();
  // Reads frames until `done` holds for the orderStatus frames seen, at most `n` frames.
  auto until = [&](const std::function<bool(const std::map<std::string, std::string>&)>& done, int n) {
    std::map<std::string, std::string> last;  // order id -> its last status
    for (int i = 0; i < n && !done(last); ++i) {
      const auto f = c->read_frames(1);
      if (f.size() != 1U) break;
      if (f[0][0] == "3") last[f[0][1]] = f[0][2];
    }
    return last;
  };
  auto parent = order(1, "BUY", "MKT");
  parent.order.transmit = false;
  auto child = order(2, "SELL", "LMT", Decimal::from_int(1000));
  child.order.parent_id = 1;
  ASSERT_TRUE(c->send(tws::encode(parent, sv)));
  ASSERT_TRUE(c->send(tws::encode(child, sv)));
  auto seen = until([](const auto& s) { return s.contains("1") && s.at("1") == "Filled" && s.contains("2") &&
                                               s.at("2") == "Submitted"; }, 20);
  EXPECT_EQ(seen["1"], "Filled");
  EXPECT_EQ(seen["2"], "Submitted") << "the child works once its parent filled";

  auto resting = order(3, "BUY", "LMT", Decimal::from_int(1));
  resting.order.oca_group = "g1";
  resting.order.oca_type = 1;
  auto now = order(4, "BUY", "MKT");
  now.order.oca_group = "g1";
  now.order.oca_type = 1;
  ASSERT_TRUE(c->send(tws::encode(resting, sv)));
  ASSERT_TRUE(c->send(tws::encode(now, sv)));
  seen = until([](const auto& s) { return s.contains("3") && s.at("3") == "Cancelled" && s.contains("4") &&
                                          s.at("4") == "Filled"; }, 30);
  EXPECT_EQ(seen["4"], "Filled");
  EXPECT_EQ(seen["3"], "Cancelled") << "the fill of one order of the group cancels the other";
}

TEST_F(OrdersOverTcp, DropBeforeAckClosesBeforeAnyAckAndTheOrderKeepsWorking) {
  GatewayConfig config;
  ASSERT_TRUE(add_fault_spec(config, "drop-before-ack:once").has_value());
  start(config);
  auto c = login(7);
  ASSERT_TRUE(c->send(place(*c, 1, "BUY", "LMT", Decimal::from_int(1))));
  EXPECT_EQ(c->read_frame().status, RawClient::Status::kEof);  // no openOrder, no orderStatus
  auto back = login(7);
  ASSERT_TRUE(back->send(tws::encode(tws::ReqOpenOrders{}, back->server_version())));
  const auto open = back->read_frames(3);
  ASSERT_EQ(ids(open), (std::vector<std::string>{"5", "3", "53"}));
  EXPECT_EQ(open[1][2], "Submitted");
}

}  // namespace
}  // namespace rt::gateway

// Drives the robotrader gateway emulator with the real third-party client @stoqey/ib (pinned to
// 1.6.10) and fails on any decode error (stoqey reports those as error events with code 505), any
// other error event, or any reply that does not arrive within its deadline. Starts nothing: the
// emulator's port comes from --port (or RT_GATEWAY_PORT).
//
//   node stoqey_check.mjs --port 7497 --expect-version 193 [--host 127.0.0.1] [--client-id 7]
//                         [--deadline-ms 5000] [--scenario session|client-id-in-use|stalled-handshake]
//
// "session": handshake, current time, account summary, positions, account updates, clean disconnect.
// "client-id-in-use": the emulator runs with --fault client-id-in-use; expect info 326, then disconnected.
// "stalled-handshake": the emulator runs with --fault no-version-reply; expect our own deadline to fire.
// "market": the emulator's market clock runs from 2025-01-15 10:00 New York at 60x: contract details (and
//   200 for a bad symbol), streaming and snapshot quotes, historical bars (and keepUpToDate updates),
//   real-time bars; only the errors the script provokes are allowed.
// "orders": LMT, MKT, STP, STP LMT and TRAIL orders placed, the LMT cancelled (202 expected), open
// orders, executions and commission reports read back; the emulator runs in market hours.
// "wide": account updates and positions per account, P&L, a what-if order, completed orders, depth,
// tick-by-tick, head timestamp, historical ticks, histogram, symbol search, option chain, family
// codes, user info, market rule and SMART components; the emulator runs in market hours with an
// AAPL position.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { IBApi, EventName } = require("@stoqey/ib");
const stoqeyVersion = require("@stoqey/ib/package.json").version;

function parseArgs(argv) {
  const opts = {
    host: "127.0.0.1",
    port: Number(process.env.RT_GATEWAY_PORT ?? 0),
    expectVersion: 0,
    clientId: 7,
    deadlineMs: 5000,
    scenario: "session",
  };
  for (let i = 2; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`flag ${flag} needs a value`);
    if (flag === "--host") opts.host = value;
    else if (flag === "--port") opts.port = Number(value);
    else if (flag === "--expect-version") opts.expectVersion = Number(value);
    else if (flag === "--client-id") opts.clientId = Number(value);
    else if (flag === "--deadline-ms") opts.deadlineMs = Number(value);
    else if (flag === "--scenario") opts.scenario = value;
    else throw new Error(`unknown flag ${flag}`);
  }
  if (!Number.isInteger(opts.port) || opts.port <= 0 || opts.port > 65535) throw new Error("--port is required");
  return opts;
}

const SUMMARY_TAGS = [
  "NetLiquidation",
  "TotalCashValue",
  "BuyingPower",
  "AvailableFunds",
  "ExcessLiquidity",
  "GrossPositionValue",
  "EquityWithLoanValue",
];

// Collects every event and lets the script wait, with a deadline, until a condition holds.
class Recorder {
  constructor(ib) {
    this.events = [];
    this.failures = [];
    this.waiters = [];
    const names = [
      EventName.connected, EventName.disconnected, EventName.server, EventName.info, EventName.error,
      EventName.managedAccounts, EventName.nextValidId, EventName.currentTime, EventName.accountSummary,
      EventName.accountSummaryEnd, EventName.position, EventName.positionEnd, EventName.updateAccountValue,
      EventName.updatePortfolio, EventName.updateAccountTime, EventName.accountDownloadEnd,
      EventName.openOrder, EventName.orderStatus, EventName.openOrderEnd, EventName.execDetails,
      EventName.execDetailsEnd, EventName.commissionReport,
      EventName.contractDetails, EventName.contractDetailsEnd, EventName.marketDataType, EventName.tickReqParams,
      EventName.tickPrice, EventName.tickSize, EventName.tickString, EventName.tickGeneric, EventName.tickSnapshotEnd,
      EventName.historicalData, EventName.historicalDataUpdate, EventName.realtimeBar,
      EventName.accountUpdateMulti, EventName.accountUpdateMultiEnd, EventName.positionMulti,
      EventName.positionMultiEnd, EventName.pnl, EventName.completedOrder, EventName.completedOrdersEnd,
      EventName.updateMktDepth, EventName.updateMktDepthL2, EventName.tickByTickBidAsk,
      EventName.tickByTickAllLast, EventName.tickByTickMidPoint, EventName.headTimestamp, EventName.symbolSamples,
      EventName.securityDefinitionOptionParameter, EventName.securityDefinitionOptionParameterEnd,
      EventName.familyCodes, EventName.userInfo, EventName.marketRule, EventName.smartComponents,
      EventName.historicalTicksLast, EventName.histogramData,
    ];
    // Order notices a scenario expects (e.g. 202 after a cancel): [code, reqId] pairs.
    this.allowed = [];
    for (const name of names) {
      ib.on(name, (...args) => {
        this.events.push({ name, args });
        if (name === EventName.error) {
          const [err, code, reqId] = args;
          if (this.allowed.some(([c, id]) => c === code && id === reqId)) {
            this.poke();
            return;
          }
          const kind = code === 505 ? "decode error (505)" : `error ${code}`;
          this.failures.push(`${kind} on reqId ${reqId}: ${err?.message ?? err}`);
        }
        this.poke();
      });
    }
  }

  // The next error `code` on `reqId` is expected: recorded, not a failure.
  allow(code, reqId) {
    this.allowed.push([code, reqId]);
  }

  errorsOf(code, reqId) {
    return this.of(EventName.error).filter((e) => e.args[1] === code && e.args[2] === reqId);
  }

  of(name) {
    return this.events.filter((e) => e.name === name);
  }

  poke() {
    for (const w of [...this.waiters]) {
      if (this.failures.length > 0) w.reject(new Error(this.failures.join("; ")));
      else if (w.cond()) w.resolve();
      else continue;
      clearTimeout(w.timer);
      this.waiters.splice(this.waiters.indexOf(w), 1);
    }
  }

  waitFor(stage, cond, ms) {
    return new Promise((resolve, reject) => {
      const w = { cond, resolve, reject };
      w.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`${stage}: nothing within ${ms} ms`));
      }, ms);
      this.waiters.push(w);
      this.poke();
    });
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function sessionScenario(ib, rec, opts) {
  const t = opts.deadlineMs;
  ib.connect(opts.clientId);
  // stoqey has no handshake timeout of its own: every stage below carries ours.
  await rec.waitFor("version reply", () => rec.of(EventName.server).length > 0, t);
  const [version, connectionTime] = rec.of(EventName.server)[0].args;
  if (opts.expectVersion) check(version === opts.expectVersion, `server version ${version}, expected ${opts.expectVersion}`);
  check(/^\d{8} \d{2}:\d{2}:\d{2} \S/.test(connectionTime), `connection time '${connectionTime}'`);
  await rec.waitFor("nextValidId", () => rec.of(EventName.nextValidId).length > 0, t);
  await rec.waitFor("managedAccounts", () => rec.of(EventName.managedAccounts).length > 0, t);
  const accounts = String(rec.of(EventName.managedAccounts)[0].args[0]).split(",").filter(Boolean);
  check(accounts.length > 0, "empty managed accounts");
  await rec.waitFor("farm notices 2104/2106/2158", () => {
    const codes = rec.of(EventName.info).map((e) => e.args[1]);
    return [2104, 2106, 2158].every((c) => codes.includes(c));
  }, t);

  ib.reqCurrentTime();
  await rec.waitFor("currentTime", () => rec.of(EventName.currentTime).length > 0, t);
  const now = rec.of(EventName.currentTime)[0].args[0];
  check(Number.isInteger(now) && now > 1_500_000_000, `current time ${now}`);

  const summaryReq = 9001;
  ib.reqAccountSummary(summaryReq, "All", SUMMARY_TAGS.join(","));
  await rec.waitFor("accountSummaryEnd", () => rec.of(EventName.accountSummaryEnd).some((e) => e.args[0] === summaryReq), t);
  const rows = rec.of(EventName.accountSummary).filter((e) => e.args[0] === summaryReq);
  for (const account of accounts) {
    for (const tag of SUMMARY_TAGS) {
      const row = rows.find((e) => e.args[1] === account && e.args[2] === tag);
      check(row, `account summary has no ${tag} for ${account}`);
      check(/^-?\d+\.\d{2}$/.test(row.args[3]), `${tag} value '${row.args[3]}' is not money`);
      check(row.args[4] === "USD", `${tag} currency '${row.args[4]}'`);
    }
  }
  ib.cancelAccountSummary(summaryReq);

  ib.reqPositions();
  await rec.waitFor("positionEnd", () => rec.of(EventName.positionEnd).length > 0, t);
  const positions = rec.of(EventName.position);
  for (const p of positions) {
    const [account, contract, pos, avgCost] = p.args;
    check(accounts.includes(account), `position for unknown account ${account}`);
    check(contract?.symbol && Number.isInteger(contract.conId), `position contract ${JSON.stringify(contract)}`);
    check(typeof pos === "number" && pos !== 0 && typeof avgCost === "number", `position ${pos} @ ${avgCost}`);
  }
  ib.cancelPositions();

  ib.reqAccountUpdates(true, accounts[0]);
  await rec.waitFor("accountDownloadEnd", () => rec.of(EventName.accountDownloadEnd).length > 0, t);
  check(rec.of(EventName.accountDownloadEnd)[0].args[0] === accounts[0], "accountDownloadEnd for another account");
  const netLiq = rec.of(EventName.updateAccountValue).find((e) => e.args[0] === "NetLiquidation");
  check(netLiq && netLiq.args[3] === accounts[0], "no NetLiquidation account value");
  check(rec.of(EventName.updateAccountTime).length > 0, "no account time");
  const portfolio = rec.of(EventName.updatePortfolio);
  const ownPositions = positions.filter((p) => p.args[0] === accounts[0]);
  check(portfolio.length === ownPositions.length, `${portfolio.length} portfolio rows for ${ownPositions.length} positions`);
  for (const row of portfolio) {
    const [contract, pos, marketPrice, marketValue] = row.args;
    check(Math.abs(pos * marketPrice - marketValue) < 0.01, `portfolio ${contract.symbol}: ${pos} x ${marketPrice} != ${marketValue}`);
  }
  ib.reqAccountUpdates(false, accounts[0]);

  ib.disconnect();
  await rec.waitFor("disconnected", () => rec.of(EventName.disconnected).length > 0, t);
  return `server ${version} (${connectionTime}), accounts ${accounts.join(",")}, ${rows.length} summary rows, ` +
    `${positions.length} positions, ${rec.of(EventName.updateAccountValue).length} account values, ` +
    `${portfolio.length} portfolio rows`;
}

async function ordersScenario(ib, rec, opts) {
  const t = opts.deadlineMs;
  ib.connect(opts.clientId);
  await rec.waitFor("nextValidId", () => rec.of(EventName.nextValidId).length > 0, t);
  await rec.waitFor("managedAccounts", () => rec.of(EventName.managedAccounts).length > 0, t);
  const first = rec.of(EventName.nextValidId)[0].args[0];
  const account = String(rec.of(EventName.managedAccounts)[0].args[0]).split(",")[0];
  const contract = { symbol: "AAPL", secType: "STK", exchange: "SMART", currency: "USD" };
  const ids = { lmt: first, mkt: first + 1, stp: first + 2, stpLmt: first + 3, trail: first + 4 };
  const statusOf = (id) => rec.of(EventName.orderStatus).filter((e) => e.args[0] === id).map((e) => e.args[1]);
  const openOf = (id) => rec.of(EventName.openOrder).filter((e) => e.args[0] === id);

  // A buy limit far below the market rests.
  ib.placeOrder(ids.lmt, contract, { action: "BUY", orderType: "LMT", totalQuantity: 10, lmtPrice: 1, tif: "DAY",
    orderRef: "interop-lmt", account, transmit: true });
  await rec.waitFor("LMT accepted", () => statusOf(ids.lmt).includes("Submitted") && openOf(ids.lmt).length > 0, t);
  const [, lmtContract, lmtOrder, lmtState] = openOf(ids.lmt)[0].args;
  check(lmtContract.symbol === "AAPL" && lmtContract.conId > 0, `openOrder contract ${JSON.stringify(lmtContract)}`);
  check(lmtOrder.lmtPrice === 1 && lmtOrder.totalQuantity === 10 && lmtOrder.orderRef === "interop-lmt",
    `openOrder order ${lmtOrder.lmtPrice} x ${lmtOrder.totalQuantity} ref ${lmtOrder.orderRef}`);
  check(lmtOrder.permId > 0 && lmtState.status === "Submitted", `openOrder permId ${lmtOrder.permId} state ${lmtState.status}`);

  // A market buy fills at once: execDetails, commissionReport, Filled.
  ib.placeOrder(ids.mkt, contract, { action: "BUY", orderType: "MKT", totalQuantity: 10, orderRef: "interop-mkt",
    transmit: true });
  await rec.waitFor("MKT filled", () => statusOf(ids.mkt).includes("Filled") &&
    rec.of(EventName.execDetails).some((e) => e.args[2].orderId === ids.mkt) &&
    rec.of(EventName.commissionReport).length > 0, t);
  const exec = rec.of(EventName.execDetails).find((e) => e.args[2].orderId === ids.mkt).args[2];
  check(exec.side === "BOT" && exec.shares === 10 && exec.price > 0 && exec.orderRef === "interop-mkt",
    `execution ${JSON.stringify(exec)}`);
  check(/^[0-9a-f]{8}\.[0-9a-f]{8}\.01\.01$/.test(exec.execId), `execId ${exec.execId}`);
  check(/^\d{8} \d{2}:\d{2}:\d{2} US\/Eastern$/.test(exec.time), `execution time ${exec.time}`);
  const commission = rec.of(EventName.commissionReport).find((e) => e.args[0].execId === exec.execId);
  check(commission && commission.args[0].commission === 1 && commission.args[0].currency === "USD",
    `commission ${JSON.stringify(commission?.args[0])}`);

  // Sell stops far below the market rest as PreSubmitted; the trailing stop too.
  ib.placeOrder(ids.stp, contract, { action: "SELL", orderType: "STP", totalQuantity: 5, auxPrice: 1, tif: "GTC",
    outsideRth: true, transmit: true });
  ib.placeOrder(ids.stpLmt, contract, { action: "SELL", orderType: "STP LMT", totalQuantity: 5, auxPrice: 1,
    lmtPrice: 0.9, transmit: true });
  ib.placeOrder(ids.trail, contract, { action: "SELL", orderType: "TRAIL", totalQuantity: 5, trailingPercent: 50,
    transmit: true });
  for (const id of [ids.stp, ids.stpLmt, ids.trail]) {
    await rec.waitFor(`order ${id} accepted`, () => statusOf(id).includes("PreSubmitted"), t);
  }
  const trail = openOf(ids.trail).at(-1).args[2];
  check(trail.orderType === "TRAIL" && trail.trailingPercent === 50 && trail.trailStopPrice > 0,
    `TRAIL ${trail.orderType} ${trail.trailingPercent}% stop ${trail.trailStopPrice}`);

  // Cancel the limit: PendingCancel, 202, Cancelled.
  rec.allowed.push([202, ids.lmt]);
  ib.cancelOrder(ids.lmt);
  await rec.waitFor("LMT cancelled", () => statusOf(ids.lmt).includes("Cancelled"), t);
  check(statusOf(ids.lmt).includes("PendingCancel"), `statuses ${statusOf(ids.lmt)}`);

  // Open orders: the three stops, not the cancelled limit or the filled market order.
  const openBefore = rec.of(EventName.openOrder).length;
  const endsBefore = rec.of(EventName.openOrderEnd).length;
  ib.reqOpenOrders();
  await rec.waitFor("openOrderEnd", () => rec.of(EventName.openOrderEnd).length > endsBefore, t);
  const listed = rec.of(EventName.openOrder).slice(openBefore).map((e) => e.args[0]).sort((a, b) => a - b);
  check(JSON.stringify(listed) === JSON.stringify([ids.stp, ids.stpLmt, ids.trail]), `open orders ${listed}`);

  // Executions read back with their commission.
  const execReq = 7001;
  const execsBefore = rec.of(EventName.execDetails).length;
  const commBefore = rec.of(EventName.commissionReport).length;
  ib.reqExecutions(execReq, {});
  await rec.waitFor("execDetailsEnd", () => rec.of(EventName.execDetailsEnd).some((e) => e.args[0] === execReq), t);
  const replayed = rec.of(EventName.execDetails).slice(execsBefore);
  check(replayed.length === 1 && replayed[0].args[0] === execReq && replayed[0].args[2].execId === exec.execId,
    `reqExecutions gave ${replayed.length} executions`);
  check(rec.of(EventName.commissionReport).length === commBefore + 1, "no commission report with the execution");

  ib.disconnect();
  await rec.waitFor("disconnected", () => rec.of(EventName.disconnected).length > 0, t);
  return `LMT/MKT/STP/STP LMT/TRAIL placed, MKT filled at ${exec.price} (commission ${commission.args[0].commission}), ` +
    `LMT cancelled, ${listed.length} open orders, ${replayed.length} execution read back`;
}

const STOCK = (symbol) => ({ symbol, secType: "STK", exchange: "SMART", currency: "USD" });

async function wideScenario(ib, rec, opts) {
  const t = opts.deadlineMs;
  ib.connect(opts.clientId);
  await rec.waitFor("nextValidId", () => rec.of(EventName.nextValidId).length > 0, t);
  await rec.waitFor("managedAccounts", () => rec.of(EventName.managedAccounts).length > 0, t);
  const account = String(rec.of(EventName.managedAccounts)[0].args[0]).split(",")[0];
  const orderId = rec.of(EventName.nextValidId)[0].args[0];
  // stoqey 1.6.10 reports the reqId of accountUpdateMultiEnd as a string: compare as text.
  const byReq = (name, reqId) => rec.of(name).filter((e) => String(e.args[0]) === String(reqId));
  const answered = [];

  ib.reqAccountUpdatesMulti(5001, account, "", false);
  await rec.waitFor("accountUpdateMultiEnd", () => byReq(EventName.accountUpdateMultiEnd, 5001).length > 0, t);
  const nlv = byReq(EventName.accountUpdateMulti, 5001).find((e) => e.args[3] === "NetLiquidation");
  check(nlv && nlv.args[1] === account && /^\d+\.\d{2}$/.test(nlv.args[4]), `NetLiquidation ${JSON.stringify(nlv?.args)}`);
  ib.cancelAccountUpdatesMulti(5001);
  answered.push("account updates multi");

  ib.reqPositionsMulti(5002, account, "");
  await rec.waitFor("positionMultiEnd", () => byReq(EventName.positionMultiEnd, 5002).length > 0, t);
  const held = byReq(EventName.positionMulti, 5002).find((e) => e.args[3]?.symbol === "AAPL");
  check(held && held.args[4] === 100 && held.args[5] === 150.25, `positionMulti ${JSON.stringify(held?.args)}`);
  ib.cancelPositionsMulti(5002);
  answered.push("positions multi");

  ib.reqPnL(5003, account);
  await rec.waitFor("pnl", () => byReq(EventName.pnl, 5003).length > 0, t);
  ib.cancelPnL(5003);
  answered.push("PnL");

  // What-if: one openOrder with the margin impact, and no order placed.
  ib.placeOrder(orderId, STOCK("AAPL"), { action: "BUY", orderType: "MKT", totalQuantity: 10, whatIf: true,
    transmit: true });
  await rec.waitFor("what-if openOrder", () => byReq(EventName.openOrder, orderId).length > 0, t);
  const [, , whatIf, state] = byReq(EventName.openOrder, orderId)[0].args;
  check(whatIf.whatIf === true && Number(state.initMarginChange) > 0, `what-if state ${JSON.stringify(state)}`);
  answered.push("what-if");

  // A filled order is then listed by reqCompletedOrders.
  ib.placeOrder(orderId + 1, STOCK("AAPL"), { action: "BUY", orderType: "MKT", totalQuantity: 10,
    orderRef: "interop-done", transmit: true });
  await rec.waitFor("MKT filled", () => rec.of(EventName.orderStatus).some((e) => e.args[0] === orderId + 1 &&
    e.args[1] === "Filled"), t);
  ib.reqCompletedOrders(false);
  await rec.waitFor("completedOrdersEnd", () => rec.of(EventName.completedOrdersEnd).length > 0, t);
  const done = rec.of(EventName.completedOrder).find((e) => e.args[1].orderRef === "interop-done");
  check(done && done.args[0].symbol === "AAPL" && done.args[2].status === "Filled" &&
    done.args[1].filledQuantity === 10, `completedOrder ${JSON.stringify(done?.args)}`);
  answered.push("completed orders");

  ib.reqMktDepth(5004, STOCK("AAPL"), 5, false);
  await rec.waitFor("depth rows", () => byReq(EventName.updateMktDepth, 5004).length >= 10, t);
  const rows = byReq(EventName.updateMktDepth, 5004).slice(0, 10).map((e) => e.args);
  const bestBid = rows.find((r) => r[3] === 1 && r[1] === 0);
  const bestAsk = rows.find((r) => r[3] === 0 && r[1] === 0);
  check(bestBid && bestAsk && bestAsk[4] > bestBid[4], `depth ${JSON.stringify(rows)}`);
  ib.cancelMktDepth(5004, false);
  answered.push("depth");

  ib.reqTickByTickData(5005, STOCK("AAPL"), "BidAsk", 0, false);
  await rec.waitFor("tickByTickBidAsk", () => byReq(EventName.tickByTickBidAsk, 5005).length > 0, t);
  const tick = byReq(EventName.tickByTickBidAsk, 5005)[0].args;
  check(tick[3] > tick[2] && tick[4] > 0, `tick-by-tick ${JSON.stringify(tick)}`);
  ib.cancelTickByTickData(5005);
  answered.push("tick-by-tick");

  ib.reqHeadTimestamp(5006, STOCK("AAPL"), "TRADES", true, 1);
  await rec.waitFor("headTimestamp", () => byReq(EventName.headTimestamp, 5006).length > 0, t);
  check(/^\d{8}-\d\d:\d\d:\d\d$/.test(byReq(EventName.headTimestamp, 5006)[0].args[1]), "head timestamp format");
  answered.push("head timestamp");

  ib.reqHistoricalTicks(5011, STOCK("AAPL"), "", "20250115-15:00:00", 50, "TRADES", true, false);
  await rec.waitFor("historicalTicksLast", () => byReq(EventName.historicalTicksLast, 5011).length > 0, t);
  const trades = byReq(EventName.historicalTicksLast, 5011)[0].args[1];
  check(trades.length === 50 && trades.every((x) => x.price > 0 && x.size > 0), `historical ticks ${trades.length}`);
  answered.push("historical ticks");

  ib.reqHistogramData(5012, STOCK("AAPL"), true, 3, "DAY");
  await rec.waitFor("histogramData", () => byReq(EventName.histogramData, 5012).length > 0, t);
  check(byReq(EventName.histogramData, 5012)[0].args[1].length > 5, "histogram rows");
  answered.push("histogram");

  ib.reqMatchingSymbols(5007, "AAP");
  await rec.waitFor("symbolSamples", () => byReq(EventName.symbolSamples, 5007).length > 0, t);
  const samples = byReq(EventName.symbolSamples, 5007)[0].args[1];
  check(samples.some((d) => d.contract.symbol === "AAPL" && d.contract.conId === 265598), `samples ${JSON.stringify(samples)}`);
  answered.push("matching symbols");

  ib.reqSecDefOptParams(5008, "AAPL", "", "STK", 265598);
  await rec.waitFor("option chain end", () => byReq(EventName.securityDefinitionOptionParameterEnd, 5008).length > 0, t);
  const chain = byReq(EventName.securityDefinitionOptionParameter, 5008)[0]?.args;
  check(chain && chain[5].length === 4 && chain[6].length > 0, `option chain ${JSON.stringify(chain)}`);
  answered.push("option chain");

  ib.reqFamilyCodes();
  ib.reqUserInfo(5009);
  ib.reqMarketRule(26);
  ib.reqSmartComponents(5010, "9c0001");
  await rec.waitFor("family codes, user info, market rule, SMART components", () =>
    rec.of(EventName.familyCodes).length > 0 && byReq(EventName.userInfo, 5009).length > 0 &&
    rec.of(EventName.marketRule).length > 0 && byReq(EventName.smartComponents, 5010).length > 0, t);
  const increments = rec.of(EventName.marketRule)[0].args[1];
  check(increments.length === 1 && increments[0].increment === 0.01, `market rule ${JSON.stringify(increments)}`);
  answered.push("family codes", "user info", "market rule", "SMART components");

  ib.disconnect();
  await rec.waitFor("disconnected", () => rec.of(EventName.disconnected).length > 0, t);
  return `${answered.length} requests answered: ${answered.join(", ")}`;
}

async function marketScenario(ib, rec, opts) {
  const t = opts.deadlineMs;
  ib.connect(opts.clientId);
  await rec.waitFor("nextValidId", () => rec.of(EventName.nextValidId).length > 0, t);
  const byReq = (name, reqId) => rec.of(name).filter((e) => e.args[0] === reqId);

  // Contract details, and 200 (no END) for a symbol that cannot exist.
  ib.reqContractDetails(1001, STOCK("AAPL"));
  await rec.waitFor("contractDetailsEnd", () => byReq(EventName.contractDetailsEnd, 1001).length > 0, t);
  const [details] = byReq(EventName.contractDetails, 1001);
  check(details, "no contractDetails for AAPL");
  const cd = details.args[1];
  check(cd.contract?.conId === 265598, `AAPL conId ${cd.contract?.conId}`);
  check(cd.contract?.primaryExch === "NASDAQ", `AAPL primary exchange ${cd.contract?.primaryExch}`);
  check(cd.minTick === 0.01 && cd.timeZoneId === "US/Eastern", `minTick ${cd.minTick} tz ${cd.timeZoneId}`);
  check(/^20250115:0930-20250115:1600/.test(cd.liquidHours ?? ""), `liquid hours '${cd.liquidHours}'`);
  rec.allow(200, 1002);
  ib.reqContractDetails(1002, STOCK("12345"));
  await rec.waitFor("error 200", () => rec.errorsOf(200, 1002).length > 0, t);
  check(byReq(EventName.contractDetailsEnd, 1002).length === 0, "contractDetailsEnd after 200");

  // Streaming quotes: type, params, then bid/ask/last with a separate bid size, until cancelled.
  ib.reqMarketDataType(1);
  ib.reqMktData(2001, STOCK("AAPL"), "", false, false);
  await rec.waitFor("streaming ticks", () => byReq(EventName.tickPrice, 2001).length >= 30, t);
  check(byReq(EventName.marketDataType, 2001).some((e) => e.args[1] === 1), "no marketDataType 1");
  check(byReq(EventName.tickReqParams, 2001).length === 1, "no tickReqParams");
  const ticks = byReq(EventName.tickPrice, 2001);
  const last = (type) => ticks.filter((e) => e.args[1] === type).at(-1)?.args[2];
  const [bid, ask, trade] = [last(1), last(2), last(4)];
  check(bid > 0 && ask > bid && trade > 0, `bid ${bid} ask ${ask} last ${trade}`);
  check(byReq(EventName.tickSize, 2001).some((e) => e.args[1] === 0 && e.args[2] > 0), "no bid size tick");
  check(byReq(EventName.tickString, 2001).some((e) => e.args[1] === 45), "no LAST_TIMESTAMP");
  ib.cancelMktData(2001);

  // Snapshot: values then tickSnapshotEnd.
  ib.reqMktData(2002, STOCK("MSFT"), "", true, false);
  await rec.waitFor("tickSnapshotEnd", () => byReq(EventName.tickSnapshotEnd, 2002).length > 0, t);
  check(byReq(EventName.tickPrice, 2002).length >= 3, "snapshot without prices");

  // Historical bars, ended by stoqey's "finished-<start>-<end>" marker.
  ib.reqHistoricalData(3001, STOCK("AAPL"), "", "1800 S", "5 mins", "TRADES", 1, 1, false);
  const finished = (reqId) => byReq(EventName.historicalData, reqId).some((e) => String(e.args[1]).startsWith("finished"));
  await rec.waitFor("historicalData", () => finished(3001), t);
  const bars = byReq(EventName.historicalData, 3001).filter((e) => !String(e.args[1]).startsWith("finished"));
  check(bars.length >= 6, `${bars.length} historical bars`);
  for (const b of bars) {
    const [, date, open, high, low, close, volume] = b.args;
    check(/^20250115 \d\d:\d\d:00 US\/Eastern$/.test(date), `bar date '${date}'`);
    check(high >= Math.max(open, close) && low <= Math.min(open, close) && volume > 0, `bar ${JSON.stringify(b.args)}`);
  }

  // keepUpToDate: the history, then updates of the forming bar; cancel gets TWS's 162 notice.
  ib.reqHistoricalData(3002, STOCK("IBM"), "", "1800 S", "1 min", "TRADES", 1, 1, true);
  await rec.waitFor("keepUpToDate history", () => finished(3002), t);
  await rec.waitFor("historicalDataUpdate", () => byReq(EventName.historicalDataUpdate, 3002).length >= 3, t);
  const update = byReq(EventName.historicalDataUpdate, 3002).at(-1).args;
  check(update[3] >= update[4] && update[6] > 0, `update ${JSON.stringify(update)}`);
  rec.allow(162, 3002);
  ib.cancelHistoricalData(3002);
  await rec.waitFor("cancel notice 162", () => rec.errorsOf(162, 3002).length > 0, t);

  // Real-time bars: one per 5 simulated seconds.
  ib.reqRealTimeBars(4001, STOCK("AAPL"), 5, "TRADES", true);
  await rec.waitFor("realtimeBar", () => byReq(EventName.realtimeBar, 4001).length >= 4, t);
  const times = byReq(EventName.realtimeBar, 4001).map((e) => e.args[1]);
  for (let i = 1; i < times.length; ++i) check(times[i] - times[i - 1] === 5, `real-time bar times ${times}`);
  ib.cancelRealTimeBars(4001);

  ib.disconnect();
  await rec.waitFor("disconnected", () => rec.of(EventName.disconnected).length > 0, t);
  return `contract ${cd.contract.conId}@${cd.contract.primaryExch}, ${ticks.length} ticks (bid ${bid} ask ${ask} last ${trade}), ` +
    `snapshot, ${bars.length} 5-min bars, ${byReq(EventName.historicalDataUpdate, 3002).length} updates, ` +
    `${times.length} real-time bars`;
}

async function clientIdInUseScenario(ib, rec, opts) {
  const t = opts.deadlineMs;
  ib.connect(opts.clientId);
  await rec.waitFor("info 326", () => rec.of(EventName.info).some((e) => e.args[1] === 326), t);
  await rec.waitFor("disconnected", () => rec.of(EventName.disconnected).length > 0, t);
  check(rec.of(EventName.nextValidId).length === 0, "nextValidId arrived despite 326");
  return "326 then disconnected";
}

async function stalledHandshakeScenario(ib, rec, opts) {
  // The emulator never answers the preamble; stoqey would wait forever, our deadline must fire.
  const quietMs = Math.min(opts.deadlineMs, 1000);
  ib.connect(opts.clientId);
  let stalled = false;
  try {
    await rec.waitFor("version reply", () => rec.of(EventName.server).length > 0, quietMs);
  } catch (e) {
    if (rec.failures.length > 0) throw e;
    stalled = true;
  }
  check(stalled, "a version reply arrived although the emulator plays no-version-reply");
  ib.disconnect();
  return `no version reply within ${quietMs} ms, as scripted`;
}

async function main() {
  const opts = parseArgs(process.argv);
  const ib = new IBApi({ host: opts.host, port: opts.port });
  const rec = new Recorder(ib);
  const scenarios = {
    session: sessionScenario,
    market: marketScenario,
    "client-id-in-use": clientIdInUseScenario,
    "stalled-handshake": stalledHandshakeScenario,
    orders: ordersScenario,
    wide: wideScenario,
  };
  const run = scenarios[opts.scenario];
  if (!run) throw new Error(`unknown scenario ${opts.scenario}`);
  try {
    const summary = await run(ib, rec, opts);
    check(rec.failures.length === 0, rec.failures.join("; "));
    console.log(`PASS @stoqey/ib ${stoqeyVersion} ${opts.scenario}: ${summary}`);
    return 0;
  } catch (e) {
    console.error(`FAIL @stoqey/ib ${stoqeyVersion} ${opts.scenario} against ${opts.host}:${opts.port}: ${e.message}`);
    for (const ev of rec.events.slice(-20)) {
      console.error(`  event ${ev.name} ${JSON.stringify(ev.args, (k, v) => (v instanceof Error ? v.message : v))}`);
    }
    return 1;
  } finally {
    ib.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`FAIL: ${e.message}`);
    process.exit(2);
  },
);

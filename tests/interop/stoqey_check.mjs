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
    ];
    for (const name of names) {
      ib.on(name, (...args) => {
        this.events.push({ name, args });
        if (name === EventName.error) {
          const [err, code, reqId] = args;
          const kind = code === 505 ? "decode error (505)" : `error ${code}`;
          this.failures.push(`${kind} on reqId ${reqId}: ${err?.message ?? err}`);
        }
        this.poke();
      });
    }
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
    "client-id-in-use": clientIdInUseScenario,
    "stalled-handshake": stalledHandshakeScenario,
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

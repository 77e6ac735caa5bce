// The @stoqey/ib side of bench_ingest: connects to its replay server, asks for one symbol's
// quotes, and counts the tickPrice/tickSize messages from first to last. stoqey emits a tickSize
// event of its own after an ask or last tickPrice (as the official clients do; after a bid it does
// not, since BID_SIZE is tick type 0 and its check is a truthiness test); those are not messages on
// the wire and are not counted.
//
//   node bench/stoqey_ingest.mjs --port P --messages N [--modules tests/interop]
//
// Prints "stoqey messages <count> seconds <first to last>".
import { createRequire } from "node:module";
import path from "node:path";

const opts = { port: 0, messages: 0, modules: "tests/interop" };
for (let i = 2; i < process.argv.length; i += 2) {
  const [flag, value] = [process.argv[i], process.argv[i + 1]];
  if (flag === "--port") opts.port = Number(value);
  else if (flag === "--messages") opts.messages = Number(value);
  else if (flag === "--modules") opts.modules = value;
  else throw new Error(`unknown flag ${flag}`);
}
const require = createRequire(path.resolve(opts.modules, "package.json"));
const { IBApi, EventName } = require("@stoqey/ib");

const SYNTHESISED = new Set([2, 4, 66, 67, 68]);  // price tick types followed by a derived size event
const ib = new IBApi({ host: "127.0.0.1", port: opts.port });
let prices = 0;
let sizes = 0;
let derived = 0;
let first = 0n;
let last = 0n;
const stamp = () => {
  last = process.hrtime.bigint();
  if (first === 0n) first = last;
};
const finish = () => {
  const messages = prices + sizes - derived;
  console.log(`stoqey messages ${messages} seconds ${(Number(last - first) / 1e9).toFixed(3)}`);
  process.exit(messages >= opts.messages ? 0 : 1);
};
ib.on(EventName.tickPrice, (id, type) => {
  stamp();
  ++prices;
  if (SYNTHESISED.has(type)) ++derived;
});
ib.on(EventName.tickSize, () => {
  stamp();
  ++sizes;
  if (prices + sizes - derived >= opts.messages) finish();
});
ib.on(EventName.disconnected, finish);
ib.on(EventName.error, (err, code) => {
  if (code !== undefined && code >= 2100 && code < 2200) return;
  console.error(`stoqey error ${code}: ${err?.message ?? err}`);
});
ib.once(EventName.nextValidId, () => {
  ib.reqMktData(1001, { symbol: "MSFT", secType: "STK", exchange: "SMART", currency: "USD" }, "", false, false);
});
ib.connect(7);

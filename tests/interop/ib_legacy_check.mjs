// Drives the emulator with the npm package `ib` (0.2.9, API 9.70): it opens with the pre-9.72
// handshake (its bare client version 62, no "API\0" preamble, unframed fields), which the emulator
// does not speak. The check is that the refusal is prompt and clean: the connection is closed
// within the deadline, no server version is ever reported, and the client is not left hanging.
//
//   node ib_legacy_check.mjs --port 7497 [--deadline-ms 5000]
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const IB = require("ib");
const ibVersion = require("ib/package.json").version;

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const port = Number(flag("--port", process.env.RT_GATEWAY_PORT ?? 0));
const deadlineMs = Number(flag("--deadline-ms", 5000));
if (!Number.isInteger(port) || port <= 0) {
  console.error("FAIL: --port is required");
  process.exit(2);
}

const ib = new IB({ host: "127.0.0.1", port, clientId: 7 });
const seen = [];
let serverVersion = null;
ib.on("connected", () => seen.push("connected"));
ib.on("server", (version) => {
  serverVersion = version;
  seen.push(`server ${version}`);
});
ib.on("error", (err) => seen.push(`error ${err?.message ?? err}`));

const outcome = await new Promise((resolve) => {
  const timer = setTimeout(() => resolve("timeout"), deadlineMs);
  ib.on("disconnected", () => {
    clearTimeout(timer);
    resolve("disconnected");
  });
  ib.connect();
});

if (outcome !== "disconnected" || serverVersion !== null || !seen.includes("connected")) {
  console.error(`FAIL ib ${ibVersion}: ${outcome} after ${seen.join(", ") || "nothing"}`);
  process.exit(1);
}
console.log(`PASS ib ${ibVersion} legacy handshake: refused and closed (${seen.join(", ")})`);
process.exit(0);

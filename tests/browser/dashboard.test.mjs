// Browser test of the dashboard: starts a server command, opens the page in headless Debian
// Chromium through playwright-core, and checks what a user would see: the page loads, the
// connection reads "connected", positions and the equity chart render, a live update arrives over
// the WebSocket, and nothing is requested from another host. Saves a screenshot.
//
//   node dashboard.test.mjs --screenshot <png> -- <server command...>
// The server command must print a line "listening <url>" once it accepts connections.
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const argv = process.argv.slice(2);
const sep = argv.indexOf("--");
const opts = argv.slice(0, sep < 0 ? argv.length : sep);
const command = sep < 0 ? [] : argv.slice(sep + 1);
const option = (name, fallback) => {
  const i = opts.indexOf(name);
  return i >= 0 ? opts[i + 1] : fallback;
};
const screenshot = option("--screenshot", "dashboard.png");
const chromiumPath = option("--chromium", "/usr/bin/chromium");
if (command.length === 0) {
  console.error("usage: node dashboard.test.mjs --screenshot <png> -- <server command...>");
  process.exit(2);
}

const failures = [];
const check = (ok, what) => {
  console.log((ok ? "ok   " : "FAIL ") + what);
  if (!ok) failures.push(what);
};

function startServer() {
  const child = spawn(command[0], command.slice(1), { stdio: ["ignore", "pipe", "inherit"] });
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not report its address within 30 s")), 30000);
    createInterface({ input: child.stdout }).on("line", (line) => {
      const m = line.match(/listening (\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on("exit", (code) => reject(new Error("the server exited early with code " + code)));
  });
  return { child, url };
}

const server = startServer();
const profile = mkdtempSync(join(tmpdir(), "rt-dashboard-chromium-"));
let context;
try {
  const url = await server.url;
  const origin = new URL(url).host;
  context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = context.pages()[0] || (await context.newPage());
  const foreign = [];
  page.on("request", (req) => {
    const u = new URL(req.url());
    if (u.protocol !== "data:" && u.host !== origin) foreign.push(req.url());
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  let frames = 0;
  page.on("websocket", (ws) => ws.on("framereceived", () => frames++));

  const response = await page.goto(url, { waitUntil: "load" });
  check(response && response.status() === 200, "the page loads (HTTP 200)");

  await page.waitForFunction(() => document.getElementById("conn-state").textContent === "connected",
    null, { timeout: 15000 }).catch(() => {});
  check((await page.textContent("#conn-state")) === "connected", 'the connection shows "connected"');
  check((await page.textContent("#feed")) === "live", 'the feed shows "live"');

  const rows = await page.$$eval("#positions tr:not(.empty)", (trs) => trs.length);
  check(rows > 0, `the positions table has rows (${rows})`);
  const firstSymbol = await page.textContent("#positions tr td");
  check(/^[A-Z]+$/.test(firstSymbol || ""), `a position shows its symbol (${firstSymbol})`);

  const points = Number(await page.getAttribute("#equity", "data-points"));
  check(points >= 2, `the equity chart has points (${points})`);
  const inked = await page.$eval("#equity", (c) => {
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });
  check(inked > 1000, `the chart canvas is drawn (${inked} pixels)`);

  const before = Number(await page.getAttribute("#updated", "data-sequence"));
  const framesBefore = frames;
  const beforeNetLiq = await page.textContent("#net-liq");
  await page.waitForFunction((seq) => Number(document.getElementById("updated").dataset.sequence) > seq,
    before, { timeout: 15000 }).catch(() => {});
  const after = Number(await page.getAttribute("#updated", "data-sequence"));
  check(after > before, `a live update arrived (sequence ${before} -> ${after})`);
  check(frames > framesBefore, `it came over the WebSocket (${frames - framesBefore} new frames)`);
  await page.waitForFunction((v) => document.getElementById("net-liq").textContent !== v, beforeNetLiq,
    { timeout: 15000 }).catch(() => {});
  check((await page.textContent("#net-liq")) !== beforeNetLiq, "a displayed value changed (net liquidation)");

  check(foreign.length === 0, "no request left the dashboard's origin" + (foreign.length ? ": " + foreign.join(", ") : ""));
  check(errors.length === 0, "no script errors" + (errors.length ? ": " + errors.join("; ") : ""));

  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log("screenshot: " + screenshot);
} catch (e) {
  failures.push(String(e && e.message ? e.message : e));
  console.error("FAIL " + (e && e.stack ? e.stack : e));
} finally {
  if (context) await context.close().catch(() => {});
  server.child.kill("SIGTERM");
  rmSync(profile, { recursive: true, force: true });
}
if (failures.length) {
  console.error(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log("all dashboard checks passed");

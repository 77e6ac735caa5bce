// Browser test of the dashboard against a real trader: starts `robotrader run --sim` (the emulator
// in the process, a few symbols, simulated time) with the dashboard on an ephemeral loopback port,
// opens the page in headless Debian Chromium through playwright-core and checks what a user would
// see: the page loads, the connection reads "connected", positions and the equity chart render,
// live updates arrive over the WebSocket, nothing is requested from another host, no script
// errors. Saves a screenshot, then engages the kill switch from the page and checks that the
// trader took it, and that SIGINT still ends the run within 5 seconds.
//
//   node dashboard.test.mjs --robotrader <binary> --screenshot <png> [--token <token>]
//
// Every wait is on an event or a selector with a deadline; nothing sleeps.
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const robotrader = option("--robotrader");
const screenshot = option("--screenshot", "dashboard.png");
const chromiumPath = option("--chromium", "/usr/bin/chromium");
const token = option("--token", "");
if (!robotrader) {
  console.error("usage: node dashboard.test.mjs --robotrader <binary> --screenshot <png> [--token <token>]");
  process.exit(2);
}

const failures = [];
const check = (ok, what) => {
  console.log((ok ? "ok   " : "FAIL ") + what);
  if (!ok) failures.push(what);
};
// Resolves with the value of `promise`, or rejects naming `what` once `ms` have passed.
const within = (ms, what, promise) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(what + " within " + ms + " ms")), ms).unref())]);

// One simulated morning on four symbols: at 300x with 1-minute bars the trader closes a bar (and
// adds an equity point) about every 0.2 s and trades within seconds. A fresh database every run.
function startTrader(workdir) {
  const args = ["run", "--sim", "--symbols", "AAPL,MSFT,NVDA,AMZN", "--speed", "300",
    "--sim-start", "2025-01-15 10:00", "--db", join(workdir, "trader.db"), "--http", "127.0.0.1:0",
    "--set", "trading.bar_size=1 min", "--set", "connection.heartbeat_seconds=1"];
  if (token) args.push("--http-token", token);
  const child = spawn(robotrader, args, { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const lines = createInterface({ input: child.stdout });
  const url = within(30000, "the trader printed no dashboard address", new Promise((resolve, reject) => {
    lines.on("line", (line) => {
      const m = line.match(/^dashboard: (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    exited.then(({ code }) => reject(new Error("the trader exited early with code " + code)));
  }));
  let stderr = "";
  child.stderr.on("data", (d) => { stderr = (stderr + d).slice(-4000); });
  return { child, url, exited, stderrTail: () => stderr };
}

const workdir = mkdtempSync(join(tmpdir(), "rt-dashboard-browser-"));
const trader = startTrader(workdir);
let context;
try {
  const base = await trader.url;
  const pageUrl = base + (token ? "?token=" + token : "");
  const origin = new URL(base).host;
  console.log("dashboard at " + base);

  if (token) {
    const anonymous = await fetch(base + "api/state");
    check(anonymous.status === 401, `a request without the token is refused (${anonymous.status})`);
  }

  context = await chromium.launchPersistentContext(join(workdir, "profile"), {
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

  const response = await page.goto(pageUrl, { waitUntil: "load" });
  check(response && response.status() === 200, "the page loads (HTTP 200)");

  // Waits until `predicate` holds in the page; false when the deadline passed (the check says why).
  const waitFor = (predicate, ms, arg) =>
    page.waitForFunction(predicate, arg, { timeout: ms }).then(() => true, () => false);

  await waitFor(() => document.getElementById("conn-state").textContent === "connected", 20000);
  check((await page.textContent("#conn-state")) === "connected", 'the connection shows "connected"');
  check((await page.textContent("#feed")) === "live", 'the feed shows "live"');
  const version = await page.textContent("#conn-version");
  check(/^\d+$/.test(version || ""), `the server version is shown (${version})`);
  const accounts = await page.textContent("#conn-accounts");
  check(/^DU/.test(accounts || ""), `the paper account is shown (${accounts})`);
  await waitFor(() => document.getElementById("conn-heartbeat").textContent !== "never", 10000);
  const heartbeat = await page.textContent("#conn-heartbeat");
  check(heartbeat !== "never", `a heartbeat is shown (${heartbeat})`);

  // The trader opens positions within seconds of simulated trading.
  await page.waitForSelector("#positions tr:not(.empty)", { timeout: 30000 }).catch(() => {});
  const rows = await page.$$eval("#positions tr:not(.empty)", (trs) => trs.length);
  check(rows > 0, `the positions table has rows (${rows})`);
  if (rows > 0) {
    const firstSymbol = await page.textContent("#positions tr td");
    check(/^[A-Z]+$/.test(firstSymbol || ""), `a position shows its symbol (${firstSymbol})`);
    const stop = await page.textContent("#positions tr td:nth-child(8)");
    check(/^[\d,]+\.\d\d$/.test(stop || ""), `a position shows its stop level (${stop})`);
  }
  if (rows > 0) {
    // IB's reqPnLSingle beside each position: its quantity and value, within a bar cycle or two.
    await waitFor(() => /^[\d,.]+ \/ [\d,]+\.\d\d$/.test(
      document.querySelector("#positions tr td:nth-child(9)")?.textContent || ""), 20000);
    const ib = await page.textContent("#positions tr td:nth-child(9)");
    check(/^[\d,.]+ \/ [\d,]+\.\d\d$/.test(ib || ""), `a position shows IB's quantity and value (${ib})`);
    const where = await page.textContent("#positions tr td:nth-child(10)");
    check(where === "broker", `a position's stop rests at the broker (${where})`);
  }
  await waitFor(() => Number(document.getElementById("equity-days").dataset.points) >= 1, 10000);
  const days = Number(await page.getAttribute("#equity-days", "data-points"));
  check(days >= 1, `the equity-by-day chart has the stored day (${days})`);
  const fills = await page.$$eval("#fills tr:not(.empty)", (trs) => trs.length);
  check(fills > 0, `recent fills are listed (${fills})`);

  // Enough bar cycles for a curve worth looking at.
  await waitFor(() => Number(document.getElementById("equity").dataset.points) >= 40, 30000);
  const points = Number(await page.getAttribute("#equity", "data-points"));
  check(points >= 2, `the equity chart has points (${points})`);
  const inked = await page.$eval("#equity", (c) => {
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });
  check(inked > 1000, `the chart canvas is drawn (${inked} pixels)`);

  // Live: the next pushes carry new state (sequence) and new bar cycles (equity points).
  const before = Number(await page.getAttribute("#updated", "data-sequence"));
  const framesBefore = frames;
  await waitFor((seq) => Number(document.getElementById("updated").dataset.sequence) > seq, 15000, before);
  const after = Number(await page.getAttribute("#updated", "data-sequence"));
  check(after > before, `a live update arrived (sequence ${before} -> ${after})`);
  check(frames > framesBefore, `it came over the WebSocket (${frames - framesBefore} new frames)`);
  await waitFor((n) => Number(document.getElementById("equity").dataset.points) > n, 15000, points);
  const pointsLater = Number(await page.getAttribute("#equity", "data-points"));
  check(pointsLater > points, `the equity curve grows as the trader runs (${points} -> ${pointsLater} points)`);

  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log("screenshot: " + screenshot);

  // The page's one action: engage the kill switch (the page asks for a reason first).
  page.once("dialog", (dialog) => dialog.accept("browser test"));
  await page.click("#ks-engage");
  await waitFor(() => document.getElementById("ks-state").textContent === "ENGAGED", 10000);
  check((await page.textContent("#ks-state")) === "ENGAGED", "the kill switch button engages the trader's kill switch");
  const detail = await page.textContent("#ks-detail");
  check(/manual: dashboard: browser test/.test(detail || ""), `the page shows its kind and reason (${detail})`);
  const ready = await fetch(base + "readyz", token ? { headers: { Authorization: "Bearer " + token } } : {});
  check(ready.status === 503, `/readyz answers 503 while the kill switch is engaged (${ready.status})`);

  check(foreign.length === 0, "no request left the dashboard's origin" + (foreign.length ? ": " + foreign.join(", ") : ""));
  check(errors.length === 0, "no script errors" + (errors.length ? ": " + errors.join("; ") : ""));

  // SIGINT with the page still connected: the run ends by itself, cleanly, within 5 s.
  const t0 = Date.now();
  trader.child.kill("SIGINT");
  const end = await within(10000, "the trader did not exit after SIGINT", trader.exited);
  const took = Date.now() - t0;
  check(end.code === 0 && took < 5000, `SIGINT ends the run within 5 s (exit ${end.code}, ${took} ms)`);
} catch (e) {
  failures.push(String(e && e.message ? e.message : e));
  console.error("FAIL " + (e && e.stack ? e.stack : e));
} finally {
  if (context) await context.close().catch(() => {});
  if (trader.child.exitCode === null && trader.child.signalCode === null) trader.child.kill("SIGKILL");
  if (failures.length) console.error("trader stderr (tail):\n" + trader.stderrTail());
  rmSync(workdir, { recursive: true, force: true });
}
if (failures.length) {
  console.error(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log("all dashboard checks passed");

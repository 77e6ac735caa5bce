// robotrader dashboard: renders the state the trader pushes over /ws (no polling). Everything
// from the server is written with textContent, never as HTML.
// The payload (docs/schemas/api-state.schema.json): money and quantities are decimal strings,
// times are exchange time, RFC 3339 with New York's offset. The page shows every time as that
// exchange clock (read from the text, never converted to the browser's zone).
"use strict";

(() => {
  const token = new URLSearchParams(location.search).get("token");
  const staleAfterMs = 15000;  // no push for this long: the page says so instead of showing old data
  let state = null;
  let lastMessageAt = 0;
  let socket = null;
  let retryMs = 500;

  const $ = (id) => document.getElementById(id);
  const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const qty = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });

  const absent = (v) => v === null || v === undefined;
  // A decimal string as a number, for formatting and comparing only.
  const num = (v) => (absent(v) ? null : Number(v));
  function fmtMoney(v) { return absent(v) ? "—" : money.format(num(v)); }
  function fmtQty(v) { return absent(v) ? "—" : qty.format(num(v)); }
  function fmtSigned(el, v) {
    const n = num(v);
    el.textContent = n === null ? "—" : (n > 0 ? "+" : "") + money.format(n);
    el.classList.toggle("pos", n > 0);
    el.classList.toggle("neg", n < 0);
  }
  // "2025-01-15T10:00:00.000-05:00" -> "10:00:00": the exchange clock as the server wrote it.
  function fmtTime(t) { return t ? t.slice(11, 19) : "—"; }
  const instant = (t) => (t ? Date.parse(t) : 0);
  function fmtAge(t, nowMs) {
    if (!t) return "never";
    const s = Math.max(0, Math.round((nowMs - instant(t)) / 1000));
    return s < 120 ? s + "s ago" : Math.round(s / 60) + "m ago";
  }
  function setPill(el, text, kind) {
    el.textContent = text;
    el.className = "pill " + kind;
  }
  function cell(tr, text, cls) {
    const td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }
  function fillTable(id, rows, columns, emptyText) {
    const body = $(id);
    const out = [];
    for (const row of rows) {
      const tr = document.createElement("tr");
      for (const [get, cls] of columns) {
        const value = get(row);
        const td = cell(tr, value.text !== undefined ? value.text : value, cls);
        if (value.tone) td.classList.add(value.tone);
      }
      out.push(tr);
    }
    if (out.length === 0) {
      const tr = document.createElement("tr");
      tr.className = "empty";
      const td = cell(tr, emptyText);
      td.colSpan = columns.length;
      out.push(tr);
    }
    body.replaceChildren(...out);
  }
  const tone = (n) => (n > 0 ? "pos" : n < 0 ? "neg" : "");
  const signed = (v) => {
    const n = num(v);
    return { text: n === null ? "—" : (n > 0 ? "+" : "") + money.format(n), tone: tone(n) };
  };

  function renderHeader(s, now) {
    const c = s.connection;
    $("mode").textContent = s.mode || "—";
    if (c.connected) setPill($("conn-state"), c.state === "degraded" ? "degraded" : "connected",
                             c.state === "degraded" ? "warn" : "good");
    else setPill($("conn-state"), c.state.replace("_", " "), "bad");
    $("conn-version").textContent = c.server_version ? String(c.server_version) : "—";
    $("conn-accounts").textContent = c.accounts.length ? c.accounts.join(", ") : "—";
    $("conn-heartbeat").textContent = fmtAge(c.last_heartbeat, now);
    $("conn-reconnects").textContent = String(c.reconnects);
    const farms = c.farms.map((f) => {
      const span = document.createElement("span");
      span.className = "farm " + (f.ok ? "good" : "bad");
      span.textContent = f.name;
      span.title = f.kind + " farm " + (f.ok ? "ok" : "down") + " (" + f.last_code + ")";
      return span;
    });
    $("farms").replaceChildren(...farms);

    const ks = s.kill_switch;
    setPill($("ks-state"), ks.engaged ? "ENGAGED" : "off", ks.engaged ? "bad" : "good");
    $("ks-engage").disabled = ks.engaged;
    $("ks-detail").textContent = ks.engaged
      ? ks.kind + ": " + ks.reason + " (since " + fmtTime(ks.since) + "). Entries frozen; exits allowed."
      : "Not engaged: entries allowed within the limits below.";
    const halted = s.halted || [];
    if (halted.length > 0) {
      $("ks-detail").textContent += " HALTED (no orders until resolved): " +
        halted.map((h) => h.symbol + ": " + h.reason).join("; ");
    }
  }

  function renderAccount(s) {
    const a = s.account;
    $("net-liq").textContent = fmtMoney(a.net_liquidation);
    $("cash").textContent = fmtMoney(a.cash);
    const ib = $("ib-net-liq");
    ib.textContent = a.ib ? fmtMoney(a.ib.net_liquidation) + (a.ib.agrees ? "" : " DIFFERS") : "—";
    ib.title = a.ib ? a.ib.detail : "not read yet";
    ib.classList.toggle("neg", !!a.ib && !a.ib.agrees);
    fmtSigned($("day-pnl"), a.day_pnl);
    if (a.ib && a.ib.day_pnl !== null && a.ib.day_pnl !== undefined) fmtSigned($("ib-day-pnl"), a.ib.day_pnl);
    else $("ib-day-pnl").textContent = "—";
    fmtSigned($("total-pnl"), a.total_pnl);
    fmtSigned($("realized"), a.realized_pnl);
    fmtSigned($("unrealized"), a.unrealized_pnl);
    $("updated").textContent = fmtTime(s.now) + " #" + s.sequence;
    $("updated").dataset.sequence = String(s.sequence);
  }

  function renderTables(s) {
    $("positions-count").textContent = "(" + s.positions.length + ")";
    fillTable("positions", s.positions, [
      [(p) => p.symbol], [(p) => fmtQty(p.quantity), "n"], [(p) => fmtMoney(p.average_cost), "n"],
      [(p) => fmtMoney(p.price), "n"], [(p) => fmtMoney(p.market_value), "n"],
      [(p) => signed(p.unrealized_pnl), "n"], [(p) => signed(p.realized_pnl), "n"],
      [(p) => (p.stop_price ? fmtMoney(p.stop_price) : "—"), "n"],
      [(p) => ibPosition(p), "n"],
      [(p) => p.protection || "none"],
    ], "no open positions");
    $("orders-count").textContent = "(" + s.orders.length + ")";
    fillTable("orders", s.orders, [
      [(o) => o.order_ref || String(o.order_id)], [(o) => o.symbol],
      [(o) => ({ text: o.side, tone: o.side === "BUY" ? "pos" : "neg" })], [(o) => o.type],
      [(o) => fmtQty(o.quantity), "n"], [(o) => fmtQty(o.filled), "n"],
      [(o) => fmtMoney(o.limit_price ?? o.stop_price), "n"], [(o) => o.status],
    ], "no working orders");
    const newestFirst = (list) => list.slice().reverse();
    fillTable("fills", newestFirst(s.fills), [
      [(f) => fmtTime(f.time)], [(f) => f.symbol], [(f) => ({ text: f.side, tone: f.side === "BUY" ? "pos" : "neg" })],
      [(f) => fmtQty(f.quantity), "n"], [(f) => fmtMoney(f.price), "n"], [(f) => fmtMoney(f.commission), "n"],
    ], "no fills yet");
    fillTable("signals", newestFirst(s.signals), [
      [(g) => fmtTime(g.time)], [(g) => g.symbol], [(g) => g.strategy], [(g) => g.action], [(g) => g.detail, "wrap"],
    ], "no signals yet");
    fillTable("denials", newestFirst(s.denials), [
      [(d) => fmtTime(d.time)], [(d) => d.symbol], [(d) => d.rule], [(d) => d.reason, "wrap"],
    ], "no risk denials");
    fillTable("limits", s.limits, [[(l) => l.name], [(l) => l.value, "n"]], "no limits reported");
  }

  function renderLog(s) {
    const box = $("log");
    const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
    const lines = s.log.map((l) => {
      const div = document.createElement("div");
      div.className = l.level;
      const t = document.createElement("span");
      t.className = "time";
      t.textContent = fmtTime(l.time) + " " + l.level.padEnd(5) + " ";
      div.append(t, document.createTextNode(l.text));
      return div;
    });
    box.replaceChildren(...lines);
    if (atBottom) box.scrollTop = box.scrollHeight;
  }

  // IB's quantity and value of a position, marked when they differ from ours.
  function ibPosition(p) {
    if (!p.ib) return "—";
    const text = fmtQty(p.ib.quantity) + (p.ib.value === null ? "" : " / " + fmtMoney(p.ib.value));
    return p.ib.agrees ? text : { text: text + " DIFFERS", tone: "neg" };
  }

  function drawEquity(points, id = "equity", when = fmtTime) {
    const canvas = $(id);
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    const css = getComputedStyle(document.documentElement);
    const color = (name) => css.getPropertyValue(name).trim();
    g.font = "11px ui-monospace, monospace";
    // [time text, equity text] -> [instant ms, equity, time text]
    const valid = points.filter((p) => p[1] !== null).map((p) => [instant(p[0]), Number(p[1]), p[0]]);
    canvas.dataset.points = String(valid.length);
    if (valid.length < 2) {
      g.fillStyle = color("--muted");
      g.fillText(valid.length ? "equity " + money.format(valid[0][1]) + " — waiting for more points" : "no equity yet", 10, 20);
      return;
    }
    const left = 8, right = 78, top = 8, bottom = 20;
    const t0 = valid[0][0], t1 = valid[valid.length - 1][0];
    let lo = Infinity, hi = -Infinity;
    for (const p of valid) { lo = Math.min(lo, p[1]); hi = Math.max(hi, p[1]); }
    if (hi - lo < 1e-9) { hi += 1; lo -= 1; }
    const pad = (hi - lo) * 0.08;
    lo -= pad; hi += pad;
    const x = (t) => left + (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * (width - left - right));
    const y = (v) => top + (1 - (v - lo) / (hi - lo)) * (height - top - bottom);

    g.strokeStyle = color("--line");
    g.fillStyle = color("--muted");
    g.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const v = lo + ((hi - lo) * i) / 4;
      const yy = Math.round(y(v)) + 0.5;
      g.beginPath(); g.moveTo(left, yy); g.lineTo(width - right, yy); g.stroke();
      g.fillText(money.format(v), width - right + 6, yy + 4);
    }
    g.fillText(when(valid[0][2]), left, height - 5);
    const endLabel = when(valid[valid.length - 1][2]);
    g.fillText(endLabel, width - right - g.measureText(endLabel).width, height - 5);

    const start = valid[0][1], last = valid[valid.length - 1][1];
    const lineColor = last >= start ? color("--good") : color("--bad");
    g.beginPath();
    valid.forEach((p, i) => (i ? g.lineTo(x(p[0]), y(p[1])) : g.moveTo(x(p[0]), y(p[1]))));
    g.strokeStyle = lineColor;
    g.lineWidth = 1.5;
    g.stroke();
    g.lineTo(x(t1), height - bottom); g.lineTo(x(t0), height - bottom); g.closePath();
    g.globalAlpha = 0.08; g.fillStyle = lineColor; g.fill(); g.globalAlpha = 1;
    // Start level, dashed, so the day's direction reads at a glance.
    g.setLineDash([3, 3]); g.strokeStyle = color("--muted"); g.lineWidth = 1;
    g.beginPath(); g.moveTo(left, y(start)); g.lineTo(width - right, y(start)); g.stroke(); g.setLineDash([]);
  }

  function render() {
    if (!state) return;
    const now = state.now ? instant(state.now) : Date.now();
    renderHeader(state, now);
    renderAccount(state);
    renderTables(state);
    renderLog(state);
    drawEquity(state.equity);
    drawEquity(state.equity_days || [], "equity-days", fmtDay);
  }

  function fmtDay(day) { return day.slice(0, 10); }

  // The page never shows old data as current: without a live feed the connection reads "unknown".
  function checkFeed() {
    const age = Date.now() - lastMessageAt;
    const live = socket && socket.readyState === WebSocket.OPEN && lastMessageAt && age < staleAfterMs;
    const banner = $("banner");
    if (live) {
      setPill($("feed"), "live", "good");
      banner.hidden = true;
    } else {
      setPill($("feed"), socket && socket.readyState === WebSocket.OPEN ? "stale" : "offline", "bad");
      setPill($("conn-state"), "unknown", "bad");
      banner.hidden = false;
      banner.textContent = lastMessageAt
        ? "No update from the trader for " + Math.round(age / 1000) + "s: the values below are from " +
          fmtTime(state && state.now) + " (exchange time) and may be out of date."
        : "Waiting for the trader…";
    }
  }

  function connect() {
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws" +
      (token ? "?token=" + encodeURIComponent(token) : "");
    socket = new WebSocket(url);
    socket.onopen = () => { retryMs = 500; };
    socket.onmessage = (event) => {
      try {
        state = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      lastMessageAt = Date.now();
      render();
      checkFeed();
    };
    socket.onclose = () => {
      checkFeed();
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10000);
    };
  }

  async function engageKillSwitch() {
    const reason = prompt("Engage the kill switch: new entries stop, exits stay allowed.\nReason:", "manual stop from the dashboard");
    if (reason === null) return;
    const headers = { "Content-Type": "application/json" };
    if (token) headers.Authorization = "Bearer " + token;
    const button = $("ks-engage");
    button.disabled = true;
    try {
      const res = await fetch("/api/kill-switch", { method: "POST", headers, body: JSON.stringify({ reason }) });
      if (!res.ok) throw new Error((await res.json()).error || res.statusText);
    } catch (e) {
      alert("Kill switch request failed: " + e.message);
      button.disabled = false;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("ks-engage").addEventListener("click", engageKillSwitch);
    window.addEventListener("resize", () => state && render());
    setInterval(() => {
      if (state) renderHeader(state, Date.now() - lastMessageAt + (state.now ? instant(state.now) : lastMessageAt));
      checkFeed();
    }, 1000);
    checkFeed();
    connect();
  });
})();

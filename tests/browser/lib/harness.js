// The browser tier's harness: starts the real `blossom serve` (a fresh SQLite
// database and key in a temporary folder, a free port), sets an event up through
// the real HTTP API, and opens pages in Debian's headless Chromium.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { mkdtempSync, rmSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, "../../..");
export const shots = resolve(here, "../screenshots");

export const ADMIN = "browser-tier-admin-token-0123456789";

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => ok(port)); });
    s.on("error", fail);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts the server; `stop()` ends it and removes its folder. */
export async function startServer() {
  const bin = process.env.BLOSSOM_BIN || join(root, "target/debug/blossom");
  const dir = mkdtempSync(join(tmpdir(), "blossom-browser-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(bin, [
    "serve", "--bind", `127.0.0.1:${port}`, "--admin-token", ADMIN,
    "--database-url", `sqlite://${join(dir, "blossom.db")}`,
    "--secret-file", join(dir, "blossom.key"),
    "--public-url", base,
  // From an empty folder: the pages come from the binary, not from ./web.
  ], { cwd: dir, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, RUST_LOG: "warn" } });
  let exited = null;
  child.on("exit", (code) => { exited = code; });
  // A failed test must not leave the server running (and Node waiting for it).
  const orphan = () => { try { child.kill("SIGKILL"); } catch { /* gone */ } };
  process.on("exit", orphan);
  for (let i = 0; i < 400; i++) {
    if (exited !== null) throw new Error(`blossom exited with ${exited}; is ${bin} built (cargo build)?`);
    try { if ((await fetch(base + "/healthz")).ok) break; } catch { /* not yet */ }
    await sleep(25);
  }
  return {
    base, port,
    async stop() {
      process.off("exit", orphan);
      child.kill("SIGTERM");
      await new Promise((r) => (exited !== null ? r() : child.on("exit", r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Calls the API as `token` and returns the parsed body; throws on an error status. */
export async function api(base, path, { method = "GET", token = ADMIN, body, lang = "en" } = {}) {
  const send = () => fetch(base + path, {
    method,
    headers: { Authorization: "Bearer " + token, "Accept-Language": lang, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  let res = await send();
  // Setting up a hall of 300 can outrun the organiser's rate limit on a fast
  // machine: wait as the server says, as a person's page would, and ask again.
  for (let i = 0; res.status === 429 && i < 10; i++) {
    await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get("retry-after") || 1)));
    res = await send();
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const GUESTS = [
  { display_name: "王芳", gender: "female", age: 29, communication: ["speech"], notes_for_partner: "我说话比较慢，请耐心听我说。", mobility: "wheelchair" },
  { display_name: "李强", gender: "male", age: 31, communication: ["sign", "text"], notes_for_partner: "我是聋人，可以用手语或打字交流。" },
  { display_name: "张敏", gender: "female", age: 33, communication: ["speech"], notes_for_partner: "我看不见，请先告诉我你在哪边。", mobility: "guided" },
  { display_name: "陈伟", gender: "male", age: 30, communication: ["speech"] },
  { display_name: "刘洋", gender: "female", age: 27, communication: ["speech", "text"] },
  { display_name: "赵磊", gender: "male", age: 35, communication: ["speech"], mobility: "limited" },
];

/** The device id a test phone of the guest with `token` uses (see `asPhone`). */
export const deviceOf = (token) => "phone-" + token.slice(0, 16);

/**
 * Says `hello` over a bare WebSocket (Node's own sockets: no library) with a
 * guest's link from their phone's device id, as the phone would when the guest
 * scans the badge's slip, and resolves to the first frame the server answers.
 */
export function claim(base, token, device = deviceOf(token)) {
  return new Promise((resolve, reject) => {
    const req = http.request(base + "/ws", {
      headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": randomBytes(16).toString("base64") },
    });
    req.on("error", reject);
    req.on("response", (res) => reject(new Error("no upgrade: " + res.statusCode)));
    req.on("upgrade", (_, socket) => {
      const payload = Buffer.from(JSON.stringify({ type: "hello", token, device, lang: "en" }));
      const mask = randomBytes(4);
      const head = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length])
        : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
      socket.write(Buffer.concat([head, mask, Buffer.from(payload.map((b, i) => b ^ mask[i % 4]))]));
      let got = Buffer.alloc(0);
      socket.on("data", (chunk) => {
        got = Buffer.concat([got, chunk]);
        if (got.length < 2) return;
        let len = got[1] & 0x7f;
        let at = 2;
        if (len === 126) { if (got.length < 4) return; len = got.readUInt16BE(2); at = 4; }
        else if (len === 127) { if (got.length < 10) return; len = Number(got.readBigUInt64BE(2)); at = 10; }
        if (got.length < at + len) return;
        socket.destroy();
        resolve(JSON.parse(got.subarray(at, at + len).toString("utf8")));
      });
      socket.on("error", reject);
    });
    req.end();
  });
}

/**
 * An event with six guests (all checked in unless `checkedIn` is false), a host,
 * a matchmaker and a projector, four tables and (unless `rooms` says otherwise) one
 * private chat room. Returns the ids and tokens.
 */
export async function setupEvent(base, { roundSeconds = 480, transitionSeconds = 120, rounds = 4, checkedIn = true, namesOnProjector = false, rooms = [{ label: "A" }] } = {}) {
  const event = await api(base, "/api/events", {
    method: "POST",
    body: {
      title: "春日八分钟约会", venue: "市残联活动中心", starts_at: "2026-12-12T14:00:00+08:00",
      rounds, round_seconds: roundSeconds, transition_seconds: transitionSeconds, break_after_rounds: 0,
      interpreters: 1, names_on_projector: namesOnProjector,
      tables: [1, 2, 3, 4].map((n) => ({ label: String(n), accessible: n <= 2, quiet: n === 4 })),
      rooms, desks: [{ label: "1" }],
    },
  });
  const guests = [];
  for (const g of GUESTS) {
    const p = await api(base, `/api/events/${event.id}/participants`, {
      method: "POST",
      body: { marital_status: "unmarried", contact: "13800000000", share_contact: false, ...g },
    });
    if (checkedIn) await api(base, `/api/events/${event.id}/participants/${p.id}/check-in`, { method: "POST", body: {} });
    // Each guest's phone scans their badge's slip before the evening starts (a
    // trusted claim); the test's pages for that guest are that phone (`asPhone`).
    const welcome = await claim(base, p.token);
    if (welcome.type !== "welcome") throw new Error("claiming a test guest's link: " + JSON.stringify(welcome));
    guests.push(p);
  }
  const staff = {};
  for (const role of ["host", "matchmaker", "projector", "captioner"]) {
    const name = { matchmaker: "周红娘", captioner: "字幕员 小周" }[role] || "主持人";
    staff[role] = (await api(base, `/api/events/${event.id}/staff`, { method: "POST", body: { role, name } })).token;
  }
  return { event: event.id, guests, staff };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"],
  });
}

export const VIEWPORTS = {
  phone: { width: 375, height: 667 },
  tablet: { width: 1024, height: 768 },
  projector: { width: 1920, height: 1080 },
};

/**
 * Makes `context` the phone of the guest whose link `url` is (a fixed device id per
 * guest, or `device`), so a test that opens the guest's page again in a new context
 * is that guest's own phone again, whose claim of the link is answered with the
 * same session.
 */
export async function asPhone(context, url, device) {
  const guest = /\/p\/#(.+)$/.exec(url);
  const id = device || (guest ? deviceOf(guest[1]) : null);
  if (id) await context.addInitScript((d) => { try { localStorage.setItem("blossom.device", d); } catch { /* opaque origin */ } }, id);
}

/**
 * A new page in its own context with the language and viewport given. A guest's
 * link pairs one phone: every context that opens the same guest's link is given
 * the same `device` id (unless `device` says otherwise), so a test that opens a
 * guest's page again is that guest's phone again, not a second phone.
 */
export async function openPage(browser, url, { lang = "zh-CN", viewport = VIEWPORTS.phone, textScale = 1, setup, device } = {}) {
  const context = await browser.newContext({ locale: lang, viewport, reducedMotion: "reduce" });
  await asPhone(context, url, device);
  const page = await context.newPage();
  if (setup) await setup(page);
  if (textScale !== 1) await setTextScale(page, textScale);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // The Content-Security-Policy refusing something the page asked for is a bug too.
  page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) errors.push(m.text()); });
  page.errors = errors;
  await page.goto(url);
  return page;
}

/**
 * The browser's own text size setting (Settings › Font size), not a zoom: `scale`
 * times the default 16 px. Set before a page loads or while it shows; an open page
 * lays itself out again at once.
 */
export async function setTextScale(page, scale) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Page.enable");
  await cdp.send("Page.setFontSizes", { fontSizes: { standard: Math.round(16 * scale), fixed: Math.round(13 * scale) } });
  await cdp.detach();
}

/** Waits until the page has drawn what a resize or a text size changed (two frames). */
export const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

export function screenshotPath(name) {
  mkdirSync(shots, { recursive: true });
  return join(shots, name + ".png");
}

// The live evening in real pages: the host starts it; guests' phones and the
// projector agree on the tables and the time; a reloaded phone comes back to the
// same place; clocks agree within 100 ms behind a slow network and a wrong phone
// clock; the accessibility tree exposes the timer and the live regions; and over a
// whole round on a fake clock the status region speaks only at the milestones.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, connect } from "node:net";
import { startServer, setupEvent, launch, openPage, VIEWPORTS, screenshotPath } from "./lib/harness.js";
import { axe } from "./lib/checks.js";
import { ready, hostConsole, press, guestView, fakeClockPhone } from "./lib/views.js";

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const guestUrl = (ev, i, base = server.base) => `${base}/p/#${ev.guests[i].token}`;

test("phones and the projector agree on tables and time, and a reloaded phone comes back", async () => {
  const ev = await setupEvent(server.base);
  const host = await hostConsole(browser, server.base, ev);
  const phones = [];
  for (let i = 0; i < ev.guests.length; i++) {
    const p = await openPage(browser, guestUrl(ev, i), { viewport: VIEWPORTS.phone });
    await ready(p);
    phones.push(p);
  }
  const projector = await openPage(browser, `${server.base}/projector/#${ev.staff.projector}`, { viewport: VIEWPORTS.projector });
  await ready(projector);
  await press(host, "b-start");
  for (const p of [...phones, projector, host]) await p.waitForFunction(() => Live.phase && Live.phase.phase === "round");
  await projector.waitForFunction(() => document.querySelectorAll("#tables li").length > 0);
  await host.waitForTimeout(300); // every page's timer has ticked since

  // Consistent tables: if A sits with B at table 5, B sits with A at table 5, and
  // the projector lists both numbers at table 5.
  const seen = await Promise.all(phones.map(guestView));
  const names = ev.guests.map((g) => g.display_name);
  const projected = await projector.$$eval("#tables li", (lis) => lis.map((li) => li.textContent));
  let dates = 0;
  seen.forEach((v, i) => {
    if (!v.partner) return;
    dates++;
    const j = names.indexOf(v.partner);
    assert.ok(j >= 0, `guest ${i}'s partner ${v.partner} is a guest`);
    assert.equal(seen[j].partner, names[i], "the partner sees them back");
    assert.equal(seen[j].table, v.table, "at the same table");
    // The projector lists each number with its table ("3 → 5").
    for (const k of [i, j]) {
      const row = projected.find((r) => r.startsWith(`${ev.guests[k].number} → `));
      assert.ok(row && row.startsWith(`${ev.guests[k].number} → ${v.table}`), `projector row for number ${ev.guests[k].number}: ${row}`);
    }
  });
  assert.ok(dates >= 2, "at least one date is under way");

  // The same time left on every screen (read together), within a second.
  const left = await Promise.all([...phones, projector, host].map((p) => p.evaluate(() => Live.remaining())));
  assert.ok(Math.max(...left) - Math.min(...left) < 1000, `time left differs: ${left}`);
  const shown = await Promise.all([phones[0].textContent("#timer"), projector.textContent("#countdown"), host.textContent("#countdown")]);
  const secs = shown.map((s) => { const [m, ss] = s.split(":").map(Number); return m * 60 + ss; });
  assert.ok(Math.max(...secs) - Math.min(...secs) <= 1, `shown: ${shown}`);

  // A phone reloaded mid-round comes back to the same table, partner and time.
  const beforeReload = await guestView(phones[0]);
  await phones[0].reload();
  await ready(phones[0]);
  const afterReload = await guestView(phones[0]);
  assert.equal(afterReload.where, beforeReload.where);
  assert.equal(afterReload.partner, beforeReload.partner);
  const other = await phones[1].evaluate(() => Live.remaining());
  assert.ok(Math.abs(afterReload.remaining - other) < 1000, `after reload ${afterReload.remaining} vs ${other}`);

  // Pause freezes every screen; the transition reaches every phone.
  await press(host, "b-pause");
  await projector.waitForFunction(() => Live.phase.paused);
  await phones[1].waitForFunction(() => Live.phase.paused);
  await phones[1].waitForTimeout(300); // a tick has drawn the paused time
  const frozen = await phones[1].textContent("#timer");
  await phones[1].waitForTimeout(1500);
  assert.equal(await phones[1].textContent("#timer"), frozen, "a paused clock does not move");
  await press(host, "b-resume");
  // More time is said in words, not only seen in the numbers.
  await press(host, "b-extend1");
  await phones[0].waitForFunction(() => /主持人延长了 1 分钟/.test(document.getElementById("alert").textContent));
  await press(host, "b-skip");
  for (const p of phones) await p.waitForFunction(() => Live.phase.phase === "transition");
  // The end of the round is spoken as an alert, with where to go next.
  await phones[0].waitForFunction(() => /第 1 轮结束/.test(document.getElementById("alert").textContent));
  for (const p of [...phones, projector, host]) await p.context().close();
});

/** A TCP proxy that delays every chunk by `ms` in each direction. */
async function slowProxy(port, ms) {
  const sockets = new Set();
  const proxy = createServer((client) => {
    const upstream = connect(port, "127.0.0.1");
    sockets.add(client); sockets.add(upstream);
    const pipe = (from, to) => {
      from.on("data", (d) => setTimeout(() => { if (!to.destroyed) to.write(d); }, ms));
      from.on("close", () => setTimeout(() => to.destroy(), ms));
      from.on("error", () => to.destroy());
    };
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise((r) => proxy.listen(0, "127.0.0.1", r));
  return {
    base: `http://127.0.0.1:${proxy.address().port}`,
    close: () => { for (const s of sockets) s.destroy(); proxy.close(); },
  };
}

/** A page's time left in the phase, and when it was read by this machine's clock
 *  (the server's): the middle of the call, give or take `slack`. */
async function timeLeft(page) {
  const t1 = Date.now();
  const { left, ends } = await page.evaluate(() => ({ left: Live.remaining(), ends: Live.phase.ends_at }));
  const t2 = Date.now();
  return { left, ends, at: (t1 + t2) / 2, slack: (t2 - t1) / 2 };
}

/** How far a page's idea of the server clock is from the real one (ms). */
async function clockError(page) {
  const t1 = Date.now();
  const seen = await page.evaluate(() => Live.now());
  const t2 = Date.now();
  // The server runs on this machine: its clock is ours.
  return { error: Math.abs(seen - (t1 + t2) / 2), slack: (t2 - t1) / 2 };
}

test("screens agree within 100 ms behind a slow network and with a wrong phone clock", async (t) => {
  const ev = await setupEvent(server.base);
  const proxy = await slowProxy(server.port, 150);
  try {
    const near = await openPage(browser, guestUrl(ev, 0), { viewport: VIEWPORTS.phone });
    // 300 ms round trips, and a phone clock 37 minutes fast.
    const far = await openPage(browser, guestUrl(ev, 1, proxy.base), {
      viewport: VIEWPORTS.phone,
      setup: (page) => page.clock.install({ time: Date.now() + 37 * 60 * 1000 }),
    });
    await ready(near);
    await ready(far);
    // Let the offset settle on its best round trip.
    await far.waitForTimeout(2500);
    for (const page of [near, far]) {
      const { error, slack } = await clockError(page);
      assert.ok(error - slack < 100, `clock error ${error.toFixed(1)} ms (± ${slack} ms)`);
      t.diagnostic(`${page === near ? "direct" : "300 ms round trips, clock 37 min fast"}: clock error ${error.toFixed(1)} ms (± ${slack} ms)`);
    }
    const host = await hostConsole(browser, server.base, ev);
    await press(host, "b-start");
    await near.waitForFunction(() => Live.phase.phase === "round");
    await far.waitForFunction(() => Live.phase.phase === "round");
    // Both pages' time left at one instant: the second reading is moved back to the
    // moment of the first (a running clock loses what passed between them), and the
    // uncertainty of each reading counts against the 100 ms.
    const a = await timeLeft(near);
    const b = await timeLeft(far);
    assert.equal(a.ends, b.ends, "one deadline");
    const farThen = b.left + (b.at - a.at);
    const apart = Math.abs(a.left - farThen);
    assert.ok(apart + a.slack + b.slack < 100, `time left: ${a.left} vs ${farThen.toFixed(1)} (± ${a.slack + b.slack} ms)`);
    t.diagnostic(`time left at one instant: ${a.left.toFixed(0)} ms and ${farThen.toFixed(0)} ms (apart ${apart.toFixed(1)} ms ± ${a.slack + b.slack} ms)`);
    for (const p of [near, far, host]) await p.context().close();
  } finally {
    proxy.close();
  }
});

test("the accessibility tree has a silent timer, a polite status and an alert, empty at first", async () => {
  const ev = await setupEvent(server.base);
  const page = await openPage(browser, guestUrl(ev, 0), { viewport: VIEWPORTS.phone });
  await ready(page);
  assert.equal(await page.textContent("#say"), "", "the status region is present and empty");
  const host = await hostConsole(browser, server.base, ev);
  await press(host, "b-start");
  await page.waitForFunction(() => Live.phase.phase === "round");
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send("Accessibility.getFullAXTree");
  const prop = (n, name) => (n.properties || []).find((p) => p.name === name)?.value?.value;
  const byRole = (role) => nodes.filter((n) => n.role?.value === role && !n.ignored);
  const timers = byRole("timer");
  assert.equal(timers.length, 1, "one timer");
  assert.equal(timers[0].name?.value, "剩余时间", "named by its label");
  assert.notEqual(prop(timers[0], "live"), "polite", "the timer itself is silent");
  assert.notEqual(prop(timers[0], "live"), "assertive");
  const statuses = byRole("status").map((n) => prop(n, "live"));
  assert.ok(statuses.length >= 1 && statuses.every((l) => l === "polite"), `status regions: ${statuses}`);
  const alerts = byRole("alert").map((n) => prop(n, "live"));
  assert.deepEqual(alerts, ["assertive"]);
  for (const p of [page, host]) await p.context().close();
});

test("over a whole round on a fake clock, the status region speaks only at the milestones", async () => {
  const ev = await setupEvent(server.base, { roundSeconds: 480 });
  const open = async (i, mode) => {
    const phone = await fakeClockPhone(browser, guestUrl(ev, i));
    if (mode) await phone.page.check(`input[name=speak][value=${mode}]`);
    return phone;
  };
  // Guests 0 and 1 are a woman and a man: both have a date in round 1 of 6 people.
  const pages = { milestones: await open(0), minutes: await open(3, "minutes"), off: await open(4, "off") };
  const host = await hostConsole(browser, server.base, ev);
  await press(host, "b-start");
  for (const { page } of Object.values(pages)) await page.waitForFunction(() => Live.phase.phase === "round");
  await host.waitForTimeout(1500); // the round-start words (said after 300 ms) and a few pongs
  for (const { page, hush } of Object.values(pages)) {
    hush();
    const now = await page.evaluate(() => Date.now());
    await page.clock.pauseAt(now + 200);
  }
  // Eight minutes and a little more, a second at a time.
  for (let s = 0; s < 490; s++) {
    await Promise.all(Object.values(pages).map(({ page }) => page.clock.runFor(1000)));
  }
  const said = async (page) => page.evaluate(() => window.__said);
  const milestones = await said(pages.milestones.page);
  assert.match(milestones[0], /^第 1 轮开始。/);
  assert.deepEqual(milestones.slice(1), ["约会还剩 5 分钟。", "约会还剩 2 分钟。", "约会还剩 1 分钟。", "约会还剩 30 秒。"]);
  const minutes = await said(pages.minutes.page);
  assert.deepEqual(minutes.slice(1), [7, 6, 5, 4, 3, 2, 1].map((m) => `约会还剩 ${m} 分钟。`).concat(["约会还剩 30 秒。"]));
  assert.deepEqual(await said(pages.off.page), [], "never: the status region stays silent");
  assert.equal(await pages.milestones.page.textContent("#timer"), "0:00");
  for (const p of [...Object.values(pages).map((x) => x.page), host]) await p.context().close();
});

test("the projector's digits are a fifth of the screen high, and it speaks each change aloud", async () => {
  const ev = await setupEvent(server.base);
  const projector = await openPage(browser, `${server.base}/projector/#${ev.staff.projector}`, {
    viewport: VIEWPORTS.projector,
    // Record what the page asks the speech synthesiser to say (headless Chromium has no voices).
    setup: (p) => p.addInitScript(() => {
      window.__spoken = [];
      speechSynthesis.speak = (u) => window.__spoken.push({ text: u.text, lang: u.lang });
    }),
  });
  await ready(projector);
  assert.ok(await projector.isVisible("#join-qr"), "the join QR code shows in the lobby");
  assert.match(await projector.getAttribute("#join-qr", "alt"), /二维码/);
  await projector.click("#voice");
  assert.equal(await projector.getAttribute("#voice", "aria-pressed"), "true");
  const host = await hostConsole(browser, server.base, ev);
  await press(host, "b-start");
  await projector.waitForFunction(() => Live.phase.phase === "round" && document.getElementById("countdown").textContent.includes(":"));
  // The height of a digit as drawn, from the font's own metrics.
  const digit = await projector.evaluate(() => {
    const el = document.getElementById("countdown");
    const ctx = document.createElement("canvas").getContext("2d");
    const s = getComputedStyle(el);
    ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    const m = ctx.measureText("0");
    return { height: m.actualBoundingBoxAscent + m.actualBoundingBoxDescent, screen: innerHeight };
  });
  assert.ok(digit.height >= digit.screen / 5, `digits ${digit.height.toFixed(0)} px high on a ${digit.screen} px screen`);
  assert.ok(await projector.isHidden("#join"), "the QR code gives way to the round");
  await press(host, "b-skip");
  await projector.waitForFunction(() => window.__spoken.some((u) => u.text.includes("时间到")));
  const spoken = await projector.evaluate(() => window.__spoken);
  assert.deepEqual(spoken.map((u) => u.lang), spoken.map(() => "zh-CN"), "spoken in the event's language");
  assert.ok(spoken.some((u) => u.text.startsWith("第 1 轮开始")), JSON.stringify(spoken));
  // The phase's colour changes with it (a change, never a flash).
  assert.equal(await projector.evaluate(() => document.body.dataset.phase), "transition");
  for (const p of [projector, host]) await p.context().close();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(ok, what, ms = 5000) {
  for (const end = Date.now() + ms; !ok(); await sleep(25)) if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
}

test("a host and a matchmaker whose event's saved state cannot be read are told so, and keep trying slowly", async () => {
  const ev = await setupEvent(server.base);
  const why = "这场活动的进行状态无法读取，活动已停止，以免从头开始。请联系技术人员。（the saved state is not JSON: expected value at line 1 column 1）";
  for (const [path, desk] of [[`/host/#${ev.staff.host}`, "#console"], [`/matchmaker/#${ev.staff.matchmaker}`, "#desk"]]) {
    // The network between page and server: `broken` answers as the server does when
    // the event's saved state cannot be read (an error right after hello, then it
    // closes); otherwise frames pass, except the client's frames of type `drop`.
    const net = { broken: true, hellos: 0, drop: null };
    const page = await openPage(browser, server.base + path, {
      viewport: VIEWPORTS.tablet,
      setup: async (p) => {
        await p.clock.install();
        await p.routeWebSocket(/\/ws$/, (ws) => {
          if (net.broken) {
            ws.onMessage((m) => {
              if (JSON.parse(String(m)).type !== "hello") return;
              net.hellos++;
              ws.send(JSON.stringify({ type: "error", id: null, code: "state_unreadable", message: why, at: Date.now() }));
              ws.close();
            });
            return;
          }
          const upstream = ws.connectToServer();
          ws.onMessage((m) => { if (!(net.drop && String(m).includes(`"type":"${net.drop}"`))) upstream.send(m); });
          upstream.onMessage((m) => ws.send(m));
        });
      },
    });
    // Said in words, in an alert, with nothing stale left to press.
    await page.waitForFunction((w) => document.getElementById("problem").textContent.includes(w), why);
    assert.equal(await page.getAttribute("#problem", "role"), "alert");
    assert.ok(await page.isVisible("#problem-heading"), "the message is on the screen");
    assert.match(await page.textContent("#problem-heading"), /活动已停止/);
    assert.ok(await page.isHidden(desk), "the controls give way to the message");
    assert.equal(await page.evaluate(() => Live.state), "unreadable");
    assert.doesNotMatch(await page.textContent("#conn"), /已连接/, "the indicator does not claim a connection");
    assert.equal(await page.evaluate(() => Live.request("event.pause").then(() => "sent", (e) => e.code)), "offline");
    assert.deepEqual(await axe(page), [], "axe on the stopped page");
    await page.screenshot({ path: screenshotPath(`${desk === "#console" ? "host" : "matchmaker"}-stopped-zh-CN`), fullPage: true });
    assert.deepEqual(page.errors, [], "script errors");
    // It tries again slowly (every 10 s, not at once), and a retry that hears the
    // same words leaves the alert alone: it is heard once, not every ten seconds.
    await page.evaluate(() => {
      window.__changes = 0;
      new MutationObserver(() => window.__changes++).observe(document.getElementById("problem"), { childList: true, characterData: true, subtree: true });
    });
    await page.clock.runFor(5000);
    await sleep(300);
    assert.equal(net.hellos, 1, "no quick retries");
    await page.clock.runFor(5200);
    await until(() => net.hellos === 2, "a second try");
    await sleep(300);
    assert.equal(await page.evaluate(() => window.__changes), 0, "the alert is not said again");
    assert.equal(await page.evaluate(() => Live.state), "unreadable");
    // Once the state can be read, the page comes back by itself.
    net.broken = false;
    await page.clock.runFor(10200);
    await page.waitForFunction(() => Live.state === "open" && Live.phase !== null);
    await page.waitForFunction(() => document.getElementById("problem").textContent === "");
    assert.ok(await page.isVisible(desk));
    assert.match(await page.textContent("#conn"), /已连接/);
    if (desk === "#console") {
      // A command the server never answers: said after ten seconds, and the words stay.
      net.drop = "announce";
      await page.fill("#announce", "请回到座位。");
      await page.click("#announce-button");
      await page.clock.runFor(10100);
      await page.waitForFunction(() => /10 秒内没有答复/.test(document.getElementById("status").textContent));
      assert.ok(await page.evaluate(() => document.getElementById("status").classList.contains("error")));
      assert.equal(await page.inputValue("#announce"), "请回到座位。", "nothing typed is lost");
    }
    assert.deepEqual(page.errors, [], "script errors");
    await page.context().close();
  }
});

// The projector for a hall of 300 guests (150 tables), at 1920 × 1080 and
// 1280 × 720: the seating is "number → table" in number order, paged with a
// visible page indicator; the page never scrolls; every seated guest's number
// appears within one full cycle of pages; axe passes on every page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, openPage, api, screenshotPath } from "./lib/harness.js";
import { axe } from "./lib/checks.js";
import { ready, hostConsole, press } from "./lib/views.js";

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

/**
 * An event of `n` guests (half women), all checked in, at `tables` tables (the
 * first `accessible` of them accessible), with a host and a projector; `before`
 * runs on the event before the guests come (a programme, say).
 */
async function hall(n, tables, { accessible, rounds, interpreters, desks, before } = {}) {
  const event = await api(server.base, "/api/events", {
    method: "POST",
    body: {
      title: "冬日八分钟约会", venue: "市残联活动中心", starts_at: "2026-12-12T14:00:00+08:00",
      rounds, round_seconds: 480, transition_seconds: 120, break_after_rounds: 0, interpreters,
      tables: Array.from({ length: tables }, (_, i) => ({ label: String(i + 1), accessible: i < accessible, quiet: false })),
      rooms: [{ label: "A" }, { label: "B" }], desks: desks.map((label) => ({ label })),
    },
  });
  if (before) await before(event.id);
  const guests = [];
  for (let i = 0; i < n; i++) {
    guests.push(await api(server.base, `/api/events/${event.id}/participants`, {
      method: "POST",
      body: { display_name: `来宾${i + 1}`, gender: i % 2 ? "male" : "female", age: 26 + (i % 12), marital_status: "unmarried",
        contact: "13800000000", share_contact: false, communication: ["speech"] },
    }));
  }
  for (const g of guests) await api(server.base, `/api/events/${event.id}/participants/${g.id}/check-in`, { method: "POST", body: {} });
  const staff = {};
  for (const role of ["host", "projector"]) {
    staff[role] = (await api(server.base, `/api/events/${event.id}/staff`, { method: "POST", body: { role, name: role } })).token;
  }
  return { event: event.id, guests, staff };
}

test("a hall of 300 guests: every number shows within one cycle of pages, and nothing scrolls", async () => {
  const ev = await hall(300, 150, { accessible: 40, rounds: 6, interpreters: 4, desks: ["1", "2"] });
  const host = await hostConsole(browser, server.base, ev);
  await press(host, "b-start");
  await host.waitForFunction(() => document.querySelectorAll("#tables tr").length > 100, null, { timeout: 60000 });
  // Who is seated, as the host console lists them.
  const seated = await host.$$eval("#tables tr td:nth-child(2)", (tds) => tds.flatMap((td) => [...td.textContent.matchAll(/(?:^|· )(\d+) /g)].map((m) => Number(m[1]))));
  assert.ok(seated.length >= 280, `most guests are seated: ${seated.length}`);

  for (const viewport of [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }]) {
    const projector = await openPage(browser, `${server.base}/projector/#${ev.staff.projector}`, {
      viewport, setup: (p) => p.clock.install(),
    });
    await ready(projector);
    // The fake clock drives the page's timers: run it while waiting for the list.
    for (let i = 0; i < 100 && (await projector.evaluate(() => document.querySelectorAll("#tables li").length)) !== seated.length; i++) {
      await projector.clock.runFor(100);
    }
    assert.equal(await projector.evaluate(() => document.querySelectorAll("#tables li").length), seated.length, "every seated guest is listed");
    await projector.clock.runFor(500);
    const indicator = await projector.textContent("#seat-page");
    const m = /第 1\/(\d+) 页/.exec(indicator);
    assert.ok(m, `a page indicator: ${indicator}`);
    const pages = Number(m[1]);
    assert.ok(pages >= 2 && pages <= 12, `${pages} pages at ${viewport.width}×${viewport.height}`);
    const shown = new Set();
    for (let p = 0; p < pages; p++) {
      const now = await projector.evaluate(() => ({
        scrolls: document.documentElement.scrollHeight > window.innerHeight + 1,
        numbers: [...document.querySelectorAll("#tables li")].filter((li) => !li.hidden).map((li) => Number(li.querySelector("strong").textContent)),
        page: document.getElementById("seat-page").textContent,
      }));
      assert.equal(now.scrolls, false, `page ${p + 1} scrolls at ${viewport.width}×${viewport.height}`);
      assert.match(now.page, new RegExp(`第 ${p + 1}/${pages} 页`));
      const cut = await projector.evaluate(() => document.getElementById("seat-page").getBoundingClientRect().bottom > window.innerHeight);
      assert.equal(cut, false, `the page indicator is cut off at ${viewport.width}×${viewport.height}`);
      // In number order, page after page.
      assert.deepEqual(now.numbers, [...now.numbers].sort((a, b) => a - b));
      for (const n of now.numbers) shown.add(n);
      if (p === 0) {
        const problems = await axe(projector);
        assert.deepEqual(problems, [], problems.join("\n"));
        await projector.screenshot({ path: screenshotPath(`projector-300-${viewport.width}`) });
      }
      // The next page, ten seconds on (a second at a time, so the page stays connected).
      for (let s = 0; s < 10; s++) await projector.clock.runFor(1000);
    }
    assert.deepEqual([...shown].sort((a, b) => a - b), [...seated].sort((a, b) => a - b), "every seated number, once a cycle");
    assert.deepEqual(projector.errors, []);
    await projector.context().close();
  }
  await host.context().close();
});

test("a hall of 40 with a segment to come and the captions' band: the seating and its page indicator stay on the screen", async () => {
  // As the demo's: something after the dates, which the projector announces.
  const programme = (id) => api(server.base, `/api/events/${id}/programme`, {
    method: "PUT",
    body: { segments: [{ kind: "dates", title: "八分钟约会", minutes: 80 }, { kind: "talent", title: "才艺展示", minutes: 20 }] },
  });
  const ev = await hall(40, 14, { accessible: 6, rounds: 8, interpreters: 2, desks: ["1"], before: programme });
  const host = await hostConsole(browser, server.base, ev);
  await press(host, "b-start");
  const projector = await openPage(browser, `${server.base}/projector/#${ev.staff.projector}`, { viewport: { width: 1920, height: 1080 } });
  await ready(projector);
  await projector.waitForFunction(() => document.querySelectorAll("#tables li").length > 20 && /才艺展示/.test(document.body.textContent)
    && !document.getElementById("captions-band").hidden);
  await projector.waitForFunction(() => document.fonts.status === "loaded");
  await projector.waitForTimeout(500);
  const at = await projector.evaluate(() => ({
    scrolls: document.documentElement.scrollHeight > window.innerHeight + 1,
    list: Math.max(...[...document.querySelectorAll("#tables li")].filter((li) => !li.hidden).map((li) => li.getBoundingClientRect().bottom)),
    indicator: document.getElementById("seat-page").hidden ? 0 : document.getElementById("seat-page").getBoundingClientRect().bottom,
    height: window.innerHeight,
  }));
  const info = await projector.evaluate(() => [document.documentElement.scrollHeight, document.body.scrollHeight, document.getElementById("hall").className, document.getElementById("seat-page").textContent, getComputedStyle(document.getElementById("tables")).gridTemplateColumns, document.getElementById("tables").getBoundingClientRect().top, document.querySelector("#tables li").getBoundingClientRect().height, document.getElementById("seat-page").offsetHeight, [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().bottom > window.innerHeight).map((e) => e.id || e.className || e.tagName).slice(0, 8)]);
  assert.equal(at.scrolls, false, "the projector does not scroll: " + JSON.stringify([at, info]));
  assert.ok(at.list <= at.height, `the seating ends on the screen: ${Math.round(at.list)} of ${at.height} px`);
  assert.ok(at.indicator <= at.height, `the page indicator is on the screen: ${Math.round(at.indicator)} of ${at.height} px`);
  assert.deepEqual(projector.errors, []);
  await projector.context().close();
  await host.context().close();
});

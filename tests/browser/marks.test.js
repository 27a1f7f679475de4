// Interest marks and matches in real pages: a guest marks the date under way by
// keyboard and hears a receipt; their partner marks too and both agree to share a
// contact; the host ends the evening and reveals the results (asked first); each
// phone shows exactly its own matches (the contact where both agreed, a kind word
// where there is none); the matchmaker tablet lists the match for follow-up.
// The organiser reads the report (charts with words, groups under five hidden),
// downloads an export and prints. Every new state passes axe in both languages at
// phone size, 200% text and 320 px.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { startServer, setupEvent, launch, openPage, VIEWPORTS, ADMIN, screenshotPath } from "./lib/harness.js";
import { scrollsSideways, tabTo, clean } from "./lib/checks.js";
import { ready, hostConsole, press, auditPhone } from "./lib/views.js";

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const said = (page) => page.evaluate(() => document.getElementById("say").textContent);

test("guests mark their dates, the host reveals, and each phone shows exactly its own matches", async () => {
  const ev = await setupEvent(server.base, { rounds: 2 });
  const url = (i) => `${server.base}/p/#${ev.guests[i].token}`;
  const host = await hostConsole(browser, server.base, ev);
  await press(host, "b-start");
  const phone = await openPage(browser, url(0), { viewport: VIEWPORTS.phone });
  await ready(phone);
  await phone.waitForSelector("#marks-card:not([hidden])");
  // The partner, from the question on the card.
  const question = await phone.textContent("#marks-question");
  const partner = ev.guests.findIndex((g) => question.includes(`（${g.number} 号）`));
  assert.ok(partner > 0, question);

  // During the date, by keyboard: yes; a receipt is said.
  await tabTo(phone, "#mark-yes");
  await phone.keyboard.press("Enter");
  await phone.waitForFunction(() => /已保存：第 1 轮/.test(document.getElementById("say").textContent));
  assert.equal(await phone.getAttribute("#mark-yes", "aria-pressed"), "true");
  assert.match(await phone.textContent("#marks-list"), /想再见面/);
  // She agrees to share her contact with mutual matches.
  await phone.check("#consent-share");
  await phone.waitForFunction(() => /联系方式/.test(document.getElementById("say").textContent));
  await auditPhone(browser, url(0), "marked", "#marks-card");

  // The partner says yes too and shares; someone else leaves their date unmarked.
  const other = await openPage(browser, url(partner), { viewport: VIEWPORTS.phone, lang: "en" });
  await ready(other);
  await other.waitForSelector("#marks-card:not([hidden])");
  await other.click("#mark-yes");
  await other.waitForFunction(() => /Saved: round 1/.test(document.getElementById("say").textContent));
  await other.check("#consent-share");
  await other.waitForFunction(() => /contact will be shared/.test(document.getElementById("say").textContent));

  // Staff see counts only; the host ends the evening and reveals.
  await host.waitForSelector("#results-card:not([hidden])");
  assert.match(await host.textContent("#results-summary"), /2 \/ 6/);
  assert.equal(await host.isVisible("#reveal"), false, "not before the last date has ended");
  await press(host, "b-end");
  await host.waitForSelector("#reveal:not([hidden])");
  await clean(host, "host before the reveal");
  // Marking goes on after the close: change, then back.
  await phone.click("#marks-list button[data-round='1']");
  assert.equal(await phone.evaluate(() => document.activeElement.id), "mark-yes", "the question has the keyboard");
  await phone.click("#mark-friend");
  await phone.waitForFunction(() => /做朋友/.test(document.getElementById("say").textContent));
  await phone.click("#mark-yes");
  await phone.waitForFunction(() => /想再见面/.test(document.getElementById("say").textContent));

  // A timed reveal: no time is refused with a reason; a time an hour on is set
  // (asked first), shown, and can still be overtaken by revealing now.
  await host.click("#reveal-later-button");
  await host.waitForFunction(() => /请先选一个时间/.test(document.getElementById("status").textContent));
  assert.equal(await host.getAttribute("#reveal-time", "aria-invalid"), "true");
  assert.equal(await host.evaluate(() => document.activeElement.id), "reveal-time");
  await host.evaluate(() => { document.getElementById("status").className = "status"; });
  const later = await host.evaluate(() => {
    const d = new Date(Live.now() + 3600e3);
    return [d.getHours(), d.getMinutes()].map((x) => String(x).padStart(2, "0")).join(":");
  });
  await host.fill("#reveal-time", later);
  await press(host, "reveal-later-button", { confirm: true });
  await host.waitForFunction((at) => document.getElementById("results-summary").textContent.includes(`结果将在 ${at} 公布`), later);
  assert.equal(await host.getAttribute("#reveal-time", "aria-invalid"), null);
  await clean(host, "host with a timed reveal");
  assert.equal(await phone.isVisible("#matches"), false, "nothing is revealed yet");

  await press(host, "reveal", { confirm: true });
  await host.waitForFunction(() => /结果已公布：1 对配对/.test(document.getElementById("results-summary").textContent));
  await clean(host, "host after the reveal");

  // Her phone: one match, with the contact (both agreed).
  await phone.waitForSelector("#matches:not([hidden])");
  const mine = await phone.textContent("#matches-list");
  assert.match(mine, new RegExp(`${ev.guests[partner].number} 号`));
  assert.match(mine, /13800000000/);
  assert.equal(await phone.getAttribute("#matches-list a[href^='tel:']", "href"), "tel:13800000000", "a shared phone number calls");
  assert.equal(await phone.isVisible("#marks-ask"), false, "locked");
  await phone.waitForFunction(() => /结果已经公布/.test(document.getElementById("now").textContent));
  assert.equal(await phone.isDisabled("#consent-share"), true);
  await auditPhone(browser, url(0), "matches", "#marks-card");
  // Someone with no match gets a kind word, never a blank card.
  const lonely = ev.guests.findIndex((_, i) => i !== 0 && i !== partner);
  const third = await openPage(browser, url(lonely), { viewport: VIEWPORTS.phone });
  await ready(third);
  await third.waitForSelector("#matches-none:not([hidden])");
  assert.match(await third.textContent("#matches-none"), /谢谢您来参加/);
  await auditPhone(browser, url(lonely), "no-match", "#marks-card");

  // The matchmaker tablet: the match to follow up, both names and numbers.
  const tablet = await openPage(browser, `${server.base}/matchmaker/#${ev.staff.matchmaker}`, { viewport: VIEWPORTS.tablet });
  await ready(tablet);
  await tablet.waitForSelector("#follow:not([hidden])");
  const rows = await tablet.$$eval("#follow-list tr", (r) => r.map((x) => x.textContent));
  assert.equal(rows.length, 1, rows.join("\n"));
  assert.match(rows[0], new RegExp(ev.guests[partner].display_name));
  assert.match(rows[0], /已交换/);
  await clean(tablet, "matchmaker follow-up");
  assert.ok(!(await said(third)).includes(ev.guests[0].display_name));

  // The organiser's report: figures, charts with words, and the exports.
  for (const [lang, textScale] of [["zh-CN", 1], ["en", 1], ["zh-CN", 2]]) {
    const admin = await openPage(browser, `${server.base}/admin/#${ADMIN}`, { viewport: VIEWPORTS.tablet, lang, textScale });
    await admin.waitForSelector("#event:not([hidden])");
    await admin.selectOption("#event-select", ev.event);
    await admin.click("#show-report");
    await admin.waitForSelector("#report:not([hidden]) figure svg");
    const text = await admin.textContent("#report");
    assert.match(text, lang === "en" ? /Dates \(both said yes\)1/ : /牵手配对1/, text);
    assert.match(text, lang === "en" ? /fewer than 5/ : /少于 5 人/, "small groups are not shown");
    // Each chart says in words what it shows.
    const described = await admin.$$eval("#report svg", (s) => s.every((x) => x.getAttribute("role") === "img" && x.querySelector("title") && x.querySelector("desc")));
    assert.ok(described);
    // The follow-up list: the one mutual match, named, with the contacts exchanged.
    await admin.waitForSelector("#follow:not([hidden])");
    const follow = await admin.$$eval("#follow-list tr", (r) => r.map((x) => x.textContent));
    assert.equal(follow.length, 1, follow.join("\n"));
    assert.match(follow[0], new RegExp(ev.guests[partner].display_name));
    assert.match(follow[0], lang === "en" ? /exchanged/ : /已交换/);
    // The organiser has both contacts (both agreed), each a number that calls.
    assert.equal(await admin.locator("#follow-list a[href^='tel:']").count(), 2, "both contacts, as tel: links");
    if (lang === "zh-CN" && textScale === 1) await admin.locator("#follow").screenshot({ path: screenshotPath("admin-matches-zh-CN") });
    await clean(admin, `report ${lang} ×${textScale}`);
    assert.equal(await scrollsSideways(admin), false, `report ${lang} ×${textScale} scrolls sideways`);
    if (lang === "zh-CN" && textScale === 1) {
      await admin.locator("#report").screenshot({ path: screenshotPath("admin-report-zh-CN") });
      const [download] = await Promise.all([admin.waitForEvent("download"), admin.click("#csv-matches")]);
      const body = await readFile(await download.path());
      assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf], "a byte-order mark for Excel and WPS");
      assert.match(body.toString("utf8"), /嘉宾编号,嘉宾姓名/);
      await admin.emulateMedia({ media: "print" });
      assert.equal(await admin.isVisible("#roster-caption"), false, "the report prints alone");
      assert.equal(await admin.isVisible("#follow"), false, "names are not printed with the report");
    }
    await admin.context().close();
  }

  for (const p of [phone, other, third, tablet, host]) assert.deepEqual(p.errors, []);
  for (const p of [phone, other, third, tablet, host]) await p.context().close();
});

// The matchmaker desks in real pages: a guest joins the queue from the phone by
// keyboard (a reason, a note for staff); the tablet calls them; the phone's call is
// an assertive announcement, and the projector's call board shows the badge number
// and desk only; the guest answers "on my way" by keyboard; the visit is started
// and done; a matchmaker queues a guest who asks in person; the host sees the
// queue's length. Every new state passes axe in both languages, at phone size,
// 200% text and 320 px, and on the tablet and projector.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, setupEvent, launch, openPage, VIEWPORTS, screenshotPath } from "./lib/harness.js";
import { tabTo, clean } from "./lib/checks.js";
import { ready, hostConsole, auditPhone, turn, assertAccessible } from "./lib/views.js";

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const text = (page, id) => page.evaluate((id) => document.getElementById(id).textContent, id);

/**
 * The matchmaker tablet as it stands, reloaded in both languages, then turned from
 * portrait to landscape and back at 200% text: no axe violation, no sideways
 * scrolling, and every target at least 44 × 44 px.
 */
async function auditTablet(url, state) {
  const { width, height } = VIEWPORTS.tablet;
  const portrait = { width: height, height: width };
  for (const lang of ["zh-CN", "en"]) {
    const page = await openPage(browser, url, { lang, viewport: portrait });
    try {
      await ready(page);
      await page.waitForSelector("#desks-card:not([hidden])");
      for (const [viewport, textScale] of [[portrait, 1], [VIEWPORTS.tablet, 1], [portrait, 2]]) {
        await turn(page, viewport, textScale);
        await assertAccessible(page, `${state} ${lang} ${viewport.width}×${viewport.height} ×${textScale}`);
      }
      assert.deepEqual(page.errors, [], `${state} ${lang}: script errors`);
    } finally {
      await page.context().close();
    }
  }
}

test("a guest queues from the phone, is called from the tablet and the projector, and is served", async () => {
  const ev = await setupEvent(server.base);
  const url = (i) => `${server.base}/p/#${ev.guests[i].token}`;
  const phone = await openPage(browser, url(2), { viewport: VIEWPORTS.phone });
  await ready(phone);
  await phone.waitForSelector("#desk-card:not([hidden])");
  await auditPhone(browser, url(2), "none", "#desk-card");

  // Joined by keyboard: the form opens on the first reason.
  await tabTo(phone, "#desk-open");
  await phone.keyboard.press("Enter");
  assert.equal(await phone.evaluate(() => document.activeElement.value), "advice");
  await phone.keyboard.press("ArrowDown");
  await phone.keyboard.press("ArrowDown"); // access
  assert.equal(await phone.evaluate(() => document.activeElement.value), "access");
  await tabTo(phone, "#desk-note");
  await phone.keyboard.type("我看不见，请到门口接我");
  await tabTo(phone, "#desk-join");
  await phone.keyboard.press("Enter");
  await phone.waitForFunction(() => /第 1 位/.test(document.getElementById("desk-card").textContent));
  assert.match(await text(phone, "desk-text"), /无障碍协助/);
  assert.match(await text(phone, "desk-text"), /分钟/);
  await phone.waitForFunction(() => /已排队/.test(document.getElementById("say").textContent));
  assert.equal(await phone.evaluate(() => document.activeElement.id), "desk-heading", "the keyboard stays in the card");
  await auditPhone(browser, url(2), "waiting", "#desk-card");

  // The tablet sees the note and the reason; the host the queue's length.
  const tablet = await openPage(browser, `${server.base}/matchmaker/#${ev.staff.matchmaker}`, { viewport: VIEWPORTS.tablet });
  await ready(tablet);
  await tablet.waitForFunction(() => document.querySelectorAll("#dq-list li").length === 1);
  assert.match(await text(tablet, "dq-list"), /我看不见，请到门口接我/);
  assert.match(await text(tablet, "dq-list"), /无障碍协助/);
  const host = await hostConsole(browser, server.base, ev);
  await host.waitForFunction(() => /1 人在排队/.test(document.getElementById("desks-summary").textContent));
  await clean(tablet, "matchmaker with a queue");
  await auditTablet(`${server.base}/matchmaker/#${ev.staff.matchmaker}`, "queue");
  await clean(host, "host with a queue");
  const projector = await openPage(browser, `${server.base}/projector/#${ev.staff.projector}`, { viewport: VIEWPORTS.projector });
  await ready(projector);

  // The call: an alert on the phone, the number and desk on the projector.
  await tablet.click("#desk-next");
  await phone.waitForFunction(() => /轮到您了！请到1 号红娘服务台/.test(document.getElementById("alert").textContent));
  await projector.waitForFunction(() => !document.getElementById("calls-hall").hidden);
  const board = await text(projector, "calls-hall");
  assert.match(board, new RegExp(`${ev.guests[2].number} 号`));
  assert.ok(!/无障碍|access|门口|张敏/i.test(board), `the call board shows numbers and desks only: ${board}`);
  await clean(projector, "projector with a call");
  await projector.screenshot({ path: screenshotPath("projector-call-zh-CN") });
  await auditPhone(browser, url(2), "called", "#desk-card");

  // "On my way", by keyboard; the tablet sees it; started and done.
  await tabTo(phone, "#desk-coming");
  await phone.keyboard.press("Enter");
  await tablet.waitForFunction(() => /来宾在路上/.test(document.getElementById("desk-current").textContent));
  await clean(tablet, "matchmaker with a guest called");
  await tablet.screenshot({ path: screenshotPath("matchmaker-desk-zh-CN"), fullPage: true });
  await tablet.click("#desk-current button[data-verb='desk.start']");
  await phone.waitForFunction(() => /正在1 号红娘服务台/.test(document.getElementById("desk-text").textContent));
  // A private note on the visit: saved, read by staff, never on the guest's phone.
  await tablet.fill("#desk-note", "想认识喜欢旅行的人");
  await tablet.click("#desk-note-save");
  await tablet.waitForFunction(() => /红娘记录已保存/.test(document.getElementById("status").textContent));
  await auditTablet(`${server.base}/matchmaker/#${ev.staff.matchmaker}`, "serving");
  const reloaded = await openPage(browser, `${server.base}/matchmaker/#${ev.staff.matchmaker}`, { viewport: VIEWPORTS.tablet });
  await ready(reloaded);
  await reloaded.waitForFunction(() => document.getElementById("desk-note").value === "想认识喜欢旅行的人");
  await reloaded.context().close();
  assert.ok(!(await text(phone, "desk-card")).includes("旅行"), "the note is for staff only");
  // A note typed and not saved is saved with the end of the visit.
  await tablet.fill("#desk-note", "想认识喜欢旅行的人，下次介绍 5 号");
  await tablet.click("#desk-current button[data-verb='desk.done']");
  await phone.waitForFunction(() => /已经办完/.test(document.getElementById("desk-text").textContent));
  await projector.waitForFunction(() => document.getElementById("calls-hall").hidden);
  await auditPhone(browser, url(2), "done", "#desk-card");

  // A guest who asks in person is queued from the tablet by number.
  await tablet.fill("#dq-number", String(ev.guests[3].number));
  await tablet.selectOption("#dq-reason", "help");
  await tablet.click("#dq-add");
  await tablet.waitForFunction(() => document.querySelectorAll("#dq-list li").length === 1);
  const other = await openPage(browser, url(3), { viewport: VIEWPORTS.phone, lang: "en" });
  await ready(other);
  await other.waitForFunction(() => /number 1 in line/.test(document.getElementById("desk-text").textContent));
  // A wrong number is said, and nothing is sent.
  await tablet.fill("#dq-number", "999");
  await tablet.click("#dq-add");
  assert.equal(await tablet.getAttribute("#dq-number", "aria-invalid"), "true");
  assert.match(await text(tablet, "status"), /没有这个编号/);
  // The guest leaves the line, asked first; a double tap keeps the place. (A tap
  // within 600 ms of a button appearing is ignored, as a double tap would be.)
  await other.waitForTimeout(700);
  await other.click("#desk-leave");
  await other.click("#desk-leave-no");
  assert.equal(await other.isVisible("#desk-leave-yes"), true, "a double tap is not an answer");
  assert.equal(await other.evaluate(() => document.activeElement.id), "desk-leave-no", "the safe answer has the focus");
  await clean(other, "guest asked whether to leave");
  await other.keyboard.press("Enter");
  assert.equal(await other.isVisible("#desk-leave"), true, "kept the place");
  await other.waitForTimeout(700);
  await other.click("#desk-leave");
  await other.waitForTimeout(700);
  await other.click("#desk-leave-yes");
  await other.waitForFunction(() => /left the queue/.test(document.getElementById("desk-text").textContent));
  await tablet.waitForFunction(() => document.querySelectorAll("#dq-list li").length === 0);

  for (const p of [phone, other, tablet, host, projector]) assert.deepEqual(p.errors, []);
  for (const p of [phone, other, tablet, host, projector]) await p.context().close();
});

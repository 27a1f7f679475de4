// Keyboard alone completes every flow; focus is always visible; nothing traps it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, setupEvent, launch, openPage, VIEWPORTS, ADMIN, api } from "./lib/harness.js";
import { ready } from "./lib/views.js";

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

/**
 * Describes the focused element, and whether its focus can be seen. `stop` tells
 * each element apart (two "签到" buttons are two stops): the first time an element
 * has the focus it is given a number of its own, in a data attribute.
 */
const focused = (page) => page.evaluate(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return { id: "(body)", stop: "body", visible: true };
  if (!e.dataset.tabStop) e.dataset.tabStop = String((window.__tabStops = (window.__tabStops || 0) + 1));
  const s = getComputedStyle(e);
  const visible = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none";
  const id = e.id || (e.name ? `${e.tagName.toLowerCase()}[name=${e.name}][value=${e.value}]` : e.tagName.toLowerCase() + ":" + (e.textContent || "").trim().slice(0, 20));
  return { id, stop: e.dataset.tabStop, visible, style: s.outlineStyle + " " + s.outlineWidth + " " + s.boxShadow };
});

/** Presses Tab until `selector` has the focus, checking every stop shows its focus. */
async function tabTo(page, selector, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    assert.ok(f.visible, `focus on ${f.id} is not visible (${f.style})`);
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/**
 * Tabs around the whole page: focus must come back to the first stop, after going
 * through every stop once (a stop seen twice before that is a trap), and every
 * element that can take the focus must have been one of the stops.
 */
async function noTrap(page, mustReach) {
  const seen = [];
  for (let i = 0; i < 160; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    seen.push(f);
    if (seen.length > 1 && f.stop === seen[0].stop) break;
  }
  const names = seen.map((f) => `${f.id} (${f.stop})`).join(", ");
  assert.equal(seen.length > 1 && seen[seen.length - 1].stop, seen[0].stop, `focus never came back to where it began: ${names}`);
  const round = seen.slice(0, -1);
  assert.equal(new Set(round.map((f) => f.stop)).size, round.length, `a stop came round twice before the first came back: ${names}`);
  for (const id of mustReach) assert.ok(round.some((f) => f.id === id), `Tab never reached ${id}: ${names}`);
  // Every element that takes the focus was a stop (a radio group is one stop).
  const missed = await page.evaluate(() => {
    const all = [...document.querySelectorAll("a[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable]")]
      .filter((e) => e.tabIndex >= 0 && !e.disabled && !e.closest("[inert]") && e.checkVisibility({ visibilityProperty: true }));
    const group = (e) => (e.type === "radio" && e.name ? [...document.querySelectorAll(`input[type=radio][name="${CSS.escape(e.name)}"]`)] : [e]);
    return all.filter((e) => !group(e).some((g) => g.dataset.tabStop))
      .map((e) => e.id || `${e.tagName.toLowerCase()}:${(e.textContent || e.value || "").trim().slice(0, 20)}`);
  });
  assert.deepEqual(missed, [], `elements Tab never reached (round: ${names})`);
  return round;
}

const statusSays = (page, re) => page.waitForFunction((src) => new RegExp(src).test(document.getElementById("status").textContent), re.source, { timeout: 10000 });

test("the host runs the evening from the keyboard, and dangerous steps ask first", async () => {
  const ev = await setupEvent(server.base);
  const host = await openPage(browser, `${server.base}/host/#${ev.staff.host}`, { viewport: VIEWPORTS.tablet });
  await ready(host);
  await noTrap(host, ["lang", "b-start", "b-end", "announce", "announce-button"]);
  await tabTo(host, "#b-start");
  await host.keyboard.press("Enter");
  // Starting cannot be undone: it asks first.
  await host.waitForSelector("#confirm[open]");
  await host.keyboard.press("Tab");
  await host.keyboard.press("Enter");
  await statusSays(host, /活动开始了/);
  // The Start button gave way to Pause, and the keyboard went with it.
  await host.waitForFunction(() => document.activeElement.id === "b-pause");
  await host.waitForFunction(() => Live.phase.phase === "round");
  // An extension, and its undo.
  const planned = await host.evaluate(() => Live.phase.ends_at);
  await tabTo(host, "#b-extend1");
  await host.keyboard.press("Enter");
  await statusSays(host, /已延长 1 分钟/);
  await host.waitForFunction((end) => Live.phase.ends_at === end + 60000, planned);
  await tabTo(host, "#undo");
  await host.keyboard.press("Enter");
  await statusSays(host, /已撤销延长/);
  await host.waitForFunction((end) => Live.phase.ends_at === end, planned);
  // Skipping asks first; Escape cancels and gives the focus back.
  await tabTo(host, "#b-skip");
  await host.keyboard.press("Enter");
  await host.waitForSelector("#confirm[open]");
  assert.equal((await focused(host)).id, "confirm-cancel", "the safe choice has the focus");
  // Escape, then at once Enter: the second question is a fresh one.
  await host.keyboard.press("Escape");
  await host.waitForFunction(() => !document.getElementById("confirm").open);
  assert.equal((await focused(host)).id, "b-skip");
  assert.equal(await host.evaluate(() => Live.phase.phase), "round", "nothing skipped");
  await host.keyboard.press("Enter");
  await host.waitForSelector("#confirm[open]");
  await host.keyboard.press("Tab");
  assert.equal((await focused(host)).id, "confirm-ok");
  await host.keyboard.press("Enter");
  await host.waitForFunction(() => Live.phase.phase === "transition");
  // An announcement from a preset.
  await tabTo(host, "#presets button");
  await host.keyboard.press("Enter");
  assert.equal((await focused(host)).id, "announce");
  await tabTo(host, "#announce-button");
  await host.keyboard.press("Enter");
  await statusSays(host, /公告已发出/);
  await host.context().close();
});

test("a guest asks for a rest, takes it back, picks announcements and hears the time, by keyboard", async () => {
  const ev = await setupEvent(server.base);
  const page = await openPage(browser, `${server.base}/p/#${ev.guests[0].token}`, { viewport: VIEWPORTS.phone });
  await ready(page);
  await noTrap(page, ["lang", "reminders-on", "rest"]);
  await tabTo(page, "#rest");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("rest").textContent.includes("不休息了"));
  assert.equal((await focused(page)).id, "rest", "the button keeps the focus as its words change");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("rest").textContent.includes("下一轮我想休息"));
  await tabTo(page, "input[name=speak]:checked");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.querySelector("input[name=speak]:checked").value), "minutes");
  assert.equal(await page.evaluate(() => localStorage.getItem("blossom.speak")), "minutes", "remembered");
  await tabTo(page, "#reminders-on");
  await page.keyboard.press("Enter");
  assert.equal(await page.getAttribute("#reminders-on", "aria-pressed"), "true");
  // Once the round runs, the time left is read on demand.
  const host = await openPage(browser, `${server.base}/host/#${ev.staff.host}`, { viewport: VIEWPORTS.tablet });
  await ready(host);
  await host.click("#b-start");
  await host.click("#confirm-ok");
  await page.waitForFunction(() => Live.phase.phase === "round");
  await page.focus("#lang");
  await tabTo(page, "#read-time");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /还剩 \d+ 分/.test(document.getElementById("say").textContent));
  for (const p of [page, host]) await p.context().close();
});

test("a matchmaker finds guests and checks them in by keyboard", async () => {
  const ev = await setupEvent(server.base, { checkedIn: false });
  const page = await openPage(browser, `${server.base}/matchmaker/#${ev.staff.matchmaker}`, { viewport: VIEWPORTS.tablet });
  await ready(page);
  await page.waitForFunction(() => document.querySelectorAll("#people button[data-act=checkin]").length === 6);
  const round = await noTrap(page, ["lang", "q"]);
  // Six guests, six check-in buttons: each a stop of its own.
  assert.equal(round.filter((f) => f.id === "button:签到").length, 6, round.map((f) => f.id).join(", "));
  await tabTo(page, "#q");
  await page.keyboard.type("李强");
  await page.keyboard.press("Enter");
  const target = await focused(page);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.act), "checkin", `focus on ${target.id}`);
  await page.keyboard.press("Enter");
  await statusSays(page, /李强 已签到/);
  // The row, redrawn, keeps the keyboard on its (new) button.
  await page.waitForFunction(() => document.activeElement && document.activeElement.dataset.act === "gone");
  // Marking as left asks first.
  await page.keyboard.press("Enter");
  await page.waitForSelector("#confirm[open]");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await statusSays(page, /已登记离场/);
  // By number, through the filter.
  await tabTo(page, "#q");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("1");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await statusSays(page, /1 王芳 已签到/);
  await page.context().close();
});

test("an organiser creates an event, adds staff, imports a roster and checks a guest in, by keyboard", async () => {
  const page = await openPage(browser, `${server.base}/admin/#${ADMIN}`, { viewport: VIEWPORTS.tablet });
  await page.waitForSelector("#events:not([hidden])");
  await noTrap(page, ["lang", "new-event"]);
  await tabTo(page, "#new-event");
  await page.keyboard.press("Enter");
  assert.equal((await focused(page)).id, "f-title");
  // Sent half-filled: the problems are listed, the focus goes to them, nothing is saved.
  await page.keyboard.press("Tab");
  assert.equal((await focused(page)).id, "f-organiser", "the organiser (主办单位) comes after the title");
  await page.keyboard.type("区残疾人联合会");
  await tabTo(page, "#f-venue");
  await page.keyboard.type("区残联活动室");
  await tabTo(page, "#create-button");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("create-errors").textContent.includes("活动名称"));
  assert.equal((await focused(page)).id, "create-errors");
  assert.equal(await page.getAttribute("#f-title", "aria-invalid"), "true");
  await tabTo(page, "#f-title");
  await page.keyboard.type("冬日八分钟约会");
  await tabTo(page, "#f-date");
  await page.keyboard.type("2026-12-12");
  await page.keyboard.press("Tab");
  await page.keyboard.type("14:00");
  await tabTo(page, "#create-button");
  await page.keyboard.press("Enter");
  await statusSays(page, /已创建“冬日八分钟约会”/);
  // Two private chat rooms, the first one accessible, both quiet (the form's defaults).
  const made = (await api(server.base, "/api/events")).find((e) => e.title === "冬日八分钟约会");
  const rooms = (await api(server.base, `/api/events/${made.id}`)).rooms;
  assert.deepEqual(rooms.map((r) => [r.label, r.accessible, r.quiet]), [["A", true, true], ["B", false, true]]);
  // The new event opens, and the keyboard lands on its heading.
  await page.waitForFunction(() => document.activeElement.id === "event-heading");
  // A matchmaker's link.
  await tabTo(page, "#staff-name");
  await page.keyboard.type("周红娘");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("staff").textContent.includes("周红娘"));
  // A roster, chosen with the keyboard through the file picker.
  const dir = mkdtempSync(join(tmpdir(), "blossom-csv-"));
  const csv = join(dir, "roster.csv");
  writeFileSync(csv, "display_name,gender,age,marital_status,contact,share_contact\n王芳,female,29,unmarried,13800000001,false\n李强,male,31,unmarried,13800000002,false\n");
  await tabTo(page, "#csv");
  const chooser = page.waitForEvent("filechooser");
  await page.keyboard.press("Space");
  await (await chooser).setFiles(csv);
  await tabTo(page, "#import-button");
  await page.keyboard.press("Enter");
  await statusSays(page, /已导入 2 人/);
  // The plan, then a check-in that leaves the focus on the same row.
  await tabTo(page, "#show-plan");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#plan:not([hidden])");
  assert.equal((await focused(page)).id, "plan");
  await tabTo(page, "#roster button");
  await page.keyboard.press("Enter");
  await statusSays(page, /王芳 已签到/);
  assert.match((await focused(page)).id, /^checked-/);
  await page.context().close();
});

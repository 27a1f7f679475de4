// The evening's rough edges a newcomer hit (issue 24), each as a guest, a matchmaker,
// the host or the projector meets it: the guest's card on the first screen at 200%
// text, one countdown in a private room, a jump to the answer of an invitation, a
// ticket that says where its guest is, the close that clears the hall, the
// projector's words, "My data" in one language, the tablet's check-in first, the
// join page and the favicon. Every new state passes axe.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, setupEvent, launch, openPage, api, claim, VIEWPORTS, screenshotPath } from "./lib/harness.js";
import { clean } from "./lib/checks.js";
import { ready, hostConsole, press } from "./lib/views.js";

let server, browser, ev, host;
const BILINGUAL = "冬日八分钟约会 · Winter eight-minute dates";
before(async () => {
  server = await startServer();
  ev = await setupEvent(server.base);
  // The room is accessible: the first guest, who invites, uses a wheelchair.
  await api(server.base, `/api/events/${ev.event}`, { method: "PATCH", body: { title: BILINGUAL, organiser: "市残疾人联合会", rooms: [{ label: "A", accessible: true }] } });
  browser = await launch();
  host = await hostConsole(browser, server.base, ev);
});
after(async () => { await host?.context().close(); await browser?.close(); await server?.stop(); });

const phone = (i, options = {}) => openPage(browser, `${server.base}/p/#${ev.guests[i].token}`, options);
const PHONE_200 = { viewport: { width: 390, height: 844 }, textScale: 2 };

/**
 * A guest (their index) in a date this round. The planner's seed is the event's
 * id, so who rests in which round differs from run to run: with three women and
 * three men over four rounds everyone rests once, in any round.
 */
async function dating() {
  const welcome = await claim(server.base, ev.staff.host, "probe");
  const seated = new Set((welcome.state?.tables?.tables ?? []).filter((t) => t.numbers.length === 2).flatMap((t) => t.numbers));
  const i = ev.guests.findIndex((g) => seated.has(g.number));
  assert.ok(i >= 0, `somebody dates this round: ${JSON.stringify(welcome.state?.tables)}`);
  return i;
}

test("the join page, the favicon and My data speak to a newcomer in one language", async () => {
  const join = await openPage(browser, `${server.base}/p/?event=${ev.event}`, { viewport: VIEWPORTS.phone });
  await join.waitForFunction(() => /胸牌/.test(document.getElementById("nobody-text").textContent) && document.querySelector("#nobody-text ol"));
  assert.match(await join.textContent("#nobody-text"), /冬日八分钟约会.*扫描胸牌/s);
  await clean(join, "the join page the projector's QR code opens");
  const icon = await join.evaluate(async () => { const r = await fetch(document.querySelector("link[rel=icon]").href); return [r.status, r.headers.get("content-type")]; });
  assert.deepEqual(icon, [200, "image/svg+xml"]);
  await join.context().close();
  const page = await phone(0);
  await ready(page);
  await page.click("#mydata-show");
  await page.waitForSelector("#mydata-list:not([hidden]) dl");
  const text = await page.textContent("#mydata-list");
  assert.doesNotMatch(text, /[A-Za-z]{2,}/, `English in the Chinese "My data": ${text.match(/[A-Za-z]{2,}/g)}`);
  await clean(page, "My data, open");
  await page.context().close();
});

test("the matchmaker tablet puts check-in first, with a phone-style keypad", async () => {
  const mm = await openPage(browser, `${server.base}/matchmaker/#${ev.staff.matchmaker}`, { viewport: VIEWPORTS.tablet, setup: (p) => p.clock.install() });
  await ready(mm);
  // A message that something went well goes after a while; a problem stays.
  await mm.evaluate(() => Blossom.say(document.getElementById("status"), "1 王芳 已签到。", "ok"));
  await mm.clock.runFor(21000);
  assert.equal(await mm.textContent("#status"), "", "an old message is cleared");
  const first = await mm.evaluate(() => [...document.querySelectorAll("#desk > section:not([hidden]), #desk > div")].map((s) => s.id || s.className)[1]);
  assert.equal(first, "columns", "check-in comes right after where the evening stands");
  const keys = await mm.$$eval("#keypad .key", (k) => k.map((x) => [x.textContent, x.getBoundingClientRect().height]));
  assert.deepEqual(keys.map((k) => k[0]), ["1", "2", "3", "4", "5", "6", "7", "8", "9", "清空", "0", "⌫"]);
  assert.ok(keys.every((k) => k[1] >= 44), "keys at least 44 px high");
  await mm.click("#keypad [data-key='3']");
  assert.equal(await mm.inputValue("#q"), "3");
  await mm.click("#keypad [data-key='C']");
  assert.equal(await mm.inputValue("#q"), "");
  await clean(mm, "the tablet, check-in first");
  await mm.screenshot({ path: screenshotPath("matchmaker-checkin-zh-CN") });
  await mm.context().close();
});

test("at 200% text on a 390 px phone, the table, the partner and the time left fit the first screen", async () => {
  await press(host, "b-start");
  for (const lang of ["zh-CN", "en"]) {
    const page = await phone(await dating(), { lang, ...PHONE_200 });
    await ready(page);
    await page.waitForFunction(() => document.querySelector("#with .partner"));
    const bottoms = await page.evaluate(() => ["where", "with", "timer"].map((id) => document.getElementById(id).getBoundingClientRect().bottom));
    assert.ok(bottoms.every((b) => b <= 844), `${lang}: where, partner, timer end at ${bottoms.map(Math.round)} px`);
    assert.equal(await page.textContent("#title"), lang === "en" ? "Winter eight-minute dates" : "冬日八分钟约会", "the title in the page's language only");
    assert.match(await page.textContent("#with .partner"), lang === "en" ? /\(no\. \d+\)/ : /（\d+ 号）/, "the partner's badge number");
    if (lang === "zh-CN") await page.screenshot({ path: screenshotPath("participant-200-390-zh-CN") });
    await clean(page, `the guest's card at 200% text, ${lang}`);
    await page.context().close();
  }
});

test("the tablet shows the time left as soon as it shows the round, not a second later", async () => {
  const mm = await openPage(browser, `${server.base}/matchmaker/#${ev.staff.matchmaker}`, { viewport: VIEWPORTS.tablet });
  // Read in the same moment the round is drawn (an empty timer reads as nothing).
  const shown = await mm.waitForFunction(() => typeof Live === "object" && Live.phase && Live.phase.phase === "round"
    && document.getElementById("phase").textContent !== "" && (document.getElementById("countdown").textContent || "empty"));
  assert.match(await shown.jsonValue(), /^\d+:\d\d$/, "the time left, drawn with the round");
  await mm.context().close();
});

test("an invitation offers a jump to its answer; in a room there is one countdown; the tablet follows the guest there", async () => {
  const inviter = await dating();
  const a = await phone(inviter);
  await ready(a);
  await a.waitForSelector("#chat-invite:not([hidden])");
  const partnerName = (await a.textContent("#with .partner")).replace(/^和 /, "").replace(/（\d+ 号）$/, "");
  const b = ev.guests.findIndex((g) => g.display_name === partnerName);
  const invitee = await phone(b);
  await ready(invitee);
  await a.click("#chat-invite");
  await invitee.waitForSelector("#jump-box:not([hidden])");
  // The polite prompt says where the jump is.
  await invitee.waitForFunction(() => /回复邀请/.test(document.getElementById("say").textContent));
  await invitee.focus("#jump");
  await invitee.keyboard.press("Enter");
  assert.equal(await invitee.evaluate(() => document.activeElement.id), "chat-accept");
  await clean(invitee, "an invitation with its jump");
  await invitee.keyboard.press("Enter");
  for (const p of [a, invitee]) {
    await p.waitForFunction(() => Live && document.getElementById("chat-heading").textContent.includes("请去"));
    assert.equal(await p.isVisible("#timer"), false, "the round's countdown gives way to the room's");
    assert.equal(await p.isVisible("#chat-timer"), true);
    assert.equal(await p.evaluate(() => document.getElementById("chat-timer").classList.contains("small")), false, "the room's countdown at full size");
    assert.match(await p.textContent("#about"), /本轮 \d{2}:\d{2} 结束/);
  }
  await clean(a, "a guest in a private room");
  await a.screenshot({ path: screenshotPath("participant-room-zh-CN"), fullPage: true });
  // She asks a matchmaker to come: the tablet names her room, never her old table.
  await a.click("#desk-open");
  await a.check("input[name=desk-reason][value=help]");
  await a.check("#desk-come");
  await a.fill("#desk-place", "私聊室门口");
  await a.click("#desk-join");
  const mm = await openPage(browser, `${server.base}/matchmaker/#${ev.staff.matchmaker}`, { viewport: VIEWPORTS.tablet });
  await ready(mm);
  await mm.waitForFunction(() => /在私聊室 A/.test(document.getElementById("desks-card").textContent));
  const card = await mm.textContent("#desks-card");
  assert.match(card, /所在位置：私聊室门口/);
  await clean(mm, "the tablet with a ticket in a room");
  await mm.locator("#desks-card").screenshot({ path: screenshotPath("matchmaker-ticket-in-room-zh-CN") });
  // The projector lists neither of them at a table.
  const projector = await openPage(browser, `${server.base}/projector/#${ev.staff.projector}`, { viewport: VIEWPORTS.projector });
  await ready(projector);
  const listed = await projector.$$eval("#tables li strong", (s) => s.map((x) => Number(x.textContent)));
  for (const g of [ev.guests[inviter], ev.guests[b]]) assert.ok(!listed.includes(g.number), `${g.number} is in the room, not at a table`);
  assert.ok(listed.length > 0);
  assert.doesNotMatch(await projector.textContent("#hall"), /🤟/);
  for (const p of [a, invitee, mm, projector]) await p.context().close();
});

test("ending the evening closes the rooms, clears the hall and shows a closing screen", async () => {
  await host.fill("#announce", "茶点在大厅后方。");
  await host.click("#announce-button");
  await host.waitForFunction(() => /茶点/.test(document.getElementById("last-announce").textContent));
  await press(host, "b-end");
  const projector = await openPage(browser, `${server.base}/projector/#${ev.staff.projector}`, { viewport: VIEWPORTS.projector });
  await ready(projector);
  await projector.waitForSelector("#closing:not([hidden])");
  assert.equal(await projector.isVisible("#seating"), false);
  assert.equal((await projector.textContent("#announce")).trim(), "", "the old announcement is down");
  assert.match(await projector.textContent("#closing"), /冬日八分钟约会.*主办：市残疾人联合会/s);
  await clean(projector, "the projector's closing screen");
  await projector.screenshot({ path: screenshotPath("projector-closed-zh-CN") });
  const a = await phone(0);
  await ready(a);
  assert.equal(await a.isVisible("#news"), false, "no old announcement on the phone");
  assert.equal(await a.isVisible("#chat-card"), false, "no room after the close");
  assert.equal(await a.isVisible("#rest-card"), false, "no rest to ask for after the close");
  assert.equal(await a.isVisible("#desk-open"), false, "no desk to queue for after the close");
  assert.equal(await host.isVisible("#b-end"), false, "the console's end button is gone");
  assert.equal((await host.textContent("#last-announce")).trim(), "");
  await clean(a, "a guest's phone after the close");
  for (const p of [a, projector]) await p.context().close();
});

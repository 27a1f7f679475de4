// The private chat area in real pages: a guest invites their date by keyboard; the
// partner hears a polite prompt (a status, not an alert) naming the inviter, and
// answers; the pair is shown its room and the staff screens show who is inside;
// the projector shows the room in use without names or numbers; a second pair
// queues, and is called when a matchmaker releases the room; a "not now" reads
// kindly to the inviter; the host changes the settings (a bad value is refused on
// the page); a guest ends a chat early by keyboard. Every state of the guest's
// card passes axe in both languages at phone size and at 320 px with 200% text,
// without sideways scrolling and with 44 px targets; the staff screens pass axe
// with rooms in use and a queue.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, setupEvent, launch, openPage, VIEWPORTS, screenshotPath } from "./lib/harness.js";
import { axe } from "./lib/checks.js";
import { ready, hostConsole, press, guestView, auditPhone, fakeClockPhone } from "./lib/views.js";

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const chatState = (page) => page.evaluate(() => {
  const card = document.getElementById("chat-card");
  const shown = (id) => !document.getElementById(id).hidden;
  return {
    shown: !card.hidden,
    heading: document.getElementById("chat-heading").textContent,
    text: document.getElementById("chat-card").textContent,
    buttons: [...card.querySelectorAll("button")].filter((b) => !b.hidden).map((b) => b.id),
    timer: shown("chat-timer") ? document.getElementById("chat-timer").textContent : null,
    where: document.getElementById("where").textContent,
  };
});

/** Waits until the phone's chat card shows the button `id`, and a little more: a
 *  button that has just appeared ignores taps for 600 ms (a double tap's second). */
async function showsButton(page, id) {
  await page.waitForFunction((id) => !document.getElementById(id).hidden && !document.getElementById("chat-card").hidden, id, { timeout: 10000 });
  await page.waitForTimeout(650);
}

/** Presses Tab until `selector` has the keyboard focus, then Enter. */
async function keyboardPress(page, selector) {
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) {
      await page.keyboard.press("Enter");
      return;
    }
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function auditStaff(page, name) {
  const problems = await axe(page);
  assert.deepEqual(problems, [], `${name}:\n${problems.join("\n")}`);
  assert.deepEqual(page.errors, [], `${name}: script errors`);
}

test("an invitation, a room, the queue, a release, a not-now and an early end, by keyboard, in every view", async () => {
  const ev = await setupEvent(server.base, { rooms: [{ label: "A", accessible: true }] });
  const url = (i) => `${server.base}/p/#${ev.guests[i].token}`;
  const host = await hostConsole(browser, server.base, ev);
  const matchmaker = await openPage(browser, `${server.base}/matchmaker/#${ev.staff.matchmaker}`, { viewport: VIEWPORTS.tablet });
  await ready(matchmaker);
  const projector = await openPage(browser, `${server.base}/projector/#${ev.staff.projector}`, { viewport: VIEWPORTS.projector });
  await ready(projector);
  const phones = [];
  for (let i = 0; i < ev.guests.length; i++) {
    const p = await openPage(browser, url(i), { viewport: VIEWPORTS.phone });
    await ready(p);
    phones.push(p);
  }
  // Before the evening starts there is nothing to invite anyone to.
  assert.equal(await phones[0].isVisible("#chat-card"), false);
  await press(host, "b-start");
  for (const p of phones) await p.waitForFunction(() => Live.phase && Live.phase.phase === "round");
  await phones[0].waitForTimeout(300);

  // The dates of round 1 (two or three): [inviter, invitee] by index.
  const names = ev.guests.map((g) => g.display_name);
  const seen = await Promise.all(phones.map(guestView));
  const pairs = [];
  seen.forEach((v, i) => { const j = names.indexOf(v.partner); if (j > i) pairs.push([i, j]); });
  assert.ok(pairs.length >= 2, `two dates at least: ${JSON.stringify(seen)}`);
  const [[a1, b1], [a2, b2]] = pairs;

  // The host gives invitations five minutes, so that the audits below see each
  // state before it lapses.
  await host.waitForFunction(() => document.getElementById("cs-invite").value === "60");
  await host.fill("#cs-invite", "300");
  await host.click("#cs-save");
  await host.waitForFunction(() => /已保存/.test(document.getElementById("status").textContent));

  // 1. A guest with a date sees the invitation button, naming the partner.
  await showsButton(phones[a1], "chat-invite");
  assert.match(await phones[a1].textContent("#chat-invite"), new RegExp(names[b1]));
  await auditPhone(browser, url(a1), "none");

  // 2. Invited by keyboard; the partner's prompt is polite (the status region), names
  // the inviter, and offers Accept and Not now. Nothing is put in the alert region.
  await keyboardPress(phones[a1], "#chat-invite");
  await showsButton(phones[b1], "chat-accept");
  await phones[b1].waitForFunction(() => document.getElementById("say").textContent.includes("邀请"));
  const said = await phones[b1].evaluate(() => ({ say: document.getElementById("say").textContent, alert: document.getElementById("alert").textContent, role: document.getElementById("chat-card").getAttribute("role") }));
  assert.ok(said.say.includes(names[a1]), `the prompt names the inviter: ${said.say}`);
  assert.equal(said.alert, "", "an invitation is not an alert");
  assert.equal(said.role, null, "the card is not itself an alert");
  const offered = await chatState(phones[b1]);
  assert.ok(offered.heading.includes(names[a1]), offered.heading);
  assert.deepEqual(offered.buttons, ["chat-accept", "chat-decline"]);
  assert.match(offered.timer, /^[45]:\d\d$/, "the time left to answer, silently");
  assert.equal(await phones[b1].getAttribute("#chat-timer", "aria-live"), "off");
  await showsButton(phones[a1], "chat-cancel");
  assert.match((await chatState(phones[a1])).text, new RegExp(names[b1]));
  await auditPhone(browser, url(b1), "offered");
  await auditPhone(browser, url(a1), "waiting");

  // 3. Accepted by keyboard: both are sent to room A; the keyboard stays in the card.
  await keyboardPress(phones[b1], "#chat-accept");
  for (const i of [a1, b1]) await showsButton(phones[i], "chat-end");
  const room = await chatState(phones[b1]);
  assert.match(room.heading, /私聊室 A/);
  assert.match(room.text, /可以待到 \d\d:\d\d/);
  assert.equal(room.where, "私聊室 A", "the main card says where the guest is");
  assert.equal(await phones[b1].evaluate(() => document.getElementById("chat-card").contains(document.activeElement)), true, "the focus stays in the card");
  // The inviter hears, politely, that the answer was yes and where to go.
  await phones[a1].waitForFunction(() => /接受了邀请.*私聊室 A/.test(document.getElementById("say").textContent));
  await auditPhone(browser, url(a1), "room");

  // The staff screens show who is inside; the projector only that it is in use.
  const numbers = [ev.guests[a1].number, ev.guests[b1].number];
  for (const staff of [host, matchmaker]) {
    await staff.waitForFunction(() => document.querySelector("#rooms button[data-room]"));
    const row = await staff.textContent("#rooms tr");
    for (const n of numbers) assert.ok(row.includes(String(n)), `${row} names number ${n}`);
    assert.ok(row.includes(names[a1]) && row.includes(names[b1]), row);
  }
  await projector.waitForFunction(() => document.querySelector("#rooms-list li.in-use"));
  const hall = await projector.textContent("#rooms-hall");
  assert.match(hall, /使用中/);
  assert.ok(!/\d/.test(hall), `the projector shows no numbers: ${hall}`);
  assert.ok(!hall.includes(names[a1]) && !hall.includes(names[b1]), `the projector shows no names: ${hall}`);

  // 4. A second pair accepts while the only room is taken: it queues, first in line.
  await phones[a2].click("#chat-invite");
  await showsButton(phones[b2], "chat-accept");
  await phones[b2].click("#chat-accept");
  for (const i of [a2, b2]) await phones[i].waitForFunction(() => /第 1 位/.test(document.getElementById("chat-card").textContent));
  assert.deepEqual((await chatState(phones[a2])).buttons, ["chat-cancel"]);
  await auditPhone(browser, url(b2), "queued");
  await host.waitForFunction(() => document.querySelectorAll("#queue li").length === 1);
  await auditStaff(host, "host with a room in use and a queue");
  await auditStaff(matchmaker, "matchmaker with a room in use and a queue");
  await auditStaff(projector, "projector with a room in use");
  await host.screenshot({ path: screenshotPath("host-chat-zh-CN"), fullPage: true });
  await matchmaker.screenshot({ path: screenshotPath("matchmaker-chat-zh-CN"), fullPage: true });
  await projector.screenshot({ path: screenshotPath("projector-chat-zh-CN") });

  // The host gives room A five more minutes: the row's end moves, both phones'
  // cards show the new end, the status says so.
  const endOf = (page) => page.evaluate(() => document.querySelector("#rooms tr td:nth-child(3)").textContent);
  const before = await endOf(host);
  const minutes = (hhmm) => { const [h, m] = hhmm.split(":").map(Number); return h * 60 + m; };
  const lastTime = (text) => text.match(/\d{1,2}:\d{2}/g).pop();
  await host.click('#rooms button[data-act="extend"]');
  await host.waitForFunction(() => /延长了 5 分钟/.test(document.getElementById("status").textContent));
  await host.waitForFunction((old) => document.querySelector("#rooms tr td:nth-child(3)").textContent !== old, before);
  const newEnd = lastTime(await endOf(host));
  assert.equal((minutes(newEnd) - minutes(lastTime(before)) + 1440) % 1440, 5, `${before} → ${newEnd}`);
  for (const i of [a1, b1]) await phones[i].waitForFunction((end) => document.getElementById("chat-card").textContent.includes(`可以待到 ${end}`), newEnd);
  assert.equal(await host.evaluate(() => document.activeElement.dataset.act), "extend", "the focus stays on the button");
  await auditStaff(host, "host after giving a room five more minutes");

  // 5. The matchmaker releases room A (asked first): the first pair is told, the
  // queued pair is called in with an alert.
  await matchmaker.click('#rooms button[data-act="release"]');
  await matchmaker.click("#confirm-ok");
  await matchmaker.waitForFunction(() => /已释放/.test(document.getElementById("status").textContent));
  await phones[a1].waitForFunction(() => /私聊结束了/.test(document.getElementById("chat-card").textContent));
  for (const i of [a2, b2]) await showsButton(phones[i], "chat-end");
  await phones[b2].waitForFunction(() => /有空的私聊室了/.test(document.getElementById("alert").textContent));
  assert.match((await chatState(phones[b2])).heading, /私聊室 A/);
  await host.waitForFunction(() => document.querySelectorAll("#queue li").length === 0);

  // 6. The first pair, out of its room and back at its table, tries again: this time
  // "not now" reads kindly to the inviter, never "declined", and the same partner
  // cannot be asked again this round. A decline reaches the inviter only when the
  // answer window ends (15 s here), as a lapse would: until then it still waits.
  await host.evaluate(() => Live.request("chat.settings", { invite_seconds: 15, longest_seconds: null }));
  const [a3, b3] = [a1, b1];
  await showsButton(phones[a3], "chat-invite");
  const invitedAt = Date.now();
  await phones[a3].click("#chat-invite");
  await showsButton(phones[b3], "chat-decline");
  await phones[b3].click("#chat-decline");
  // The invitee's prompt closes at once; the inviter still waits.
  await phones[b3].waitForFunction(() => /已回复：下次吧/.test(document.getElementById("chat-card").textContent));
  await phones[a3].waitForTimeout(3000);
  assert.ok(!/这次先不去/.test(await phones[a3].textContent("#chat-heading")), "a decline is not told before the window ends");
  await phones[a3].waitForFunction(() => /这次先不去/.test(document.getElementById("chat-heading").textContent), null, { timeout: 20000 });
  assert.ok(Date.now() - invitedAt >= 14000, `"not now" came ${Date.now() - invitedAt} ms after the invitation`);
  const notNow = await chatState(phones[a3]);
  assert.ok(!/拒绝|declin|refus/i.test(notNow.heading + notNow.text), `kind words: ${notNow.text}`);
  assert.deepEqual(notNow.buttons, [], "no second invitation to the same partner this round");
  assert.ok(!/拒绝|declin/i.test(await phones[a3].textContent("#say")));
  await auditPhone(browser, url(a3), "not_now");
  // Staff never learn of it.
  for (const staff of [host, matchmaker]) assert.ok(!/下次|拒绝|not now|declin/i.test(await staff.textContent("#rooms-card")));

  // 7. The host sets the invitation time and the longest stay; a bad value is
  // refused on the page, linked to its field.
  await host.fill("#cs-invite", "5");
  await host.click("#cs-save");
  assert.equal(await host.getAttribute("#cs-invite", "aria-invalid"), "true");
  assert.equal(await host.evaluate(() => document.activeElement.id), "cs-invite");
  assert.match(await host.textContent("#cs-problems"), /15 到 600/);
  await auditStaff(host, "host with a settings problem");
  await host.fill("#cs-invite", "30");
  await host.fill("#cs-longest", "5");
  await host.click("#cs-save");
  await host.waitForFunction(() => /已保存/.test(document.getElementById("status").textContent));
  await host.waitForFunction(() => document.getElementById("cs-invite").getAttribute("aria-invalid") === "false");

  // 8. The second pair ends its chat early, by keyboard, asked first.
  await keyboardPress(phones[a2], "#chat-end");
  assert.equal(await phones[a2].evaluate(() => document.activeElement.id), "chat-end-no", "the safe choice has the focus");
  await auditPhone(browser, url(a2), "room");
  assert.match(await phones[a2].evaluate(() => document.activeElement.getAttribute("aria-describedby") && document.getElementById(document.activeElement.getAttribute("aria-describedby")).textContent), /现在结束私聊/, "the question is heard with its answers");
  await phones[a2].keyboard.press("Tab");
  assert.equal(await phones[a2].evaluate(() => document.activeElement.id), "chat-end-yes");
  await phones[a2].keyboard.press("Enter");
  await phones[a2].waitForFunction(() => /您结束了私聊/.test(document.getElementById("chat-card").textContent));
  await phones[b2].waitForFunction(() => /私聊结束了/.test(document.getElementById("chat-card").textContent));
  await phones[b2].waitForFunction(() => /私聊结束了/.test(document.getElementById("alert").textContent));
  await projector.waitForFunction(() => !document.querySelector("#rooms-list li.in-use") && /空闲/.test(document.getElementById("rooms-hall").textContent));

  for (const p of [...phones, host, matchmaker, projector]) assert.deepEqual(p.errors, []);
  for (const p of [...phones, host, matchmaker, projector]) await p.context().close();
});

test("a pair still queued when its date ends goes on to its next dates, and is told so", async () => {
  const ev = await setupEvent(server.base, { rooms: [{ label: "A", accessible: true }], roundSeconds: 60, transitionSeconds: 60 });
  const url = (i) => `${server.base}/p/#${ev.guests[i].token}`;
  const host = await hostConsole(browser, server.base, ev);
  const phones = [];
  for (let i = 0; i < ev.guests.length; i++) {
    const p = await openPage(browser, url(i), { viewport: VIEWPORTS.phone, lang: i === 0 ? "en" : "zh-CN" });
    await ready(p);
    phones.push(p);
  }
  await press(host, "b-start");
  for (const p of phones) await p.waitForFunction(() => Live.phase && Live.phase.phase === "round");
  await phones[0].waitForTimeout(300);
  const names = ev.guests.map((g) => g.display_name);
  const seen = await Promise.all(phones.map(guestView));
  const pairs = [];
  seen.forEach((v, i) => { const j = names.indexOf(v.partner); if (j > i) pairs.push([i, j]); });
  const [[a1, b1], [a2, b2]] = pairs;
  for (const [a, b] of [[a1, b1], [a2, b2]]) {
    await showsButton(phones[a], "chat-invite");
    await phones[a].click("#chat-invite");
    await showsButton(phones[b], "chat-accept");
    await phones[b].click("#chat-accept");
    await showsButton(phones[a], a === a1 ? "chat-end" : "chat-cancel");
  }
  // The round ends (the host moves on): the queued pair is told to go to its next date.
  await press(host, "b-skip");
  for (const i of [a2, b2]) {
    await phones[i].waitForFunction(() => Live.phase.phase === "transition");
    await phones[i].waitForFunction(() => /下一桌|next date/.test(document.getElementById("chat-card").textContent));
    await phones[i].waitForFunction(() => /下一桌|next date/.test(document.getElementById("alert").textContent));
    assert.equal(await phones[i].isVisible("#chat-cancel"), false);
  }
  // The pair in the room stays there, and its card says so rather than a table.
  for (const i of [a1, b1]) {
    const s = await chatState(phones[i]);
    assert.match(s.where, /私聊室 A|Room A/);
    assert.deepEqual(s.buttons, ["chat-end"]);
  }
  // Said and shown on the phone that saw it happen (a reloaded phone shows its next table).
  const problems = await axe(phones[a2], { enhanced: true });
  assert.deepEqual(problems, [], problems.join("\n"));
  await phones[a2].screenshot({ path: screenshotPath("participant-chat-after-queue-zh-CN"), fullPage: true });
  for (const p of [...phones, host]) assert.deepEqual(p.errors, []);
  for (const p of [...phones, host]) await p.context().close();
});

test("two minutes before a stay ends, the phone says so, politely and once", async () => {
  const ev = await setupEvent(server.base, { rooms: [{ label: "A", accessible: true }] });
  const url = (i) => `${server.base}/p/#${ev.guests[i].token}`;
  const host = await hostConsole(browser, server.base, ev);
  // The longest stay: three minutes.
  await host.waitForFunction(() => document.getElementById("cs-invite").value === "60");
  await host.fill("#cs-longest", "3");
  await host.click("#cs-save");
  await host.waitForFunction(() => /已保存/.test(document.getElementById("status").textContent));
  const phones = [];
  for (let i = 0; i < ev.guests.length; i++) {
    const p = await openPage(browser, url(i), { viewport: VIEWPORTS.phone });
    await ready(p);
    phones.push(p);
  }
  await press(host, "b-start");
  for (const p of phones) await p.waitForFunction(() => Live.phase && Live.phase.phase === "round");
  await phones[0].waitForTimeout(300);
  const names = ev.guests.map((g) => g.display_name);
  const seen = await Promise.all(phones.map(guestView));
  const a = seen.findIndex((v) => v.partner);
  const b = names.indexOf(seen[a].partner);

  // A second phone of the inviter's, on a fake clock; once its clock offset is
  // measured, pongs stop reaching it, so that moving its clock on does not move its
  // idea of the server's.
  const { page: fake, hush } = await fakeClockPhone(browser, url(a));
  await fake.waitForTimeout(1500); // a few pongs
  hush();
  await phones[a].click("#chat-invite");
  await showsButton(phones[b], "chat-accept");
  await phones[b].click("#chat-accept");
  await showsButton(fake, "chat-end");
  assert.match(await fake.textContent("#chat-timer"), /^[23]:\d\d$/);
  const now = await fake.evaluate(() => Date.now());
  await fake.clock.pauseAt(now + 200);
  for (let s = 0; s < 62; s++) await fake.clock.runFor(1000);
  const said = (await fake.evaluate(() => window.__said)).filter((w) => /私聊还剩/.test(w));
  assert.deepEqual(said, ["私聊还剩 2 分钟，请准备道别。"]);
  assert.match(await fake.textContent("#chat-text"), /私聊还剩 2 分钟/);
  assert.match(await fake.textContent("#chat-timer"), /^[12]:\d\d$/);
  for (const p of [...phones, fake, host]) assert.deepEqual(p.errors, []);
  for (const p of [...phones, fake, host]) await p.context().close();
});

// Volunteers (issue 26) on the pages: a volunteer starts a shift on a phone at 200%
// text, a blind guest asks for a guide, the volunteer takes the task by keyboard,
// the guest's phone says who is coming, the volunteer arrives and is done; the host
// sees the task; the organiser reads the hours and downloads volunteers.csv. Every
// new state passes axe.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, setupEvent, launch, openPage, api, ADMIN, VIEWPORTS, screenshotPath } from "./lib/harness.js";
import { clean } from "./lib/checks.js";
import { ready, hostConsole } from "./lib/views.js";

let server, browser, ev, volunteer;
before(async () => {
  server = await startServer();
  ev = await setupEvent(server.base);
  volunteer = await api(server.base, `/api/events/${ev.event}/staff`, { method: "POST", body: { role: "volunteer", name: "志愿者 小李", contact: "13900000001" } });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

const PHONE_200 = { viewport: { width: 375, height: 667 }, textScale: 2 };
/** The volunteer's page has no phase to wait for in the lobby's sense: its tasks. */
async function volunteerPage(options = PHONE_200) {
  const page = await openPage(browser, volunteer.url.replace(/^https?:\/\/[^/]+/, server.base), options);
  await page.waitForFunction(() => typeof Live === "object" && Live.state === "open" && !document.getElementById("desk").hidden, null, { timeout: 15000 });
  await page.waitForTimeout(300);
  return page;
}

test("a volunteer takes a blind guest's request by keyboard; the guest hears who is coming", async () => {
  const vol = await volunteerPage();
  await clean(vol, "the volunteer's page, off shift, 200% text");
  await vol.click("#shift");
  await vol.waitForFunction(() => /值班中/.test(document.getElementById("shift-text").textContent));
  // 张敏 is guided: she needs a guide by default.
  const guest = await openPage(browser, `${server.base}/p/#${ev.guests[2].token}`, { viewport: VIEWPORTS.phone });
  await ready(guest);
  await guest.waitForSelector("#escort-card:not([hidden])");
  assert.equal(await guest.isChecked("input[name=escort-need][value=guide]"), true);
  await clean(guest, "a guided guest's escort card");
  await guest.fill("#escort-to", "洗手间");
  await guest.click("#escort-ask");
  await guest.waitForFunction(() => /正在安排志愿者/.test(document.getElementById("escort-state").textContent));
  // The volunteer's phone: the task, its guest's number, name, need and how they talk.
  const take = vol.getByRole("button", { name: `接这个任务：${ev.guests[2].number} 号 ${ev.guests[2].display_name}` });
  await take.waitFor();
  assert.match(await vol.textContent("#open"), /引导（视障）.*洗手间/s);
  assert.doesNotMatch(await vol.textContent("#desk"), /我看不见/, "never a note for partners");
  await clean(vol, "the volunteer's page with a task waiting, 200% text");
  await take.focus();
  await vol.keyboard.press("Enter");
  await vol.waitForFunction(() => document.querySelector("#mine [data-verb='escort.arrived']"));
  assert.match(await vol.textContent("#mine"), /问拍引报/);
  await clean(vol, "the volunteer's task in hand, 200% text");
  await vol.screenshot({ path: screenshotPath("volunteer-task-200-zh-CN"), fullPage: true });
  await guest.waitForFunction(() => /志愿者小李正在过来/.test(document.getElementById("escort-state").textContent));
  assert.equal(await guest.isVisible("#escort-cancel"), true, "the guest may decline");
  await clean(guest, "the guest's phone: a volunteer on the way");
  // The host sees it under way.
  const host = await hostConsole(browser, server.base, ev);
  await host.waitForSelector("#escorts-card:not([hidden])");
  assert.match(await host.textContent("#escorts-card"), /洗手间/);
  await clean(host, "the host's escorts card");
  await vol.click("#mine [data-verb='escort.arrived']");
  await guest.waitForFunction(() => /已经到了/.test(document.getElementById("escort-state").textContent));
  await vol.click("#mine [data-verb='escort.done']");
  await vol.waitForFunction(() => /洗手间/.test(document.getElementById("done").textContent));
  await guest.waitForFunction(() => /现在没有志愿者任务/.test(document.getElementById("escort-state").textContent));
  for (const p of [vol, guest, host]) await p.context().close();
});

test("the organiser reads a volunteer's hours and downloads volunteers.csv", async () => {
  const admin = await openPage(browser, `${server.base}/admin/#${ADMIN}`, { viewport: VIEWPORTS.tablet });
  await ready(admin);
  await admin.waitForFunction(() => /志愿者 小李/.test(document.getElementById("volunteers-card").textContent));
  assert.match(await admin.textContent("#volunteers-card"), /完成 1 个引导任务/);
  await clean(admin, "the organiser's volunteers card");
  // End the shift for them, by keyboard.
  await admin.getByRole("button", { name: "结束值班：志愿者 小李" }).click();
  await admin.waitForFunction(() => /未值班/.test(document.getElementById("volunteers-card").textContent));
  const res = await fetch(`${server.base}/api/events/${ev.event}/exports/volunteers.csv`, { headers: { Authorization: `Bearer ${ADMIN}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "a byte-order mark");
  const text = bytes.subarray(3).toString("utf8");
  assert.ok(text.includes("\r\n"), "CRLF line ends");
  const [header, row] = text.trim().split("\r\n").map((l) => l.split(","));
  assert.deepEqual(header, ["姓名", "联系方式", "签到时间", "签退时间", "服务时长（小时）", "完成任务数"]);
  assert.equal(row[0], "志愿者 小李");
  assert.equal(row[1], "13900000001");
  assert.match(row[2], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  assert.equal(row[4], "0.0", "minutes on shift round down to no half hour");
  assert.equal(row[5], "1");
  // The certificate list for the organiser's seal prints as a page of its own.
  await admin.click("#certificates");
  await admin.waitForSelector("body[data-ready=true]");
  assert.match(await admin.textContent("#doc"), /志愿服务证明.*志愿者 小李.*主办单位（盖章）/s);
  await clean(admin, "the certificates of volunteer service");
  await admin.emulateMedia({ media: "print" });
  const pdf = await admin.pdf({ preferCSSPageSize: true });
  assert.ok(pdf.length > 1000, "a PDF");
  await admin.screenshot({ path: screenshotPath("print-certificates-zh-CN") });
  await admin.context().close();
});

test("at check-in the tablet records that a wheelchair user would like a push", async () => {
  const mm = await openPage(browser, `${server.base}/matchmaker/#${ev.staff.matchmaker}`, { viewport: VIEWPORTS.tablet });
  await ready(mm);
  const g = ev.guests[0];
  const select = mm.getByRole("combobox", { name: `志愿者引导：${g.number} ${g.display_name}` });
  await select.waitFor();
  await select.selectOption("push");
  await mm.waitForFunction(() => /志愿者引导/.test(document.getElementById("status").textContent));
  const record = await api(server.base, `/api/events/${ev.event}/participants/${g.id}`);
  assert.equal(record.escort, "push");
  await clean(mm, "the tablet with a volunteer need set");
  await mm.context().close();
});

test("the organiser erases a volunteer's data, asked first", async () => {
  const admin = await openPage(browser, `${server.base}/admin/#${ADMIN}`, { viewport: VIEWPORTS.tablet });
  await ready(admin);
  const erase = admin.getByRole("button", { name: "删除志愿者资料：志愿者 小李" });
  await erase.waitFor();
  await erase.click();
  await admin.click("#confirm-ok");
  await admin.waitForFunction(() => /（已删除）/.test(document.getElementById("volunteers-card").textContent));
  assert.equal(await admin.evaluate(() => document.activeElement.id), "volunteers-heading");
  const list = await api(server.base, `/api/events/${ev.event}/volunteers`);
  assert.deepEqual([list[0].name, list[0].contact, list[0].shifts.length], ["", null, 0]);
  await clean(admin, "the volunteers card after an erasure");
  await admin.context().close();
});

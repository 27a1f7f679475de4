// The organiser's whole day on the page (issue 24): change the event until the
// host starts it, its status at a glance, guests added, changed, withdrawn and
// given a new link by hand, the roster template, a token that stopped working said
// plainly, and the paper: badges, table signs and the report printed to PDF (page
// counts, badge numbers at least 40 px high). Every new state passes axe.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, setupEvent, launch, openPage, api, ADMIN, VIEWPORTS, screenshotPath } from "./lib/harness.js";
import { clean } from "./lib/checks.js";
import { ready, hostConsole, press } from "./lib/views.js";

let server, browser, ev;
before(async () => {
  server = await startServer();
  ev = await setupEvent(server.base);
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

const admin = (lang = "zh-CN", viewport = VIEWPORTS.tablet, textScale = 1) =>
  openPage(browser, `${server.base}/admin/#${ADMIN}`, { lang, viewport, textScale });

/** Waits for the page's status line to match. */
const says = (page, re) => page.waitForFunction((src) => new RegExp(src).test(document.getElementById("status").textContent), re.source, { timeout: 10000 });

/** The number of pages of a PDF (Chromium gives each page its MediaBox). */
const pages = (pdf) => (pdf.toString("latin1").match(/\/MediaBox/g) || []).length;

test("the organiser changes the event before the evening, and sees its status at a glance", async () => {
  const page = await admin("en");
  await ready(page);
  assert.match(await page.textContent("#event-state"), /Status: not started · check-in open, 6 here/);
  await page.click("#edit-event");
  assert.equal(await page.inputValue("#f-title"), "春日八分钟约会");
  assert.equal(await page.inputValue("#f-rounds"), "4");
  await clean(page, "the event form, filled for a change");
  await page.locator("#create").screenshot({ path: screenshotPath("admin-edit-en") });
  await page.fill("#f-organiser", "市残疾人联合会");
  await page.fill("#f-rounds", "0");
  await page.click("#create-button");
  await page.waitForFunction(() => document.activeElement.id === "create-errors");
  assert.match(await page.textContent("#create-errors"), /Rounds/);
  await clean(page, "the event form with a problem");
  await page.fill("#f-rounds", "5");
  await page.fill("#f-min-female", "25");
  await page.click("#create-button");
  await says(page, /The changes to "春日八分钟约会" are saved/);
  const read = await api(server.base, `/api/events/${ev.event}`);
  assert.equal(read.organiser, "市残疾人联合会");
  assert.equal(read.rounds, 5);
  assert.equal(read.eligibility.min_age_female, 25);
  assert.deepEqual(read.tables.map((x) => [x.label, x.accessible, x.quiet]),
    [["1", true, false], ["2", true, false], ["3", false, false], ["4", false, true]], "the tables were not touched, so they are kept");
  await page.waitForFunction(() => /Held by 市残疾人联合会/.test(document.getElementById("event-details").textContent));
  // The programme before the evening: a usual one to begin from, then one removed.
  await page.click("#programme-edit");
  await page.click("#programme-usual");
  await says(page, /A usual programme is set/);
  await page.getByRole("button", { name: "Remove: 才艺展示" }).click();
  await says(page, /Removed: 才艺展示/);
  const stored = await api(server.base, `/api/events/${ev.event}`);
  assert.deepEqual(stored.programme.map((s) => s.kind), ["opening", "introductions", "dates", "reveal", "closing"]);
  await clean(page, "the organiser's programme editor");
  await page.context().close();
});

test("the organiser adds, changes and withdraws a guest and gives one a new link, by hand", async () => {
  const page = await admin("zh-CN", VIEWPORTS.tablet);
  await ready(page);
  await page.click("#add-guest");
  assert.equal(await page.evaluate(() => document.activeElement.id), "g-name");
  await page.fill("#g-name", "孙丽");
  await page.click("#guest-save");
  await page.waitForFunction(() => document.activeElement.id === "guest-errors");
  assert.match(await page.textContent("#guest-errors"), /年龄/);
  await clean(page, "the guest form with a problem");
  await page.fill("#g-age", "26");
  await page.selectOption("#g-mobility", "wheelchair");
  await page.check("input[name=communication][value=sign]");
  await page.fill("#g-contact", "13900000000");
  await page.click("#guest-save");
  await page.waitForFunction(() => document.activeElement.id === "guest-done");
  assert.match(await page.textContent("#guest-result"), /已添加 7 孙丽/);
  assert.match(await page.getAttribute("#guest-result a", "href"), /^\/print\/\?doc=badges&event=.+&participant=/);
  await clean(page, "a guest added");
  await page.screenshot({ path: screenshotPath("admin-guests-zh-CN"), fullPage: true });
  // Changed: her age; the rest of her record stays.
  await page.getByRole("button", { name: "修改 7 孙丽 的资料" }).click();
  await page.waitForFunction(() => !document.getElementById("guest-form").hidden && document.getElementById("g-name").value === "孙丽");
  assert.equal(await page.inputValue("#g-mobility"), "wheelchair");
  await page.fill("#g-age", "27");
  await page.click("#guest-save");
  await page.waitForFunction(() => /已保存 7 孙丽 的资料/.test(document.getElementById("guest-result").textContent));
  const roster = await api(server.base, `/api/events/${ev.event}/participants`);
  const sun = roster.find((p) => p.display_name === "孙丽");
  assert.deepEqual([sun.age, sun.mobility, sun.communication], [27, "wheelchair", ["speech", "sign"]]);
  // A new link: shown once, with a way to reprint her badge.
  await page.getByRole("button", { name: "给 7 孙丽 新链接" }).click();
  await page.click("#confirm-ok");
  await page.waitForSelector("#newlink[open] svg");
  assert.match(await page.textContent("#newlink-print"), /打印 7 孙丽 的新胸牌/);
  await clean(page, "a guest's new link, with the reprint");
  await page.click("#newlink-close");
  // Withdrawn: gone from the roster, kept on record.
  await page.getByRole("button", { name: "让 7 孙丽 退出活动" }).click();
  await page.click("#confirm-ok");
  await says(page, /7 孙丽 已退出活动/);
  await page.waitForFunction(() => ![...document.querySelectorAll("#roster tr")].some((r) => r.textContent.includes("孙丽")));
  const gone = await api(server.base, `/api/events/${ev.event}/participants/${sun.id}`);
  assert.equal(gone.status, "withdrawn");
  await page.context().close();
});

test("the roster template downloads with Chinese headers, beside a short guide", async () => {
  const page = await admin("zh-CN");
  await ready(page);
  await page.click("#import-guide-title");
  assert.match(await page.textContent("#import-guide"), /必填：姓名、性别/);
  await clean(page, "the import guide, open");
  // A roster with a problem: the column is named as the template heads it.
  await page.setInputFiles("#csv", { name: "roster.csv", mimeType: "text/csv", buffer: Buffer.from("姓名,性别,年龄,婚姻状况\n孙丽,女,十八,未婚\n") });
  await page.click("#import-button");
  await page.waitForFunction(() => document.querySelector("#import-errors li"));
  const problem = await page.textContent("#import-errors");
  assert.match(problem, /第 2 行 年龄：/);
  assert.doesNotMatch(problem, /[A-Za-z]{3,}/, "no English in the Chinese page's import errors");
  await clean(page, "an import with a problem");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#template")]);
  const text = await (await import("node:fs/promises")).readFile(await download.path(), "utf8");
  assert.match(text.replace(/^\uFEFF/, ""), /^姓名,性别,/);
  await page.context().close();
});

test("a token that stopped working is said plainly, with the way back in", async () => {
  for (const lang of ["zh-CN", "en"]) {
    const page = await openPage(browser, `${server.base}/admin/#not-the-admin-token-0123456789abcdef`, { lang, viewport: VIEWPORTS.phone });
    await page.waitForSelector("#signin:not([hidden])");
    const said = await page.textContent("#status");
    assert.doesNotMatch(said, /Bearer|Authorization/);
    assert.match(said, lang === "en" ? /no longer works.*blossom\.admin-token/ : /已经不能用了.*blossom\.admin-token/);
    await clean(page, `a token that stopped working, ${lang}`);
    await page.context().close();
  }
});

test("badges, table signs and the report print to PDF as sheets of their own", async () => {
  // Forty guests in all: seven A4 pages of six badges.
  for (let i = ev.guests.length; i < 40; i++) {
    await api(server.base, `/api/events/${ev.event}/participants`, {
      method: "POST", body: { display_name: `嘉宾${i + 1}`, gender: i % 2 ? "male" : "female", age: 30, marital_status: "unmarried" },
    });
  }
  const page = await admin("zh-CN");
  await ready(page);
  const href = await page.getAttribute("#badges", "href");
  assert.match(href, /^\/print\/\?doc=badges&event=/, "the control leads to the printable page itself");
  await page.click("#badges");
  await page.waitForSelector("body[data-ready=true]");
  await clean(page, "the badge sheet");
  assert.equal(await page.locator(".badge").count(), 40, "every guest still registered (the withdrawn one has none)");
  const px = await page.$eval(".badge .number", (n) => parseFloat(getComputedStyle(n).fontSize));
  assert.ok(px >= 40, `badge numbers ${px} px high`);
  await page.screenshot({ path: screenshotPath("print-badges-zh-CN") });
  await page.emulateMedia({ media: "print" });
  assert.equal(pages(await page.pdf({ preferCSSPageSize: true })), 7, "40 badges, six to a page");
  await page.emulateMedia({ media: null });
  // Table signs: four tables, a room and a desk, one a page, A4 then A5.
  await page.goto(`${server.base}/print/?doc=signs&event=${ev.event}`);
  await page.waitForSelector("body[data-ready=true]");
  await clean(page, "the table signs");
  await page.screenshot({ path: screenshotPath("print-signs-zh-CN") });
  assert.match(await page.textContent(".sign"), /桌号.*1.*无障碍/s);
  assert.equal(pages(await page.pdf({ preferCSSPageSize: true })), 6);
  await page.check("input[name=size][value=a5]");
  await page.waitForSelector("body.a5[data-ready=true]");
  const a5 = await page.pdf({ preferCSSPageSize: true });
  assert.equal(pages(a5), 6);
  const box = /MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)/.exec(a5.toString("latin1")).slice(1).map(Number);
  assert.ok(Math.abs(box[0] - 595) < 2 && Math.abs(box[1] - 420) < 2, `A5 landscape, not ${box}`);
  // The report: a first page naming the event, then the sections.
  await page.goto(`${server.base}/print/?doc=report&event=${ev.event}`);
  await page.waitForSelector("body[data-ready=true]");
  await clean(page, "the report as a document");
  const cover = await page.textContent(".cover");
  for (const words of ["活动总结", "春日八分钟约会", "市残疾人联合会", "市残联活动中心", "2026年12月12日 14:00", "报名", "牵手"]) assert.ok(cover.includes(words), words);
  assert.match(cover, /合计，人/, "each figure says what it is and its unit");
  const n = pages(await page.pdf({ preferCSSPageSize: true }));
  assert.ok(n >= 2, `the report has a first page and its sections (${n} pages)`);
  await page.screenshot({ path: screenshotPath("print-report-zh-CN"), fullPage: true });
  await page.context().close();
});

test("once the host starts, the status says which round and the event can no longer be changed", async () => {
  const host = await hostConsole(browser, server.base, ev);
  await press(host, "b-start");
  const page = await admin("en");
  await ready(page);
  await page.waitForFunction(() => /live · round 1 of 5 · dates under way/.test(document.getElementById("event-state").textContent));
  assert.equal(await page.isVisible("#edit-event"), false);
  await clean(page, "a live event's status");
  await page.locator("#event-heading").locator("..").screenshot({ path: screenshotPath("admin-status-en") });
  for (const p of [page, host]) await p.context().close();
});

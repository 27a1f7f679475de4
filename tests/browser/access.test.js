// Access on a real venue's screens (issue 13): the token leaves the address bar as
// soon as a page has read it, a reload still works, a malformed fragment breaks
// nothing, and the organiser switches a staff link off or gives a new one from
// the page, by keyboard, with the open page closing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, setupEvent, launch, openPage, api, ADMIN, VIEWPORTS } from "./lib/harness.js";
import { axe } from "./lib/checks.js";
import { ready } from "./lib/views.js";

let server, browser, ev;
before(async () => {
  server = await startServer();
  ev = await setupEvent(server.base);
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

test("each page takes its token out of the address bar, and a reload keeps it", async () => {
  for (const [path, token] of [["/p/", ev.guests[0].token], ["/host/", ev.staff.host], ["/admin/", ADMIN]]) {
    const page = await openPage(browser, `${server.base}${path}#${token}`, { lang: "en" });
    await ready(page);
    assert.equal(new URL(page.url()).hash, "", `${path}: the token is still in the address bar`);
    await page.reload();
    await ready(page);
    assert.deepEqual(page.errors, [], path);
    await page.context().close();
  }
});

test("a guest's link pairs one phone: a second phone is told plainly, the first keeps working", async () => {
  const link = ev.guests[1].token;
  const phone = await openPage(browser, `${server.base}/p/#${link}`, { lang: "en" });
  await ready(phone);
  // Opened again from the home screen, without the link: the kept session.
  const again = await phone.context().newPage();
  const againErrors = [];
  again.on("pageerror", (e) => againErrors.push(String(e)));
  await again.goto(`${server.base}/p/`);
  await ready(again);
  assert.equal(await again.locator("#alert, .problem").filter({ hasText: "already been used" }).count(), 0);
  // Someone else who photographed the slip.
  const other = await openPage(browser, `${server.base}/p/#${link}`, { lang: "en", device: "a-stranger", textScale: 2 });
  await other.getByText("already been used", { exact: false }).first().waitFor({ timeout: 10000 });
  assert.deepEqual(await axe(other), [], "the refusal passes axe at 200% text");
  await phone.setViewportSize({ width: 390, height: 844 });
  assert.deepEqual(phone.errors, []);
  assert.deepEqual(againErrors, []);
  await other.context().close();
  await phone.context().close();
});

test("a malformed fragment shows the sign-in, not a broken page", async () => {
  for (const path of ["/p/", "/host/", "/matchmaker/", "/projector/", "/admin/"]) {
    const page = await openPage(browser, `${server.base}${path}#%`, { lang: "en" });
    await page.waitForTimeout(500);
    assert.deepEqual(page.errors, [], `${path}: script errors`);
    assert.ok((await page.locator("body").innerText()).trim().length > 0, `${path}: blank`);
    await page.context().close();
  }
});

test("the organiser switches a staff link off, then gives a new one, by keyboard", async () => {
  const made = await api(server.base, `/api/events/${ev.event}/staff`, { method: "POST", body: { role: "matchmaker", name: "Wang" } });
  const tablet = await openPage(browser, `${server.base}/matchmaker/#${made.token}`, { lang: "en", viewport: VIEWPORTS.tablet });
  await ready(tablet);
  const admin = await openPage(browser, `${server.base}/admin/#${ADMIN}`, { lang: "en", viewport: VIEWPORTS.tablet });
  await ready(admin);
  const off = admin.getByRole("button", { name: "Switch off Wang's link" });
  await off.focus();
  await admin.keyboard.press("Enter");
  const dialog = admin.getByRole("dialog");
  await dialog.waitFor();
  assert.deepEqual(await axe(admin), [], "the question passes axe");
  // The safe choice has the focus: Tab to the one that switches off.
  await admin.keyboard.press("Tab");
  await admin.keyboard.press("Enter");
  await admin.getByText("Wang's link is switched off.").waitFor();
  assert.ok(await admin.getByText("link switched off").isVisible());
  // The open tablet is told and closes.
  await tablet.getByText("switched this staff link off", { exact: false }).waitFor({ timeout: 10000 });
  assert.deepEqual(await axe(admin), [], "the list with a switched-off link passes axe");

  // A new link: the focus stays on Wang's row.
  const renew = admin.getByRole("button", { name: "New link for Wang" });
  assert.equal(await renew.evaluate((b) => b === document.activeElement), true, "the focus stays with the row");
  await admin.keyboard.press("Enter");
  await dialog.waitFor();
  await admin.keyboard.press("Tab");
  await admin.keyboard.press("Enter");
  await admin.getByText("Wang has a new link", { exact: false }).waitFor();
  const href = await admin.locator("li[data-name='Wang'] a").getAttribute("href");
  const fresh = await openPage(browser, href, { lang: "en", viewport: VIEWPORTS.tablet });
  await ready(fresh);
  for (const p of [admin, fresh]) assert.deepEqual(p.errors, []);
  for (const p of [tablet, admin, fresh]) await p.context().close();
});

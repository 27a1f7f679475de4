// Erasure and access in real pages (PIPL): a guest reads everything stored about
// them on their phone (by keyboard, with the focus moved to it), asks to be
// erased (asked first); the organiser sees the request on the roster and erases
// them, and the guest's page says the link no longer works. After the evening
// closes, the organiser erases everyone's personal data and the report stays.
// Every new state passes axe, at phone size and at 200% text.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, setupEvent, launch, openPage, VIEWPORTS, ADMIN } from "./lib/harness.js";
import { scrollsSideways, clean } from "./lib/checks.js";
import { ready, hostConsole, press } from "./lib/views.js";

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

test("a guest reads what is stored about them and asks to be erased; the organiser erases them", async () => {
  const ev = await setupEvent(server.base);
  const guest = ev.guests[0];
  const phone = await openPage(browser, `${server.base}/p/#${guest.token}`, { lang: "en", viewport: VIEWPORTS.phone, textScale: 2 });
  await ready(phone);
  await phone.waitForSelector("#mydata:not([hidden])");
  await phone.focus("#mydata-show");
  await phone.keyboard.press("Enter");
  await phone.waitForSelector("#mydata-list:not([hidden])");
  assert.equal(await phone.evaluate(() => document.activeElement.id), "mydata-list", "the focus moves to the data");
  assert.equal(await phone.getAttribute("#mydata-show", "aria-expanded"), "true");
  const shown = await phone.textContent("#mydata-list");
  assert.match(shown, /13800000000/, "the contact is shown to its owner");
  assert.match(shown, new RegExp(guest.display_name));
  assert.match(shown, /registered/);
  assert.equal(await scrollsSideways(phone), false, "no sideways scrolling at 200% text");
  await clean(phone, "the guest's data, 200% text");

  await phone.click("#mydata-erase");
  await phone.getByRole("dialog").waitFor();
  await clean(phone, "the erasure question");
  await phone.click("#confirm-ok");
  await phone.waitForFunction(() => /request was received/.test(document.getElementById("mydata-status").textContent));
  await clean(phone, "the request received");

  const admin = await openPage(browser, `${server.base}/admin/#${ADMIN}`, { lang: "en", viewport: VIEWPORTS.tablet });
  await ready(admin);
  await admin.selectOption("#event-select", ev.event);
  const erase = admin.getByRole("button", { name: `Erase ${guest.display_name}'s data` });
  await erase.waitFor();
  assert.ok(await admin.getByText("asked to be erased").isVisible());
  await clean(admin, "the roster with an erasure request");
  await erase.click();
  await admin.getByRole("dialog").waitFor();
  await admin.click("#confirm-ok");
  await admin.waitForFunction((n) => document.getElementById("status").textContent.includes(`${n}'s data is erased`), guest.display_name);
  assert.equal(await admin.evaluate(() => document.activeElement.classList.contains("table-wrap")), true, "the focus stays on the roster");
  assert.equal(await admin.getByText("asked to be erased").count(), 0);
  await clean(admin, "the roster after an erasure");
  // The phone is told its link no longer works.
  await phone.waitForFunction(() => /no longer works/.test(document.body.innerText), null, { timeout: 15000 });
  await phone.context().close();
  await admin.context().close();
});

test("after the close, the organiser erases everyone's personal data and the report stays", async () => {
  const ev = await setupEvent(server.base, { rounds: 1 });
  const host = await hostConsole(browser, server.base, ev);
  await press(host, "b-start");
  await press(host, "b-end");
  await host.context().close();
  const admin = await openPage(browser, `${server.base}/admin/#${ADMIN}`, { lang: "en", viewport: VIEWPORTS.tablet });
  await ready(admin);
  await admin.selectOption("#event-select", ev.event);
  await admin.waitForSelector("#purge:not([hidden])");
  await clean(admin, "a closed event, before the purge");
  await admin.click("#purge");
  await admin.getByRole("dialog").waitFor();
  await admin.click("#confirm-ok");
  await admin.waitForFunction(() => /report is kept/.test(document.getElementById("status").textContent));
  await admin.waitForFunction(() => /only the report is kept/.test(document.getElementById("privacy-text").textContent));
  assert.equal(await admin.isVisible("#purge"), false);
  assert.equal(await admin.evaluate(() => document.activeElement.id), "privacy-heading");
  assert.match(await admin.textContent("#roster"), /No participants yet/);
  await clean(admin, "after the purge");
  await admin.click("#show-report");
  await admin.waitForSelector("#report:not([hidden])");
  assert.match(await admin.textContent("#report-body"), /Registered: 6; Came: 6/, "the report's figures are kept");
  await clean(admin, "the kept report");
  await admin.context().close();
});

// A join link pairs one phone (issue 22), in the pages: a matchmaker gives a guest
// who lost their phone a new link, shown once as a QR code; the phone that opens it
// says who re-issued it and when, and asks for the last four digits of the guest's
// number before it shows anything more; a phone that cannot confirm itself shows a
// code the organiser types; the organiser reads it all in the audit log. Every new
// state passes axe at 200% text, by keyboard where a person would use one.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, setupEvent, launch, openPage, api, ADMIN, VIEWPORTS } from "./lib/harness.js";
import { clean } from "./lib/checks.js";
import { ready } from "./lib/views.js";

let server, browser, ev;
before(async () => {
  server = await startServer();
  ev = await setupEvent(server.base);
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

test("a matchmaker gives a new link once; the new phone says who gave it and asks for the digits", async () => {
  const guest = ev.guests[2];
  const tablet = await openPage(browser, `${server.base}/matchmaker/#${ev.staff.matchmaker}`, { viewport: VIEWPORTS.tablet, textScale: 2 });
  await ready(tablet);
  // The desk finds the guest by the number on the keypad, and sees their link is on
  // a phone (every test guest's phone opened it before the start).
  await tablet.click(`#keypad [data-key="${guest.number}"]`);
  assert.equal(await tablet.inputValue("#q"), String(guest.number));
  const row = tablet.locator(`#people li[data-id="${guest.id}"]`);
  await row.getByText("链接已在手机上").waitFor();
  const button = tablet.getByRole("button", { name: `新链接：${guest.number} ${guest.display_name}` });
  await button.focus();
  await tablet.keyboard.press("Enter");
  await tablet.locator("#confirm").waitFor();
  const issued = tablet.waitForResponse((r) => r.url().endsWith(`/participants/${guest.id}/token`));
  // The safe choice has the focus: Tab to the one that gives the link.
  await tablet.keyboard.press("Tab");
  await tablet.keyboard.press("Enter");
  const link = (await (await issued).json()).token;
  const qr = tablet.locator("#newlink-qr svg");
  await qr.waitFor();
  assert.match(await qr.getAttribute("aria-label"), new RegExp(`${guest.number} 号`));
  assert.equal(await tablet.evaluate(() => document.activeElement.id), "newlink-close");
  await clean(tablet, "the tablet showing a new link");
  await tablet.keyboard.press("Enter");
  await tablet.locator("#newlink").waitFor({ state: "hidden" });
  assert.equal(await tablet.locator("#newlink-qr svg").count(), 0, "the code is forgotten once closed");
  // The old phone's link no longer works; the guest's new phone opens the new one.
  const phone = await openPage(browser, `${server.base}/p/#${link}`, { device: "guests-new-phone", textScale: 2 });
  await phone.locator("#identity").waitFor();
  assert.match(await phone.textContent("#identity-issued"), /由红娘 周红娘重新发放/);
  for (const hidden of ["chat-card", "marks-card", "desk-card", "mydata"]) {
    assert.equal(await phone.isVisible("#" + hidden), false, `${hidden} stays hidden until confirmed`);
  }
  await clean(phone, "an unconfirmed phone at 200% text");
  await phone.fill("#identity-digits", "1234");
  await phone.keyboard.press("Enter");
  await phone.getByText("还可以再试 4 次", { exact: false }).first().waitFor();
  assert.equal(await phone.getAttribute("#identity-digits", "aria-invalid"), "true");
  await clean(phone, "wrong digits");
  await phone.fill("#identity-digits", "0000");
  await phone.keyboard.press("Enter");
  await phone.locator("#identity").waitFor({ state: "hidden" });
  assert.match(await phone.textContent("#issued"), /周红娘/);
  await clean(phone, "a confirmed phone with a re-issued link");
  await phone.context().close();
  await tablet.context().close();
});

test("a phone that cannot confirm itself shows a code, the organiser types it, and reads the audit log", async () => {
  const guest = ev.guests[3];
  const made = await api(server.base, `/api/events/${ev.event}/participants/${guest.id}/token`, { method: "POST", body: {} });
  const phone = await openPage(browser, `${server.base}/p/#${made.token}`, { device: "found-phone", lang: "en" });
  await phone.locator("#identity").waitFor();
  // Five wrong tries, by keyboard: then only the organiser can confirm it.
  for (let i = 0; i < 5; i++) {
    await phone.fill("#identity-digits", "9999");
    await phone.keyboard.press("Enter");
    await phone.waitForFunction((n) => !document.getElementById("identity-tries").textContent.includes(`${5 - n} tries`), i);
  }
  await phone.locator("#identity-form").waitFor({ state: "hidden" });
  const code = (await phone.textContent("#identity-code")).replace(/\s/g, "");
  assert.match(code, /^\d{6}$/);
  await clean(phone, "a locked phone showing its code");
  const admin = await openPage(browser, `${server.base}/admin/#${ADMIN}`, { lang: "en", viewport: VIEWPORTS.tablet, textScale: 2 });
  await admin.locator("#confirm-form").waitFor();
  await admin.fill("#confirm-number", String(guest.number));
  await admin.fill("#confirm-code", "000000");
  await admin.click("#confirm-button");
  await admin.getByText("That is not the code", { exact: false }).waitFor();
  await admin.fill("#confirm-code", code);
  await admin.click("#confirm-button");
  await admin.getByText(`No. ${guest.number}'s phone is confirmed.`).waitFor();
  await phone.locator("#identity").waitFor({ state: "hidden" });
  // The audit log: the re-issue by the organiser, the claim, the failed tries, the
  // confirmation; filtered to one kind.
  await admin.click("#audit-refresh");
  await admin.getByRole("cell", { name: "guest's phone confirmed" }).first().waitFor();
  await admin.selectOption("#audit-filter", "participant.link_reissued");
  const rows = await admin.locator("#audit tr").allTextContents();
  assert.ok(rows.length >= 2, rows.join("\n"));
  assert.ok(rows.some((r) => r.includes("organiser") && r.includes(String(guest.number))), rows.join("\n"));
  assert.ok(rows.some((r) => r.includes("matchmaker 周红娘")), rows.join("\n"));
  await clean(admin, "the organiser's confirmation and audit log at 200% text");
  await admin.context().close();
  await phone.context().close();
});

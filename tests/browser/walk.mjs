// A newcomer's walk through `blossom serve --demo --short-rounds` (not a test: it
// makes the screenshots in docs/screenshots/ for the guide and the closing note).
import { join } from "node:path";
import { launch, openPage, VIEWPORTS } from "./lib/harness.js";
import { startDemo } from "./lib/demo.js";

const bin = process.argv[2];
const out = process.argv[3];
const { base, token, link, guests, stop } = await startDemo(bin);
const browser = await launch();
const shot = (page, name, opts = {}) => page.screenshot({ path: join(out, name + ".png"), ...opts });

const admin = await openPage(browser, `${base}/admin/#${token}`, { viewport: VIEWPORTS.tablet });
await admin.waitForSelector("#event:not([hidden])");
await shot(admin, "walk-1-organiser");
const print = await openPage(browser, `${base}${await admin.getAttribute("#badges", "href")}`, { viewport: VIEWPORTS.tablet });
await print.waitForSelector("body[data-ready=true]");
await shot(print, "walk-2-badges");
const host = await openPage(browser, link("host"), { viewport: VIEWPORTS.tablet });
await host.waitForFunction(() => typeof Live === "object" && Live.phase);
const projector = await openPage(browser, link("projector"), { viewport: VIEWPORTS.projector });
await projector.waitForFunction(() => typeof Live === "object" && Live.phase);
await shot(projector, "walk-3-projector-lobby");
// A guest opens their badge's link at the door, before the evening starts: the
// phone is theirs at once (a link claimed later asks for four digits first).
const phone = await openPage(browser, guests[0], { viewport: { width: 390, height: 844 }, textScale: 2 });
await phone.waitForFunction(() => typeof Live === "object" && Live.phase);
// The door: everyone checks in (on the tablet, by badge number; here over the API).
const eventId = await admin.inputValue("#event-select");
const call = (path, method = "GET") => fetch(base + path, { method, headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" }, body: method === "POST" ? "{}" : undefined }).then((r) => r.json());
for (const p of await call(`/api/events/${eventId}/participants`)) await call(`/api/events/${eventId}/participants/${p.id}/check-in`, "POST");
await host.click("#b-start");
await host.click("#confirm-ok");
await host.waitForTimeout(1500);
console.log("host says:", await host.textContent("#status"), JSON.stringify(await host.evaluate(() => Live.phase)));
await host.waitForFunction(() => Live.phase && Live.phase.phase === "round");
await phone.waitForFunction(() => typeof Live === "object" && Live.phase && Live.phase.phase === "round" && document.querySelector("#with .partner"));
await shot(phone, "walk-4-guest-200");
await projector.waitForTimeout(500);
await shot(projector, "walk-5-projector-round");
const mm = await openPage(browser, link("matchmaker"), { viewport: VIEWPORTS.tablet });
await mm.waitForFunction(() => typeof Live === "object" && Live.phase);
await shot(mm, "walk-6-matchmaker");
await admin.reload();
await admin.waitForFunction(() => /round 1|第 1 轮/.test(document.getElementById("event-state").textContent));
await admin.locator("#event-heading").locator("..").screenshot({ path: join(out, "walk-7-organiser-live.png") });
await host.click("#b-end");
await host.click("#confirm-ok");
await host.waitForFunction(() => Live.phase && Live.phase.phase === "closed");
// The demo's programme goes on after the dates: the reveal, then the evening ends.
await host.getByRole("button", { name: "开始：牵手时刻" }).click();
await host.waitForTimeout(500);
await host.click("#b-end");
await host.click("#confirm-ok");
await projector.waitForSelector("#closing:not([hidden])");
await shot(projector, "walk-8-projector-closed");
const report = await openPage(browser, `${base}/print/?doc=report&event=${eventId}#${token}`, { viewport: VIEWPORTS.tablet });
await report.waitForSelector("body[data-ready=true]");
await shot(report, "walk-9-report", { fullPage: true });
console.log(JSON.stringify({ errors: [admin, print, host, projector, phone, mm, report].flatMap((p) => p.errors) }));
await browser.close();
stop();

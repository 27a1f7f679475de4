// The evening's programme (issue 25, first part) on the pages: the host sets a usual
// programme from the console, edits it, starts the opening (the projector shows its
// title large and what comes next; each phone shows the programme with "now"), is
// refused another segment during a round, and the dates segment starts the rounds.
// Every new state passes axe, the phone's at 200% text too.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, setupEvent, launch, openPage, VIEWPORTS, screenshotPath } from "./lib/harness.js";
import { clean } from "./lib/checks.js";
import { ready, hostConsole } from "./lib/views.js";

let server, browser, ev;
before(async () => {
  server = await startServer();
  ev = await setupEvent(server.base);
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

const says = (page, re) => page.waitForFunction((src) => new RegExp(src).test(document.getElementById("status").textContent), re.source, { timeout: 10000 });

test("the host sets, edits and runs a programme; the projector and the phones follow it", async () => {
  const host = await hostConsole(browser, server.base, ev);
  await host.click("#programme-edit");
  await host.click("#programme-usual");
  await says(host, /已设置常用流程/);
  await host.waitForFunction(() => document.querySelectorAll("#programme-card ol li").length === 6);
  // Added by keyboard: a game, at the end.
  await host.selectOption("#pg-kind", "game");
  await host.fill("#pg-title", "击鼓传娃娃");
  await host.press("#pg-title", "Enter");
  await says(host, /已添加：击鼓传娃娃/);
  await host.waitForFunction(() => document.querySelectorAll("#programme-card ol li").length === 7);
  assert.equal(await host.evaluate(() => document.activeElement.id), "pg-title", "the keyboard stays to add another");
  await clean(host, "the programme editor");
  await host.locator("#programme-card").screenshot({ path: screenshotPath("host-programme-zh-CN") });
  // The opening.
  await host.getByRole("button", { name: "开始：开场致辞" }).click();
  await says(host, /已开始：开场致辞/);
  const projector = await openPage(browser, `${server.base}/projector/#${ev.staff.projector}`, { viewport: VIEWPORTS.projector });
  await ready(projector);
  await projector.waitForFunction(() => /开场致辞/.test(document.getElementById("phase").textContent));
  assert.match(await projector.textContent("#segment-next"), /接下来.*自我推荐/);
  await clean(projector, "the projector during the opening");
  await projector.screenshot({ path: screenshotPath("projector-opening-zh-CN") });
  const phone = await openPage(browser, `${server.base}/p/#${ev.guests[0].token}`, { viewport: VIEWPORTS.phone, textScale: 2 });
  await ready(phone);
  await phone.waitForSelector("#programme-card:not([hidden]) li[aria-current=step]");
  assert.match(await phone.textContent("#programme-list li[aria-current=step]"), /开场致辞（现在）/);
  await clean(phone, "a phone with the programme, 200% text");
  // A caption from the console reaches the projector's band and the phone, and
  // the phone's screen reader hears it once.
  await host.fill("#caption-text", "欢迎各位来到冬日八分钟约会");
  await host.press("#caption-text", "Enter");
  await projector.waitForFunction(() => /欢迎各位来到/.test(document.getElementById("captions-band").textContent));
  const band = await projector.evaluate(() => [document.getElementById("captions-band").getBoundingClientRect().top, document.getElementById("countdown").getBoundingClientRect()]);
  assert.ok(band[1].height === 0 || band[0] >= band[1].bottom, "the band is below the countdown, never over it");
  await clean(projector, "the projector with the caption band");
  await phone.waitForFunction(() => /欢迎各位来到/.test(document.getElementById("captions-recent").textContent));
  await phone.waitForFunction(() => /主持人：欢迎各位来到/.test(document.getElementById("captions-say").textContent));
  await phone.click("#captions-open");
  await phone.waitForSelector("#captions-full[open]");
  const before = await phone.$eval("#captions-all", (n) => parseFloat(getComputedStyle(n).fontSize));
  await phone.click("#captions-larger");
  const after = await phone.$eval("#captions-all", (n) => parseFloat(getComputedStyle(n).fontSize));
  assert.ok(after > before, `the guest's own text size: ${before} → ${after}`);
  await clean(phone, "captions full screen at 200% text");
  await phone.screenshot({ path: screenshotPath("participant-captions-zh-CN") });
  await phone.click("#captions-close");
  // The dates start the rounds; nothing else starts during one.
  await host.getByRole("button", { name: "开始：八分钟约会" }).click();
  await says(host, /已开始：八分钟约会/);
  await projector.waitForFunction(() => Live.phase && Live.phase.phase === "round");
  await host.getByRole("button", { name: "开始：才艺展示" }).click();
  await host.waitForFunction(() => /约会正在进行/.test(document.getElementById("status").textContent));
  await clean(host, "the console while the dates run");
  // Ending during the dates ends the dates; the evening goes on.
  await host.click("#b-end");
  await host.click("#confirm-ok");
  await projector.waitForFunction(() => /八分钟约会结束了/.test(document.getElementById("phase").textContent));
  assert.equal(await projector.isVisible("#closing"), false, "no closing screen while the programme goes on");
  await phone.waitForFunction(() => /约会结束了/.test(document.getElementById("now-heading").textContent));
  await host.waitForFunction(() => !document.getElementById("b-end").hidden);
  await clean(phone, "a phone after the dates, the evening going on");
  await host.getByRole("button", { name: "开始：才艺展示" }).click();
  await projector.waitForFunction(() => /才艺展示/.test(document.getElementById("phase").textContent));
  await clean(projector, "the projector during the talent");
  // Closing: now the evening is over.
  await host.getByRole("button", { name: "开始：合影留念" }).click();
  await projector.waitForSelector("#closing:not([hidden])");
  // Segments never run (the introductions) or after the closing (the game) are
  // not "next" once the evening is over.
  assert.equal(await projector.isVisible("#segment-next"), false, "nothing comes next on the closing screen");
  await host.waitForFunction(() => document.getElementById("b-end").hidden);
  await clean(host, "the console after closing");
  for (const p of [host, projector, phone]) await p.context().close();
});

// The stage (issue 25): the captioner's page types, labels, sends prepared lines
// and corrects them, and its lines reach the projector's band and the phones; a
// guest writes an introduction and agrees to go on stage, the host puts them in the
// spotlight (projector and phones show it), and taking consent back ends it; a poll
// answered by keyboard with a receipt, closed by the host, counted on every screen.
// Every new state passes axe, the phone's at 200% text and 320 px too.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, setupEvent, launch, openPage, VIEWPORTS, screenshotPath } from "./lib/harness.js";
import { clean } from "./lib/checks.js";
import { ready, hostConsole } from "./lib/views.js";

let server, browser, ev, captionerToken;
before(async () => {
  server = await startServer();
  ev = await setupEvent(server.base);
  captionerToken = ev.staff.captioner;
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

const phone = (i, options = {}) => openPage(browser, `${server.base}/p/#${ev.guests[i].token}`, options);
const projectorPage = async () => {
  const p = await openPage(browser, `${server.base}/projector/#${ev.staff.projector}`, { viewport: VIEWPORTS.projector });
  await ready(p);
  return p;
};
/** The captioner's page has no phase to wait for: the stage alone. */
async function captionerPage(options = {}) {
  const page = await openPage(browser, `${server.base}/captioner/#${captionerToken}`, { viewport: VIEWPORTS.tablet, ...options });
  await page.waitForFunction(() => typeof Live === "object" && Live.state === "open" && !document.getElementById("desk").hidden, null, { timeout: 15000 });
  await page.waitForTimeout(300);
  return page;
}

test("the captioner types, labels, sends a prepared line and corrects one; the hall and the phones read them", async () => {
  const cap = await captionerPage();
  const projector = await projectorPage();
  const guest = await phone(0);
  await ready(guest);
  await clean(cap, "the captioner's page, empty");
  // Alt+1: the host speaks. Enter sends the line.
  await cap.focus("#line");
  await cap.keyboard.press("Alt+1");
  assert.equal(await cap.getAttribute("[data-speaker=host]", "aria-pressed"), "true");
  await cap.keyboard.type("欢迎大家来到冬日八分钟约会");
  await cap.keyboard.press("Enter");
  await cap.waitForFunction(() => document.getElementById("line").value === "", null, { timeout: 10000 });
  await projector.waitForFunction(() => /主持人：欢迎大家来到冬日八分钟约会/.test(document.getElementById("captions-band").textContent));
  await guest.waitForFunction(() => /欢迎大家/.test(document.getElementById("captions-recent").textContent));
  // A sound tag is a line of its own, one key.
  await cap.keyboard.press("Alt+8");
  await projector.waitForFunction(() => /\[掌声\]/.test(document.getElementById("captions-band").textContent));
  // A prepared line, one key.
  await cap.fill("#script", "请各位嘉宾入座\n下面进入自我推荐环节");
  await cap.focus("#line");
  await cap.keyboard.press("Alt+n");
  await projector.waitForFunction(() => /请各位嘉宾入座/.test(document.getElementById("captions-band").textContent));
  // The button moves on when the line is acknowledged, which may come after the
  // hall shows it (the broadcast and the answer travel apart).
  await cap.waitForFunction(() => /下面进入自我推荐环节/.test(document.getElementById("script-next").textContent), null, { timeout: 5000 });
  // A correction: the phone shows it corrected, the screen reader's log does not repeat it.
  const logBefore = await guest.evaluate(() => document.getElementById("captions-say").childNodes.length);
  await cap.getByRole("button", { name: "更正：欢迎大家来到冬日八分钟约会" }).click();
  assert.equal(await cap.evaluate(() => document.activeElement.id), "fix-text");
  await cap.fill("#fix-text", "欢迎各位来宾来到冬日八分钟约会");
  await cap.press("#fix-text", "Enter");
  await guest.waitForFunction(() => /欢迎各位来宾.*已更正/.test(document.getElementById("captions-recent").textContent + document.getElementById("captions-card").textContent));
  assert.equal(await guest.evaluate(() => document.getElementById("captions-say").childNodes.length), logBefore, "a correction is not said again");
  await clean(cap, "the captioner's page with lines");
  await cap.screenshot({ path: screenshotPath("captioner-zh-CN"), fullPage: true });
  // At 200% text on the tablet, still clean.
  const big = await captionerPage({ textScale: 2 });
  await clean(big, "the captioner's page at 200% text");
  for (const p of [cap, big, projector, guest]) await p.context().close();
});

test("a guest agrees to go on stage; the host puts them in the spotlight; taking consent back ends it at once", async () => {
  const ann = await phone(0);
  await ready(ann);
  await ann.waitForSelector("#intro-card:not([hidden])");
  await ann.fill("#intro-text", "我喜欢唱歌，也喜欢手语舞。");
  await ann.check("#intro-stage");
  await ann.click("#intro-save");
  await ann.waitForFunction(() => /主持人可以请您上台/.test(document.getElementById("intro-saved").textContent));
  await clean(ann, "the guest's introduction, saved");
  const host = await hostConsole(browser, server.base, ev);
  const name = ev.guests[0].display_name;
  const onStage = host.getByRole("button", { name: `请上台：${ev.guests[0].number} 号 ${name}` });
  await onStage.waitFor();
  await clean(host, "the host's stage card with a consenting guest");
  await onStage.click();
  const projector = await projectorPage();
  await projector.waitForSelector("#spotlight-hall:not([hidden])");
  assert.match(await projector.textContent("#spotlight-hall"), new RegExp(`${ev.guests[0].number} 号.*${name}.*手语舞`, "s"));
  await clean(projector, "the projector with a guest on stage");
  await projector.screenshot({ path: screenshotPath("projector-spotlight-zh-CN") });
  const other = await phone(1, { viewport: { width: 320, height: 640 }, textScale: 2 });
  await ready(other);
  await other.waitForSelector("#stage-card:not([hidden])");
  assert.match(await other.textContent("#stage-card"), /手语舞/);
  await clean(other, "a phone with a guest on stage, 200% text at 320 px");
  // Consent taken back: the box alone sends it, and the spotlight is gone at once.
  await ann.uncheck("#intro-stage");
  await projector.waitForSelector("#spotlight-hall", { state: "hidden" });
  await other.waitForSelector("#stage-card", { state: "hidden" });
  for (const p of [ann, host, projector, other]) await p.context().close();
});

test("a poll is answered by keyboard with a receipt, closed by the host, and counted on every screen", async () => {
  const host = await hostConsole(browser, server.base, ev);
  await host.fill("#poll-q", "最佳才艺？");
  await host.fill("#poll-opts", "唱歌\n手语舞\n朗诵");
  await host.click("#poll-open");
  await host.waitForSelector("#poll-close");
  const projector = await projectorPage();
  await projector.waitForSelector("#poll-hall:not([hidden])");
  const phones = [];
  for (let i = 0; i < 5; i++) {
    const p = await phone(i, i === 0 ? { viewport: { width: 320, height: 640 }, textScale: 2 } : {});
    await ready(p);
    await p.waitForSelector("#poll-card:not([hidden])");
    phones.push(p);
  }
  // The first guest, by keyboard: the options are buttons in a group named by the question.
  const first = phones[0];
  // A screen reader hears the question as the group's name and each option as a button.
  assert.equal(await first.getByRole("group", { name: "最佳才艺？" }).getByRole("button").count(), 3);
  await first.getByRole("button", { name: "手语舞" }).waitFor();
  assert.equal(await first.getAttribute("#poll-options button >> nth=1", "aria-pressed"), "false");
  await first.focus("#poll-options button >> nth=1");
  await first.keyboard.press("Enter");
  await first.waitForFunction(() => /已记下您的选择：手语舞/.test(document.getElementById("say").textContent));
  await first.waitForFunction(() => document.querySelectorAll("#poll-options button")[1].getAttribute("aria-pressed") === "true");
  assert.equal(await first.evaluate(() => document.activeElement.dataset.option), "1", "the keyboard stays on the choice");
  await clean(first, "a phone with a poll answered, 200% text at 320 px");
  for (const [i, option] of [[1, 0], [2, 1], [3, 1], [4, 2]]) {
    await phones[i].click(`#poll-options [data-option="${option}"]`);
    await phones[i].waitForFunction((o) => document.querySelector(`#poll-options [data-option="${o}"]`).getAttribute("aria-pressed") === "true", option);
  }
  await projector.waitForFunction(() => /已有 5 人回答/.test(document.getElementById("poll-hall").textContent));
  await host.waitForFunction(() => /已有 5 人回答/.test(document.getElementById("stage-card").textContent));
  // Nobody's answer is on the host's or the projector's screen.
  assert.doesNotMatch(await host.textContent("#stage-card"), /\d+ 票/);
  await clean(projector, "the projector with a poll open");
  await host.click("#poll-close");
  await projector.waitForFunction(() => /投票结束/.test(document.getElementById("poll-hall").textContent));
  assert.match(await projector.textContent("#poll-hall-options"), /唱歌 1 票.*手语舞 3 票.*朗诵 1 票/s);
  await first.waitForFunction(() => /3 票/.test(document.getElementById("poll-results").textContent));
  assert.equal(await first.isVisible("#poll-ask"), false, "no choice after the close");
  await clean(first, "a phone with a poll's results, 200% text at 320 px");
  await clean(projector, "the projector with a poll's results");
  await projector.screenshot({ path: screenshotPath("projector-poll-zh-CN") });
  await first.screenshot({ path: screenshotPath("participant-poll-200-zh-CN"), fullPage: true });
  for (const p of [host, projector, ...phones]) await p.context().close();
});

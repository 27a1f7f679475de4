// A walk through the demo's programme (not a test: it makes the screenshots in
// docs/screenshots/ for the guide and the closing note of issue 25): for each
// segment the host starts, the projector and a guest's phone at 200% text, with a
// captioner typing, a guest on stage and a poll.
// `node stage-walk.mjs <blossom binary> <output folder>`.
import { join } from "node:path";
import { launch, openPage, VIEWPORTS } from "./lib/harness.js";
import { startDemo } from "./lib/demo.js";

const bin = process.argv[2];
const out = process.argv[3];
const { base, token, link, guests, stop } = await startDemo(bin);
const browser = await launch();
const shot = (page, name, opts = {}) => page.screenshot({ path: join(out, name + ".png"), ...opts });
const live = (page) => page.waitForFunction(() => typeof Live === "object" && Live.state === "open");

const events = await fetch(`${base}/api/events`, { headers: { Authorization: "Bearer " + token } }).then((r) => r.json());
const eventId = events[0].id;
const call = (path, method = "GET") => fetch(base + path, { method, headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" }, body: method === "POST" ? "{}" : undefined }).then((r) => r.json());
for (const p of await call(`/api/events/${eventId}/participants`)) await call(`/api/events/${eventId}/participants/${p.id}/check-in`, "POST");

const host = await openPage(browser, link("host"), { viewport: VIEWPORTS.tablet });
await live(host);
const projector = await openPage(browser, link("projector"), { viewport: VIEWPORTS.projector });
await live(projector);
const captioner = await openPage(browser, link("captioner"), { viewport: VIEWPORTS.tablet });
await live(captioner);
const phone = await openPage(browser, guests[0], { viewport: { width: 390, height: 844 }, textScale: 2 });
await live(phone);
const others = [];
for (const g of guests.slice(1)) { const p = await openPage(browser, g); await live(p); others.push(p); }

async function caption(text, speaker = "1") {
  await captioner.focus("#line");
  await captioner.keyboard.press(`Alt+${speaker}`);
  await captioner.fill("#line", text);
  await captioner.press("#line", "Enter");
  await captioner.waitForFunction(() => document.getElementById("line").value === "");
}
async function start(title) {
  await host.getByRole("button", { name: `开始：${title}` }).click();
  await host.waitForFunction((t) => new RegExp(`已开始：${t}`).test(document.getElementById("status").textContent), title);
  await host.waitForTimeout(800);
}
async function both(name) {
  await projector.waitForTimeout(600);
  await phone.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  await shot(projector, `stage-${name}-projector`);
  await shot(phone, `stage-${name}-phone`);
}

await start("开场致辞");
await caption("各位来宾晚上好，欢迎来到今天的八分钟约会。");
await both("1-opening");

await start("自我推荐");
await phone.fill("#intro-text", "我叫王芳，喜欢唱歌和养花，希望认识一位耐心的朋友。");
await phone.check("#intro-stage");
await phone.click("#intro-save");
await host.waitForSelector("#intros [data-spot]");
await host.click("#intros [data-spot]");
await captioner.waitForSelector("[data-speaker=spot]");
await caption("大家好，我喜欢唱歌，也喜欢养花。", "2");
await both("2-introductions");
await shot(captioner, "stage-2-captioner", { fullPage: true });
await host.click("#spotlight-clear");

await start("击鼓传娃娃");
await host.fill("#poll-q", "下一轮游戏玩什么？");
await host.fill("#poll-opts", "击鼓传娃娃\n贴标配对\n手语歌");
await host.click("#poll-open");
await phone.waitForSelector("#poll-card:not([hidden])");
await phone.click("#poll-options [data-option='1']");
for (const p of others) { await p.waitForSelector("#poll-card:not([hidden])"); await p.click("#poll-options [data-option='1']"); }
await both("3-game-poll-open");
await host.click("#poll-close");
await both("3-game-poll-closed");

await start("八分钟约会");
await host.waitForFunction(() => Live.phase && Live.phase.phase === "round");
await both("4-dates");
// The dates end early for the walk: the programme goes on.
await host.click("#b-end");
await host.click("#confirm-ok");
await host.waitForFunction(() => Live.phase && Live.phase.phase === "closed");

await start("才艺展示");
await caption("[音乐]", "0");
await both("5-talent");
await start("牵手时刻");
await both("6-reveal");
await start("抽奖");
await both("7-other");
await start("合影留念");
await both("8-closing");
await shot(host, "stage-host-console", { fullPage: true });
await browser.close();
stop();
process.exit(0);

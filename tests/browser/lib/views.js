// Driving the views as people do: the host's buttons, the pages' own state.
import assert from "node:assert/strict";
import { VIEWPORTS, openPage, ADMIN, screenshotPath, setTextScale, settle } from "./harness.js";
import { axe, scrollsSideways, smallTargets } from "./checks.js";

/** Every view with the token that opens it, and the viewport it is made for. */
export function views(ev) {
  return {
    participant: { path: `/p/#${ev.guests[0].token}`, viewport: VIEWPORTS.phone },
    matchmaker: { path: `/matchmaker/#${ev.staff.matchmaker}`, viewport: VIEWPORTS.tablet },
    host: { path: `/host/#${ev.staff.host}`, viewport: VIEWPORTS.tablet },
    projector: { path: `/projector/#${ev.staff.projector}`, viewport: VIEWPORTS.projector },
    captioner: { path: `/captioner/#${ev.staff.captioner}`, viewport: VIEWPORTS.tablet },
    admin: { path: `/admin/#${ADMIN}`, viewport: VIEWPORTS.tablet },
  };
}

/** Waits until a live page has its snapshot (or the organiser page its event). */
export async function ready(page) {
  await page.waitForFunction(() => {
    if (document.getElementById("event") && document.body.querySelector("#event-select")) return !document.getElementById("event").hidden;
    // The captioner's page has no phase: it sees the stage alone.
    if (document.getElementById("speakers")) return typeof Live === "object" && Live.state === "open" && !document.getElementById("desk").hidden;
    return typeof Live === "object" && Live.state === "open" && Live.phase !== null;
  }, null, { timeout: 15000 });
  // Let the first frames draw.
  await page.waitForTimeout(300);
}

/** Opens the host console and waits for it. */
export async function hostConsole(browser, base, ev, options = {}) {
  const host = await openPage(browser, `${base}/host/#${ev.staff.host}`, { viewport: VIEWPORTS.tablet, ...options });
  await ready(host);
  return host;
}

/** The host's buttons that ask before they act. */
const ASKS = new Set(["b-start", "b-skip", "b-break5", "b-break10", "b-end"]);

/** Presses a host button by its id (answering "yes" when it asks) and waits for the server's ack. */
export async function press(host, id, { confirm = ASKS.has(id) } = {}) {
  await host.click("#" + id);
  if (confirm) await host.click("#confirm-ok");
  await host.waitForFunction(() => document.getElementById("status").classList.contains("ok") || document.getElementById("status").classList.contains("error"), null, { timeout: 10000 });
  const status = await host.evaluate(() => { const s = document.getElementById("status"); const r = [s.className, s.textContent]; s.className = "status"; return r; });
  if (status[0].includes("error")) throw new Error(`${id}: ${status[1]}`);
}

/** What a guest's phone says: table, partner's name, the time left (ms). */
export async function guestView(page) {
  return page.evaluate(() => ({
    phase: Live.phase && Live.phase.phase,
    where: document.getElementById("where").textContent,
    table: (/(\S+) 号桌|Table (\S+)/.exec(document.getElementById("where").textContent) || []).slice(1).find(Boolean) || null,
    partner: (document.querySelector("#with .partner") || { textContent: "" }).textContent.replace(/^(和 |With )/, "").replace(/（\d+ 号）$| \(no\. \d+\)$/, "") || null,
    partnerNumber: Number((/(\d+) 号）$|no\. (\d+)\)$/.exec((document.querySelector("#with .partner") || { textContent: "" }).textContent) || []).slice(1).find(Boolean)) || null,
    timer: document.getElementById("timer").textContent,
    remaining: Live.remaining(),
  }));
}

/**
 * Turns an open page to `viewport` and, unless 1, `textScale` times the default text
 * size (which then stays until set again), as a tablet turned, a window resized or
 * the text size changed would, and waits until it is drawn.
 */
export async function turn(page, viewport, textScale = 1) {
  await page.setViewportSize(viewport);
  if (textScale !== 1) await setTextScale(page, textScale);
  await settle(page);
}

/**
 * No axe violation (`enhanced`: 7:1 contrast too) and, with `layout`, no sideways
 * scrolling and no touch target under 44 × 44 px; `where` names the page in a failure.
 */
export async function assertAccessible(page, where, { enhanced = false, layout = true } = {}) {
  const problems = await axe(page, { enhanced });
  assert.deepEqual(problems, [], `${where}:\n${problems.join("\n")}`);
  if (!layout) return;
  assert.equal(await scrollsSideways(page), false, `${where} scrolls sideways`);
  assert.deepEqual(await smallTargets(page), [], `${where}: touch targets under 44 × 44 px`);
}

/**
 * A card of the guest's phone in its present state, opened afresh (from the snapshot) in both
 * languages, at phone size, and at 320 px wide and 200% text: no axe
 * violation (7:1 contrast included), no sideways scrolling, no small targets.
 */
export async function auditPhone(browser, url, state, card = "#chat-card") {
  for (const lang of ["zh-CN", "en"]) {
    // The guest's page opened again (the card is still there after a reload), at
    // phone size as drawn, then turned into the hardest reflow: 320 px wide at
    // 200% text.
    const page = await openPage(browser, url, { lang, viewport: VIEWPORTS.phone });
    try {
      await ready(page);
      assert.equal(await page.isVisible(card), true, `${state}: ${card} shows after a reload`);
      for (const [viewport, textScale] of [[VIEWPORTS.phone, 1], [{ width: 320, height: 640 }, 2]]) {
        await turn(page, viewport, textScale);
        await assertAccessible(page, `${state} ${lang} ${viewport.width} px ×${textScale}`, { enhanced: true });
        if (textScale === 1) await page.screenshot({ path: screenshotPath(`participant-${card.slice(1)}-${state}-${lang}`), fullPage: true });
      }
      assert.deepEqual(page.errors, [], `${state}: script errors`);
    } finally {
      await page.context().close();
    }
  }
}

/**
 * A guest's phone on a fake clock, recording every word of its polite status
 * region in `window.__said`. Once `hush()` is called, pongs stop reaching it, so
 * that moving its clock on does not move its idea of the server's clock.
 */
export async function fakeClockPhone(browser, url) {
  let quiet = false;
  const page = await openPage(browser, url, {
    viewport: VIEWPORTS.phone,
    setup: async (p) => {
      await p.clock.install();
      await p.routeWebSocket(/\/ws$/, (ws) => {
        const upstream = ws.connectToServer();
        ws.onMessage((m) => upstream.send(m));
        upstream.onMessage((m) => { if (!(quiet && String(m).includes('"pong"'))) ws.send(m); });
      });
      await p.addInitScript(() => {
        window.__said = [];
        document.addEventListener("DOMContentLoaded", () => {
          const say = document.getElementById("say");
          new MutationObserver(() => { if (say.textContent) window.__said.push(say.textContent); })
            .observe(say, { childList: true, characterData: true, subtree: true });
        });
      });
    },
  });
  await ready(page);
  return { page, hush: () => { quiet = true; } };
}

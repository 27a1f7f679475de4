// Checks run on a page: axe-core (WCAG 2.2 A and AA), horizontal scrolling, and
// what the accessibility tree exposes.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/**
 * Runs axe-core on the page and returns its violations as readable lines.
 * `enhanced` adds the 7:1 contrast rule (WCAG AAA 1.4.6), which the participant's
 * phone must meet.
 */
export async function axe(page, { enhanced = false } = {}) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(axeSource); // not a <script>: the page's CSP allows none inline
  return page.evaluate(async ({ tags, enhanced }) => {
    const lines = (violations) => violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ` +
      v.nodes.slice(0, 5).map((n) => n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\s+/g, " ").slice(0, 240)).join("\n    "));
    const wcag = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    const out = lines(wcag.violations);
    if (enhanced) {
      const aaa = await window.axe.run(document, { runOnly: { type: "rule", values: ["color-contrast-enhanced"] }, resultTypes: ["violations"] });
      out.push(...lines(aaa.violations));
    }
    return out;
  }, { tags: WCAG_TAGS, enhanced });
}

/** Whether the page scrolls sideways (WCAG 1.4.10 reflow). */
export async function scrollsSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

/** Touch targets smaller than 44 × 44 CSS px (WCAG 2.5.5), as readable lines. */
export async function smallTargets(page) {
  return page.evaluate(() => [...document.querySelectorAll("button, a[href], input, select, textarea, summary, [role=button]")]
    .filter((e) => e.offsetParent !== null)
    // A radio button or checkbox inside its label is as big as the label.
    .map((e) => [e, (e.closest("label") || e).getBoundingClientRect()])
    .filter(([e, r]) => (r.width < 44 || r.height < 44) && !(e.tagName === "A" && getComputedStyle(e).display === "inline"))
    .map(([e, r]) => `${e.tagName.toLowerCase()}#${e.id} "${(e.textContent || e.value || "").trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`));
}

/** No axe violation and no script error on `page` as it stands (`name` says where). */
export async function clean(page, name) {
  const problems = await axe(page);
  assert.deepEqual(problems, [], `${name}:\n${problems.join("\n")}`);
  assert.deepEqual(page.errors, [], `${name}: script errors`);
}

/** Presses Tab until `selector` has the keyboard focus (at most `max` presses). */
export async function tabTo(page, selector, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

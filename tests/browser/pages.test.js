// Every view, in both languages, at a phone, a tablet and a projector viewport and
// at 200% text: axe-core finds no WCAG 2.2 A/AA violation (the guest's phone also
// meets 7:1 contrast), and nothing scrolls sideways. Screenshots of each view in
// both languages are saved under tests/browser/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, setupEvent, launch, openPage, asPhone, VIEWPORTS, screenshotPath } from "./lib/harness.js";
import { axe, scrollsSideways } from "./lib/checks.js";
import { views, ready, hostConsole, press, turn, assertAccessible } from "./lib/views.js";

let server, browser, ev;
before(async () => {
  server = await startServer();
  ev = await setupEvent(server.base);
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

/**
 * Each view in each language and text size is opened once and audited at every
 * viewport in turn, as a tablet turned or a window resized would show it (the
 * pages lay themselves out again on `resize`): a fresh page per viewport took
 * twice as long and found nothing more.
 */
async function sweep(state) {
  for (const [name, view] of Object.entries(views(ev))) {
    for (const lang of ["zh-CN", "en"]) {
      for (const textScale of [1, 2]) {
        const page = await openPage(browser, server.base + view.path, { lang, viewport: view.viewport, textScale });
        try {
          await ready(page);
          for (const [size, viewport] of Object.entries(VIEWPORTS)) {
            // (The text size was set as the page opened.)
            await turn(page, viewport);
            await assertAccessible(page, `${name} ${lang} ${viewport.width}×${viewport.height} text ×${textScale}`, {
              enhanced: name === "participant",
              layout: name === "participant" && size === "phone",
            });
            if (textScale === 1 && viewport === view.viewport) {
              await page.screenshot({ path: screenshotPath(`${name}-${state}-${lang}`), fullPage: name !== "projector" });
            }
          }
          assert.deepEqual(page.errors, [], `${name}: script errors`);
        } finally {
          await page.context().close();
        }
      }
    }
  }
}

test("every view passes axe in the lobby, in both languages, at every size", async () => {
  await sweep("lobby");
});

test("every view passes axe while a round runs", async () => {
  const host = await hostConsole(browser, server.base, ev);
  await press(host, "b-start");
  const announce = "茶点已在大厅后方准备好。";
  await host.fill("#announce", announce);
  await host.click("#announce-button");
  await host.waitForFunction((t) => document.getElementById("last-announce").textContent.includes(t), announce);
  await sweep("round");
  await host.context().close();
});

test("the guest's page reflows at 320 px wide and 200% text without sideways scrolling", async () => {
  for (const lang of ["zh-CN", "en"]) {
    for (const name of ["participant", "matchmaker", "host", "captioner", "admin"]) {
      const page = await openPage(browser, server.base + views(ev)[name].path, { lang, viewport: { width: 320, height: 640 }, textScale: 2 });
      await ready(page);
      assert.equal(await scrollsSideways(page), false, `${name} scrolls sideways at 320 px, ${lang}, 200% text`);
      await page.context().close();
    }
  }
});

test("pages without a token offer a way in and pass axe", async () => {
  for (const lang of ["zh-CN", "en"]) {
    for (const path of ["/", "/p/", `/p/?event=${ev.event}`, "/host/", "/matchmaker/", "/projector/", "/captioner/", "/volunteer/", "/admin/"]) {
      const page = await openPage(browser, server.base + path, { lang, viewport: VIEWPORTS.phone });
      await page.waitForLoadState("networkidle");
      const problems = await axe(page);
      assert.deepEqual(problems, [], `${path} ${lang}:\n${problems.join("\n")}`);
      if (path !== "/" && !path.startsWith("/p/")) {
        assert.ok(await page.isVisible("#signin"), `${path} shows a sign-in form`);
      }
      await page.context().close();
    }
  }
});

test("the guest's phone passes axe in dark mode, with more contrast and with forced colours", async () => {
  for (const [name, options] of Object.entries({
    dark: { colorScheme: "dark" },
    "more contrast": { contrast: "more" },
    "forced colours": { forcedColors: "active" },
  })) {
    const context = await browser.newContext({ locale: "zh-CN", viewport: VIEWPORTS.phone, reducedMotion: "reduce", ...options });
    await asPhone(context, views(ev).participant.path);
    const page = await context.newPage();
    await page.goto(server.base + views(ev).participant.path);
    await ready(page);
    const problems = await axe(page, { enhanced: name !== "forced colours" });
    assert.deepEqual(problems, [], `${name}:\n${problems.join("\n")}`);
    await page.screenshot({ path: screenshotPath(`participant-${name.replace(" ", "-")}`), fullPage: true });
    await context.close();
  }
});

test("on the English page, Chinese names and titles carry lang=zh-CN", async () => {
  // The event is running (started above): the guest has a table or a rest.
  const page = await openPage(browser, server.base + views(ev).participant.path, { lang: "en", viewport: VIEWPORTS.phone });
  await ready(page);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal(await page.getAttribute("#title span", "lang"), "zh-CN", "the event's title");
  assert.equal(await page.getAttribute("#me-heading span", "lang"), "zh-CN", "the guest's own name");
  assert.equal(await page.getAttribute("#lang", "lang"), "zh-CN", "the switch names Chinese in Chinese");
  if (await page.isVisible("#with .partner")) {
    assert.equal(await page.getAttribute("#with .partner span", "lang"), "zh-CN", "the partner's name");
  }
  // Switching to Chinese drops the marks that are no longer needed.
  await page.click("#lang");
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
  assert.equal(await page.$("#title span"), null);
  await page.context().close();
});

// Live captions on the guest's phone (section #captions-card): the latest lines of
// what is said on stage, the engine's own lines in the page's language. A deaf guest
// opens them full screen, with their own text size (kept on the phone). A screen
// reader hears each new line once through a polite log; a correction is shown, not
// said again.
"use strict";

(() => {
  const { t, el } = Blossom;
  const { state, $ } = Guest;
  let lines = [];
  let heard = 0;          // the last line number put in the log
  let size = Number(Blossom.stored("blossom.captionSize") || "1.6");

  const textOf = (l) => (l.en && Blossom.lang === "en" ? l.en : l.text);
  const lineEl = (l) => el("p", {}, ...(l.speaker ? [el("strong", {}, Blossom.words(l.speaker), t("：", ": "))] : []), Blossom.words(textOf(l)),
    l.fixed ? el("span", { class: "muted" }, t("（已更正）", " (corrected)")) : "");

  function labels() {
    $("captions-heading").textContent = t("字幕", "Captions");
    $("captions-open").textContent = t("全屏看字幕", "Captions full screen");
    $("captions-full-heading").textContent = t("字幕", "Captions");
    $("captions-smaller").textContent = t("字小一点", "Smaller text");
    $("captions-larger").textContent = t("字大一点", "Larger text");
    $("captions-close").textContent = t("关闭", "Close");
  }

  function draw() {
    $("captions-card").hidden = !lines.length || !!state.problem;
    $("captions-recent").replaceChildren(...lines.slice(-3).map(lineEl));
    $("captions-all").replaceChildren(...lines.map(lineEl));
    $("captions-all").style.fontSize = size + "rem";
  }

  function onCaptions(m, { snapshot }) {
    lines = m.lines || [];
    const fresh = lines.filter((l) => l.line > heard);
    // Opened now: what was said before is on the screen, not read out.
    if (!snapshot || heard > 0) for (const l of fresh) $("captions-say").append(el("p", {}, (l.speaker ? l.speaker + t("：", ": ") : "") + textOf(l)));
    while ($("captions-say").childNodes.length > 5) $("captions-say").firstChild.remove();
    if (lines.length) heard = Math.max(heard, lines[lines.length - 1].line);
    if ($("captions-full").open) $("captions-all").lastElementChild?.scrollIntoView({ block: "end" });
  }

  const resize = (d) => {
    size = Math.min(4, Math.max(1, Math.round((size + d) * 10) / 10));
    Blossom.store("blossom.captionSize", String(size));
    draw();
  };
  $("captions-open").addEventListener("click", () => { $("captions-full").showModal(); $("captions-close").focus(); });
  $("captions-smaller").addEventListener("click", () => resize(-0.2));
  $("captions-larger").addEventListener("click", () => resize(0.2));

  Guest.add({
    name: "captions",
    labels,
    draw,
    reset() { lines = []; },
    frames: { captions: onCaptions },
  });
})();

// Tonight's programme on the guest's phone (section #programme-card): the segments
// in order, the one under way marked (in words and with aria-current), so a guest
// knows what is on and what comes next. Shown only when the evening has one.
"use strict";

(() => {
  const { t, el } = Blossom;
  const { state, $ } = Guest;
  let frame = null;

  function draw() {
    const list = (frame && frame.segments) || [];
    $("programme-card").hidden = !list.length || !!state.problem;
    if (!list.length) return;
    $("programme-heading").textContent = t("今晚的流程", "Tonight's programme");
    $("programme-list").replaceChildren(...list.map((s) => {
      const now = s.id === frame.current;
      return el("li", now ? { "aria-current": "step", class: "current" } : {},
        Blossom.words(s.title), now ? el("strong", {}, t("（现在）", " (now)")) : s.ended_at ? t("（已结束）", " (over)") : "");
    }));
  }

  Guest.add({
    name: "programme",
    draw,
    reset() { frame = null; state.programme = null; },
    frames: { programme(m) { frame = m; state.programme = m; } },
  });
})();

// Escorts on the host console (section #escorts-card): the volunteers' tasks under
// way (who, from where to where, by when, who took it), a task nobody took within
// two minutes first and marked, said once as an alert so the host can send
// someone. Done and declined tasks are counted, not listed.
"use strict";

const EscortsCard = (() => {
  const { t, el, speak } = Blossom;
  let parts = null;
  let frame = null;
  const alerted = new Set();

  function draw() {
    if (!parts) return;
    const tasks = (frame && frame.tasks) || [];
    const live = tasks.filter((x) => ["open", "taken", "arrived"].includes(x.state))
      .sort((a, b) => Number(b.flagged) - Number(a.flagged) || (a.by ?? Infinity) - (b.by ?? Infinity));
    const done = tasks.filter((x) => x.state === "done").length;
    parts.section.hidden = !tasks.length;
    const state = (x) => x.state === "open" ? t("等待志愿者", "waiting for a volunteer")
      : x.state === "taken" ? t(`${x.volunteer ? x.volunteer.name : ""} 在路上`, `${x.volunteer ? x.volunteer.name : ""} on the way`)
        : t(`${x.volunteer ? x.volunteer.name : ""} 已到`, `${x.volunteer ? x.volunteer.name : ""} is with them`);
    parts.section.replaceChildren(
      el("h2", { id: "escorts-heading" }, t("志愿者引导", "Escorts")),
      el("p", {}, t(`进行中 ${live.length} 个，已完成 ${done} 个。`, `${live.length} under way, ${done} done.`)),
      el("ul", { class: "plain" }, ...live.map((x) => el("li", { class: x.flagged ? "flagged" : "" },
        x.flagged ? el("strong", { class: "error" }, t("超过两分钟无人接！ ", "Nobody took it for two minutes! ")) : "",
        el("strong", {}, t(`${x.number} 号 `, `No. ${x.number} `), Blossom.words(x.name)), " · ", Views.needWords(x.need), " · ",
        Views.placeWords(x.from, x.from_kind), " → ", Views.placeWords(x.to, x.to_kind),
        x.by ? t(`（${Blossom.clock(x.by)} 前）`, ` (by ${Blossom.clock(x.by)})`) : "", " · ", state(x)))));
  }

  function attach(p) {
    parts = p;
    Staff.add({
      reset() { frame = null; },
      labels: draw,
      frames: {
        escorts(m, { snapshot }) {
          frame = m;
          for (const x of m.tasks) {
            if (x.flagged && x.state === "open" && !alerted.has(x.task)) {
              alerted.add(x.task);
              if (!snapshot) speak(p.alert, t(`${x.number} 号的引导任务超过两分钟无人接。`, `Nobody has taken no. ${x.number}'s escort for two minutes.`));
            }
          }
          draw();
        },
      },
    });
    draw();
  }

  return { attach };
})();

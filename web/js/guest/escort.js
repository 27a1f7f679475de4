// A volunteer to walk with, on the guest's phone (section #escort-card): whether a
// volunteer is coming and who ("志愿者小李正在过来"), "not this time" for a move they
// can make alone, "please send a volunteer" (with where to), and their need
// (none, a sighted guide, a push, company), changeable through the evening. Each
// change is said politely; the card shows for a guest who has a need or a task.
"use strict";

(() => {
  const { t, speak } = Blossom;
  const { state, $ } = Guest;
  let escort = null;     // the `escort` frame
  let choosing = false;  // the guest is choosing a need: incoming frames leave the choice alone

  function labels() {
    $("escort-heading").textContent = t("志愿者引导", "A volunteer to walk with");
    $("escort-need-legend").textContent = t("走动时我需要", "When I move about I need");
    for (const s of document.querySelectorAll("[data-need]")) s.textContent = s.dataset.need === "none" ? t("不需要志愿者", "No volunteer") : Views.needWords(s.dataset.need);
    $("escort-to-label").textContent = t("想去哪里（可以不填）", "Where to (optional)");
    $("escort-ask").textContent = t("请志愿者来", "Please send a volunteer");
    $("escort-cancel").textContent = t("这次不用了", "Not this time");
    $("escort-need-save").textContent = t("保存", "Save");
  }

  function words(e) {
    const to = e.to ? Views.placeWords(e.to, e.to_kind) : null;
    const name = e.volunteer || "";
    switch (e.state) {
      case "open": return to ? t(`正在安排志愿者陪您去${to}。`, `A volunteer is being found to take you to ${to}.`) : t("正在安排志愿者。", "A volunteer is being found.");
      case "taken": return to ? t(`志愿者${name}正在过来，陪您去${to}。`, `Volunteer ${name} is on the way to take you to ${to}.`) : t(`志愿者${name}正在过来。`, `Volunteer ${name} is on the way.`);
      case "arrived": return t(`志愿者${name}已经到了。`, `Volunteer ${name} is with you.`);
      default: return t("现在没有志愿者任务。需要时可以随时请志愿者来。", "No volunteer is coming now. Ask for one whenever you like.");
    }
  }

  function draw() {
    labels();
    const active = escort && escort.state !== "none";
    // Every guest may ask for a volunteer and set their need, on a phone that is theirs.
    const show = !!escort && !state.problem && (!state.identity || state.identity.confirmed);
    $("escort-card").hidden = !show;
    if (!show) return;
    $("escort-state").textContent = words(escort);
    $("escort-cancel").hidden = !active;
    $("escort-form").hidden = active;
    if (!choosing) for (const r of document.querySelectorAll("input[name=escort-need]")) r.checked = r.value === escort.need;
  }

  function request(verb, fields, said) {
    return Live.request(verb, fields).then(() => { if (said) speak($("say"), said); },
      (e) => { speak($("alert"), e.message); });
  }

  $("escort-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const to = $("escort-to").value.trim();
    request("escort.ask", to ? { to } : {}, t("已请志愿者，请稍等。", "A volunteer has been asked for: please wait.")).then(() => {
      $("escort-to").value = "";
      // The form gives way to who is coming: the keyboard goes to the card.
      $("escort-heading").focus();
    });
  });
  $("escort-cancel").addEventListener("click", () => {
    if (escort && escort.task) request("escort.cancel", { task: escort.task }, t("好的，这次不用志愿者。", "All right: no volunteer this time.")).then(() => $("escort-heading").focus());
  });
  $("escort-need").addEventListener("change", () => { choosing = true; });
  $("escort-need-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const picked = document.querySelector("input[name=escort-need]:checked");
    if (!picked) return;
    const need = picked.value;
    choosing = false;
    request("escort.need", { need }, need === "none" ? t("好的，走动时不安排志愿者。", "Done: no volunteer when you move.")
      : t(`好的：${Views.needWords(need)}。换桌时会有志愿者来。`, `Done: ${Views.needWords(need)}. A volunteer will come when you change tables.`));
  });

  Guest.add({
    name: "escort",
    labels,
    draw,
    reset() { escort = null; },
    frames: {
      escort(m, { snapshot }) {
        const was = escort;
        escort = m;
        // Who is coming, said once as it changes.
        if (!snapshot && was && (was.state !== m.state || was.volunteer !== m.volunteer) && m.state !== "none") speak($("say"), words(m));
      },
    },
  });
})();

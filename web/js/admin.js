// The organiser's page, before the finished front end: pick an event, import a
// roster, print badges, check people in.
"use strict";

(() => {
  const { t, api, say, el } = Blossom;
  const $ = (id) => document.getElementById(id);
  let events = [];
  let current = null;

  const needWords = {
    wheelchair: ["轮椅", "wheelchair"], limited: ["行动不便", "walks with difficulty"], guided: ["需引导", "needs a guide"],
    sign: ["手语", "signs"], text: ["文字", "text"], quiet: ["安静桌", "quiet table"], companion: ["有陪同", "with a carer"],
  };
  const needs = (p) => {
    const out = [];
    if (p.mobility !== "none") out.push(t(...needWords[p.mobility]));
    for (const m of p.communication) if (m !== "speech") out.push(t(...needWords[m]));
    if (p.quiet) out.push(t(...needWords.quiet));
    if (p.companion) out.push(t(...needWords.companion));
    return out.join(t("、", ", ")) || "—";
  };

  function labels() {
    $("lang").textContent = t("English", "中文");
    $("lang").setAttribute("lang", Blossom.lang === "en" ? "zh-CN" : "en");
    $("title").textContent = t("组织者", "Organiser");
    document.title = t("组织者 · Blossom", "Organiser · Blossom");
    $("token-label").textContent = t("管理员令牌", "Admin token");
    $("signin-button").textContent = t("进入", "Sign in");
    $("events-heading").textContent = t("活动", "Events");
    $("event-select-label").textContent = t("选择活动", "Choose an event");
    $("badges").textContent = t("打印胸牌", "Print badges");
    $("csv-label").textContent = t("导入名单（CSV，UTF-8）", "Import a roster (CSV, UTF-8)");
    $("import-button").textContent = t("导入", "Import");
    $("roster-caption").textContent = t("参与者", "Participants");
    $("h-number").textContent = t("编号", "No.");
    $("h-name").textContent = t("姓名", "Name");
    $("h-needs").textContent = t("需要", "Needs");
    $("h-checkin").textContent = t("签到", "Check-in");
  }

  async function loadEvents() {
    labels();
    if (!Blossom.token()) { $("signin").hidden = false; return; }
    $("signin").hidden = true;
    try {
      events = await api("/api/events");
    } catch (e) {
      say($("status"), e.message, "error");
      $("signin").hidden = false;
      return;
    }
    $("events").hidden = false;
    const select = $("event-select");
    select.replaceChildren(...events.map((ev) => el("option", { value: ev.id }, ev.title)));
    if (events.length === 0) { say($("status"), t("还没有活动。", "There are no events yet.")); return; }
    await showEvent(current && events.some((e) => e.id === current.id) ? current.id : events[0].id);
  }

  async function showEvent(id) {
    current = events.find((e) => e.id === id);
    $("event-select").value = id;
    $("event").hidden = false;
    $("event-heading").textContent = current.title;
    $("event-details").textContent = current.venue + " · " + Blossom.wallTime(current.starts_at) + " · " +
      t(current.rounds + " 轮，" + current.tables.length + " 张桌子", current.rounds + " rounds, " + current.tables.length + " tables");
    await loadRoster();
  }

  async function loadRoster() {
    const list = await api("/api/events/" + current.id + "/participants");
    const rows = list.filter((p) => p.status === "registered").map((p) => {
      const cell = el("td");
      if (p.checked_in_at) {
        cell.id = "checked-" + p.id;
        cell.tabIndex = -1;
        cell.append(t("已签到 ", "Checked in ") + new Date(p.checked_in_at).toLocaleTimeString(Blossom.lang));
      } else {
        cell.append(el("button", { type: "button", class: "secondary", "aria-label": t("为 " + p.display_name + " 签到", "Check in " + p.display_name),
          onclick: () => checkIn(p) }, t("签到", "Check in")));
      }
      return el("tr", {}, el("td", {}, p.number), el("td", {}, p.display_name), el("td", {}, needs(p)), cell);
    });
    $("roster").replaceChildren(...rows);
  }

  async function checkIn(p) {
    try {
      await api("/api/events/" + current.id + "/participants/" + p.id + "/check-in", { method: "POST", body: {} });
      say($("status"), t(p.display_name + " 已签到。", p.display_name + " is checked in."), "ok");
      await loadRoster();
      // The button is gone: keep the keyboard where it was, on the same row.
      const cell = document.getElementById("checked-" + p.id);
      if (cell) cell.focus();
    } catch (e) { say($("status"), e.message, "error"); }
  }

  $("badges").addEventListener("click", async () => {
    try {
      const res = await api("/api/events/" + current.id + "/badges", { raw: true });
      const url = URL.createObjectURL(await res.blob());
      window.open(url, "_blank", "noopener");
    } catch (e) { say($("status"), e.message, "error"); }
  });

  $("import").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const file = $("csv").files[0];
    $("import-errors").replaceChildren();
    try {
      const res = await api("/api/events/" + current.id + "/participants/import", { method: "POST", body: await file.arrayBuffer(), contentType: "text/csv" });
      say($("status"), t("已导入 " + res.imported + " 人。", res.imported + " people imported."), "ok");
      await loadRoster();
    } catch (e) {
      say($("status"), e.message, "error");
      const errors = (e.problem && e.problem.errors) || [];
      $("import-errors").replaceChildren(el("ul", {}, ...errors.map((x) =>
        el("li", {}, (x.line ? t("第 " + x.line + " 行 ", "Line " + x.line + " ") : "") + x.field + "：" + x.message))));
    }
  });

  $("signin").addEventListener("submit", (ev) => { ev.preventDefault(); location.hash = encodeURIComponent($("token").value.trim()); });
  $("event-select").addEventListener("change", (ev) => showEvent(ev.target.value));
  $("lang").addEventListener("click", () => { Blossom.setLang(Blossom.lang === "en" ? "zh-CN" : "en"); loadEvents(); });
  window.addEventListener("hashchange", loadEvents);
  loadEvents();
})();

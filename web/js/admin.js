// The organiser's page: create an event, hand out staff links, import a roster,
// print badges, see the planned schedule, and check people in.
"use strict";

(() => {
  const { $, t, api, say, el } = Blossom;
  let events = [];
  let current = null;

  const needs = (p) => Blossom.needs(p).join(t("、", ", ")) || "—";
  const roles = { host: ["主持人", "Host"], matchmaker: ["红娘", "Matchmaker"], projector: ["投影屏", "Projector"] };
  const words = {
    "f-title": ["活动名称", "Title"], "f-venue": ["地点", "Venue"], "f-date": ["日期", "Date"], "f-date-hint": ["例如 2026-12-12", "For example 2026-12-12"],
    "f-time": ["开始时间（24 小时制）", "Starting time (24-hour clock)"], "f-time-hint": ["例如 14:00", "For example 14:00"],
    "f-rounds": ["轮数", "Rounds"], "f-round-min": ["每轮约会（分钟）", "Each date (minutes)"],
    "f-transition-min": ["换桌时间（分钟）", "Changing tables (minutes)"], "f-break-after": ["几轮后休息（0 为不休息）", "Break after how many rounds (0: none)"],
    "f-break-min": ["休息（分钟）", "Break (minutes)"], "f-tables": ["桌子数量", "Tables"], "f-accessible": ["其中无障碍桌（轮椅可用）", "Of which accessible (wheelchair)"],
    "f-quiet": ["其中安静桌", "Of which quiet"], "f-interpreters": ["手语翻译人数", "Sign-language interpreters"],
    "f-rooms": ["私聊室数量", "Private chat rooms"], "f-rooms-accessible": ["其中无障碍私聊室（轮椅可用）", "Of which accessible (wheelchair)"], "f-desks": ["红娘服务台数量", "Matchmaker desks"],
    "f-names": ["投影屏上显示姓名（默认只显示编号）", "Show names on the projector (numbers only by default)"],
    "staff-role": ["角色", "Role"], "staff-name": ["姓名", "Name"],
  };

  function labels() {
    $("home").textContent = t("Blossom 首页", "Blossom home");
    $("title").textContent = t("组织者", "Organiser");
    document.title = t("组织者 · Blossom", "Organiser · Blossom");
    $("signin-heading").textContent = t("登录", "Sign in");
    $("token-label").textContent = t("管理员令牌", "Admin token");
    $("signin-button").textContent = t("进入", "Sign in");
    $("events-heading").textContent = t("活动", "Events");
    $("event-select-label").textContent = t("选择活动", "Choose an event");
    $("new-event").textContent = t("新建活动", "New event");
    $("create-heading").textContent = t("新建活动", "New event");
    $("create-button").textContent = t("创建活动", "Create the event");
    $("create-cancel").textContent = t("取消", "Cancel");
    for (const e of document.querySelectorAll("[data-t]")) e.textContent = t(...words[e.dataset.t]);
    $("badges").textContent = t("打印胸牌", "Print badges");
    $("show-plan").textContent = t("查看排桌计划", "See the planned schedule");
    $("show-report").textContent = t("活动总结", "The evening's report");
    Report.labels();
    $("staff-heading").textContent = t("工作人员链接", "Staff links");
    for (const o of $("staff-role").options) o.textContent = t(...roles[o.value]);
    $("staff-button").textContent = t("添加工作人员", "Add a staff member");
    $("import-heading").textContent = t("导入名单", "Import a roster");
    $("import-help").textContent = t("CSV 文件（UTF-8），表头可用中文或英文。有任何一行出错，整份名单都不会导入，并列出每个错误。",
      "A CSV file (UTF-8) with Chinese or English headers. If any row has a problem, nothing is imported and every problem is listed.");
    $("csv-label").textContent = t("选择 CSV 文件", "Choose a CSV file");
    $("import-button").textContent = t("导入", "Import");
    $("plan-heading").textContent = t("排桌计划", "Planned schedule");
    $("roster-caption").textContent = t("参与者", "Participants");
    $("h-number").textContent = t("编号", "No.");
    $("h-name").textContent = t("姓名", "Name");
    $("h-needs").textContent = t("需要", "Needs");
    $("h-checkin").textContent = t("签到", "Check-in");
  }

  async function loadEvents(selectId) {
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
    select.replaceChildren(...events.map((ev) => el("option", { value: ev.id }, ev.title + " · " + Blossom.wallTime(ev.starts_at))));
    if (events.length === 0) { say($("status"), t("还没有活动，请新建一个。", "There are no events yet: create one.")); $("event").hidden = true; return; }
    const id = selectId || (current && events.some((e) => e.id === current.id) ? current.id : events[0].id);
    await showEvent(id);
  }

  async function showEvent(id) {
    current = events.find((e) => e.id === id);
    $("event-select").value = id;
    $("event").hidden = false;
    $("plan").hidden = true;
    $("event-heading").replaceChildren(Blossom.words(current.title));
    $("event-details").textContent = current.venue + " · " + Blossom.wallTime(current.starts_at) + " · " +
      t(`${current.rounds} 轮，每轮 ${current.round_seconds / 60} 分钟，${current.tables.length} 张桌子`,
        `${current.rounds} rounds of ${current.round_seconds / 60} minutes, ${current.tables.length} tables`);
    Erasure.show(current, async (all) => { if (all) await loadEvents(current.id); else await loadRoster(); });
    Audit.show(current);
    await Promise.all([loadStaff(), loadRoster()]);
  }

  async function loadStaff() {
    const list = await api(`/api/events/${current.id}/staff`);
    $("staff").replaceChildren(...(list.length ? list.map((s) => {
      const role = t(...roles[s.role]);
      const open = s.active
        ? el("a", { href: s.url, target: "_blank", rel: "noopener noreferrer" }, t(`打开${role}页面`, `Open the ${roles[s.role][1].toLowerCase()} page`))
        : el("span", { class: "tag" }, t("链接已停用", "link switched off"));
      // Each button names its person: a screen reader's list of buttons says whose.
      const renew = el("button", { type: "button", class: "secondary", "data-staff": s.id, "data-do": "renew",
        "aria-label": t(`给 ${s.name} 新链接`, `New link for ${s.name}`) }, t("新链接", "New link"));
      const parts = [el("span", { class: "tag" }, role), " ", s.name, " ", open, " ", renew];
      if (s.active) {
        parts.push(" ", el("button", { type: "button", class: "secondary", "data-staff": s.id, "data-do": "off",
          "aria-label": t(`停用链接（${s.name}）`, `Switch off ${s.name}'s link`) }, t("停用链接", "Switch off")));
      }
      return el("li", { "data-name": s.name, "data-id": s.id }, ...parts);
    }) : [el("li", {}, t("还没有工作人员。", "No staff yet."))]));
  }

  async function loadRoster() {
    const list = await api(`/api/events/${current.id}/participants`);
    const rows = list.filter((p) => p.status === "registered").map((p) => {
      const cell = el("td");
      if (p.checked_in_at && !p.left_at) {
        cell.id = "checked-" + p.id;
        cell.tabIndex = -1;
        cell.append(t("已签到 ", "Checked in ") + Blossom.clock(p.checked_in_at));
      } else {
        if (p.left_at) cell.append(el("p", {}, t("已离场 ", "Left at ") + Blossom.clock(p.left_at)));
        const again = !!p.left_at;
        cell.append(el("button", { type: "button", class: "secondary",
          "aria-label": again ? t("为 " + p.display_name + " 重新签到", "Check " + p.display_name + " in again") : t("为 " + p.display_name + " 签到", "Check in " + p.display_name),
          onclick: () => checkIn(p) }, again ? t("重新签到", "Check in again") : t("签到", "Check in")));
      }
      const erase = Erasure.rowParts(p);
      cell.append(...erase.button);
      return el("tr", {}, el("td", {}, p.number), el("td", {}, Blossom.words(p.display_name), ...erase.tag), el("td", {}, needs(p)), cell);
    });
    $("roster").replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: "4" }, t("还没有参与者。请导入名单。", "No participants yet: import a roster.")))]));
  }

  async function checkIn(p) {
    try {
      await api(`/api/events/${current.id}/participants/${p.id}/check-in`, { method: "POST", body: {} });
      await loadRoster();
      // The button is gone: keep the keyboard where it was, on the same row.
      const cell = $("checked-" + p.id);
      if (cell) cell.focus();
      say($("status"), t(p.display_name + " 已签到。", p.display_name + " is checked in."), "ok");
    } catch (e) { say($("status"), e.message, "error"); }
  }

  async function showPlan() {
    try {
      const plan = await api(`/api/events/${current.id}/schedule`);
      $("plan").hidden = false;
      $("plan-summary").textContent = (plan.source === "live"
        ? t("活动进行中的实际计划（随签到、离场和休息重新安排）。", "The running event's own plan (re-planned as people arrive, leave and rest).")
        : t("预览：假设所有报名者都到场。", "A preview, as if every registered guest comes.")) + " " +
        t(`共 ${plan.dates} 场约会，${plan.people} 人。`, `${plan.dates} dates for ${plan.people} people.`) +
        (plan.without_date.length ? " " + t(`没有约会的人：${plan.without_date.join("、")} 号。`, `No date for no. ${plan.without_date.join(", ")}.`) : "");
      $("plan-rounds").replaceChildren(...plan.rounds.map((r) => el("div", { class: "table-wrap", role: "region", tabindex: "0", "aria-labelledby": "round-" + r.round }, el("table", {},
        el("caption", { id: "round-" + r.round }, t(`第 ${r.round} 轮`, `Round ${r.round}`) + (r.resting.length ? t(`（休息：${r.resting.join("、")} 号）`, ` (resting: no. ${r.resting.join(", ")})`) : "")),
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, t("桌号", "Table")), el("th", { scope: "col" }, t("编号与姓名", "Numbers and names")))),
        el("tbody", {}, ...r.dates.map((d) => el("tr", {}, el("td", {}, d.table),
          el("td", {}, `${d.numbers[0]} `, Blossom.words(d.names[0]), ` · ${d.numbers[1]} `, Blossom.words(d.names[1]), d.interpreter ? t("（手语翻译）", " (interpreter)") : ""))))))));
      $("plan").focus();
    } catch (e) { say($("status"), e.message, "error"); }
  }

  /** The event form as the API wants it; minutes become seconds. */
  function eventBody() {
    const n = (id) => Number($(id).value);
    // "2026-12-12" and "14:00" (also 2026/12/12, 2026.12.12 and 14.00, 14：00),
    // in the venue's time zone, which is this computer's: e.g. +08:00.
    const d = /^\s*(\d{4})\D(\d{1,2})\D(\d{1,2})\s*$/.exec($("f-date").value);
    const tm = /^\s*(\d{1,2})\D(\d{2})\s*$/.exec($("f-time").value);
    let startsAt = ($("f-date").value + " " + $("f-time").value).trim();
    if (d && tm) {
      const p2 = (x) => String(x).padStart(2, "0");
      const local = `${d[1]}-${p2(d[2])}-${p2(d[3])}T${p2(tm[1])}:${tm[2]}:00`;
      const off = -new Date(local).getTimezoneOffset();
      const sign = off >= 0 || Number.isNaN(off) ? "+" : "-";
      const abs = Math.abs(off || 0);
      startsAt = `${local}${sign}${p2(Math.floor(abs / 60))}:${p2(abs % 60)}`;
    }
    const tables = Array.from({ length: Math.max(0, n("f-tables")) }, (_, i) => ({
      label: String(i + 1), accessible: i < n("f-accessible"), quiet: i >= n("f-tables") - n("f-quiet"),
    }));
    return {
      title: $("f-title").value, venue: $("f-venue").value, starts_at: startsAt || undefined,
      rounds: n("f-rounds"), round_seconds: n("f-round-min") * 60, transition_seconds: n("f-transition-min") * 60,
      break_after_rounds: n("f-break-after"), break_seconds: n("f-break-min") * 60, interpreters: n("f-interpreters"),
      names_on_projector: $("f-names").checked, tables,
      // Rooms are quiet by nature; the first ones are the accessible ones.
      rooms: Array.from({ length: n("f-rooms") }, (_, i) => ({ label: String.fromCharCode(65 + (i % 26)) + (i >= 26 ? i : ""), accessible: i < n("f-rooms-accessible"), quiet: true })),
      desks: Array.from({ length: n("f-desks") }, (_, i) => ({ label: String(i + 1) })),
    };
  }

  /** Marks the fields the server named, and lists every problem; focus goes to the list. */
  function showErrors(problem) {
    for (const i of $("create").querySelectorAll("[aria-invalid]")) {
      i.removeAttribute("aria-invalid");
      // Keep a field's own hint; drop only the pointer to the error list.
      const rest = (i.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && x !== "create-error-list");
      if (rest.length) i.setAttribute("aria-describedby", rest.join(" ")); else i.removeAttribute("aria-describedby");
    }
    const errors = (problem && problem.errors) || [];
    const list = el("ul", { id: "create-error-list" });
    for (const e of errors) {
      const name = e.field.split(/[.[]/)[0];
      const input = $("create").querySelector(`[name="${name}"]`);
      const item = el("li", {}, input ? el("a", { href: "#" + input.id }, $("create").querySelector(`label[for="${input.id}"]`).textContent) : e.field, t("：", ": "), e.message);
      list.append(item);
      if (input) {
        input.setAttribute("aria-invalid", "true");
        const ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (!ids.includes("create-error-list")) input.setAttribute("aria-describedby", [...ids, "create-error-list"].join(" "));
      }
    }
    const summary = errors.length
      ? t(`有 ${errors.length} 处需要修改，什么都没有保存：`, `${errors.length} thing${errors.length === 1 ? "" : "s"} to fix; nothing was saved:`)
      : (problem && problem.detail) || "";
    $("create-errors").replaceChildren(el("p", { class: "error" }, summary), list);
  }

  $("new-event").addEventListener("click", () => {
    const open = $("create").hidden;
    $("create").hidden = !open;
    $("new-event").setAttribute("aria-expanded", String(open));
    if (open) $("f-title").focus();
  });
  $("create-cancel").addEventListener("click", () => { $("create").hidden = true; $("new-event").setAttribute("aria-expanded", "false"); $("new-event").focus(); });
  let busy = false; // one request at a time from a form: no double events or imports
  $("create").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (busy) return;
    busy = true;
    try {
      const created = await api("/api/events", { method: "POST", body: eventBody() });
      $("create").hidden = true;
      $("new-event").setAttribute("aria-expanded", "false");
      $("create-errors").replaceChildren();
      say($("status"), t(`已创建“${created.title}”。`, `"${created.title}" is created.`), "ok");
      await loadEvents(created.id);
      $("event-heading").tabIndex = -1;
      $("event-heading").focus();
    } catch (e) {
      showErrors(e.problem || { detail: e.message });
      $("create-errors").tabIndex = -1;
      $("create-errors").focus();
    } finally { busy = false; }
  });
  $("staff-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      const s = await api(`/api/events/${current.id}/staff`, { method: "POST", body: { role: $("staff-role").value, name: $("staff-name").value } });
      $("staff-name").value = "";
      say($("status"), t(`已添加${t(...roles[s.role])} ${s.name}。`, `${s.name} is added as ${roles[s.role][1].toLowerCase()}.`), "ok");
      await loadStaff();
    } catch (e) { say($("status"), e.message, "error"); $("staff-name").focus(); }
  });
  // A lost tablet, or someone who left: the organiser switches the link off (open
  // pages with it close at once) or gives a new one (the old one stops working).
  $("staff").addEventListener("click", async (ev) => {
    const b = ev.target.closest("button[data-staff]");
    if (!b) return;
    const name = b.closest("li").dataset.name;
    const off = b.dataset.do === "off";
    const yes = await Blossom.ask(off
      ? { heading: t(`停用 ${name} 的链接？`, `Switch off ${name}'s link?`),
          text: t("用这个链接打开的页面会立即关闭，链接不再能用。之后可以再给新链接。", "Pages open with this link close at once, and the link stops working. You can give a new link later."),
          ok: t("停用链接", "Switch off"), danger: true }
      : { heading: t(`给 ${name} 新链接？`, `A new link for ${name}?`),
          text: t("旧链接会立即失效，用它打开的页面会关闭。", "The old link stops working at once, and pages open with it close."),
          ok: t("给新链接", "Give a new link") });
    if (!yes) { b.focus(); return; }
    try {
      const path = `/api/events/${current.id}/staff/${b.dataset.staff}`;
      if (off) await api(path, { method: "DELETE" });
      else await api(`${path}/token`, { method: "POST", body: {} });
      await loadStaff();
      say($("status"), off
        ? t(`${name} 的链接已停用。`, `${name}'s link is switched off.`)
        : t(`${name} 有了新链接，旧链接已失效。`, `${name} has a new link; the old one no longer works.`), "ok");
      // The focus stays with this person's row, on its first button (found by id:
      // two people may share a name).
      const id = b.dataset.staff;
      const row = [...$("staff").children].find((li) => li.dataset.id === id);
      const next = row && row.querySelector("button");
      if (next) next.focus();
    } catch (e) { say($("status"), e.message, "error"); }
  });
  $("badges").addEventListener("click", async () => {
    // Opened inside the tap (browsers block windows opened later), filled when ready.
    const w = window.open("", "_blank");
    try {
      const res = await api(`/api/events/${current.id}/badges`, { raw: true });
      const url = URL.createObjectURL(await res.blob());
      if (w) w.location.href = url;
      else say($("status"), t("浏览器拦截了新窗口，请允许弹出窗口后再试。", "The browser blocked the new window: allow pop-ups and try again."), "error");
    } catch (e) { if (w) w.close(); say($("status"), e.message, "error"); }
  });
  $("show-plan").addEventListener("click", showPlan);
  $("show-report").addEventListener("click", () => Report.show(current.id));
  Report.attach();
  Erasure.attach();
  $("import").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const file = $("csv").files[0];
    $("import-errors").replaceChildren();
    if (!file) { say($("status"), t("请先选择一个 CSV 文件。", "Choose a CSV file first."), "error"); $("csv").focus(); return; }
    if (busy) return;
    busy = true;
    try {
      const res = await api(`/api/events/${current.id}/participants/import`, { method: "POST", body: await file.arrayBuffer(), contentType: "text/csv" });
      say($("status"), t("已导入 " + res.imported + " 人。", res.imported === 1 ? "1 person imported." : res.imported + " people imported."), "ok");
      await loadRoster();
    } catch (e) {
      say($("status"), e.message, "error");
      const errors = (e.problem && e.problem.errors) || [];
      $("import-errors").replaceChildren(el("ul", {}, ...errors.map((x) =>
        el("li", {}, (x.line ? t("第 " + x.line + " 行 ", "Line " + x.line + " ") : "") + x.field + t("：", ": ") + x.message))));
    } finally { busy = false; }
  });

  $("signin").addEventListener("submit", (ev) => { ev.preventDefault(); location.hash = encodeURIComponent($("token").value.trim()); });
  $("event-select").addEventListener("change", (ev) => { Report.hide(); showEvent(ev.target.value); });
  Blossom.langSwitch($("lang"), () => { labels(); if (current) showEvent(current.id); });
  window.addEventListener("hashchange", () => loadEvents());
  loadEvents();
})();

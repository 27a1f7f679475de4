// The organiser's page, the whole day: create and change an event (EventForm),
// see where it stands at a glance, hand out staff links, import a roster or add and
// change guests one by one (Guests), print badges and table signs (the print page,
// /print/), see the planned schedule, check people in, and afterwards the report
// and the mutual matches.
"use strict";

(() => {
  const { $, t, api, say, el } = Blossom;
  let events = [];
  let current = null;
  let people = [];

  const needs = (p) => Blossom.needs(p).join(t("、", ", ")) || "—";
  const roles = { host: ["主持人", "Host"], matchmaker: ["红娘", "Matchmaker"], projector: ["投影屏", "Projector"], captioner: ["字幕员", "Captioner"], volunteer: ["志愿者", "Volunteer"] };
  const words = { "staff-role": ["角色", "Role"], "staff-name": ["姓名", "Name"], "staff-contact": ["联系方式（用于服务时长证明）", "Contact (for the certificate of hours)"] };
  const PHASES = { lobby: ["签到中", "check-in"], round: ["约会中", "dates under way"], transition: ["换桌", "changing tables"],
    break: ["休息", "a break"], closed: ["约会已结束", "the dates are over"] };
  let watching = null;

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
    EventForm.labels();
    for (const e of $("staff-form").querySelectorAll("[data-t]")) e.textContent = t(...words[e.dataset.t]);
    $("badges").textContent = t("打印胸牌", "Print badges");
    $("signs").textContent = t("打印桌牌", "Print table signs");
    $("edit-event").textContent = t("修改活动", "Change the event");
    $("show-plan").textContent = t("查看排桌计划", "See the planned schedule");
    $("show-report").textContent = t("活动总结", "The evening's report");
    Report.labels();
    $("staff-heading").textContent = t("工作人员链接", "Staff links");
    for (const o of $("staff-role").options) o.textContent = t(...roles[o.value]);
    $("staff-button").textContent = t("添加工作人员", "Add a staff member");
    $("import-heading").textContent = t("导入名单", "Import a roster");
    $("import-help").textContent = t("CSV 文件（UTF-8），表头可用中文或英文。有任何一行出错，整份名单都不会导入，并列出每个错误。",
      "A CSV file (UTF-8) with Chinese or English headers. If any row has a problem, nothing is imported and every problem is listed.");
    $("template").textContent = t("下载名单模板（CSV，含一行示例）", "Download the roster template (CSV, with one example row)");
    $("import-guide-title").textContent = t("怎样填写名单", "How to fill in the roster");
    $("import-guide").replaceChildren(el("ol", {}, ...[
      t("下载模板，用 Excel 或 WPS 打开。第一行是表头，第二行是示例（王芳），可以照着填，导入前删掉或改成真实嘉宾。",
        "Download the template and open it in Excel or WPS. The first row is the header, the second an example (王芳): fill in your guests the same way, and delete or replace the example before importing."),
      t("必填：姓名、性别（男/女）、年龄、婚姻状况（未婚/离异/丧偶）。其余可以空着。",
        "Required: 姓名 (name), 性别 (男/女), 年龄 (age), 婚姻状况 (未婚/离异/丧偶). The rest may be left empty."),
      t("行动：轮椅、行动不便、需引导，或空着。沟通方式：口语、手语、文字，几种用分号隔开。是否类的列填“是”或“否”。期望年龄写成 25-35。",
        "行动: 轮椅, 行动不便, 需引导, or empty. 沟通方式: 口语, 手语, 文字, several separated by semicolons. Yes/no columns take 是 or 否. 期望年龄 is written 25-35."),
      t("保存时选“CSV UTF-8（逗号分隔）”。", "Save as \"CSV UTF-8 (comma delimited)\"."),
    ].map((x) => el("li", {}, x))));
    $("csv-label").textContent = t("选择 CSV 文件", "Choose a CSV file");
    $("import-button").textContent = t("导入", "Import");
    $("plan-heading").textContent = t("排桌计划", "Planned schedule");
    $("roster-caption").textContent = t("参与者", "Participants");
    $("h-number").textContent = t("编号", "No.");
    $("h-name").textContent = t("姓名", "Name");
    $("h-needs").textContent = t("需要", "Needs");
    $("h-checkin").textContent = t("签到", "Check-in");
    $("h-actions").textContent = t("操作", "Actions");
    Guests.labels();
    ProgrammeCard.labels();
  }

  async function loadEvents(selectId) {
    labels();
    if (!Blossom.token()) { $("signin").hidden = false; return; }
    $("signin").hidden = true;
    try {
      events = await api("/api/events");
    } catch (e) {
      say($("status"), e.status === 401 || e.status === 403
        ? t("这个组织者链接或令牌已经不能用了。请重新打开启动 Blossom 时显示的组织者链接，或在下面输入管理员令牌（演示时保存在数据库旁边的 blossom.admin-token 文件里）。",
          "This organiser link or token no longer works. Open the organiser link Blossom showed when it started again, or type the admin token below (for the demo it is kept in the file blossom.admin-token beside the database).")
        : e.message, "error");
      $("signin").hidden = false;
      $("token").focus();
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
    $("event-details").textContent = (current.organiser ? t("主办：", "Held by ") + current.organiser + " · " : "") +
      current.venue + " · " + Blossom.wallTime(current.starts_at) + " · " +
      t(`${current.rounds} 轮，每轮 ${current.round_seconds / 60} 分钟，${current.tables.length} 张桌子`,
        `${current.rounds} rounds of ${current.round_seconds / 60} minutes, ${current.tables.length} tables`);
    showState(current);
    Guests.setEvent(current.id);
    $("badges").href = Guests.printHref("badges");
    $("signs").href = Guests.printHref("signs");
    $("report-print").href = Guests.printHref("report");
    $("edit-event").hidden = current.status !== "scheduled";
    ProgrammeCard.show({ segments: current.programme || [], current: null, closed_at: null }, { lock: current.status !== "scheduled" });
    clearInterval(watching);
    // Where the evening stands, kept fresh (quietly: no announcement each time).
    watching = setInterval(refreshState, 15000);
    Erasure.show(current, async (all) => { if (all) await loadEvents(current.id); else await loadRoster(); });
    Audit.show(current);
    await Promise.all([loadStaff(), loadRoster(), Volunteers.load(current.id)]);
  }

  /** The event's status at a glance: scheduled, check-in, live (round k of n and
   *  its phase), closed, revealed, purged. */
  function showState(ev) {
    const p = ev.progress;
    let text;
    if (ev.purged_at) text = t("已结束，个人资料已全部删除（只保留活动总结）", "over; everyone's personal data is erased (only the report is kept)");
    else if (ev.status === "closed") text = t("已结束", "over") + " · " + (ev.revealed ? t("结果已公布", "results revealed") : t("结果尚未公布", "results not yet revealed"));
    else if (ev.status === "live" && p) {
      text = t("进行中", "live") + " · " + (p.round ? t(`第 ${p.round} 轮（共 ${p.rounds} 轮）`, `round ${p.round} of ${p.rounds}`) + " · " : "") +
        t(...(PHASES[p.phase] || [p.phase, p.phase])) + (p.paused ? t("（已暂停）", " (paused)") : "") +
        " · " + t(`在场 ${p.present} 人`, `${p.present} here`) + (ev.revealed ? " · " + t("结果已公布", "results revealed") : "");
    } else if (ev.status === "live") text = t("进行中", "live");
    else if (p) text = t(`尚未开始 · 签到中，已到 ${p.present} 人`, `not started · check-in open, ${p.present} here`);
    else text = t("尚未开始", "not started");
    $("event-state").textContent = t("状态：", "Status: ") + text;
    $("event-state").dataset.status = ev.purged_at ? "purged" : ev.status;
  }

  async function refreshState() {
    if (!current || document.hidden) return;
    try {
      const ev = await api(`/api/events/${current.id}`);
      const was = current.status;
      current = ev;
      events = events.map((e) => (e.id === ev.id ? ev : e));
      showState(ev);
      if (was !== ev.status) $("edit-event").hidden = ev.status !== "scheduled";
    } catch { /* the next try will say */ }
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
      return el("tr", {}, el("td", {}, p.number), el("td", {}, Blossom.words(p.display_name), ...erase.tag), el("td", {}, needs(p)), cell,
        el("td", {}, ...(current.purged_at ? [] : Guests.actions(p))));
    });
    people = list;
    $("roster").replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: "5" }, t("还没有参与者。请导入名单，或添加一位嘉宾。", "No participants yet: import a roster, or add a guest.")))]));
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
          el("td", {}, `${d.numbers[0]} `, Blossom.words(d.names[0]), ` · ${d.numbers[1]} `, Blossom.words(d.names[1]), d.interpreter ? t(" · 本桌配手语翻译", " · an interpreter at this table") : ""))))))));
      $("plan").focus();
    } catch (e) { say($("status"), e.message, "error"); }
  }

  $("new-event").addEventListener("click", (ev) => EventForm.open(null, ev.currentTarget));
  $("edit-event").addEventListener("click", (ev) => EventForm.open(current, ev.currentTarget));
  EventForm.attach(async (id) => {
    await loadEvents(id);
    $("event-heading").tabIndex = -1;
    $("event-heading").focus();
  });
  Guests.attach({ event: () => current && current.id, reload: () => loadRoster() });
  // The programme before the evening: each change saved whole (PUT).
  ProgrammeCard.attach({
    section: $("programme-card"), status: $("status"),
    set: async (segments) => {
      const ev = await api(`/api/events/${current.id}/programme`, { method: "PUT", body: { segments } });
      current = ev;
      return { segments: ev.programme, current: null, closed_at: null };
    },
  });
  NewLink.use({ status: $("status"), event: () => current && current.id });
  $("roster").addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-guest]");
    if (b) Guests.act(b, people);
  });
  let busy = false; // one import at a time
  // A volunteer's contact is asked for (their certificate of hours); nobody else's.
  $("staff-role").addEventListener("change", () => { $("staff-contact-box").hidden = $("staff-role").value !== "volunteer"; });
  $("staff-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      const role = $("staff-role").value;
      const contact = $("staff-contact").value.trim();
      const s = await api(`/api/events/${current.id}/staff`, { method: "POST", body: { role, name: $("staff-name").value, ...(role === "volunteer" && contact ? { contact } : {}) } });
      $("staff-name").value = "";
      $("staff-contact").value = "";
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
  $("show-plan").addEventListener("click", showPlan);
  $("show-report").addEventListener("click", () => Report.show(current.id));
  Report.attach();
  Volunteers.attach();
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
        el("li", {}, (x.line ? t("第 " + x.line + " 行 ", "Line " + x.line + " ") : "") + Guests.column(x.field) + t("：", ": ") + x.message))));
    } finally { busy = false; }
  });

  $("signin").addEventListener("submit", (ev) => { ev.preventDefault(); location.hash = encodeURIComponent($("token").value.trim()); });
  $("event-select").addEventListener("change", (ev) => { Report.hide(); showEvent(ev.target.value); });
  Blossom.langSwitch($("lang"), () => { labels(); if (current) showEvent(current.id); });
  window.addEventListener("hashchange", () => loadEvents());
  loadEvents();
})();

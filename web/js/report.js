// The evening's report (活动总结) on the organiser's page: the figures of
// `GET /api/events/{id}/report` as tables, with bar charts drawn as SVG (each with a
// text alternative, and its table beside it), printable on A4, in both languages;
// and the three CSV exports, downloaded with the admin token. After the reveal,
// the mutual matches for follow-up (`GET /api/events/{id}/matches`), in their own
// section: they name people, so they are not printed with the aggregate report.
//
// admin.js calls `Report.attach()` once and `Report.show(eventId)` when the
// organiser asks for it.
"use strict";

const Report = (() => {
  const { $, t, api, say, el } = Blossom;
  const SVG = "http://www.w3.org/2000/svg";
  let eventId = null;
  let figures = null;
  let follow = null;   // `GET .../matches`: {revealed, matches}

  const REASONS = {
    advice: ["咨询建议", "Advice"], help: ["需要帮助", "Help"], access: ["无障碍协助", "Accessibility assistance"],
    about_someone: ["关于某位嘉宾", "About someone"], other: ["其他", "Other"],
  };
  const hidden = () => t("少于 5 人，不显示", "fewer than 5: not shown");
  const num = (v, digits = 1) => (v == null ? hidden() : Number.isInteger(v) ? String(v) : v.toFixed(digits));
  const pct = (v) => (v == null ? "—" : `${Math.round(v * 100)}%`);
  const mins = (q) => (q == null ? hidden() : t(`中位数 ${num(q.median)} 分钟，90% 在 ${num(q.p90)} 分钟内`, `median ${num(q.median)} min, 90% within ${num(q.p90)} min`));

  /** A table of figures: what, how many, and what kind of figure it is with its
   *  unit (a total of people, a median in minutes, a share). */
  function table(id, caption, rows) {
    return el("div", { class: "table-wrap", role: "region", tabindex: "0", "aria-labelledby": id },
      el("table", {}, el("caption", { id }, caption, t("：数字", ": figures")),
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, t("项目", "Figure")), el("th", { scope: "col" }, t("数值", "Value")),
          el("th", { scope: "col" }, t("说明", "What it is")))),
        el("tbody", {}, ...rows.map(([k, v, u]) => el("tr", {}, el("th", { scope: "row" }, k), el("td", {}, v), el("td", {}, u || ""))))));
  }

  // What each figure is, and its unit.
  const U = {
    people: () => t("合计，人", "total, people"), dates: () => t("合计，场", "total, dates"), times: () => t("合计，次", "total, times"),
    personRounds: () => t("合计，人次", "total, guest-rounds"), rooms: () => t("合计，间", "total, rooms"), minutes: () => t("合计，分钟", "total, minutes"),
    tickets: () => t("合计，张", "total, tickets"), pairs: () => t("合计，对", "total, pairs"), share: (of) => t(`比例（占${of[0]}）`, `share (of ${of[1]})`),
    perGuest: () => t("每位到场嘉宾，场", "per guest who came, dates"), quantiles: () => t("中位数和第90百分位，分钟", "median and 90th percentile, minutes"),
  };

  /** A horizontal bar chart as SVG, described in words for screen readers; the
   *  numbers are in the table that follows it. */
  function chart(id, title, bars) {
    // Nothing to draw (no ticket at all): the table says so.
    if (!bars.length) return "";
    const max = Math.max(1, ...bars.map(([, v]) => v || 0));
    const rowH = 34, labelW = 190, barW = 300, h = bars.length * rowH + 8;
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", `0 0 ${labelW + barW + 70} ${h}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-labelledby", `${id}-t ${id}-d`);
    svg.setAttribute("class", "chart");
    const add = (tag, attrs, text) => {
      const n = document.createElementNS(SVG, tag);
      for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
      if (text != null) n.textContent = text;
      svg.append(n);
      return n;
    };
    add("title", { id: `${id}-t` }, title);
    add("desc", { id: `${id}-d` }, bars.map(([k, v]) => `${k}: ${v == null ? hidden() : v}`).join(t("；", "; ")));
    bars.forEach(([k, v], i) => {
      const y = i * rowH + 4;
      add("text", { x: 0, y: y + 21, "font-size": 15, fill: "currentColor" }, k);
      const w = v == null ? 0 : Math.max(2, (v / max) * barW);
      add("rect", { x: labelW, y, width: w, height: rowH - 10, fill: "#8a1c4a" });
      add("text", { x: labelW + w + 8, y: y + 21, "font-size": 15, fill: "currentColor" }, v == null ? "—" : String(v));
    });
    return el("figure", {}, svg, el("figcaption", {}, title));
  }

  /** The programme as run (planned against actual minutes), captions, the
   *  spotlight and the polls (counts only, withheld under five answers). */
  function stageSection(g, section) {
    if (!g || (!g.programme.length && !g.captions_sent && !g.polls.length)) return [];
    const ran = (s) => (s.actual_minutes == null ? (s.started_at ? t("进行中", "under way") : t("未进行", "not held")) : num(s.actual_minutes));
    const part = [section(t("活动流程", "The programme as run"),
      table("r-prog-table", t("活动流程：计划与实际（分钟）", "The programme: planned and actual (minutes)"), [
        ...g.programme.map((s) => [el("span", {}, Blossom.words(s.title), " · ", ProgrammeView.kindName(s.kind)),
          t(`计划 ${s.planned_minutes}，实际 ${ran(s)}`, `planned ${s.planned_minutes}, actual ${ran(s)}`), U.minutes()]),
        [t("字幕", "Caption lines"), num(g.captions_sent), t("行", "lines")],
        [t("上台展示", "Guests on stage"), num(g.spotlights), U.times()]]))];
    if (g.polls.length) {
      part.push(section(t("投票", "Polls"), table("r-poll-table", t("投票（只有票数）", "Polls (counts only)"), g.polls.map((p) => [Blossom.words(p.question),
        p.results ? p.options.map((o, i) => t(`${o} ${p.results[i]} 票`, `${o}: ${p.results[i]}`)).join(t("，", ", "))
          : t(`${p.answered} 人回答，少于 5 人，不显示`, `${p.answered} answered: fewer than five, not shown`), U.people()]))));
    }
    return part;
  }

  /** The report's sections, each a heading, a chart where one helps, and its table. */
  function sections(f, level = "h3") {
    const { attendance: a, access: x, chat: c, desks: d, outcomes: o } = f;
    const section = (h, ...children) => el("section", { class: "report-part" }, el(level, {}, h), ...children);
    const after = (v) => (v == null ? t("公布结果后显示", "shown after the reveal") : num(v));
    return [
      section(t("出席", "Attendance"),
        chart("r-att", t("出席人数", "Attendance"), [[t("报名", "Registered"), a.registered], [t("到场", "Came"), a.came], [t("迟到", "Late"), a.late], [t("提前离场", "Left early"), a.left_early]]),
        table("r-att-table", t("出席", "Attendance"), [
          [t("报名人数", "Registered"), num(a.registered), U.people()], [t("到场人数", "Came"), num(a.came), U.people()],
          [t("迟到", "Late"), num(a.late), U.people()], [t("提前离场", "Left early"), num(a.left_early), U.people()],
          [t("计划约会场数", "Dates planned"), num(a.dates_planned), U.dates()], [t("实际约会场数", "Dates held"), num(a.dates_held), U.dates()],
          [t("每人约会场数", "Dates per guest"), t(`最少 ${a.dates_per_guest.min}，中位数 ${num(a.dates_per_guest.median)}，最多 ${a.dates_per_guest.max}`,
            `fewest ${a.dates_per_guest.min}, median ${num(a.dates_per_guest.median)}, most ${a.dates_per_guest.max}`), U.perGuest()]])),
      section(t("无障碍", "Access"),
        table("r-acc-table", t("无障碍", "Access"), [
          [t("轮椅使用者", "Wheelchair users"), num(x.wheelchair_users), U.people()],
          [t("他们的约会中在无障碍桌的", "Their dates at an accessible table"), x.wheelchair_dates == null ? hidden() : `${x.wheelchair_dates_accessible} / ${x.wheelchair_dates}`, U.dates()],
          [t("有手语翻译的约会", "Dates with an interpreter"), num(x.interpreter_dates), U.dates()],
          [t("安静桌约会", "Dates at quiet tables"), num(x.quiet_table_dates), U.dates()],
          [t("嘉宾主动要求的休息", "Rests guests asked for"), num(x.rests_taken), U.times()],
          [t("轮空（到场但这一轮没有约会）", "Rounds sat out (present, no date that round)"), num(x.rounds_sat_out), U.personRounds()]])),
      section(t("私聊区", "Private chat area"),
        table("r-chat-table", t("私聊区", "Private chat area"), [
          [t("邀请", "Invitations"), num(c.invitations), U.times()], [t("接受的比例", "Share accepted"), pct(c.accepted_share), U.share(["邀请", "invitations"])],
          [t("进行的私聊", "Private chats held"), num(c.chats_held), U.times()],
          [t("用过的私聊室", "Rooms used"), num(c.rooms_used), U.rooms()], [t("私聊时长", "Time in rooms"), num(c.room_minutes), U.minutes()]])),
      section(t("红娘服务区", "Matchmaker desks"),
        chart("r-desk", t("按原因的排队号", "Tickets by reason"), Object.entries(d.by_reason).map(([k, v]) => [t(...(REASONS[k] || [k, k])), v])),
        table("r-desk-table", t("红娘服务区", "Matchmaker desks"), [
          [t("排队号", "Tickets"), num(d.tickets), U.tickets()],
          ...Object.entries(d.by_reason).map(([k, v]) => [t(...(REASONS[k] || [k, k])), num(v), U.tickets()]),
          [t("红娘接待", "Desk visits"), num(d.visits), U.times()],
          [t("等待时间", "Waits"), mins(d.wait_minutes), U.quantiles()], [t("服务时间", "Service times"), mins(d.service_minutes), U.quantiles()],
          [t("叫号未到", "No-shows"), num(d.no_shows), U.personRounds()]])),
      section(t("结果", "Outcomes"),
        chart("r-out", t("互相有意的配对", "Mutual matches"), [[t("牵手", "Dates (both yes)"), o.matches_date], [t("做朋友", "Friends"), o.matches_friend]]),
        table("r-out-table", t("结果", "Outcomes"), [
          [t("每场都做了选择的嘉宾", "Guests who marked every date"), `${o.marked_every_date} / ${o.guests_with_dates} (${pct(o.marked_share)})`, U.people()],
          [t("牵手配对", "Dates (both said yes)"), after(o.matches_date), U.pairs()],
          [t("朋友配对", "Friends"), after(o.matches_friend), U.pairs()],
          [t("交换了联系方式的配对", "Pairs who exchanged contacts"), after(o.contacts_exchanged), U.pairs()]])),
      ...stageSection(f.stage, section),
      ...(f.escorts && f.escorts.tasks ? [section(t("志愿者引导", "Volunteers' escorts"),
        table("r-esc-table", t("志愿者引导", "Volunteers' escorts"), [
          [t("引导任务", "Escort tasks"), num(f.escorts.tasks), U.times()],
          [t("两分钟内有人接", "Taken within two minutes"), num(f.escorts.taken_within_two_minutes), U.times()],
          [t("志愿者到达用时", "Time until the volunteer was there"), mins(f.escorts.minutes_to_arrival), U.quantiles()],
          [t("无人陪同走动（目标是零）", "Moved alone after asking (the goal is none)"), num(f.escorts.moved_alone), U.times()]]))] : []),
      el("p", { class: "muted" }, t("只有人数和比例；少于 5 人的分组不显示，以免认出个人。单方面的选择从不计入任何地方。",
        "Counts and shares only: a group of fewer than five is not shown, so that no one can be picked out. A one-sided choice is never shown anywhere.")),
    ];
  }

  function draw() {
    const box = $("report-body");
    if (!figures) { box.replaceChildren(); return; }
    box.replaceChildren(...sections(figures));
  }

  /** The report as a document to hand to the leadership (the print page): a first
   *  page naming the event and its headline figures, then the sections. */
  async function documentOf(id, box) {
    const [ev, f] = await Promise.all([api(`/api/events/${encodeURIComponent(id)}`), api(`/api/events/${encodeURIComponent(id)}/report`)]);
    const { attendance: a, chat: c, desks: d, outcomes: o } = f;
    const after = (v) => (v == null ? t("公布结果后显示", "after the reveal") : num(v));
    const facts = [[t("主办单位", "Organiser"), ev.organiser || "—"], [t("地点", "Venue"), ev.venue], [t("日期和时间", "Date and time"), Blossom.wallTime(ev.starts_at)]];
    const headline = [
      [t("报名", "Registered"), num(a.registered), U.people()], [t("到场", "Attended"), num(a.came), U.people()],
      [t("实际约会", "Dates held"), num(a.dates_held), U.dates()], [t("牵手（互相有意的配对）", "Mutual matches (牵手)"), after(o.matches_date), U.pairs()],
      [t("交换联系方式", "Contacts exchanged"), after(o.contacts_exchanged), U.pairs()], [t("红娘接待", "Desk visits"), num(d.visits), U.times()],
      [t("私聊", "Private chats"), num(c.chats_held), U.times()],
    ];
    const cover = el("section", { class: "cover" },
      el("p", { class: "kind" }, t("活动总结", "The evening's report")),
      el("h1", {}, Blossom.words(ev.title)),
      el("dl", {}, ...facts.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, Blossom.words(v))])),
      el("h2", {}, t("主要数字", "Headline figures")),
      table("r-headline", t("主要数字", "Headline figures"), headline));
    box.replaceChildren(el("main", { class: "report-doc-body" }, cover, ...sections(f, "h2")));
  }

  function drawFollow() {
    const box = $("follow");
    box.hidden = !follow;
    if (!follow) return;
    $("follow-heading").textContent = FollowUp.heading();
    const n = follow.matches.length;
    $("follow-summary").textContent = !follow.revealed
      ? t("主持人公布结果后，这里会列出互相有意的配对。", "Once the host reveals the results, the mutual matches are listed here.")
      : n ? t(`共 ${n} 对。没有交换联系方式的，红娘可以帮忙转达。`, `${n} match${n === 1 ? "" : "es"}. Where contacts were not exchanged, a matchmaker can pass on a message.`)
        : "";
    $("follow-body").replaceChildren(follow.revealed ? FollowUp.table(follow.matches) : "");
  }

  function labels() {
    drawFollow();
    $("report-heading").textContent = t("活动总结", "The evening's report");
    $("report-print").textContent = t("打印（A4）", "Print (A4)");
    $("csv-attendance").textContent = t("下载出席表 CSV", "Download attendance (CSV)");
    $("csv-matches").textContent = t("下载配对表 CSV", "Download matches (CSV)");
    $("csv-report").textContent = t("下载总结 CSV", "Download the report (CSV)");
    draw();
  }

  async function download(name) {
    try {
      const res = await api(`/api/events/${eventId}/exports/${name}`, { raw: true });
      const url = URL.createObjectURL(await res.blob());
      const a = el("a", { href: url, download: name });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      say($("status"), t(`已下载 ${name}。`, `${name} downloaded.`), "ok");
    } catch (e) { say($("status"), e.message, "error"); }
  }

  async function show(id) {
    eventId = id;
    try {
      [figures, follow] = await Promise.all([api(`/api/events/${id}/report`), api(`/api/events/${id}/matches`)]);
      $("report").hidden = false;
      labels();
      $("report").focus();
    } catch (e) { say($("status"), e.message, "error"); }
  }

  function attach() {
    $("report-print").addEventListener("click", () => window.print());
    for (const name of ["attendance", "matches", "report"]) $("csv-" + name).addEventListener("click", () => download(name + ".csv"));
  }

  return { attach, show, labels, document: documentOf, hide() { figures = null; follow = null; $("report").hidden = true; $("follow").hidden = true; } };
})();

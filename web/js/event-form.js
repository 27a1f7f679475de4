// EventForm: the organiser's form for an event, to create one or to change one
// until the host starts it (PATCH /api/events/{id}). Every rule the API takes is
// here, the eligibility ages and the organiser (主办单位) included; minutes on the
// form are seconds in the API. Editing sends the tables, rooms and desks only when
// their numbers were changed, so a layout set up otherwise (labels, which tables
// are quiet) is kept as it is.
"use strict";

const EventForm = (() => {
  const { $, t, api, say } = Blossom;
  let editing = null;   // the event being changed, or null for a new one
  let opener = null;    // the control to give the focus back to
  let done = () => {};
  let busy = false;     // one request at a time: no double events
  const words = {
    "f-title": ["活动名称", "Title"], "f-organiser": ["主办单位", "Organiser"], "f-organiser-hint": ["例如 市残疾人联合会（可不填）", "For example the city's disabled persons' federation (optional)"],
    "f-venue": ["地点", "Venue"], "f-date": ["日期", "Date"], "f-date-hint": ["例如 2026-12-12", "For example 2026-12-12"],
    "f-time": ["开始时间（24 小时制）", "Starting time (24-hour clock)"], "f-time-hint": ["例如 14:00", "For example 14:00"],
    "f-rounds": ["轮数", "Rounds"], "f-round-min": ["每轮约会（分钟）", "Each date (minutes)"],
    "f-transition-min": ["换桌时间（分钟）", "Changing tables (minutes)"], "f-break-after": ["几轮后休息（0 为不休息）", "Break after how many rounds (0: none)"],
    "f-break-min": ["休息（分钟）", "Break (minutes)"], "f-tables": ["桌子数量", "Tables"], "f-accessible": ["其中无障碍桌（轮椅可用）", "Of which accessible (wheelchair)"],
    "f-quiet": ["其中安静桌", "Of which quiet"], "f-interpreters": ["手语翻译人数", "Sign-language interpreters"],
    "f-rooms": ["私聊室数量", "Private chat rooms"], "f-rooms-accessible": ["其中无障碍私聊室（轮椅可用）", "Of which accessible (wheelchair)"], "f-desks": ["红娘服务台数量", "Matchmaker desks"],
    "f-min-male": ["男士最低年龄", "Youngest age for men"], "f-min-female": ["女士最低年龄", "Youngest age for women"],
    "f-ages-hint": ["民法典规定的结婚年龄：男 22 岁，女 20 岁", "The Civil Code's marriage ages: 22 for men, 20 for women"],
    "f-names": ["投影屏上显示姓名（默认只显示编号）", "Show names on the projector (numbers only by default)"],
  };
  // Inputs whose change means the tables, rooms or desks are sent again.
  const PLACES = { tables: ["f-tables", "f-accessible", "f-quiet"], rooms: ["f-rooms", "f-rooms-accessible"], desks: ["f-desks"] };
  let touched = new Set();

  function labels() {
    for (const e of $("create").querySelectorAll("[data-t]")) e.textContent = t(...words[e.dataset.t]);
    $("create-heading").textContent = editing ? t("修改活动", "Change the event") : t("新建活动", "New event");
    $("create-button").textContent = editing ? t("保存修改", "Save the changes") : t("创建活动", "Create the event");
    $("create-cancel").textContent = t("取消", "Cancel");
  }

  const set = (id, v) => { $(id).value = v; };

  /** The form filled from `ev` (or with the defaults for a new event). */
  function fill(ev) {
    $("create").reset();
    touched = new Set();
    if (!ev) return;
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(ev.starts_at || "");
    set("f-title", ev.title); set("f-organiser", ev.organiser || ""); set("f-venue", ev.venue);
    set("f-date", m ? m[1] : ""); set("f-time", m ? m[2] : "");
    set("f-rounds", ev.rounds); set("f-round-min", ev.round_seconds / 60); set("f-transition-min", ev.transition_seconds / 60);
    set("f-break-after", ev.break_after_rounds || 0); set("f-break-min", ev.break_seconds / 60);
    set("f-tables", ev.tables.length); set("f-accessible", ev.tables.filter((x) => x.accessible).length);
    set("f-quiet", ev.tables.filter((x) => x.quiet).length); set("f-interpreters", ev.interpreters);
    set("f-rooms", ev.rooms.length); set("f-rooms-accessible", ev.rooms.filter((x) => x.accessible).length);
    set("f-desks", ev.desks.length);
    set("f-min-male", ev.eligibility.min_age_male); set("f-min-female", ev.eligibility.min_age_female);
    $("f-names").checked = !!ev.names_on_projector;
  }

  /** "2026-12-12" and "14:00" (also 2026/12/12, 2026.12.12 and 14.00, 14：00), in
   *  the venue's time zone, which is this computer's: e.g. +08:00. */
  function startsAt() {
    const d = /^\s*(\d{4})\D(\d{1,2})\D(\d{1,2})\s*$/.exec($("f-date").value);
    const tm = /^\s*(\d{1,2})\D(\d{2})\s*$/.exec($("f-time").value);
    const typed = ($("f-date").value + " " + $("f-time").value).trim();
    if (!d || !tm) return typed || undefined;
    const p2 = (x) => String(x).padStart(2, "0");
    const local = `${d[1]}-${p2(d[2])}-${p2(d[3])}T${p2(tm[1])}:${tm[2]}:00`;
    const off = -new Date(local).getTimezoneOffset();
    const sign = off >= 0 || Number.isNaN(off) ? "+" : "-";
    const abs = Math.abs(off || 0);
    return `${local}${sign}${p2(Math.floor(abs / 60))}:${p2(abs % 60)}`;
  }

  /** The form as the API wants it. */
  function body() {
    const n = (id) => Number($(id).value);
    const out = {
      title: $("f-title").value, organiser: $("f-organiser").value, venue: $("f-venue").value, starts_at: startsAt(),
      rounds: n("f-rounds"), round_seconds: n("f-round-min") * 60, transition_seconds: n("f-transition-min") * 60,
      break_after_rounds: n("f-break-after"), break_seconds: n("f-break-min") * 60, interpreters: n("f-interpreters"),
      names_on_projector: $("f-names").checked,
      eligibility: { min_age_male: n("f-min-male"), min_age_female: n("f-min-female") },
      tables: Array.from({ length: Math.max(0, n("f-tables")) }, (_, i) => ({
        label: String(i + 1), accessible: i < n("f-accessible"), quiet: i >= n("f-tables") - n("f-quiet"),
      })),
      // Rooms are quiet by nature; the first ones are the accessible ones.
      rooms: Array.from({ length: Math.max(0, n("f-rooms")) }, (_, i) => ({ label: String.fromCharCode(65 + (i % 26)) + (i >= 26 ? i : ""), accessible: i < n("f-rooms-accessible"), quiet: true })),
      desks: Array.from({ length: Math.max(0, n("f-desks")) }, (_, i) => ({ label: String(i + 1) })),
    };
    if (editing) for (const k of Object.keys(PLACES)) if (!PLACES[k].some((id) => touched.has(id))) delete out[k];
    return out;
  }

  function open(ev, from) {
    editing = ev || null;
    opener = from || null;
    fill(editing);
    labels();
    Forms.clear($("create"), $("create-errors"));
    $("create").hidden = false;
    if (from) from.setAttribute("aria-expanded", "true");
    $("f-title").focus();
  }

  function close() {
    $("create").hidden = true;
    for (const b of [$("new-event"), $("edit-event")]) b.setAttribute("aria-expanded", "false");
    if (opener) opener.focus();
  }

  function attach(onDone) {
    done = onDone;
    labels();
    $("create").addEventListener("input", (ev) => touched.add(ev.target.id));
    $("create-cancel").addEventListener("click", close);
    $("create").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      if (busy) return;
      busy = true;
      try {
        const saved = editing
          ? await api(`/api/events/${encodeURIComponent(editing.id)}`, { method: "PATCH", body: body() })
          : await api("/api/events", { method: "POST", body: body() });
        const was = editing;
        $("create").hidden = true;
        for (const b of [$("new-event"), $("edit-event")]) b.setAttribute("aria-expanded", "false");
        Forms.clear($("create"), $("create-errors"));
        say($("status"), was ? t(`已保存对“${saved.title}”的修改。`, `The changes to "${saved.title}" are saved.`)
          : t(`已创建“${saved.title}”。`, `"${saved.title}" is created.`), "ok");
        await done(saved.id);
      } catch (e) {
        Forms.errors($("create"), $("create-errors"), e.problem || { detail: e.message });
      } finally { busy = false; }
    });
  }

  return { attach, open, labels, get editing() { return editing; } };
})();

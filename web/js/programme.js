// The evening's programme (活动流程) on every page. `ProgrammeView` gives the words
// (each kind of segment, "now" and "next") to the projector and the guest's phone;
// `ProgrammeCard.attach` draws the staff card: the segments in order with their
// planned and actual minutes, and for the host start, next and back, and an editor
// (add, move, remove, or a usual programme to begin from), each change sent whole
// with `programme.set`. The server says what may start when (`dates_running`…).
"use strict";

const ProgrammeView = (() => {
  const { t } = Blossom;
  const KINDS = {
    opening: ["开场", "Opening"], introductions: ["自我推荐", "Self-introductions"], talent: ["才艺展示", "Talent"],
    game: ["互动游戏", "Game"], dates: ["八分钟约会", "Eight-minute dates"], reveal: ["牵手（公布结果）", "The reveal"],
    closing: ["结束", "Closing"], other: ["其他", "Other"],
  };
  const kindName = (k) => t(...(KINDS[k] || [k, k]));
  /** The segment under way and the one after it, from a `programme` frame. */
  function nowAndNext(frame) {
    const list = (frame && frame.segments) || [];
    const i = list.findIndex((s) => s.id === frame.current);
    // Once the evening is over nothing comes next, not even a segment skipped.
    const next = frame && frame.closed_at ? null : i >= 0 ? list[i + 1] : list.find((s) => !s.started_at);
    return { now: i >= 0 ? list[i] : null, next: next || null };
  }
  /** Whether the programme has segments after the dates: then the evening goes on
   *  when the rounds end. */
  function goesOn(frame) {
    const list = (frame && frame.segments) || [];
    const i = list.findIndex((s) => s.kind === "dates");
    return i >= 0 && i < list.length - 1;
  }
  /** Whether the evening is over: closed by `closing` or by the host, or its rounds
   *  ended with nothing after them. */
  const over = (frame, phase) => !!(frame && frame.closed_at) || (!!phase && phase.phase === "closed" && !goesOn(frame));
  /** Whether a poll is worth showing now: while open, or once closed only during
   *  the segment it closed in (the evening moves on; the report keeps it). */
  function pollNow(poll, frame) {
    if (!poll) return false;
    if (poll.open) return true;
    const { now } = nowAndNext(frame);
    return !now || !now.started_at || (poll.closed_at || 0) >= now.started_at;
  }
  return { KINDS, kindName, nowAndNext, goesOn, over, pollNow };
})();

const ProgrammeCard = (() => {
  const { t, el, say } = Blossom;
  let frame = null;
  let box = null;
  let status = null;
  let host = false;
  let editing = false;
  let setter = null;    // the organiser's page: how a whole programme is saved (PUT)
  let locked = false;   // the organiser's page once the evening is live: the host's now

  /** Minutes between two times, rounded. */
  const minutes = (a, b) => Math.max(0, Math.round((b - a) / 60000));
  const USUAL = [
    ["opening", "开场致辞", 10], ["introductions", "自我推荐", 30], ["dates", "八分钟约会", 90],
    ["talent", "才艺展示", 20], ["reveal", "牵手时刻", 15], ["closing", "合影留念", 10],
  ];

  const segments = () => (frame && frame.segments) || [];
  const asSent = (list) => list.map((s) => (s.id ? { id: s.id, kind: s.kind, title: s.title, minutes: s.minutes } : s));

  function send(verb, fields, said) {
    const done = setter && verb === "programme.set" ? setter(fields.segments).then((f) => { frame = f; draw(); }) : Live.request(verb, fields);
    return done.then(() => say(status, said, "ok"), (e) => say(status, e.message, "error"));
  }

  function row(s, i) {
    const current = frame.current === s.id;
    const planned = t(`计划 ${s.minutes} 分钟`, `${s.minutes} min planned`);
    const ran = s.started_at ? (s.ended_at
      ? t(`实际 ${Blossom.clock(s.started_at)}–${Blossom.clock(s.ended_at)}（${minutes(s.started_at, s.ended_at)} 分钟）`,
        `ran ${Blossom.clock(s.started_at)}–${Blossom.clock(s.ended_at)} (${minutes(s.started_at, s.ended_at)} min)`)
      : t(`${Blossom.clock(s.started_at)} 开始`, `began ${Blossom.clock(s.started_at)}`)) : "";
    const li = el("li", current ? { "aria-current": "step", class: "current" } : {},
      el("strong", {}, Blossom.words(s.title)), " · ", ProgrammeView.kindName(s.kind), " · ", planned, ran ? " · " + ran : "",
      current ? el("span", { class: "tag" }, t("进行中", "now")) : "");
    if (host && !setter && !current && !(frame && frame.closed_at)) {
      li.append(" ", el("button", { type: "button", class: "secondary", "data-start": s.id, "aria-label": t(`开始：${s.title}`, `Start: ${s.title}`) }, t("开始", "Start")));
    }
    if (host && editing) {
      const act = (a, zh, en, label) => el("button", { type: "button", class: "secondary", "data-edit": a, "data-i": String(i), "aria-label": label }, t(zh, en));
      li.append(" ", act("up", "上移", "Up", t(`上移：${s.title}`, `Move up: ${s.title}`)), " ",
        act("down", "下移", "Down", t(`下移：${s.title}`, `Move down: ${s.title}`)), " ",
        act("remove", "删除", "Remove", t(`删除：${s.title}`, `Remove: ${s.title}`)));
    }
    return li;
  }

  /** What has the keyboard in the card, to find it again after a redraw. */
  function focusKey() {
    const a = document.activeElement;
    if (!box || !box.contains(a)) return null;
    if (a.dataset.start) return `[data-start="${a.dataset.start}"]`;
    if (a.dataset.edit) return `[data-edit="${a.dataset.edit}"][data-i="${a.dataset.i}"]`;
    return a.id ? "#" + a.id : "#programme-heading";
  }

  function draw() {
    if (!box) return;
    const key = focusKey();
    drawParts();
    // The keyboard stays where it was, or goes to the heading if that is gone.
    if (key) (box.querySelector(key) || Blossom.$("programme-heading")).focus();
  }

  function drawParts() {
    const list = segments();
    const { now, next } = ProgrammeView.nowAndNext(frame);
    const parts = [el("h2", { id: "programme-heading", tabindex: "-1" }, t("活动流程", "The programme"))];
    parts.push(el("p", { id: "programme-now" }, now
      ? [t("现在：", "Now: "), now.title, next ? t(` · 接下来：${next.title}`, ` · next: ${next.title}`) : ""].join("")
      : list.length ? t("还没有开始任何环节。", "No segment has started yet.")
        : t("还没有活动流程：今晚只有约会。可以添加环节，“八分钟约会”环节就是约会本身。", "No programme: tonight is the dates alone. Add segments; the dates segment is the rounds themselves.")));
    if (host && !setter && list.length && !(frame && frame.closed_at)) {
      const i = list.findIndex((s) => s.id === frame.current);
      const nav = el("p", { class: "row" });
      if (i > 0) nav.append(el("button", { type: "button", class: "secondary", "data-start": list[i - 1].id }, t(`回到上一个：${list[i - 1].title}`, `Back to: ${list[i - 1].title}`)));
      if (next) nav.append(el("button", { type: "button", "data-start": next.id }, t(`开始下一个：${next.title}`, `Start next: ${next.title}`)));
      if (nav.childNodes.length) parts.push(nav);
    }
    if (list.length) parts.push(el("ol", { class: "programme" }, ...list.map(row)));
    if (host && locked) parts.push(el("p", { class: "muted" }, t("活动已经开始：流程由主持人在控制台调整。", "The evening has started: the host changes the programme on the console.")));
    if (host && !locked) {
      parts.push(el("p", {}, el("button", { type: "button", class: "secondary", id: "programme-edit", "aria-expanded": String(editing) },
        editing ? t("完成编辑", "Done editing") : t("编辑流程", "Edit the programme"))));
      if (editing) parts.push(editor(list));
    }
    box.replaceChildren(...parts);
  }

  function editor(list) {
    const kinds = Object.keys(ProgrammeView.KINDS).map((k) => el("option", { value: k }, ProgrammeView.kindName(k)));
    const form = el("form", { id: "programme-add", class: "row", novalidate: "" },
      el("div", {}, el("label", { for: "pg-kind" }, t("环节类型", "Kind")), el("select", { id: "pg-kind" }, ...kinds)),
      el("div", { class: "grow" }, el("label", { for: "pg-title" }, t("标题（最多 60 字）", "Title (up to 60 characters)")), el("input", { id: "pg-title", maxlength: "60", autocomplete: "off" })),
      el("div", {}, el("label", { for: "pg-minutes" }, t("计划分钟", "Minutes planned")), el("input", { id: "pg-minutes", type: "number", min: "1", max: "600", value: "10", inputmode: "numeric" })),
      el("button", { type: "submit", class: "align-end" }, t("添加环节", "Add the segment")));
    const out = el("div", {}, form);
    if (!list.length) out.append(el("p", {}, el("button", { type: "button", class: "secondary", id: "programme-usual" }, t("使用常用流程", "Start from a usual programme"))));
    return out;
  }

  async function click(ev) {
    const b = ev.target.closest("button");
    if (!b) return;
    const list = segments();
    if (b.dataset.start) {
      const s = list.find((x) => x.id === b.dataset.start);
      await send("segment.start", { segment: b.dataset.start }, t(`已开始：${s ? s.title : ""}`, `Started: ${s ? s.title : ""}`));
    } else if (b.id === "programme-edit") {
      editing = !editing;
      draw();
      Blossom.$("programme-edit").focus();
    } else if (b.id === "programme-usual") {
      const usual = USUAL.map(([kind, title, m]) => ({ kind, title, minutes: m }));
      await send("programme.set", { segments: usual }, t("已设置常用流程。", "A usual programme is set."));
      Blossom.$("programme-heading").focus();
    } else if (b.dataset.edit) {
      const i = Number(b.dataset.i);
      const copy = list.slice();
      const [s] = copy.splice(i, 1);
      if (b.dataset.edit === "up") copy.splice(Math.max(0, i - 1), 0, s);
      if (b.dataset.edit === "down") copy.splice(Math.min(list.length - 1, i + 1), 0, s);
      await send("programme.set", { segments: asSent(copy) }, b.dataset.edit === "remove"
        ? t(`已删除：${s.title}`, `Removed: ${s.title}`) : t(`已移动：${s.title}`, `Moved: ${s.title}`));
    }
  }

  async function add(ev) {
    if (ev.target.id !== "programme-add") return;
    ev.preventDefault();
    const title = Blossom.$("pg-title").value.trim();
    if (!title) { say(status, t("请写上环节的标题。", "Give the segment a title."), "error"); Blossom.$("pg-title").focus(); return; }
    const s = { kind: Blossom.$("pg-kind").value, title, minutes: Number(Blossom.$("pg-minutes").value) };
    await send("programme.set", { segments: [...asSent(segments()), s] }, t(`已添加：${title}`, `Added: ${title}`));
    if (Blossom.$("pg-title")) { Blossom.$("pg-title").value = ""; Blossom.$("pg-title").focus(); }
  }

  /** Draws the card in `section`; `host`: the console's controls and editor. With
   *  `set` (the organiser's page, before the evening): the editor alone, each
   *  change saved by `set(segments)`, which resolves to the new programme. */
  function attach({ section, status: s, host: h = false, set = null }) {
    box = section;
    status = s;
    host = h || !!set;
    setter = set;
    box.setAttribute("aria-labelledby", "programme-heading");
    box.addEventListener("click", click);
    box.addEventListener("submit", add);
    if (!set) Staff.add({ labels: draw, reset() { frame = null; draw(); }, frames: { programme(m) { frame = m; draw(); } } });
    draw();
  }

  /** Shows `f` (the organiser's page: the event's stored programme). */
  function show(f, { lock = false } = {}) { frame = f; locked = lock; editing = editing && !lock; draw(); }

  return { attach, show, labels: () => draw(), frame: () => frame };
})();

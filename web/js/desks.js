// The matchmaker desks on the staff screens. On the matchmaker tablet: which desk
// this tablet is (remembered), the guest called to it or served at it (with a flag
// when a call has gone unanswered for two minutes: go to their table, or send a
// volunteer), call next or a chosen guest, start, done, no-show; the queue with
// reason, "come to me", note, time waiting, and whether the guest is in a date and
// until when; a private note on the visit (staff only); and queuing a guest who
// asks in person. On the host console: how
// long the queue is, and the longest wait.
//
// A staff page calls `Desks.attach({...})` once; the card then takes part in the
// page as one of its `Staff` parts (the `desks` frame, the language).
"use strict";

const Desks = (() => {
  const { $, t, el, say } = Blossom;
  const REASONS = {
    advice: ["咨询建议", "Advice"], help: ["需要帮助", "Help"], access: ["无障碍协助", "Accessibility"],
    about_someone: ["关于某位嘉宾", "About someone"], other: ["其他", "Other"],
  };
  let frame = null;
  let parts = null;     // {section, status, full, people()}
  let drawn = null;     // what the lists show (rebuilt only when it changes)

  const reason = (r) => t(...(REASONS[r] || [r, r]));
  /** This tablet's desk: the one chosen here, if the event has it, or the first. */
  function mine() {
    const labels = frame ? frame.desks.map((d) => d.desk) : [];
    const chosen = Blossom.stored("blossom.desk");
    return labels.includes(chosen) ? chosen : labels[0] || null;
  }
  const flagsSaid = new Set();  // the calls whose flag was said aloud
  const minutes = (ms) => Math.max(0, Math.floor(ms / 60000));

  /** "waiting 5 min" (or "called 2 min ago"), kept current by `times()` in place. */
  const elapsed = (kind, since) => el("span", { "data-since": String(since), "data-kind": kind }, elapsedWords(kind, since));
  const elapsedWords = (kind, since) => kind === "called"
    ? t(`${minutes(Live.now() - since)} 分钟前叫的号`, `called ${minutes(Live.now() - since)} min ago`)
    : t(`已等 ${minutes(Live.now() - since)} 分钟`, `waiting ${minutes(Live.now() - since)} min`);
  function times() {
    for (const s of document.querySelectorAll("span[data-since]")) {
      const words = elapsedWords(s.dataset.kind, Number(s.dataset.since));
      if (s.textContent !== words) s.textContent = words;
    }
  }

  /** A ticket as a line: number, name, reason, come to me, note, waiting, where. */
  function describe(tk, withStaffNote = true) {
    const bits = [el("strong", {}, `${tk.number} `, Blossom.words(tk.name)), " · ", reason(tk.reason)];
    if (tk.come_to_me) bits.push(" · ", el("span", { class: "tag" }, t("请红娘过去", "Come to me")));
    bits.push(" · ", tk.state === "waiting" || !tk.called_at ? elapsed("waiting", tk.since) : elapsed("called", tk.called_at));
    // While paused the date's end moves on with the pause: no time is given.
    if (tk.room) {
      // In the private chat area: a call waits for the stay to end.
      bits.push(" · ", t("在私聊室 ", "in private chat room "), Blossom.words(tk.room),
        tk.in_date_until ? t(`，到 ${Blossom.clock(tk.in_date_until)}`, ` until ${Blossom.clock(tk.in_date_until)}`) : "");
    } else if (tk.in_date_until) {
      bits.push(" · ", Live.phase && Live.phase.paused ? t("约会中（已暂停）", "in a date (paused)")
        : t(`约会中，到 ${Blossom.clock(tk.in_date_until)}`, `in a date until ${Blossom.clock(tk.in_date_until)}`));
    }
    if (tk.table) bits.push(" · ", Views.tableName(tk.table));
    // Where a guest asking the matchmaker to come is: their own words.
    if (tk.place) bits.push(" · ", t("所在位置：", "where: "), Blossom.words(tk.place));
    const out = [el("p", {}, ...bits)];
    if (tk.note) out.push(el("p", { class: "notes" }, t("来宾留言：", "Guest's note: "), Blossom.words(tk.note)));
    if (withStaffNote && tk.staff_note) out.push(el("p", { class: "notes" }, t("红娘记录：", "Matchmaker's note: "), Blossom.words(tk.staff_note)));
    return out;
  }

  function labels() {
    if (!parts) return;
    $("desks-heading").textContent = parts.full ? t("红娘服务台", "Matchmaker desk") : t("红娘服务区", "Matchmaker desks");
    if (!parts.full) { draw(); return; }
    $("desk-choose-label").textContent = t("这台平板是", "This tablet is");
    $("desk-next").textContent = t("叫下一位", "Call the next guest");
    $("dq-heading").textContent = t("排队的来宾", "Guests waiting");
    $("dq-add-heading").textContent = t("帮当面来问的来宾排队", "Queue a guest who asks in person");
    $("dq-number-label").textContent = t("来宾编号", "Guest number");
    $("dq-reason-label").textContent = t("原因", "Reason");
    $("dq-come-label").textContent = t("请红娘过去（来宾不方便走动）", "Come to them (they cannot easily move)");
    $("dq-add").textContent = t("排队", "Add to the queue");
    $("desk-note-label").textContent = t("红娘记录", "Matchmaker's note");
    $("desk-note-help").textContent = t("主持人和红娘能看到；来宾本人也可以在“我的资料”里看到这条记录（法律规定的查阅权）。投影和其他来宾看不到。最多 1000 字。",
      "The host and matchmakers read it; the guest can read it too, under My data (their right to see what is stored about them). Never the projector or other guests. Up to 1000 characters.");
    $("desk-note-save").textContent = t("保存记录", "Save the note");
    for (const o of $("dq-reason").options) o.textContent = reason(o.value);
    drawn = null;
    draw();
  }

  /** The queue's length and its longest wait (and, for the host, calls unanswered). */
  function summary() {
    const queue = frame.queue || [];
    const longest = queue.length ? Math.max(...queue.map((q) => Live.now() - q.since)) : 0;
    const flagged = frame.desks.filter((d) => d.ticket && d.ticket.flagged).length;
    const words = (queue.length
      ? t(`${queue.length} 人在排队，最久的已等 ${minutes(longest)} 分钟。`, `${queue.length} waiting; the longest for ${minutes(longest)} min.`)
      : t("没有人在排队。", "Nobody is waiting."))
      + (flagged ? t(` ${flagged} 个叫号两分钟没有回应。`, ` ${flagged} call${flagged === 1 ? "" : "s"} unanswered for two minutes.`) : "");
    if ($("desks-summary").textContent !== words) $("desks-summary").textContent = words;
  }

  function draw() {
    if (!parts) return;
    parts.section.hidden = !frame || !frame.desks.length;
    if (!frame) return;
    summary();
    if (!parts.full) return;
    const queue = frame.queue || [];
    // Rebuilt only when what it says changes, so that a button under the keyboard
    // is not replaced (and re-announced) for nothing; the minutes move in place.
    const key = Blossom.lang + mine() + JSON.stringify(frame);
    if (key === drawn) { times(); return; }
    drawn = key;
    const focused = document.activeElement && parts.section.contains(document.activeElement) ? document.activeElement.dataset.key : null;
    // The desk chooser, built once and kept (its focus too).
    const select = $("desk-choose");
    const labels = frame.desks.map((d) => d.desk);
    if ([...select.options].map((o) => o.value).join() !== labels.join() || select.dataset.lang !== Blossom.lang) {
      select.replaceChildren(...labels.map((l) => el("option", { value: l }, t(...Views.deskWords(l, true)))));
      select.dataset.lang = Blossom.lang;
    }
    select.value = mine();
    const at = frame.desks.find((d) => d.desk === mine());
    const tk = at && at.ticket;
    const box = $("desk-current");
    box.replaceChildren();
    $("desk-next").hidden = !!tk;
    $("desk-next").dataset.key = "next";
    if (!tk) {
      box.append(el("p", {}, t("这个服务台现在空闲。", "This desk is free.")));
    } else {
      const state = { called: t("已叫号", "Called"), serving: t("正在服务", "Being served") }[tk.state] || tk.state;
      box.append(el("p", { class: "state" }, state, tk.coming ? t(" · 来宾在路上", " · on the way") : ""));
      if (tk.flagged) {
        // Said once (the box is redrawn every minute); shown while it stands.
        if (!flagsSaid.has(tk.ticket)) {
          flagsSaid.add(tk.ticket);
          Blossom.speak($("alert"), t(`${tk.number} 号叫号两分钟没有回应。`, `No answer from number ${tk.number} for two minutes.`));
        }
        box.append(el("p", { class: "flag" }, "⚠ ", t("叫号两分钟了还没有回应：请去", "Called two minutes ago with no answer: go to "),
          tk.room ? [t("私聊室 ", "private chat room "), tk.room].join("") : tk.table ? Views.tableName(tk.table) : tk.place || t("大厅", "the hall"),
          t("找这位来宾，或请志愿者帮忙。", " to find them, or send a volunteer.")));
      }
      box.append(...describe(tk, false));
      const row = el("p", { class: "row" });
      const act = (verb, zh, en, cls) => el("button", { type: "button", class: cls || "", "data-verb": verb, "data-ticket": tk.ticket, "data-key": verb }, t(zh, en));
      if (tk.state === "called") row.append(act("desk.start", "开始服务", "Start"));
      row.append(act("desk.done", "办完了", "Done", tk.state === "called" ? "secondary" : ""));
      row.append(act("desk.no_show", "没有来", "No-show", "secondary"));
      box.append(row);
    }
    note(tk);
    $("dq-list").replaceChildren(...queue.map((q) => el("li", {}, ...describe(q),
      tk ? "" : el("button", { type: "button", class: "secondary", "data-verb": "desk.call", "data-ticket": q.ticket, "data-key": "call-" + q.ticket,
        "aria-label": t(`叫这位：${q.number} ${q.name}`, `Call: ${q.number} ${q.name}`) }, t("叫这位", "Call")))));
    $("dq-empty").hidden = queue.length > 0;
    $("dq-empty").textContent = t("没有人在排队。", "Nobody is waiting.");
    // The focus stays on the control it was on, or moves to the next step: Start
    // after a call, "Call the next guest" after a visit ends.
    const had = document.activeElement;
    if (focused || (had && had !== document.body && parts.section.contains(had) && had.closest("[hidden]"))) {
      const next = focused && parts.section.querySelector(`[data-key="${CSS.escape(focused)}"]:not([hidden])`);
      const step = tk ? box.querySelector("button") : $("desk-next");
      (next || step || $("desks-heading")).focus();
    }
  }

  /** The note form for the visit at this desk, kept while it is being edited. */
  let noteDirty = false;
  function note(tk) {
    const form = $("desk-note-form"), area = $("desk-note");
    form.hidden = !tk;
    if (!tk) { form.dataset.ticket = ""; noteDirty = false; return; }
    if (form.dataset.ticket !== tk.ticket) { noteDirty = false; form.dataset.ticket = tk.ticket; }
    if (!noteDirty) area.value = tk.staff_note || "";
  }

  const done = {
    "desk.note": ["红娘记录已保存。", "Note saved."],
    "desk.next": ["已叫下一位。", "The next guest is called."],
    "desk.call": ["已叫号。", "Called."],
    "desk.start": ["开始服务。", "Visit started."],
    "desk.done": ["已办完。", "Visit done."],
    "desk.no_show": ["已记为没有来。", "Marked as a no-show."],
    "desk.join": ["已帮来宾排队。", "The guest is in the queue."],
  };
  let pending = false;  // one desk action at a time: a double tap sends once
  function send(verb, fields, after) {
    if (pending) return;
    pending = true;
    Live.request(verb, fields).then(() => { say(parts.status, t(...done[verb]), "ok"); if (after) after(); },
      (e) => say(parts.status, e.message, "error")).finally(() => { pending = false; });
  }

  function attach({ section, status, full = false, people = () => [] }) {
    parts = { section, status, full, people };
    if (full) {
      $("desk-choose").addEventListener("change", () => { Blossom.store("blossom.desk", $("desk-choose").value); drawn = null; draw(); });
      $("desk-next").addEventListener("click", () => send("desk.next", { desk: mine() }));
      section.addEventListener("click", async (ev) => {
        const b = ev.target.closest("button[data-verb]");
        if (!b) return;
        const fields = { ticket: b.dataset.ticket };
        if (b.dataset.verb === "desk.call") fields.desk = mine();
        // A no-show cannot be taken back: asked first.
        if (b.dataset.verb === "desk.no_show") {
          const ok = await Blossom.ask({
            heading: t("记为没有来？", "Mark as a no-show?"),
            text: t("这位来宾的排队号会结束；需要的话 TA 可以重新排队。", "This guest's ticket ends; they can join the queue again if they still want to."),
            ok: t("记为没有来", "Mark as a no-show"),
          });
          const again = parts.section.querySelector(`[data-key="${CSS.escape(b.dataset.key)}"]`);
          if (again) again.focus();
          if (!ok) return;
        }
        // A note typed and not yet saved is saved with the end of the visit.
        if ((b.dataset.verb === "desk.done" || b.dataset.verb === "desk.no_show") && noteDirty
            && $("desk-note-form").dataset.ticket === fields.ticket) {
          try {
            await Live.request("desk.note", { ticket: fields.ticket, note: $("desk-note").value });
            noteDirty = false;
          } catch (e) { say(parts.status, e.message, "error"); $("desk-note").focus(); return; }
        }
        send(b.dataset.verb, fields);
      });
      $("desk-note").addEventListener("input", () => { noteDirty = true; });
      $("desk-note-form").addEventListener("submit", (ev) => {
        ev.preventDefault();
        const ticket = $("desk-note-form").dataset.ticket;
        if (ticket) send("desk.note", { ticket, note: $("desk-note").value }, () => { noteDirty = false; });
      });
      $("dq-form").addEventListener("submit", (ev) => {
        ev.preventDefault();
        const n = Number($("dq-number").value.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
        const p = parts.people().find((x) => x.number === n);
        $("dq-number").setAttribute("aria-invalid", String(!p));
        if (!p) { say(status, t("没有这个编号的来宾。", "No guest has that number."), "error"); $("dq-number").focus(); return; }
        send("desk.join", { participant: p.id, reason: $("dq-reason").value, come_to_me: $("dq-come").checked }, () => {
          $("dq-number").value = "";
          $("dq-come").checked = false;
        });
      });
    }
    // Waiting times move on by the minute, in place.
    setInterval(() => { if (frame) { summary(); if (parts.full) times(); } }, 15000);
    labels();
    Staff.add({
      labels,
      // A reconnect: what is shown stays (the snapshot's frame replaces it), so the
      // keyboard is not thrown out of the card.
      reset() { drawn = null; },
      frames: { desks(f) { frame = f; draw(); } },
    });
  }

  return { attach };
})();

// The host console: the event's state and clock, the controls (start, pause and
// resume, extend, skip, breaks, end, announcements), the private chat area (its
// rooms, queue and settings: rooms.js), and the seating. Actions that
// cannot be taken back ask first; an extension can be undone. Every frame, from a
// `welcome` snapshot or live, goes through the same handlers; each command's answer
// comes back through its own `Live.request` promise. The cards it shares with the
// matchmaker tablet, and what stops both pages (a link switched off, an event whose
// saved state cannot be read), are `staff.js`'s.
"use strict";

(() => {
  const { $, t, say, el } = Blossom;
  let phase = null;
  let tables = null;
  let counts = null;
  let announcement = null;
  let event = null;
  let undo = null;           // {label, verb, fields, key}: the key of the phase it belongs to
  let problem = null;        // the server's words when the event's state cannot be read

  const labels = {
    "b-start": ["开始活动", "Start the event"],
    "b-pause": ["暂停", "Pause"],
    "b-resume": ["继续", "Resume"],
    "b-extend1": ["延长 1 分钟", "1 more minute"],
    "b-extend5": ["延长 5 分钟", "5 more minutes"],
    "b-skip": ["结束本阶段，进入下一阶段", "End this phase now"],
    "b-break5": ["本阶段后休息 5 分钟", "Then a 5-minute break"],
    "b-break10": ["本阶段后休息 10 分钟", "Then a 10-minute break"],
    "b-end": ["结束整场活动", "End the event"],
  };
  // What each verb did, said after the server confirms it.
  const done = {
    "event.start": ["活动开始了。", "The event has started."],
    "event.pause": ["已暂停，所有计时停止。", "Paused: every clock has stopped."],
    "event.resume": ["已继续，计时重新开始。", "Resumed: the clocks are running again."],
    "phase.skip": ["已进入下一阶段。", "Moved on to the next phase."],
    "break.insert": ["已安排休息。", "A break is planned."],
    "event.end": ["活动已结束。", "The event has ended."],
    "announce": ["公告已发出。", "Announcement sent."],
  };
  const confirmations = {
    "phase.skip": [["现在结束本阶段？", "End this phase now?"], ["所有人立即进入下一阶段，这一步无法撤销。", "Everyone moves on to the next phase at once. This cannot be undone."], ["结束本阶段", "End this phase"]],
    "event.start": [["现在开始活动？", "Start the event now?"], ["第 1 轮会用现在已签到的人安排，所有手机和投影开始计时。开始后不能回到签到阶段。", "Round 1 is planned with the guests checked in now, and every phone and the projector start the clock. The event cannot go back to check-in."], ["开始活动", "Start the event"]],
    "break.insert": [["安排一次休息？", "Plan a break?"], ["下一次换桌结束后开始休息，之后所有时间顺延。安排后不能取消。", "The break starts after the next change of tables; everything after it moves later. It cannot be taken back."], ["安排休息", "Plan the break"]],
    "event.end": [["结束整场活动？", "End the whole event?"], ["所有约会立即结束，活动无法重新开始。", "Every date ends now, and the event cannot be restarted."], ["结束活动", "End the event"]],
  };
  const presets = [
    ["请回到座位，下一轮马上开始。", "Please return to your seats: the next round starts soon."],
    ["茶点已在大厅后方准备好。", "Tea and snacks are ready at the back of the hall."],
    ["需要帮助请举手，工作人员会过来。", "Raise your hand if you need help; a staff member will come."],
  ];

  function drawLabels() {
    $("title").textContent = t("主持人控制台", "Host console") + (event ? " · " + event.title : "");
    document.title = t("主持人控制台 · Blossom", "Host console · Blossom");
    $("signin-heading").textContent = t("登录", "Sign in");
    $("token-label").textContent = t("主持人令牌（在组织者页面可以找到）", "Host token (from the organiser's page)");
    $("signin-button").textContent = t("进入", "Sign in");
    $("caption-heading").textContent = t("字幕", "Captions");
    $("caption-speaker-label").textContent = t("谁在说", "Speaker");
    $("caption-text-label").textContent = t("说了什么（回车发送，最多 200 字）", "What was said (Enter sends; up to 200 characters)");
    $("caption-send").textContent = t("发送字幕", "Send the caption");
    if (!$("caption-speaker").value) $("caption-speaker").value = t("主持人", "Host");
    for (const [id, text] of Object.entries(labels)) $(id).textContent = t(...text);
    $("controls-heading").textContent = t("控制", "Controls");
    $("time-label").textContent = t("本阶段剩余时间", "Time left in this phase");
    $("announce-heading").textContent = t("公告", "Announcement");
    $("announce-label").textContent = t("向全场发布（手机、投影和读屏都会收到）", "To everyone (phones, projector and screen readers)");
    $("announce-button").textContent = t("发布公告", "Announce");
    // Built once and relabelled, so a button under the keyboard is never replaced.
    if (!$("presets").children.length) $("presets").append(...presets.map((p, i) => el("button", { type: "button", class: "secondary", "data-preset": String(i) })));
    for (const b of $("presets").children) { const p = presets[Number(b.dataset.preset)]; b.textContent = t(...p); b.dataset.text = t(...p); }
    $("tables-caption").textContent = t("本轮座位", "Seating this round");
    $("h-table").textContent = t("桌号", "Table");
    $("h-pair").textContent = t("编号与姓名", "Numbers and names");
    $("undo").textContent = t("撤销", "Undo");
  }

  const keyOf = (p) => (p ? `${p.phase}|${p.round}|${p.started_at}` : null);

  /** Redraws once the frames now arriving are in (a snapshot's come together), so the
   *  console is never drawn half-way: a half-drawn console could drop the focus. */
  let queued = false;
  function redraw() {
    if (queued) return;
    queued = true;
    queueMicrotask(() => { queued = false; draw(); });
  }

  function draw() {
    drawLabels();
    drawProblem();
    document.body.dataset.phase = phase ? phase.phase : "none";
    if (!phase) return;
    $("phase").textContent = Views.phaseName(phase.phase) + (phase.paused ? t("（已暂停）", " (paused)") : "");
    $("round").textContent = phase.round ? t(`第 ${phase.round} 轮，共 ${phase.rounds} 轮`, `Round ${phase.round} of ${phase.rounds}`) : "";
    $("present").textContent = counts ? t(`已到场 ${counts.present} 人，共 ${counts.registered} 人报名`, `${counts.present} of ${counts.registered} guests are here`) : "";
    const lobby = phase.phase === "lobby", closed = phase.phase === "closed";
    const had = document.activeElement;
    const running = !lobby && !closed;
    $("b-start").hidden = !lobby;
    $("b-pause").hidden = !running || phase.paused;
    $("b-resume").hidden = !running || !phase.paused;
    for (const id of ["b-extend1", "b-extend5", "b-skip", "b-break5", "b-break10"]) $(id).hidden = !running;
    // After the rounds a programme may go on: ending the evening then closes it.
    $("b-end").hidden = ProgrammeView.over(ProgrammeCard.frame(), phase);
    // The button just pressed may hide (Pause gives way to Resume): keep the
    // keyboard on its counterpart rather than lose it to the page.
    if (had && had.hidden && had.closest("#controls")) {
      const next = { "b-pause": "b-resume", "b-resume": "b-pause", "b-start": "b-pause" }[had.id];
      ($(next) && !$(next).hidden ? $(next) : $("controls-heading")).focus();
    }
    $("time-label").hidden = $("countdown").hidden = lobby || closed;
    $("tables").replaceChildren(...Views.seatingRows(tables));
    $("last-announce").replaceChildren(...(announcement ? [t("上一条公告：", "Last announcement: "), Blossom.words(announcement.text)] : []));
    drawUndo();
  }

  /** The event is stopped: its saved state cannot be read. Said in the alert region,
   *  whose words change only when they do (a retry every 10 s repeats nothing). */
  function drawProblem() {
    Views.drawStopped($("problem"), problem, t("控制台每 10 秒重试一次连接，恢复后会自动回到活动。", "The console tries to connect again every 10 seconds, and comes back to the event as soon as it can."));
  }

  function drawUndo() {
    $("undo-line").hidden = !undo;
    if (undo) $("undo-text").textContent = t(...undo.label);
  }

  function tick() {
    if (phase) $("countdown").textContent = Views.mmss(Live.remaining(phase));
  }

  /** Asks before an action that cannot be taken back; resolves to true to go on. */
  function ask(verb) {
    const c = confirmations[verb];
    if (!c) return Promise.resolve(true);
    return Blossom.ask({ heading: t(...c[0]), text: t(...c[1]), ok: t(...c[2]), danger: verb === "event.end" });
  }

  /** Sends a command, and says what happened once the server answers. */
  function send(verb, fields = {}) {
    Live.request(verb, fields).then(() => {
      if (verb === "phase.extend") {
        const min = Math.abs(fields.seconds) / 60;
        if (fields.seconds > 0) {
          undo = { label: [`已延长 ${min} 分钟。`, `Extended by ${min} minute${min === 1 ? "" : "s"}.`], verb: "phase.extend", fields: { seconds: -fields.seconds }, key: keyOf(phase) };
          say($("status"), t(...undo.label), "ok");
        } else {
          say($("status"), t("已撤销延长。", "The extension is undone."), "ok");
        }
      } else {
        if (verb === "announce" && $("announce").value.trim() === fields.text) $("announce").value = "";
        if (verb !== "announce") undo = null;
        say($("status"), t(...(done[verb] || ["已完成。", "Done."])), "ok");
      }
      drawUndo();
    }, (e) => {
      say($("status"), e.message, "error");
      if (Staff.ended(e.code)) $("console").hidden = true;
    });
  }

  $("controls").addEventListener("click", async (ev) => {
    const b = ev.target.closest("button[data-verb]");
    if (!b) return;
    const verb = b.dataset.verb;
    if (!(await ask(verb))) { b.focus(); return; }
    send(verb, b.dataset.seconds ? { seconds: Number(b.dataset.seconds) } : {});
    b.focus();
  });
  $("undo").addEventListener("click", () => {
    if (!undo) return;
    send(undo.verb, undo.fields);
    undo = null;
    drawUndo();
    $("b-extend1").focus();
  });
  $("presets").addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-text]");
    if (b) { $("announce").value = b.dataset.text; $("announce").focus(); }
  });
  $("announce-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = $("announce").value.trim();
    if (!text) return;
    // The text stays until the server has it: nothing typed is lost offline.
    send("announce", { text });
  });
  $("caption-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = $("caption-text").value.trim();
    if (!text) { $("caption-text").focus(); return; }
    const speaker = $("caption-speaker").value.trim();
    // The line stays in the field until the server has it: nothing typed is lost.
    Live.request("caption.send", { text, ...(speaker ? { speaker } : {}) }).then(() => {
      if ($("caption-text").value.trim() === text) $("caption-text").value = "";
    }, (e) => say($("status"), e.message, "error"));
  });
  $("signin").addEventListener("submit", (ev) => { ev.preventDefault(); location.hash = encodeURIComponent($("token").value.trim()); location.reload(); });
  ProgrammeCard.attach({ section: $("programme-card"), status: $("status"), host: true });
  StageCard.attach({ section: $("stage-card"), status: $("status") });
  EscortsCard.attach({ section: $("escorts-card"), alert: $("alert") });
  Rooms.attach({ section: $("rooms-card"), status: $("status"), settings: $("chat-settings") });
  Desks.attach({ section: $("desks-card"), status: $("status") });
  Results.attach({ section: $("results-card"), status: $("status"), host: true });
  let eventOf = null;
  NewLink.attach({ section: $("newlink-card"), status: $("status"), event: () => eventOf });
  Blossom.langSwitch($("lang"), () => { draw(); Staff.each("labels"); conn(Live.state); });

  const conn = (state) => Views.indicate($("conn"), state);

  drawLabels();
  if (!Blossom.token()) { $("signin").hidden = false; $("conn").hidden = true; return; }
  Staff.start({
    roles: ["host"],
    notMine: ["这个令牌不是主持人令牌。", "This is not a host token."],
    main: $("console"),
    status: $("status"),
    stopped(message) { problem = message; draw(); },
    back: () => $("controls-heading"),
    connection: conn,
    /** A snapshot follows: forget what was shown (its frames come next). */
    welcome(m) {
      eventOf = m.event_id;
      event = phase = tables = counts = announcement = null;
      redraw();
    },
    frames: {
      event(m) { event = m; redraw(); },
      phase(m) {
        // An undo belongs to the phase it was offered in.
        if (undo && undo.key !== keyOf(m)) undo = null;
        phase = m;
        redraw();
      },
      tables(m) { tables = m; redraw(); },
      counts(m) { counts = m; redraw(); },
      announce(m) { announcement = m.text ? m : null; redraw(); },
      programme() { redraw(); },
    },
  });
  setInterval(tick, 250);
})();

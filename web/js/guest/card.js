// The guest's card (section #now): the phase, where to go and with whom (how the
// partner communicates, what they asked a partner to know, an interpreter), or the
// private chat room the guest is in (chat.js), and the time left from the server's
// deadline. Screen readers hear a silent timer, a polite
// status (#say) only at milestones (a round's start with table and partner, then 5,
// 2 and 1 minutes and 30 seconds left, or every minute, or never: settings.js), an
// alert (#alert) at the end of a round, a pause and an extension, and the time left
// on request (the "read the time left" button).
"use strict";

(() => {
  const { t, speak } = Blossom;
  const { state, $ } = Guest;

  let lastKey = null;     // the phase we last told the guest about
  let lastPaused = false;
  let before = null;      // the time left at the previous tick
  let lastEnds = null;    // the deadline at the previous tick, to notice extensions

  const keyOf = (p) => p ? `${p.phase}|${p.round}|${p.started_at}` : null;

  /** "第 2 轮：请到 3 号桌，和李强约会。" as parts (the name keeps its own language),
   *  or the kind words of a rest round; [] when nothing is planned for the guest. */
  function whereWith(a) {
    const room = Guest.inRoom && Guest.inRoom();
    if (room && a && a.present) return [t("您在", "You are in "), room.room, t(`私聊，可以待到 ${Blossom.clock(room.until)}。`, `, until ${Blossom.clock(room.until)}.`)];
    if (!a || a.round == null) return [];
    if (!a.partner) return [t(`第 ${a.round} 轮您休息。`, `Round ${a.round} is a rest for you.`)];
    return [t(`第 ${a.round} 轮：请到 ${Views.tableName(a.table)}，和`, `Round ${a.round}: go to ${Views.tableName(a.table)}, with `),
      Blossom.words(a.partner.name), t("约会。", ".")];
  }

  /** When a guest resting now has their next date (an estimate from the plan). */
  function nextDateAt() {
    const { phase, event } = state;
    if (!phase || phase.ends_at == null || !event) return null;
    // A planned break after this round comes before the next date.
    const breakAfter = (r) => (event.break_after && r === event.break_after ? event.break_ms : 0);
    if (phase.phase === "round") return phase.ends_at + event.transition_ms + breakAfter(phase.round);
    if (phase.phase === "transition" || phase.phase === "break") return phase.ends_at + event.round_ms + event.transition_ms + breakAfter(phase.round);
    return null;
  }

  function labels() {
    $("read-time").textContent = t("读出剩余时间", "Read the time left");
    $("time-label").textContent = t("剩余时间", "Time left");
  }

  function draw() {
    const p = state.phase;
    document.body.dataset.phase = p ? p.phase : "none";
    if (!p || state.problem) { if (state.problem) $("now").hidden = true; return; }
    $("now").hidden = false;
    const roundText = p.round ? t(`第 ${p.round} 轮（共 ${p.rounds} 轮）`, `Round ${p.round} of ${p.rounds}`) : "";
    const heading = {
      lobby: t("等待开始", "Waiting to start"),
      round: t("约会中", "Your date"),
      transition: t("换桌：道别，前往下一桌", "Change tables: say goodbye and move"),
      break: t("中场休息", "Break"),
      closed: t("活动已结束", "The event has ended"),
    }[p.phase] || p.phase;
    const inRoom = Guest.inRoom && Guest.inRoom() && p.phase !== "closed";
    // The rounds are over but the programme goes on (a talent show, the reveal).
    const goesOn = p.phase === "closed" && !ProgrammeView.over(state.programme, p);
    const { now: segment } = ProgrammeView.nowAndNext(state.programme);
    $("now-heading").textContent = (inRoom ? t("私聊中", "In a private chat room") : goesOn ? t("约会结束了", "The dates are over") : heading) + (roundText && p.phase !== "closed" ? " · " + roundText : "") + (p.paused ? t("（已暂停）", " (paused)") : "");
    const where = $("where");
    const box = $("with");
    box.replaceChildren();
    $("about").replaceChildren();
    const line = (text, cls) => $("about").append(Blossom.el("p", cls ? { class: cls } : {}, text));
    const a = state.assignment;
    where.className = "where";
    if (p.phase === "lobby") {
      where.textContent = t("请稍候，活动马上开始。", "Please wait: the event starts soon.");
    } else if (goesOn) {
      where.textContent = segment ? segment.title : t("活动还在继续", "The evening goes on");
      line(t("今晚的约会都结束了，活动还在继续：请留在大厅。您可以继续在手机上为每场约会做选择。", "Tonight's dates are over, and the evening goes on: please stay in the hall. You can still mark each date on your phone."));
    } else if (p.phase === "closed") {
      where.textContent = t("谢谢参加！", "Thank you for coming!");
      line(Guest.revealed && Guest.revealed()
        ? t("祝您今晚愉快。结果已经公布，您的配对结果在本页上方。", "We hope you enjoyed the evening. The results are out: your matches are at the top of this page.")
        : t("祝您今晚愉快。主持人公布结果后，您的配对会显示在这个页面上。", "We hope you enjoyed the evening. When the host reveals the results, your matches appear on this page."));
    } else if (!a || !a.present) {
      where.textContent = t("请先签到", "Please check in first");
      line(t("到签到台找工作人员签到后，就会为您安排下一轮约会。", "Check in at the desk, and you will be seated from the next round."));
    } else if (Guest.inRoom && Guest.inRoom()) {
      // In the private chat area: left out of the seating until the stay ends (chat.js).
      const room = Guest.inRoom();
      where.replaceChildren(room.room);
      where.className = "where rest";
      line(t(`私聊中，可以待到 ${Blossom.clock(room.until)}。`, `In the private chat area until ${Blossom.clock(room.until)}.`));
      // One countdown in a room, the room's (chat.js): the round's end is a time.
      if (p.ends_at && !p.paused) {
        const [zh, en] = { round: ["本轮", "This round"], transition: ["换桌", "Changing tables"], break: ["休息", "The break"] }[p.phase] || ["", ""];
        if (zh) line(t(`${zh} ${Blossom.clock(p.ends_at)} 结束`, `${en} ends at ${Blossom.clock(p.ends_at)}`), "ends-at");
      }
      if (p.phase !== "round" || (a.round != null && !a.partner)) line(t("私聊期间不安排约会；结束后会为您安排下一轮。", "No date is planned for you while you are in the room; you are seated again from the round after it."));
    } else if (a.round == null) {
      where.textContent = t("请稍候", "Please wait");
    } else if (!a.partner) {
      where.textContent = p.phase === "round" ? t("这一轮您休息", "You rest this round") : t("下一轮您休息", "You rest next round");
      where.className = "where rest";
      const at = nextDateAt();
      line(t("找个地方坐下，喝杯茶，不用去任何桌子。", "Find a seat and have some tea; you need not go to any table."));
      if (at && p.phase === "round") line(t(`您的下一场约会大约在 ${Blossom.clock(at)} 开始。`, `Your next date starts at about ${Blossom.clock(at)}.`));
    } else {
      where.textContent = (p.phase === "round" ? "" : t("下一桌：", "Next: ")) + Views.tableName(a.table);
      box.append(Blossom.el("p", { class: "partner" }, t("和 ", "With "), Blossom.words(a.partner.name),
        a.partner.number ? Blossom.el("span", { class: "badge-no" }, t(`（${a.partner.number} 号）`, ` (no. ${a.partner.number})`)) : ""));
      const how = a.partner.communication.map(Blossom.modeName).join(t("、", ", "));
      if (how) line(t("对方的沟通方式：", "They communicate by: ") + how);
      if (a.partner.notes) {
        const notes = Blossom.el("p", { class: "notes" });
        notes.append(t("对方想让您知道：", "They would like you to know: "));
        // The note is in the partner's own words and language.
        notes.append(Blossom.el("span", { lang: Blossom.langOf(a.partner.notes) }, a.partner.notes));
        $("about").append(notes);
      }
      if (a.interpreter) line(t("会有手语翻译陪同你们。", "A sign-language interpreter will join you."));
    }
    $("timer").hidden = $("read-time").hidden = $("time-label").hidden = !Guest.running() || !!inRoom;
    tick();
  }

  /** The timer, every quarter second, and the milestones it crosses. */
  function tick() {
    const phase = state.phase;
    if (!phase) return;
    const left = Live.remaining(phase);
    $("timer").textContent = Views.mmss(left);
    const key = keyOf(phase);
    if (key === lastKey && !phase.paused && Guest.running()) {
      const m = Views.milestone(before, left, state.mode);
      if (m) {
        // Which clock: a date's, the move to the next table, or the break.
        const [zh, en] = { round: ["约会", "of this date"], transition: ["换桌", "to reach your next table"], break: ["休息", "of the break"] }[phase.phase];
        const amount = m >= 60000 ? t(`${m / 60000} 分钟`, `${m / 60000} minute${m === 60000 ? "" : "s"}`) : t(`${m / 1000} 秒`, `${m / 1000} seconds`);
        speak($("say"), t(`${zh}还剩 ${amount}。`, `${amount} left ${en}.`));
      }
      // The host gave more time (or took some back): say so, not only the number.
      if (lastEnds && phase.ends_at && Math.abs(phase.ends_at - lastEnds) >= 30000) {
        const min = Math.round((phase.ends_at - lastEnds) / 60000);
        if (min > 0) speak($("alert"), t(`主持人延长了 ${min} 分钟。`, `The host added ${min} minute${min === 1 ? "" : "s"}.`));
        else if (min < 0) speak($("alert"), t(`主持人收回了 ${-min} 分钟。`, `The host took back ${-min} minute${min === -1 ? "" : "s"}.`));
      }
    }
    before = left;
    lastEnds = key === lastKey && !phase.paused ? phase.ends_at : null;
  }

  /** What a change of phase says, once the frames of that change have arrived. */
  function told() {
    const phase = state.phase;
    if (!phase) return;
    const key = keyOf(phase);
    if (key === lastKey) {
      if (phase.paused !== lastPaused) {
        speak($("alert"), phase.paused ? t("活动暂停了，计时停止。", "The event is paused; the clock has stopped.") : t("活动继续，计时重新开始。", "The event goes on; the clock is running again."));
        lastPaused = phase.paused;
      }
      return;
    }
    const first = lastKey === null;
    lastKey = key;
    lastPaused = phase.paused;
    before = Live.remaining(phase);
    if (first && phase.phase === "lobby") return;
    const next = whereWith(state.assignment);
    const mode = state.mode;
    // "Never" silences the status region; the alerts (a round's end, the host's
    // words) still speak.
    if (first) {
      // Opened or reloaded mid-evening: where things stand, not "has begun".
      if (mode !== "off") speak($("say"), Views.phaseName(phase.phase), t("。", ". "), ...next);
    } else if (phase.phase === "round") {
      // A round's start is a milestone: where to go and with whom.
      if (mode !== "off") speak($("say"), t(`第 ${phase.round} 轮开始。`, `Round ${phase.round} has begun. `), ...next);
    } else if (phase.phase === "transition" && Guest.inRoom && Guest.inRoom()) {
      // In a room, nobody needs to move: say the round has ended, and where they are.
      speak($("alert"), t(`第 ${phase.round - 1} 轮结束了。`, `Round ${phase.round - 1} has ended. `), ...next);
    } else if (phase.phase === "transition") {
      speak($("alert"), t(`时间到，第 ${phase.round - 1} 轮结束。请道别。`, `Time is up: round ${phase.round - 1} has ended. Please say goodbye. `), ...next,
        t(" 有空时可以在手机上为刚才的约会做选择。", " When you have a moment, your phone asks about the date you just had."));
    } else if (phase.phase === "break") {
      speak($("alert"), t("中场休息开始。", "The break has begun. "), ...next);
    } else if (phase.phase === "closed" && !ProgrammeView.over(state.programme, phase)) {
      speak($("alert"), t("约会都结束了，活动还在继续，请留在大厅。还可以在手机上为每场约会做选择。", "The dates are over and the evening goes on: please stay in the hall. You can still mark each date on your phone."));
    } else if (phase.phase === "closed") {
      speak($("alert"), t("活动结束了，谢谢参加！结果公布前，还可以在手机上为每场约会做选择。", "The event has ended. Thank you for coming! Until the results are revealed, you can still mark each date on your phone."));
    }
    Reminders.chime();
    $("now").classList.add("changed");
    setTimeout(() => $("now").classList.remove("changed"), 4000);
  }

  let toldTimer = null;
  function phaseChanged() {
    // The `phase` and `assignment` frames of one change arrive together; wait a
    // moment so the words name the new table.
    clearTimeout(toldTimer);
    toldTimer = setTimeout(told, 300);
  }

  $("read-time").addEventListener("click", () => speak($("say"), Views.spoken(Live.remaining(state.phase))));

  Guest.add({
    name: "card",
    labels,
    draw,
    frames: { phase: phaseChanged },
    start() { setInterval(tick, 250); },
  });
})();

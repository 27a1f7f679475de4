// The participant's phone, opened from the QR code on their badge. What matters now
// comes first and biggest: where to go, with whom, and the time left. Screen
// readers hear a silent timer, a polite status that speaks only at milestones
// (a round's start with table and partner, then 5, 2 and 1 minutes and 30 seconds
// left, or every minute, or never: the guest chooses), and an alert for the end
// of a round and the host's announcements.
"use strict";

(() => {
  const { t, api, speak } = Blossom;
  const $ = (id) => document.getElementById(id);
  const stored = (k, d) => Blossom.stored(k) || d;
  const { store } = Blossom;

  let me = null;          // {name, number}
  let event = null;       // {title, venue, round_ms, transition_ms, ...}
  let phase = null;
  let assignment = null;
  let announcement = null;
  let mode = stored("blossom.speak", "milestones");
  let lastKey = null;     // the phase we last told the guest about
  let lastPaused = false;
  let before = null;      // the time left at the previous tick
  let problem = null;     // why the page cannot work (a revoked link), or null
  let restPending = false;
  let lastEnds = null;    // the deadline at the previous tick, to notice extensions

  const keyOf = (p) => p ? `${p.phase}|${p.round}|${p.started_at}` : null;
  const running = () => phase && phase.phase !== "lobby" && phase.phase !== "closed";

  /** "第 2 轮：请到 3 号桌，和李强约会。" as parts (the name keeps its own language),
   *  or the kind words of a rest round; [] when nothing is planned for the guest. */
  function whereWith(a) {
    if (!a || a.round == null) return [];
    if (!a.partner) return [t(`第 ${a.round} 轮您休息。`, `Round ${a.round} is a rest for you.`)];
    return [t(`第 ${a.round} 轮：请到 ${Live.tableName(a.table)}，和`, `Round ${a.round}: go to ${Live.tableName(a.table)}, with `),
      Blossom.words(a.partner.name), t("约会。", ".")];
  }

  /** When a guest resting now has their next date (an estimate from the plan). */
  function nextDateAt() {
    if (!phase || phase.ends_at == null || !event) return null;
    // A planned break after this round comes before the next date.
    const breakAfter = (r) => (event.break_after && r === event.break_after ? event.break_ms : 0);
    if (phase.phase === "round") return phase.ends_at + event.transition_ms + breakAfter(phase.round);
    if (phase.phase === "transition" || phase.phase === "break") return phase.ends_at + event.round_ms + event.transition_ms + breakAfter(phase.round);
    return null;
  }

  function drawLabels() {
    document.title = (event ? event.title : t("八分钟约会", "Eight-minute dates")) + " · Blossom";
    $("title").replaceChildren(event ? Blossom.words(event.title) : t("八分钟约会", "Eight-minute dates"));
    $("read-time").textContent = t("读出剩余时间", "Read the time left");
    $("time-label").textContent = t("剩余时间", "Time left");
    $("reminders-heading").textContent = t("提醒", "Reminders");
    $("reminders-text").textContent = t(
      "轮次变化时，手机会响一声、振动，并保持屏幕常亮（手机支持时）。",
      "When a round changes, your phone chimes and vibrates, and the screen stays on (where your phone allows).");
    $("reminders-on").textContent = Reminders.on ? t("提醒已开启", "Reminders are on") : t("开启提醒", "Turn on reminders");
    $("reminders-on").setAttribute("aria-pressed", String(Reminders.on));
    $("speak-legend").textContent = t("读屏播报剩余时间", "Screen reader: say the time left");
    $("speak-off").textContent = t("不播报（轮次结束和公告仍会提醒）", "Never (a round's end and announcements still speak)");
    $("speak-milestones").textContent = t("关键时刻（5、2、1 分钟和 30 秒）", "At key moments (5, 2, 1 minutes and 30 seconds)");
    $("speak-minutes").textContent = t("每分钟", "Every minute");
    for (const r of document.querySelectorAll("input[name=speak]")) r.checked = r.value === mode;
  }

  const drawConnection = (state) => Live.indicate($("conn"), state);

  function drawProblem() {
    $("problem").hidden = !problem;
    $("problem").textContent = problem || "";
    if (problem) for (const id of ["now", "rest-card", "reminders", "news"]) $(id).hidden = true;
  }

  function drawMe() {
    if (!me) return;
    $("me").hidden = false;
    $("me-heading").replaceChildren(t("您好，", "Hello, "), Blossom.words(me.name));
    $("number").textContent = t(`您的编号：${me.number}`, `Your number: ${me.number}`);
    $("event").replaceChildren(...(event ? [Blossom.words(event.title), " · ", Blossom.words(event.venue)] : []));
    const here = assignment ? assignment.present : null;
    $("checkin").textContent = here === false
      ? t("您还没有签到。到场后请到签到台签到。", "You have not checked in yet. Please check in at the desk when you arrive.")
      : here ? t("您已签到。", "You are checked in.") : "";
    $("next").textContent = phase && phase.phase === "lobby"
      ? t("活动开始后，这里会显示您的桌号、约会对象和剩余时间。", "Once the event starts, your table, your partner and the time left appear here.")
      : "";
  }

  function drawNow() {
    const p = phase;
    document.body.dataset.phase = p ? p.phase : "none";
    if (!p || problem) return;
    const now = $("now");
    now.hidden = false;
    // Once the evening runs, what matters now comes first; before it, the welcome.
    const order = running() ? ["now", "news", "rest-card", "me", "reminders"] : ["me", "now", "news", "reminders", "rest-card"];
    const main = document.querySelector("main");
    const now_ = [...main.children].map((e) => e.id).filter((id) => order.includes(id));
    // Moving a node drops the keyboard focus inside it: move only when the order changes.
    if (now_.join() !== order.join()) for (const id of order) main.append($(id));
    const roundText = p.round ? t(`第 ${p.round} 轮（共 ${p.rounds} 轮）`, `Round ${p.round} of ${p.rounds}`) : "";
    const heading = {
      lobby: t("等待开始", "Waiting to start"),
      round: t("约会中", "Your date"),
      transition: t("换桌：道别，前往下一桌", "Change tables: say goodbye and move"),
      break: t("中场休息", "Break"),
      closed: t("活动已结束", "The event has ended"),
    }[p.phase] || p.phase;
    $("now-heading").textContent = heading + (roundText && p.phase !== "closed" ? " · " + roundText : "") + (p.paused ? t("（已暂停）", " (paused)") : "");
    const where = $("where");
    const box = $("with");
    box.replaceChildren();
    const line = (text, cls) => box.append(Blossom.el("p", cls ? { class: cls } : {}, text));
    const a = assignment;
    where.className = "where";
    if (p.phase === "lobby") {
      where.textContent = t("请稍候，活动马上开始。", "Please wait: the event starts soon.");
    } else if (p.phase === "closed") {
      where.textContent = t("谢谢参加！", "Thank you for coming!");
      line(t("祝您今晚愉快。配对结果会由工作人员告知。", "We hope you enjoyed the evening. The staff will tell you about your matches."));
    } else if (!a || !a.present) {
      where.textContent = t("请先签到", "Please check in first");
      line(t("到签到台找工作人员签到后，就会为您安排下一轮约会。", "Check in at the desk, and you will be seated from the next round."));
    } else if (a.round == null) {
      where.textContent = t("请稍候", "Please wait");
    } else if (!a.partner) {
      where.textContent = p.phase === "round" ? t("这一轮您休息", "You rest this round") : t("下一轮您休息", "You rest next round");
      where.className = "where rest";
      const at = nextDateAt();
      line(t("找个地方坐下，喝杯茶，不用去任何桌子。", "Find a seat and have some tea; you need not go to any table."));
      if (at && p.phase === "round") line(t(`您的下一场约会大约在 ${Blossom.clock(at)} 开始。`, `Your next date starts at about ${Blossom.clock(at)}.`));
    } else {
      where.textContent = (p.phase === "round" ? "" : t("下一桌：", "Next: ")) + Live.tableName(a.table);
      box.append(Blossom.el("p", { class: "partner" }, t("和 ", "With "), Blossom.words(a.partner.name)));
      const how = a.partner.communication.map(Blossom.modeName).join(t("、", ", "));
      if (how) line(t("对方的沟通方式：", "They communicate by: ") + how);
      if (a.partner.notes) {
        const notes = Blossom.el("p", { class: "notes" });
        notes.append(t("对方想让您知道：", "They would like you to know: "));
        // The note is in the partner's own words and language.
        notes.append(Blossom.el("span", { lang: Blossom.langOf(a.partner.notes) }, a.partner.notes));
        box.append(notes);
      }
      if (a.interpreter) line(t("会有手语翻译陪同你们。", "A sign-language interpreter will join you."));
    }
    $("timer").hidden = $("read-time").hidden = $("time-label").hidden = !running();
    tick();
  }

  function drawRest() {
    const card = $("rest-card");
    const a = assignment;
    const can = running() && phase.round != null && (phase.phase !== "round" || phase.round < phase.rounds) && a && a.present && !problem;
    const offerable = (phase && phase.phase === "lobby" && a && a.present) || can;
    card.hidden = !offerable;
    if (!offerable) return;
    $("rest-heading").textContent = t("想休息一下？", "Need a break?");
    const requested = a.resting_requested;
    const restText = requested
      ? t("好的，下一轮您休息。改变主意了也没关系。", "Fine: you rest next round. You can still change your mind.")
      : t("累了可以休息一轮，不用解释。", "You can sit out a round whenever you like; no need to explain.");
    if ($("rest-text").textContent !== restText) $("rest-text").textContent = restText;
    $("rest").textContent = requested ? t("不休息了，继续约会", "No rest after all") : t("下一轮我想休息", "Rest next round");
    $("rest").className = requested ? "secondary" : "";
    // Not `disabled`: a disabled button drops the keyboard focus.
    $("rest").setAttribute("aria-disabled", String(restPending));
  }

  function drawNews() {
    $("news").hidden = !announcement || !!problem;
    if (!announcement) return;
    $("news-heading").textContent = t("主持人公告", "From the host");
    $("news-text").replaceChildren(Blossom.words(announcement.text));
  }

  function draw() {
    drawLabels();
    drawProblem();
    drawNow();
    drawRest();
    drawNews();
    drawMe();
    $("reminders").hidden = !!problem || !Blossom.token();
  }

  /** The timer, every quarter second, and the milestones it crosses. */
  function tick() {
    if (!phase) return;
    const left = Live.remaining(phase);
    $("timer").textContent = Live.mmss(left);
    const key = keyOf(phase);
    if (key === lastKey && !phase.paused && running()) {
      const m = Live.milestone(before, left, mode);
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
    const next = whereWith(assignment);
    // "Never" silences the status region; the alerts (a round's end, the host's
    // words) still speak.
    if (first) {
      // Opened or reloaded mid-evening: where things stand, not "has begun".
      if (mode !== "off") speak($("say"), Live.phaseName(phase.phase), t("。", ". "), ...next);
    } else if (phase.phase === "round") {
      // A round's start is a milestone: where to go and with whom.
      if (mode !== "off") speak($("say"), t(`第 ${phase.round} 轮开始。`, `Round ${phase.round} has begun. `), ...next);
    } else if (phase.phase === "transition") {
      speak($("alert"), t(`时间到，第 ${phase.round - 1} 轮结束。请道别。`, `Time is up: round ${phase.round - 1} has ended. Please say goodbye. `), ...next);
    } else if (phase.phase === "break") {
      speak($("alert"), t("中场休息开始。", "The break has begun. "), ...next);
    } else if (phase.phase === "closed") {
      speak($("alert"), t("活动结束了，谢谢参加！", "The event has ended. Thank you for coming!"));
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

  async function noToken() {
    $("nobody").hidden = false;
    $("reminders").hidden = true;
    $("conn").hidden = true;
    drawLabels();
    // Opened from the projector's join QR code: say which event this is.
    const id = new URLSearchParams(location.search).get("event");
    if (id) {
      try { event = await api("/api/events/" + encodeURIComponent(id) + "/summary"); drawLabels(); } catch { /* the advice below still holds */ }
    }
    drawNobody();
  }

  function drawNobody() {
    $("nobody-heading").textContent = t("请扫描胸牌上的二维码", "Scan the QR code on your badge");
    $("nobody-text").textContent = t(
      "用手机相机扫描胸牌上的二维码即可进入。没有胸牌？请到签到台找工作人员。",
      "Point your phone's camera at the QR code on your badge. No badge? Ask at the check-in desk.");
  }

  $("read-time").addEventListener("click", () => speak($("say"), Live.spoken(Live.remaining(phase))));
  $("reminders-on").addEventListener("click", () => { Reminders.enable(); drawLabels(); });
  for (const r of document.querySelectorAll("input[name=speak]")) {
    r.addEventListener("change", () => { mode = r.value; store("blossom.speak", mode); });
  }
  $("rest").addEventListener("click", () => {
    if (restPending) return;
    const verb = assignment && assignment.resting_requested ? "rest.cancel" : "rest.request";
    if (Live.send(verb)) { restPending = true; drawRest(); }
    else speak($("alert"), t("现在没有连接，请稍后再试。", "Not connected right now: try again in a moment."));
  });
  Blossom.langSwitch($("lang"), () => {
    if (!Blossom.token()) { drawLabels(); drawNobody(); return; }
    draw();
    drawConnection(Live.state);
  });
  window.addEventListener("hashchange", () => location.reload());

  drawLabels();
  if (!Blossom.token()) { noToken(); return; }
  drawConnection("connecting");
  Live.start({
    connection(state) { drawConnection(state); },
    welcome(m) {
      if (m.role !== "participant") {
        problem = t("这个链接属于工作人员，不是参与者。", "This link belongs to a staff member, not a guest.");
        draw();
        return;
      }
      event = m.state.event; me = m.state.me; phase = m.state.phase;
      assignment = m.state.assignment; announcement = m.state.announcement;
      restPending = false;
      draw();
      phaseChanged();
      // An announcement made while this phone was away is still worth hearing once.
      const heard = Number(stored("blossom.heard", "0"));
      if (announcement && announcement.sent_at > heard && heard > 0) {
        speak($("alert"), t("主持人公告：", "From the host: "), Blossom.words(announcement.text));
      }
      if (announcement) store("blossom.heard", String(announcement.sent_at));
    },
    phase(m) { phase = m; draw(); phaseChanged(); },
    assignment(m) { assignment = m; restPending = false; draw(); },
    announce(m) {
      announcement = m; drawNews();
      store("blossom.heard", String(m.sent_at));
      speak($("alert"), t("主持人公告：", "From the host: "), Blossom.words(m.text));
      Reminders.chime();
    },
    ack() { restPending = false; drawRest(); },
    error(m) {
      restPending = false;
      if (m.code === "revoked" || m.code === "unauthorized") {
        problem = m.code === "revoked" ? m.message
          : t("这个链接已失效。请到签到台重新领取二维码。", "This link no longer works. Ask at the check-in desk for a new QR code.");
        draw();
        speak($("alert"), problem);
      } else {
        // A refusal (the last round has no next one to rest in, …): said aloud.
        speak($("alert"), m.message);
      }
      drawRest();
    },
  });
  setInterval(tick, 250);
})();
